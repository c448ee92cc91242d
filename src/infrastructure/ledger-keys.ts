import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { LedgerCrypto } from '../core/ledger/hash-chain.js';
import { createFileAtomically } from './atomic-file.js';

/**
 * The server's Ed25519 signing key. It lives in a key file (never in the database or the repository), created with
 * owner-only permissions on first use; its public half is stored with the ledger so anyone can verify it.
 */
export interface LedgerSigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

function fromPrivateKey(privateKey: KeyObject): LedgerSigningKey {
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKeyPem, keyId: keyIdOf(publicKeyPem) };
}

export function loadOrCreateSigningKey(file: string): LedgerSigningKey {
  if (existsSync(file)) return fromPrivateKey(createPrivateKey(readFileSync(file)));
  const { privateKey } = generateKeyPairSync('ed25519');
  // Another process may have created it first: then theirs is the key.
  if (!createFileAtomically(file, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600)) return fromPrivateKey(createPrivateKey(readFileSync(file)));
  return fromPrivateKey(privateKey);
}

/** A key that lives only as long as the process: for tests and throwaway runs. */
export function ephemeralSigningKey(): LedgerSigningKey {
  return fromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

/** Hashing, signing with our key, and verifying against any known public key. */
export function ledgerCrypto(signing: LedgerSigningKey | undefined, knownPublicKeys: ReadonlyMap<string, string>): LedgerCrypto {
  const publicKeys = new Map<string, KeyObject>();
  const publicKey = (keyId: string) => {
    if (!publicKeys.has(keyId)) {
      const pem = knownPublicKeys.get(keyId) ?? (signing?.keyId === keyId ? signing.publicKeyPem : undefined);
      if (!pem) return undefined;
      publicKeys.set(keyId, createPublicKey(pem));
    }
    return publicKeys.get(keyId);
  };
  return {
    sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
    sign: (hashHex) => {
      if (!signing) throw new Error('no signing key: this process can verify the ledger but not append to it');
      return { signature: sign(null, Buffer.from(hashHex, 'hex'), signing.privateKey).toString('base64'), keyId: signing.keyId };
    },
    verify: (hashHex, signature, keyId) => {
      const key = publicKey(keyId);
      if (!key) return 'unknown_key';
      try {
        return verify(null, Buffer.from(hashHex, 'hex'), key, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}
