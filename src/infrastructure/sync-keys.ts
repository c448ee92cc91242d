import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { createFileAtomically } from './atomic-file.js';

/**
 * The instance's X25519 key for receiving sync bundles: bundles from other instances are encrypted to its public half.
 * Like the ledger's signing key it lives in a key file of its own (never in the database), created with owner-only
 * permissions on first use. The Ed25519 ledger key is the instance's signing identity; this key only decrypts.
 */
export interface SyncReceivingKey {
  privateKey: KeyObject;
  publicKeyPem: string;
}

function fromPrivateKey(privateKey: KeyObject): SyncReceivingKey {
  if (privateKey.asymmetricKeyType !== 'x25519') throw new Error(`the sync key file holds a ${privateKey.asymmetricKeyType ?? 'unknown'} key, not X25519`);
  return { privateKey, publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() };
}

export function loadOrCreateReceivingKey(file: string): SyncReceivingKey {
  if (existsSync(file)) return fromPrivateKey(createPrivateKey(readFileSync(file)));
  const { privateKey } = generateKeyPairSync('x25519');
  // Another process may have created it first: then theirs is the key.
  if (!createFileAtomically(file, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600)) return fromPrivateKey(createPrivateKey(readFileSync(file)));
  return fromPrivateKey(privateKey);
}

/** A key that lives only as long as the process: for tests and throwaway runs. */
export function ephemeralReceivingKey(): SyncReceivingKey {
  return fromPrivateKey(generateKeyPairSync('x25519').privateKey);
}

/** An instance's id is derived from its signing public key: a mistyped id or a swapped key is caught. */
export function instanceIdOf(signingPublicKeyPem: string): string {
  const der = createPublicKey(signingPublicKeyPem).export({ type: 'spki', format: 'der' });
  return `haven-${createHash('sha256').update('haven instance id\0').update(der).digest('hex').slice(0, 32)}`;
}

/** The instance's name for people: HAVEN_INSTANCE_NAME, else the host's name, as a lower-case slug. */
export function instanceNameOf(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.HAVEN_INSTANCE_NAME?.trim() || hostname();
  const slug = raw
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return slug || 'haven';
}

/** A public key as the identity block prints it: base64 of its SPKI DER, one line. */
export const publicKeyLine = (pem: string): string => createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');

/** A public key from its identity-block line, checked to be of the expected type; undefined when it is not one. */
export function publicKeyFromLine(line: string, type: 'ed25519' | 'x25519'): string | undefined {
  try {
    const key = createPublicKey({ key: Buffer.from(line, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === type ? key.export({ type: 'spki', format: 'pem' }).toString() : undefined;
  } catch {
    return undefined;
  }
}
