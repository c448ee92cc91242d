import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of sensitive details (names of victims, witnesses, sources). Each record gets its own random
 * 256-bit data key; the data key encrypts the record with AES-256-GCM and is itself wrapped (AES-256-GCM) by a master
 * key that never enters the database. Rotating the master key re-wraps the 32-byte data keys, never the records.
 *
 * Stored per record (all base64 except the key id):
 *   ciphertext   AES-256-GCM(data key, iv, plaintext JSON, aad = "haven/sensitive/v1/<context>")
 *   iv, tag      the record's 12-byte nonce and 16-byte tag
 *   wrappedKey   nonce(12) ‖ tag(16) ‖ AES-256-GCM(master key, nonce, data key, aad = "haven/data-key/v1/<key id>")
 *   keyId        which master key wraps the data key, so rotation finds what is left to re-wrap
 * The context (the incident id) is authenticated, so a ciphertext moved to another record fails to open.
 */

export const MASTER_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface MasterKey {
  id: string;
  key: Buffer;
}

export interface MasterKeyring {
  /** The key new data keys are wrapped with. */
  readonly current: MasterKey;
  /** Any key still readable: the current one and those a rotation has not finished with. */
  byId(id: string): MasterKey | undefined;
}

export interface SealedRecord {
  ciphertext: string;
  iv: string;
  tag: string;
  wrappedKey: string;
  keyId: string;
}

/** What the store needs: seal on write, open on read. Implemented over a keyring by `envelopeCipher`. */
export interface SensitiveCipher {
  seal(plaintext: string, context: string): SealedRecord;
  open(sealed: SealedRecord, context: string): string;
}

export class SensitiveKeyError extends Error {}

/** A key's id is derived from it (a hash cannot give the key back), so two processes name the same key alike. */
export function masterKeyId(key: Buffer): string {
  return `mk-${createHash('sha256').update('haven master key id\0').update(key).digest('hex').slice(0, 16)}`;
}

export function masterKeyFrom(key: Buffer): MasterKey {
  if (key.length !== MASTER_KEY_BYTES) throw new SensitiveKeyError(`a master key must be ${MASTER_KEY_BYTES} bytes, not ${key.length}`);
  return { id: masterKeyId(key), key };
}

export function newMasterKey(): MasterKey {
  return masterKeyFrom(randomBytes(MASTER_KEY_BYTES));
}

function gcmEncrypt(key: Buffer, iv: Buffer, plaintext: Buffer, aad: string): { ciphertext: Buffer; tag: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

function gcmDecrypt(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: string, what: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new SensitiveKeyError(`${what} failed to authenticate: wrong key or altered data`);
  }
}

const dataKeyAad = (keyId: string) => `haven/data-key/v1/${keyId}`;
const recordAad = (context: string) => `haven/sensitive/v1/${context}`;

export function wrapDataKey(dataKey: Buffer, master: MasterKey): string {
  const nonce = randomBytes(NONCE_BYTES);
  const { ciphertext, tag } = gcmEncrypt(master.key, nonce, dataKey, dataKeyAad(master.id));
  return Buffer.concat([nonce, tag, ciphertext]).toString('base64');
}

export function unwrapDataKey(wrappedKey: string, keyId: string, keyring: MasterKeyring): Buffer {
  const master = keyring.byId(keyId);
  if (!master) throw new SensitiveKeyError(`master key ${keyId} is not in the keyring: restore it from the key backup`);
  const packed = Buffer.from(wrappedKey, 'base64');
  return gcmDecrypt(master.key, packed.subarray(0, NONCE_BYTES), packed.subarray(NONCE_BYTES + TAG_BYTES), packed.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES), dataKeyAad(keyId), `data key wrapped by ${keyId}`);
}

export function sealRecord(plaintext: string, context: string, master: MasterKey): SealedRecord {
  // One call for both random values: imports seal many records.
  const random = randomBytes(MASTER_KEY_BYTES + NONCE_BYTES);
  const dataKey = random.subarray(0, MASTER_KEY_BYTES);
  const iv = random.subarray(MASTER_KEY_BYTES);
  const { ciphertext, tag } = gcmEncrypt(dataKey, iv, Buffer.from(plaintext, 'utf8'), recordAad(context));
  return { ciphertext: ciphertext.toString('base64'), iv: iv.toString('base64'), tag: tag.toString('base64'), wrappedKey: wrapDataKey(dataKey, master), keyId: master.id };
}

export function openRecord(sealed: SealedRecord, context: string, keyring: MasterKeyring): string {
  const dataKey = unwrapDataKey(sealed.wrappedKey, sealed.keyId, keyring);
  const plaintext = gcmDecrypt(dataKey, Buffer.from(sealed.iv, 'base64'), Buffer.from(sealed.ciphertext, 'base64'), Buffer.from(sealed.tag, 'base64'), recordAad(context), 'sensitive record');
  return plaintext.toString('utf8');
}

/** Rotation: the same data key, wrapped by another master key. The record itself is not touched. */
export function rewrapDataKey(wrappedKey: string, keyId: string, keyring: MasterKeyring, to: MasterKey): { wrappedKey: string; keyId: string } {
  return { wrappedKey: wrapDataKey(unwrapDataKey(wrappedKey, keyId, keyring), to), keyId: to.id };
}

export function envelopeCipher(keyring: () => MasterKeyring): SensitiveCipher {
  return {
    seal: (plaintext, context) => sealRecord(plaintext, context, keyring().current),
    open: (sealed, context) => openRecord(sealed, context, keyring()),
  };
}

/** A keyring of fixed keys, the first current. */
export function staticKeyring(keys: readonly MasterKey[]): MasterKeyring {
  const [current] = keys;
  if (!current) throw new SensitiveKeyError('a keyring needs at least one master key');
  const byId = new Map(keys.map((k) => [k.id, k]));
  return { current, byId: (id) => byId.get(id) };
}

let ephemeral: MasterKeyring | undefined;

/**
 * One in-memory key per process, for tests and throwaway runs that give no key file: what it seals is unreadable
 * after the process ends. Shared by every store in the process, so a backup restored in the same process reads.
 */
export function ephemeralKeyring(): MasterKeyring {
  ephemeral ??= staticKeyring([newMasterKey()]);
  return ephemeral;
}
