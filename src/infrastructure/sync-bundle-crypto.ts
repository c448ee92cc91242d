import { createCipheriv, createDecipheriv, createHash, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DomainError } from '../core/errors.js';
import { BUNDLE_ENCRYPTION, bundleHeaderSchema, type BundleHeader, type UnsealedBundleHeader } from '../core/sync/bundle.js';

/**
 * The bundle file, with Node's crypto only:
 *
 *   "HAVENSB1"                       8 bytes, the magic
 *   header length (u32 BE), header   JSON, UTF-8 (src/core/sync/bundle.ts)
 *   body length (u64 BE), body       AES-256-GCM ciphertext ‖ 16-byte tag
 *   signature length (u16 BE), sig   Ed25519 by the sender's instance key
 *
 * Encryption: a fresh X25519 key pair per bundle; its private half agrees a secret with the recipient's X25519 public
 * key, HKDF-SHA-256 (salt = both public keys, info = the format) turns it into the AES-256 key, and the header is the
 * GCM associated data, so a body cannot be moved under another header. The body is gzipped before encryption.
 *
 * Signature: over "haven-sync-bundle/v1\0" ‖ SHA-256(header) ‖ SHA-256(body), checked before anything is decrypted.
 *
 * Body plaintext: the changes as JSON, then the files (evidence) they name, each length-prefixed:
 *   json length (u32 BE), json, file count (u32 BE), then per file: length (u64 BE), bytes
 */

const MAGIC = Buffer.from('HAVENSB1', 'ascii');
const SIGNATURE_CONTEXT = Buffer.from('haven-sync-bundle/v1\0', 'utf8');
const HKDF_INFO = Buffer.from('haven-sync-bundle/v1 aes-256-gcm key', 'utf8');
const TAG_BYTES = 16;
const IV_BYTES = 12;
/** X25519 SPKI DER is a fixed 12-byte prefix and the 32-byte raw key. */
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export interface BundleContents {
  /** Any JSON value (the service puts BundleChanges here). */
  changes: unknown;
  files: readonly Buffer[];
}

export interface OpenedBundle extends BundleContents {
  header: BundleHeader;
  /** SHA-256 of the whole bundle file: its name in reports and in the ledger. */
  sha256: string;
}

const refused = (code: string, message: string) => new DomainError('validation_failed', `bundle refused: ${message}`, [{ path: 'bundle', code, message }]);

const rawX25519 = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' }).subarray(X25519_SPKI_PREFIX.length);
const x25519FromRaw = (raw: Buffer): KeyObject => createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });

function contentKey(shared: Buffer, ephemeralRaw: Buffer, recipientRaw: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralRaw, recipientRaw]), HKDF_INFO, 32));
}

const signedMessage = (header: Buffer, body: Buffer) => Buffer.concat([SIGNATURE_CONTEXT, createHash('sha256').update(header).digest(), createHash('sha256').update(body).digest()]);

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

function packPlaintext(contents: BundleContents): Buffer {
  const json = Buffer.from(JSON.stringify(contents.changes), 'utf8');
  return Buffer.concat([u32(json.length), json, u32(contents.files.length), ...contents.files.flatMap((f) => [u64(f.length), f])]);
}

