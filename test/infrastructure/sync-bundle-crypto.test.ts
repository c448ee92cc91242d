import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type UnsealedBundleHeader } from '../../src/core/sync/bundle.js';
import { DomainError } from '../../src/core/errors.js';
import { openBundle, readBundleHeader, sealBundle, type BundleContents } from '../../src/infrastructure/sync-bundle-crypto.js';

const sender = generateKeyPairSync('ed25519');
const recipient = generateKeyPairSync('x25519');
const stranger = generateKeyPairSync('x25519');
const pem = (key: { export(o: { type: 'spki'; format: 'pem' }): string | Buffer }) => key.export({ type: 'spki', format: 'pem' }).toString();

const header: UnsealedBundleHeader = {
  format: BUNDLE_FORMAT,
  formatVersion: BUNDLE_FORMAT_VERSION,
  bundleId: '0190a8f6-3b7e-7c3a-9b1e-2f4d5c6b7a81',
  from: { instanceId: `haven-${'a'.repeat(32)}`, name: 'field-office' },
  to: { instanceId: `haven-${'b'.repeat(32)}` },
  createdAt: '2025-03-01T10:00:00.000Z',
  since: null,
  sequence: 1,
  acknowledges: 0,
  until: '2025-03-01T10:00:00.000Z',
  counts: { incidents: 1, evidence: 0, files: 1, ledgerEntries: 0 },
};

const contents: BundleContents = { changes: { incidents: [{ id: 'x', proposed: { title: 'Shelling of the market', sensitive: { victims: [{ name: 'Amina' }] } } }] }, files: [Buffer.from('a photograph')] };
const seal = (c: BundleContents = contents, recipientKey = recipient) => sealBundle(header, c, { signingKey: sender.privateKey, recipientPublicKeyPem: pem(recipientKey.publicKey) });
const open = (bytes: Buffer, recipientKey = recipient, senderKey = sender) => openBundle(bytes, { senderSigningPublicKeyPem: pem(senderKey.publicKey), recipientPrivateKey: recipientKey.privateKey });

/** The code a refusal carries (`bad_signature`, `cannot_decrypt` …), or 'opened' when nothing was refused. */
function outcome(bytes: Buffer, recipientKey = recipient, senderKey = sender): string {
  try {
    open(bytes, recipientKey, senderKey);
    return 'opened';
  } catch (error) {
    if (error instanceof DomainError) return error.issues[0]!.code;
    throw error;
  }
}

describe('sync bundle encryption and signature', () => {
  it('opens for its recipient with the changes, the files and the header as sealed, and keeps names out of the file', () => {
    const bytes = seal();
    const opened = open(bytes);
    expect(opened.changes).toEqual(contents.changes);
    expect(opened.files).toEqual(contents.files);
    expect(opened.header).toMatchObject(header);
    expect(opened.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readBundleHeader(bytes).from.name).toBe('field-office');
    // Encrypted: neither the victim's name nor the incident's title can be read in the file.
    expect(bytes.toString('latin1')).not.toContain('Amina');
    expect(bytes.toString('latin1')).not.toContain('market');
  });

  it('is refused by any other instance: it cannot be decrypted without the recipient key', () => {
    expect(outcome(seal(), stranger)).toBe('cannot_decrypt');
    expect(outcome(seal(contents, stranger))).toBe('cannot_decrypt');
  });

  it('is refused when the signing key is not the sender’s registered key', () => {
    expect(outcome(seal(), recipient, generateKeyPairSync('ed25519'))).toBe('bad_signature');
  });

  it('is refused after a flipped byte in the header, the body or the signature', () => {
    const bytes = seal();
    const headerLength = bytes.readUInt32BE(8);
    const bodyStart = 12 + headerLength + 8;
    const bodyLength = Number(bytes.readBigUInt64BE(12 + headerLength));
    const flip = (at: number) => {
      const copy = Buffer.from(bytes);
      copy[at]! ^= 0x01;
      return copy;
    };
    // A byte inside the header's JSON text (the instance name), the body's middle and last bytes (the GCM tag), the signature.
    const nameAt = bytes.indexOf('field-office', 12);
    expect(outcome(flip(nameAt))).toBe('bad_signature');
    expect(outcome(flip(bodyStart + Math.floor(bodyLength / 2)))).toBe('bad_signature');
    expect(outcome(flip(bodyStart + bodyLength - 1))).toBe('bad_signature');
    expect(outcome(flip(bytes.length - 1))).toBe('bad_signature');
    // Length fields and the magic: the file no longer parses.
    expect(outcome(flip(0))).toBe('not_a_bundle');
    expect(outcome(flip(11))).not.toBe('opened');
    expect(outcome(bytes.subarray(0, bytes.length - 1))).not.toBe('opened');
    expect(outcome(Buffer.concat([bytes, Buffer.from([0])]))).toBe('bundle_malformed');
  });

  it('refuses every single flipped byte anywhere in a small bundle', () => {
    const bytes = seal({ changes: { n: 1 }, files: [] });
    for (let at = 0; at < bytes.length; at++) {
      const copy = Buffer.from(bytes);
      copy[at]! ^= 0x80;
      expect(outcome(copy), `byte ${at}`).not.toBe('opened');
    }
  });

  it('returns exactly what was sealed, for any changes and files (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.uint8Array({ maxLength: 2048 }), { maxLength: 5 }), (changes, files) => {
        const buffers = files.map((f) => Buffer.from(f));
        const opened = open(seal({ changes, files: buffers }));
        // What JSON can carry (it has no -0): the same value as JSON gives it back.
        expect(opened.changes).toEqual(JSON.parse(JSON.stringify(changes)) as unknown);
        expect(opened.files).toEqual(buffers);
      }),
      { numRuns: 150 },
    );
  });
});
