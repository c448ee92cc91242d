/**
 * The outbox's encryption, with the platform's WebCrypto only (the browser's, or Node's `globalThis.crypto` in tests):
 *
 * - one random AES-GCM-256 data key encrypts every record and file, each under a fresh random 96-bit IV, with the
 *   record's id as additional data (a ciphertext moved onto another record fails to decrypt);
 * - the data key is stored only wrapped (AES-KW) by a key derived from the user's offline passphrase with
 *   PBKDF2-SHA-256 (600,000 iterations, OWASP's 2023 figure) over a random 128-bit salt;
 * - the unwrapped data key is a non-extractable CryptoKey held in memory: it never reaches storage in clear.
 */

export const PBKDF2_ITERATIONS = 600_000;
export const MIN_PASSPHRASE_LENGTH = 8;
const SALT_BYTES = 16;
const IV_BYTES = 12;

/** Raised when the outbox cannot be opened or read: a wrong passphrase, or a record altered in storage. */
export class OutboxCryptoError extends Error {
  constructor(
    readonly code: 'wrong_passphrase' | 'tampered' | 'weak_passphrase' | 'locked',
    message: string,
  ) {
    super(message);
    this.name = 'OutboxCryptoError';
  }
}

/** What is stored to open the outbox again: never the passphrase, never the data key in clear. */
export interface WrappedKey {
  salt: Uint8Array;
  iterations: number;
  wrapped: Uint8Array;
}

/** One encrypted value: its IV and the AES-GCM ciphertext (with its tag). */
export interface Sealed {
  iv: Uint8Array;
  data: Uint8Array;
}

const subtle = () => globalThis.crypto.subtle;
/** A WebCrypto key, named so for the browser's types and Node's alike (the tests run this module in Node). */
export type DataKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;
const randomBytes = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// WebCrypto wants an ArrayBuffer-backed view; a copy makes that so whatever the caller held.
const bytes = (view: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(view);

async function keyEncryptionKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<DataKey> {
  const material = await subtle().importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: bytes(salt), iterations }, material, { name: 'AES-KW', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new OutboxCryptoError('weak_passphrase', `choose an offline passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
}

/** A new data key, and the same key wrapped by the passphrase (what is stored). The key returned is not extractable. */
export async function createDataKey(passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<{ key: DataKey; stored: WrappedKey }> {
  checkPassphrase(passphrase);
  const salt = randomBytes(SALT_BYTES);
  // Extractable only for the moment it takes to wrap it; the key kept is unwrapped again, non-extractable.
  const fresh = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const wrapped = new Uint8Array(await subtle().wrapKey('raw', fresh, await keyEncryptionKey(passphrase, salt, iterations), 'AES-KW'));
  const stored = { salt, iterations, wrapped };
  return { key: await unwrapDataKey(passphrase, stored), stored };
}

/** The data key, from what is stored and the passphrase; a wrong passphrase fails AES-KW's integrity check. */
export async function unwrapDataKey(passphrase: string, stored: WrappedKey): Promise<DataKey> {
  const kek = await keyEncryptionKey(passphrase, stored.salt, stored.iterations);
  try {
    return await subtle().unwrapKey('raw', bytes(stored.wrapped), kek, 'AES-KW', { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  } catch {
    throw new OutboxCryptoError('wrong_passphrase', 'that is not the offline passphrase of this outbox');
  }
}

export async function sealBytes(key: DataKey, plain: Uint8Array, recordId: string): Promise<Sealed> {
  const iv = randomBytes(IV_BYTES);
  const data = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(recordId) }, key, bytes(plain));
  return { iv, data: new Uint8Array(data) };
}

export async function openBytes(key: DataKey, sealed: Sealed, recordId: string): Promise<Uint8Array> {
  try {
    const plain = await subtle().decrypt({ name: 'AES-GCM', iv: bytes(sealed.iv), additionalData: encoder.encode(recordId) }, key, bytes(sealed.data));
    return new Uint8Array(plain);
  } catch {
    throw new OutboxCryptoError('tampered', `outbox record ${recordId} cannot be decrypted: it was altered in storage, or belongs to another outbox`);
  }
}

export const sealJson = (key: DataKey, value: unknown, recordId: string): Promise<Sealed> => sealBytes(key, encoder.encode(JSON.stringify(value)), recordId);

export async function openJson<T>(key: DataKey, sealed: Sealed, recordId: string): Promise<T> {
  return JSON.parse(decoder.decode(await openBytes(key, sealed, recordId))) as T;
}

/** The SHA-256 of a file's bytes, in lower-case hex: taken at capture, before anything else touches the file. */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await subtle().digest('SHA-256', bytes(data)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}
