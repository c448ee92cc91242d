import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEvent, EvidenceItem, EvidenceVerification } from '../../src/application/evidence.service.js';
import { FileEvidenceStore } from '../../src/infrastructure/evidence-store.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';
import { fakeExecutable, jpegWithMetadata, multipart, PLAIN_JPEG, png, SECRET_COMMENT } from '../support/evidence-files.js';
import { validIncident } from '../support/incident-fixtures.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const facts = { make: 'Acme', model: 'Witness 3', dateTimeOriginal: '2024:03:05 14:30:00', lat: 12.5, lon: -7.25 };

describe.each(DATABASES)('evidence and its chain of custody over HTTP on %s', (kind) => {
  let h: ApiHarness;
  let incidentId: string;
  let photo: Buffer;
  let item: EvidenceItem;

  const upload = (options: { as?: 'investigator' | 'analyst' | 'viewer'; data: Buffer; fileName: string; contentType?: string; fields?: Record<string, string | string[]> }) => {
    const fields = Object.entries(options.fields ?? {}).flatMap(([name, v]) => [v].flat().map((value) => ({ name, value })));
    const form = multipart([...fields, { name: 'file', fileName: options.fileName, contentType: options.contentType ?? 'application/octet-stream', data: options.data }]);
    return h.call({ method: 'POST', url: '/api/v1/evidence', as: options.as ?? 'investigator', payload: form.body, headers: { 'content-type': form.contentType } });
  };
  const custodyOf = async (id: string) => ((await h.call({ method: 'GET', url: `/api/v1/evidence/${id}`, as: 'investigator' })).json<{ custody: CustodyEvent[] }>()).custody;
  const originalsOnDisk = async () => (await readdir(join(h.evidenceDir, 'originals'), { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).length;

  beforeAll(async () => {
    h = await openApiHarness(kind);
    const created = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: validIncident() });
    incidentId = (created.json<{ id: string }>()).id;
    photo = jpegWithMetadata(facts);
  });
  afterAll(() => h?.close());

  it('receives a photo: hashed on arrival, type from its content, metadata captured, original preserved read-only', async () => {
    const response = await upload({
      data: photo,
      fileName: '../../../../tmp/market photo.jpg',
      contentType: 'image/png',
      fields: { incidentIds: incidentId, source: 'a witness, by hand', location: 'Maiduguri market', description: 'the market after the strike' },
    });
    expect(response.statusCode, response.body).toBe(201);
    item = response.json();
    expect(item).toMatchObject({
      sha256: sha256(photo),
      sizeBytes: photo.length,
      mediaType: 'image/jpeg',
      kind: 'photo',
      originalName: 'market photo.jpg',
      source: 'a witness, by hand',
      location: 'Maiduguri market',
      incidentIds: [incidentId],
      receivedBy: { id: h.users.investigator.id, name: h.users.investigator.username },
    });
    expect(item.uploaderIp).toBeTruthy();
    expect(item.capture).toMatchObject({ make: 'Acme', model: 'Witness 3', capturedAt: '2024-03-05T14:30:00', gps: { lat: 12.5, lon: -7.25 } });

    const stored = new FileEvidenceStore(h.evidenceDir).pathOf('originals', item.sha256);
    expect(stored).toBe(join(h.evidenceDir, 'originals', item.sha256.slice(0, 2), item.sha256.slice(2, 4), item.sha256));
    expect((await readFile(stored)).equals(photo)).toBe(true);
    expect((await stat(stored)).mode & 0o777).toBe(0o400);
    expect(existsSync('/tmp/market photo.jpg')).toBe(false);
    // The working copy is kept apart, and carries none of the identifying metadata.
    expect(item.workingCopy?.sha256).toBe(sha256(PLAIN_JPEG));
    expect(item.workingCopy?.sha256).not.toBe(item.sha256);

    const custody = await custodyOf(item.id);
    expect(custody.map((e) => e.kind)).toEqual(['received', 'copied']);
    expect(custody[0]!.details).toMatchObject({ mediaType: 'image/jpeg', source: 'a witness, by hand', incidentIds: [incidentId] });
    const ledger = (await h.call({ method: 'GET', url: '/api/v1/ledger/verification', as: 'investigator' })).json<{ ok: boolean }>();
    expect(ledger.ok).toBe(true);
  });

  it('lists an incident\'s evidence for those who may read it, and no one else', async () => {
    const list = await h.call({ method: 'GET', url: `/api/v1/evidence?incidentId=${incidentId}`, as: 'analyst' });
    expect(list.statusCode).toBe(200);
    expect((list.json<EvidenceItem[]>()).map((i) => i.id)).toContain(item.id);
    const other = await h.call({ method: 'GET', url: `/api/v1/evidence?incidentId=${crypto.randomUUID()}`, as: 'analyst' });
    expect(other.json()).toEqual([]);
    expect((await h.call({ method: 'GET', url: '/api/v1/evidence', as: 'viewer' })).statusCode).toBe(403);
    expect((await h.call({ method: 'GET', url: '/api/v1/evidence', as: 'administrator' })).statusCode).toBe(403);
  });

  it('downloads the working copy stripped of metadata and the original as received, each a custody event', async () => {
    const working = await h.call({ method: 'GET', url: `/api/v1/evidence/${item.id}/working`, as: 'analyst' });
    expect(working.statusCode).toBe(200);
    expect(working.headers['content-type']).toBe('image/jpeg');
    expect(working.headers['content-disposition']).toBe(`attachment; filename="working-market photo.jpg"; filename*=UTF-8''working-market%20photo.jpg`);
    expect(working.rawPayload.equals(PLAIN_JPEG)).toBe(true);
    expect(working.rawPayload.includes(SECRET_COMMENT)).toBe(false);

    const original = await h.call({ method: 'GET', url: `/api/v1/evidence/${item.id}/original`, as: 'investigator' });
    expect(original.statusCode).toBe(200);
    expect(original.rawPayload.equals(photo)).toBe(true);
    expect(original.headers['x-evidence-sha256']).toBe(item.sha256);
    // The original leaves with its GPS: those who only read evidence get the working copy.
    const refused = await h.call({ method: 'GET', url: `/api/v1/evidence/${item.id}/original`, as: 'human_security_advisor' });
    expect(refused.statusCode).toBe(403);

    const accesses = (await custodyOf(item.id)).filter((e) => e.kind === 'accessed');
    expect(accesses.map((e) => [e.actor.name, e.details.copy])).toEqual([
      [h.users.analyst.username, 'working'],
      [h.users.investigator.username, 'original'],
    ]);
  });

  it('refuses an executable named .jpg and declared as a JPEG, with a clear 400, and stores nothing', async () => {
    const before = await originalsOnDisk();
    const response = await upload({ data: fakeExecutable(), fileName: 'holiday.jpg', contentType: 'image/jpeg' });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: { code: string; message: string; issues: { path: string; code: string }[] } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/application\/x-msdownload.*not accepted as evidence/);
    expect(body.error.issues).toContainEqual(expect.objectContaining({ path: 'file', code: 'type_not_accepted' }));
    expect(await originalsOnDisk()).toBe(before);
    expect(await readdir(join(h.evidenceDir, 'tmp'))).toEqual([]);
  });

  it('refuses a file over the size limit with 413, and bad requests with structured 4xx', async () => {
    const limit = h.ctx.maxEvidenceBytes;
    h.ctx.maxEvidenceBytes = 1024;
    try {
      const tooBig = await upload({ data: Buffer.alloc(4096, 'a'), fileName: 'long.txt' });
      expect(tooBig.statusCode).toBe(413);
      const refusal = tooBig.json<{ error: { code: string; message: string; issues: { path: string }[] } }>().error;
      expect(refusal.code).toBe('too_large');
      expect(refusal.message).toMatch(/larger than the limit of 1024 bytes/);
      expect(refusal.issues).toContainEqual(expect.objectContaining({ path: 'file' }));
    } finally {
      h.ctx.maxEvidenceBytes = limit;
    }
    expect(await readdir(join(h.evidenceDir, 'tmp'))).toEqual([]);

    const json = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', payload: { file: 'x' } });
    expect(json.statusCode).toBe(400);
    const form = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.statusCode).toBe(415);
    const noFile = multipart([{ name: 'source', value: 'x' }]);
    const missing = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', payload: noFile.body, headers: { 'content-type': noFile.contentType } });
    expect(missing.statusCode).toBe(400);
    const unknownIncident = await upload({ data: Buffer.from('a note'), fileName: 'note.txt', fields: { incidentIds: crypto.randomUUID() } });
    expect(unknownIncident.statusCode).toBe(400);
    expect((unknownIncident.json<{ error: { issues: { path: string }[] } }>()).error.issues[0]!.path).toBe('incidentIds.0');
    const badIncident = await upload({ data: Buffer.from('a note'), fileName: 'note.txt', fields: { incidentIds: '../etc' } });
    expect(badIncident.statusCode).toBe(400);
    const noBoundary = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', payload: 'garbage', headers: { 'content-type': 'multipart/form-data' } });
    expect(noBoundary.statusCode).toBe(400);
    const whole = multipart([{ name: 'file', fileName: 'a.txt', contentType: 'text/plain', data: Buffer.from('some text') }]);
    const truncated = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', payload: whole.body.subarray(0, whole.body.length - 20), headers: { 'content-type': whole.contentType } });
    expect(truncated.statusCode).toBe(400);
    const twoFiles = multipart([
      { name: 'file', fileName: 'a.txt', contentType: 'text/plain', data: Buffer.from('one') },
      { name: 'file', fileName: 'b.txt', contentType: 'text/plain', data: Buffer.from('two') },
    ]);
    const two = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', payload: twoFiles.body, headers: { 'content-type': twoFiles.contentType } });
    expect(two.statusCode).toBeGreaterThanOrEqual(400);
    expect(two.statusCode).toBeLessThan(500);
    const crossSite = multipart([{ name: 'file', fileName: 'a.txt', contentType: 'text/plain', data: Buffer.from('x') }]);
    const forged = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', payload: crossSite.body, headers: { 'content-type': crossSite.contentType, 'sec-fetch-site': 'cross-site' } });
    expect(forged.statusCode).toBe(403);
    expect((await upload({ as: 'viewer', data: Buffer.from('x'), fileName: 'a.txt' })).statusCode).toBe(403);
  });

  it('keeps a plain text document and a PNG, stripping the PNG\'s text chunks from its working copy', async () => {
    const note = await upload({ data: Buffer.from('Statement taken on 5 March.\nSigned.\n'), fileName: 'statement.txt', fields: { incidentIds: [incidentId] } });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json()).toMatchObject({ mediaType: 'text/plain', kind: 'document' });
    const image = png({ metadata: true, facts });
    const pic = await upload({ data: image, fileName: 'map.png' });
    expect(pic.statusCode, pic.body).toBe(201);
    const picItem = pic.json<EvidenceItem>();
    expect(picItem.capture.gps).toEqual({ lat: 12.5, lon: -7.25 });
    const working = await h.call({ method: 'GET', url: `/api/v1/evidence/${picItem.id}/working`, as: 'investigator' });
    expect(working.rawPayload.equals(png({ metadata: false }))).toBe(true);
  });

  it('makes path traversal through ids impossible', async () => {
    for (const url of [
      '/api/v1/evidence/..%2F..%2F..%2Fetc%2Fpasswd/original',
      `/api/v1/evidence/${encodeURIComponent(`../originals/${item.sha256.slice(0, 2)}`)}/working`,
      '/api/v1/evidence/../../../etc/passwd',
      '/api/v1/evidence/%2e%2e/custody-report',
    ]) {
      const response = await h.call({ method: 'GET', url, as: 'investigator' });
      expect([400, 404], url).toContain(response.statusCode);
      expect(response.body).not.toContain('root:');
    }
    const missing = await h.call({ method: 'GET', url: `/api/v1/evidence/${crypto.randomUUID()}/original`, as: 'investigator' });
    expect(missing.statusCode).toBe(404);
  });

  it('records a transfer of custody to a named person, with the reason', async () => {
    const transfer = await h.call({ method: 'POST', url: `/api/v1/evidence/${item.id}/transfers`, as: 'investigator', payload: { toPerson: 'Judge N. Okafor', toOrganisation: 'Special Criminal Court', reason: 'requested for the trial of case 12' } });
    expect(transfer.statusCode, transfer.body).toBe(201);
    expect(transfer.json()).toMatchObject({ kind: 'transferred', details: { toPerson: 'Judge N. Okafor', toOrganisation: 'Special Criminal Court' } });
    const noReason = await h.call({ method: 'POST', url: `/api/v1/evidence/${item.id}/transfers`, as: 'investigator', payload: { toPerson: 'Someone' } });
    expect(noReason.statusCode).toBe(400);
    expect((await custodyOf(item.id)).at(-1)!.kind).toBe('transferred');
  });

  it('prints a custody report: metadata, hash, every event with its ledger hash, no script, stylesheet from the app', async () => {
    const response = await h.call({ method: 'GET', url: `/api/v1/evidence/${item.id}/custody-report`, as: 'investigator' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    const html = response.body;
    expect(html).toContain(item.sha256);
    expect(html).toContain('market photo.jpg');
    expect(html).toContain('Judge N. Okafor');
    for (const event of await custodyOf(item.id)) expect(html).toContain(event.ledger.hash);
    expect(html).not.toMatch(/<script|style=|<style/i);
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1];
    expect(href).toBeDefined();
    const css = await h.call({ method: 'GET', url: href!, as: 'investigator' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('@media print');
  });

  it('verifies every original against its hash and every custody event against the ledger, and catches an altered file', async () => {
    const good = await h.call({ method: 'POST', url: '/api/v1/evidence/verification', as: 'auditor', payload: {} });
    expect(good.statusCode).toBe(200);
    const report = good.json<EvidenceVerification>();
    expect(report).toMatchObject({ ok: true, files: [], custody: { notInLedger: [], missingFromCustody: [] }, ledger: { ok: true } });
    expect(report.intact).toBe(report.items);
    expect((await custodyOf(item.id)).at(-1)).toMatchObject({ kind: 'verified', actor: { name: h.users.auditor.username }, details: { result: 'intact' } });

    const stored = new FileEvidenceStore(h.evidenceDir).pathOf('originals', item.sha256);
    await chmod(stored, 0o644);
    const altered = Buffer.from(photo);
    const at = altered.length - 10;
    altered.writeUInt8(altered.readUInt8(at) ^ 0xff, at);
    await writeFile(stored, altered);
    const bad = (await h.call({ method: 'POST', url: '/api/v1/evidence/verification', as: 'investigator', payload: {} })).json<EvidenceVerification>();
    expect(bad.ok).toBe(false);
    expect(bad.files).toEqual([{ itemId: item.id, originalName: 'market photo.jpg', copy: 'original', expectedSha256: item.sha256, problem: 'altered', actualSha256: sha256(altered) }]);
    expect(bad.ledger.ok).toBe(true);
    expect((await custodyOf(item.id)).at(-1)).toMatchObject({ kind: 'verified', details: { result: 'failed', problems: ['original altered'] } });

    await rm(stored);
    const gone = (await h.call({ method: 'POST', url: '/api/v1/evidence/verification', as: 'investigator', payload: {} })).json<EvidenceVerification>();
    expect(gone.files[0]).toMatchObject({ itemId: item.id, problem: 'missing' });
    const download = await h.call({ method: 'GET', url: `/api/v1/evidence/${item.id}/original`, as: 'investigator' });
    expect(download.statusCode).toBe(404);
  });

  it('catches a custody record that no longer matches the ledger', async () => {
    const { db } = h.ctx.store.connection;
    const row = await db.selectFrom('evidence_custody').select(['id', 'ledger_hash']).where('kind', '=', 'transferred').executeTakeFirstOrThrow();
    await db.updateTable('evidence_custody').set({ ledger_hash: '0'.repeat(64) }).where('id', '=', row.id).execute();
    const report = (await h.call({ method: 'POST', url: '/api/v1/evidence/verification', as: 'auditor', payload: {} })).json<EvidenceVerification>();
    expect(report.ok).toBe(false);
    expect(report.custody.notInLedger).toEqual([expect.objectContaining({ itemId: item.id, kind: 'transferred', reason: expect.stringMatching(/different hash/) as unknown })]);
    await db.updateTable('evidence_custody').set({ ledger_hash: row.ledger_hash }).where('id', '=', row.id).execute();
  });
});
