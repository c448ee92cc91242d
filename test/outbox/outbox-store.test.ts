import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutboxCryptoError, PBKDF2_ITERATIONS, openJson, sealJson, createDataKey } from '../../web/src/outbox/outbox-crypto.js';
import { captureFile, Outbox, OutboxDatabase, type OutboxIncident } from '../../web/src/outbox/outbox-store.js';

/**
 * The encrypted outbox, in Node: IndexedDB from fake-indexeddb, WebCrypto from Node's globalThis.crypto. A "reload" is
 * a new Outbox over the same database, with nothing carried over in memory.
 */
const PASSPHRASE = 'correct horse battery';
const NARRATIVE = 'Shelling hit the Gwoza market at dawn; Amina Bello (a witness) saw three killed';
const PHOTO_BYTES = new TextEncoder().encode('\u00ff\u00d8 a photo of the market, with a distinctive marker XYZZY-PHOTO-7731');

const newDatabase = () => new OutboxDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
const incident = (overrides: Partial<OutboxIncident> = {}): OutboxIncident => ({
  id: crypto.randomUUID(),
  title: 'Market shelling, Gwoza',
  narrative: NARRATIVE,
  date: { start: '2024-03-05', precision: 'day' },
  location: { lat: 11.08, lon: 13.69, country: 'NGA', precision: 'exact' },
  ...overrides,
});
const photo = () => captureFile(new File([PHOTO_BYTES], 'market.jpg', { type: 'image/jpeg' }), () => new Date('2024-03-05T06:10:00Z'));

/** Every stored value, as text: strings as they are, byte arrays decoded as UTF-8 and as Latin-1, so nothing hides. */
async function everythingStored(db: OutboxDatabase): Promise<string> {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
      const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
      texts.push(new TextDecoder().decode(bytes), Buffer.from(bytes).toString('latin1'), Buffer.from(bytes).toString('hex'));
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    else texts.push(String(value));
  };
  for (const table of db.tables) walk(await table.toArray());
  return texts.join('\n');
}