/** A reader over a buffer that refuses to read past its end. */
class Cursor {
  private at = 0;
  constructor(
    private readonly bytes: Buffer,
    private readonly what: string,
  ) {}
  take(n: number): Buffer {
    if (n < 0 || this.at + n > this.bytes.length) throw refused('bundle_truncated', `the ${this.what} ends early: the file is cut short or is not a bundle`);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u16 = () => this.take(2).readUInt16BE();
  u32 = () => this.take(4).readUInt32BE();
  u64 = () => {
    const n = this.take(8).readBigUInt64BE();
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw refused('bundle_truncated', `the ${this.what} names an impossible length`);
    return Number(n);
  };
  get done() {
    return this.at === this.bytes.length;
  }
}

function unpackPlaintext(plaintext: Buffer): BundleContents {
  const cursor = new Cursor(plaintext, 'body');
  const json = cursor.take(cursor.u32()).toString('utf8');
  const count = cursor.u32();
  const files: Buffer[] = [];
  for (let i = 0; i < count; i++) files.push(Buffer.from(cursor.take(cursor.u64())));
  if (!cursor.done) throw refused('bundle_malformed', 'the body has bytes after its last file');
  return { changes: JSON.parse(json) as unknown, files };
}

/** Encrypt to the recipient's X25519 key, sign with the sender's Ed25519 key: the bundle file's bytes. */
export function sealBundle(unsealed: UnsealedBundleHeader, contents: BundleContents, keys: { signingKey: KeyObject; recipientPublicKeyPem: string }): Buffer {
  const recipient = createPublicKey(keys.recipientPublicKeyPem);
  if (recipient.asymmetricKeyType !== 'x25519') throw new Error('the recipient key is not an X25519 key');
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralRaw = rawX25519(ephemeral.publicKey);
  const key = contentKey(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), ephemeralRaw, rawX25519(recipient));
  const iv = randomBytes(IV_BYTES);
  const header: BundleHeader = { ...unsealed, encryption: { algorithm: BUNDLE_ENCRYPTION, ephemeralPublicKey: ephemeralRaw.toString('base64'), iv: iv.toString('base64') } };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(headerBytes);
  const body = Buffer.concat([cipher.update(gzipSync(packPlaintext(contents))), cipher.final(), cipher.getAuthTag()]);
  const signature = sign(null, signedMessage(headerBytes, body), keys.signingKey);
  return Buffer.concat([MAGIC, u32(headerBytes.length), headerBytes, u64(body.length), body, Buffer.from([signature.length >> 8, signature.length & 0xff]), signature]);
}

interface BundleParts {
  headerBytes: Buffer;
  header: BundleHeader;
  body: Buffer;
  signature: Buffer;
}

function splitBundle(bytes: Buffer): BundleParts {
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw refused('not_a_bundle', 'this file is not a Haven sync bundle');
  const cursor = new Cursor(bytes.subarray(MAGIC.length), 'bundle');
  const headerBytes = cursor.take(cursor.u32());
  const body = cursor.take(cursor.u64());
  const signature = cursor.take(cursor.u16());
  if (!cursor.done) throw refused('bundle_malformed', 'the file has bytes after its signature');
  let json: unknown;
  try {
    json = JSON.parse(headerBytes.toString('utf8'));
  } catch {
    throw refused('bundle_malformed', 'its header is not JSON');
  }
  const parsed = bundleHeaderSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw refused('bundle_malformed', `its header is not valid (${issue.path.join('.') || 'header'}: ${issue.message})`);
  }
  return { headerBytes, header: parsed.data, body, signature };
}

/**
 * The header as written, before anything is verified: enough to know who claims to have sent it and to whom. Never
 * act on it before `openBundle` has checked the signature.
 */
export function readBundleHeader(bytes: Buffer): BundleHeader {
  return splitBundle(bytes).header;
}

/**
 * Verify the signature against the sender's registered key, then decrypt with this instance's X25519 key. Any byte
 * changed anywhere (header, body, signature, length fields) is refused here, before anything is read from the body.
 */
export function openBundle(bytes: Buffer, keys: { senderSigningPublicKeyPem: string; recipientPrivateKey: KeyObject }): OpenedBundle {
  const { headerBytes, header, body, signature } = splitBundle(bytes);
  let signed: boolean;
  try {
    signed = verify(null, signedMessage(headerBytes, body), createPublicKey(keys.senderSigningPublicKeyPem), signature);
  } catch {
    signed = false;
  }
  if (!signed) throw refused('bad_signature', `its signature does not verify with the key registered for instance ${header.from.instanceId}: it was altered, or not made by that instance`);
  const ephemeralRaw = Buffer.from(header.encryption.ephemeralPublicKey, 'base64');
  const iv = Buffer.from(header.encryption.iv, 'base64');
  if (ephemeralRaw.length !== 32 || iv.length !== IV_BYTES || body.length < TAG_BYTES) throw refused('bundle_malformed', 'its encryption parameters are malformed');
  const recipientPublic = createPublicKey(keys.recipientPrivateKey);
  let plaintext: Buffer;
  try {
    const key = contentKey(diffieHellman({ privateKey: keys.recipientPrivateKey, publicKey: x25519FromRaw(ephemeralRaw) }), ephemeralRaw, rawX25519(recipientPublic));
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(headerBytes);
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    plaintext = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw refused('cannot_decrypt', 'it cannot be decrypted with this instance’s receiving key: it was encrypted for another instance, or altered');
  }
  let contents: BundleContents;
  try {
    contents = unpackPlaintext(gunzipSync(plaintext));
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw refused('bundle_malformed', 'its body does not unpack');
  }
  return { header, ...contents, sha256: createHash('sha256').update(bytes).digest('hex') };
}