describe('the encrypted outbox', () => {
  it('keeps an incident and its photo across a reload, and gives them back only with the passphrase', async () => {
    const db = newDatabase();
    const first = new Outbox(db);
    expect(await first.isSetUp()).toBe(false);
    await first.setUp(PASSPHRASE);
    const recorded = incident();
    const file = await photo();
    await first.add(recorded, [file], '2024-03-05T06:15:00.000Z');
    expect(await first.waiting()).toBe(1);

    const afterReload = new Outbox(db);
    expect(afterReload.isUnlocked).toBe(false);
    expect(await afterReload.waiting()).toBe(1);
    await expect(afterReload.list()).rejects.toThrow(/locked/);
    await afterReload.unlock(PASSPHRASE);
    const [entry] = await afterReload.list();
    expect(entry).toMatchObject({ id: recorded.id, recordedAt: '2024-03-05T06:15:00.000Z', incident: recorded, status: 'waiting', incidentSent: false, lastError: null });
    expect(entry!.files).toEqual([{ id: file.id, name: 'market.jpg', type: 'image/jpeg', sizeBytes: PHOTO_BYTES.length, sha256: file.sha256, capturedAt: '2024-03-05T06:10:00.000Z', sent: false }]);
    expect(Buffer.from(await afterReload.fileContent(file.id)).equals(Buffer.from(PHOTO_BYTES))).toBe(true);
  });

  it('hashes a file at capture with SHA-256', async () => {
    const file = await photo();
    expect(file.sha256).toBe((await import('node:crypto')).createHash('sha256').update(PHOTO_BYTES).digest('hex'));
    expect(file.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a wrong passphrase with a clear message, and opens nothing', async () => {
    const db = newDatabase();
    const outbox = new Outbox(db);
    await outbox.setUp(PASSPHRASE);
    await outbox.add(incident(), []);
    const afterReload = new Outbox(db);
    const attempt = afterReload.unlock('correct horse battery!');
    await expect(attempt).rejects.toBeInstanceOf(OutboxCryptoError);
    await expect(attempt).rejects.toThrow('that is not the offline passphrase of this outbox');
    expect(afterReload.isUnlocked).toBe(false);
    await expect(afterReload.list()).rejects.toThrow(/locked/);
  });

  it('stores no narrative, title, file content, file name or hash in clear — and no key', async () => {
    const db = newDatabase();
    const outbox = new Outbox(db);
    await outbox.setUp(PASSPHRASE);
    const file = await photo();
    await outbox.add(incident(), [file]);
    const stored = await everythingStored(db);
    for (const secret of [NARRATIVE, 'Amina', 'Gwoza', 'XYZZY-PHOTO-7731', 'market.jpg', file.sha256, PASSPHRASE]) expect(stored).not.toContain(secret);
    const [keyring] = await db.keyring.toArray();
    expect(keyring!.iterations).toBeGreaterThanOrEqual(600_000);
    expect(keyring!.iterations).toBe(PBKDF2_ITERATIONS);
    expect(keyring!.salt).toHaveLength(16);
    // AES-KW of a 256-bit key: 40 bytes, the key and its integrity block, never the 32 bytes of a key in clear.
    expect(keyring!.wrapped).toHaveLength(40);
  });

  it('uses a fresh 96-bit IV for every record and file', async () => {
    const db = newDatabase();
    const outbox = new Outbox(db);
    await outbox.setUp(PASSPHRASE);
    await outbox.add(incident(), [await photo(), await photo()]);
    await outbox.add(incident(), [await photo()]);
    const ivs = [...(await db.submissions.toArray()).map((s) => s.sealed.iv), ...(await db.files.toArray()).flatMap((f) => [f.meta.iv, f.content.iv])];
    expect(ivs).toHaveLength(2 + 3 * 2);
    for (const iv of ivs) expect(iv).toHaveLength(12);
    expect(new Set(ivs.map((iv) => Buffer.from(iv).toString('hex'))).size).toBe(ivs.length);
  });

  it('refuses a ciphertext altered in storage, or moved onto another record', async () => {
    const db = newDatabase();
    const outbox = new Outbox(db);
    await outbox.setUp(PASSPHRASE);
    const [a, b] = [incident(), incident({ title: 'Another' })];
    const file = await photo();
    await outbox.add(a, [file]);
    await outbox.add(b, []);

    const row = (await db.files.get(file.id))!;
    const flipped = new Uint8Array(row.content.data);
    flipped[3] = flipped[3]! ^ 0x01;
    await db.files.update(file.id, { content: { iv: row.content.iv, data: flipped } });
    await expect(outbox.fileContent(file.id)).rejects.toThrow(/cannot be decrypted: it was altered in storage/);

    const [rowA, rowB] = await db.submissions.orderBy('order').toArray();
    await db.submissions.update(rowB!.order, { sealed: rowA!.sealed });
    await expect(outbox.list()).rejects.toMatchObject({ code: 'tampered' });
  });

  it('refuses a short passphrase, and a second set-up over an existing one', async () => {
    const outbox = new Outbox(newDatabase());
    await expect(outbox.setUp('short')).rejects.toThrow(/at least 8 characters/);
    await outbox.setUp(PASSPHRASE);
    await expect(new Outbox(outbox.db).setUp('another passphrase')).rejects.toThrow(/already has an offline passphrase/);
  });

  it('keeps a submission until the incident and every file are acknowledged', async () => {
    const outbox = new Outbox(newDatabase(), 1000);
    await outbox.setUp(PASSPHRASE);
    const recorded = incident();
    const file = await photo();
    await outbox.add(recorded, [file]);
    await expect(outbox.remove(recorded.id)).rejects.toThrow(/not acknowledged/);
    await outbox.markIncidentSent(recorded.id);
    await expect(outbox.remove(recorded.id)).rejects.toThrow(/not acknowledged/);
    await outbox.markFileSent(file.id);
    await outbox.remove(recorded.id);
    expect(await outbox.waiting()).toBe(0);
    expect(await outbox.db.files.count()).toBe(0);
  });

  it('round-trips any JSON value through seal and open, and a sealed value never opens under another record id (property)', async () => {
    const { key } = await createDataKey(PASSPHRASE, 1000);
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.uuid(), fc.uuid(), async (value, id, other) => {
        const sealed = await sealJson(key, value, id);
        expect(await openJson(key, sealed, id)).toEqual(JSON.parse(JSON.stringify(value)));
        if (other !== id) await expect(openJson(key, sealed, other)).rejects.toMatchObject({ code: 'tampered' });
      }),
      { numRuns: 50 },
    );
  });
});
