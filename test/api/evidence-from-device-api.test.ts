import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEvent, EvidenceItem } from '../../src/application/evidence.service.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';
import { jpegWithMetadata, multipart, PLAIN_JPEG } from '../support/evidence-files.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * Evidence sent from a device that recorded it offline (the browser's outbox): hashed at capture, sent under an id the
 * device chose, perhaps more than once when a connection is cut before the answer arrives.
 */
const facts = (model: string) => ({ make: 'Field', model, dateTimeOriginal: '2024:03:05 14:30:00', lat: 11.08, lon: 13.69 });
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe.each(DATABASES)('evidence sent from a device on %s', (kind) => {
  let h: ApiHarness;
  let incidentId: string;

  type Role = 'investigator' | 'analyst';
  const upload = (data: Buffer, fields: Record<string, string>, as: Role = 'investigator') => {
    const form = multipart([...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'file', fileName: 'capture.jpg', contentType: 'image/jpeg', data }]);
    return h.call({ method: 'POST', url: '/api/v1/evidence', as, payload: form.body, headers: { 'content-type': form.contentType } });
  };
  const detail = async (id: string) => (await h.call({ method: 'GET', url: `/api/v1/evidence/${id}`, as: 'investigator' })).json<EvidenceItem & { custody: CustodyEvent[] }>();
  const itemCount = async () => (await h.call({ method: 'GET', url: '/api/v1/evidence', as: 'investigator' })).json<EvidenceItem[]>().length;
  const originalsOnDisk = async () => (await readdir(join(h.evidenceDir, 'originals'), { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).length;
  const ledgerOk = async () => (await h.call({ method: 'GET', url: '/api/v1/ledger/verification', as: 'investigator' })).json<{ ok: boolean }>().ok;

  beforeAll(async () => {
    h = await openApiHarness(kind);
    incidentId = (await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: validIncident() })).json<{ id: string }>().id;
  });
  afterAll(() => h?.close());

  it('starts the custody chain on the device: captured (with the device hash and time) then received, both sealed in the ledger', async () => {
    const photo = jpegWithMetadata(facts('Phone 1'));
    const clientId = crypto.randomUUID();
    const capturedAt = '2024-03-05T14:30:00.000Z';
    const response = await upload(photo, { clientId, capturedSha256: sha256(photo), capturedAt, incidentIds: incidentId });
    expect(response.statusCode, response.body).toBe(201);
    const item = response.json<EvidenceItem>();
    expect(item).toMatchObject({ id: clientId, sha256: sha256(photo), incidentIds: [incidentId] });

    const { custody } = await detail(clientId);
    expect(custody.map((e) => e.kind)).toEqual(['captured', 'received', 'copied']);
    expect(custody[0]).toMatchObject({
      actor: { id: h.users.investigator.id },
      details: { where: 'on the device', capturedSha256: sha256(photo), capturedAt, clientId },
    });
    expect(custody[0]!.ledger.seq).toBeLessThan(custody[1]!.ledger.seq);
    expect(await ledgerOk()).toBe(true);

    const report = await h.call({ method: 'GET', url: `/api/v1/evidence/${clientId}/custody-report`, as: 'investigator' });
    expect(report.body).toContain('Captured and hashed on the device');
    expect(report.body).not.toContain('DOES NOT MATCH THE LEDGER');
  });

  it('answers a resend by the same uploader with the item already received: 200, no second item, file or custody event', async () => {
    const photo = jpegWithMetadata(facts('Phone 2'));
    const clientId = crypto.randomUUID();
    const fields = { clientId, capturedSha256: sha256(photo), capturedAt: '2024-03-06T08:00:00+01:00', incidentIds: incidentId };
    const first = await upload(photo, fields);
    expect(first.statusCode, first.body).toBe(201);
    const [items, files, events] = [await itemCount(), await originalsOnDisk(), (await detail(clientId)).custody.length];

    const again = await upload(photo, fields);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<EvidenceItem>()).toEqual(first.json<EvidenceItem>());
    expect(await itemCount()).toBe(items);
    expect(await originalsOnDisk()).toBe(files);
    expect((await detail(clientId)).custody).toHaveLength(events);
    expect(await readdir(join(h.evidenceDir, 'tmp'))).toEqual([]);
  });

  it('refuses the id used by another uploader, or for another file, with 409 id_taken', async () => {
    const photo = jpegWithMetadata(facts('Phone 3'));
    const clientId = crypto.randomUUID();
    expect((await upload(photo, { clientId })).statusCode).toBe(201);
    const items = await itemCount();

    const someoneElse = await upload(photo, { clientId }, 'analyst');
    expect(someoneElse.statusCode, someoneElse.body).toBe(409);
    expect(someoneElse.json().error.issues[0]).toMatchObject({ path: 'clientId', code: 'id_taken' });

    const otherFile = await upload(PLAIN_JPEG, { clientId });
    expect(otherFile.statusCode, otherFile.body).toBe(409);
    expect(otherFile.json().error.message).toContain('another file');
    expect(await itemCount()).toBe(items);
  });

  it('refuses a file whose hash changed between capture and arrival, and keeps nothing', async () => {
    const photo = jpegWithMetadata(facts('Phone 4'));
    const altered = Buffer.from(photo);
    altered[altered.length - 3] = altered[altered.length - 3]! ^ 0xff;
    const clientId = crypto.randomUUID();
    const [items, files] = [await itemCount(), await originalsOnDisk()];

    const response = await upload(altered, { clientId, capturedSha256: sha256(photo).toUpperCase(), capturedAt: '2024-03-05T14:30:00Z', incidentIds: incidentId });
    expect(response.statusCode, response.body).toBe(400);
    const issue = response.json().error.issues[0];
    expect(issue).toMatchObject({ path: 'capturedSha256', code: 'hash_mismatch', message: 'the file changed between capture and arrival' });
    expect(await itemCount()).toBe(items);
    expect(await originalsOnDisk()).toBe(files);
    expect(await readdir(join(h.evidenceDir, 'tmp'))).toEqual([]);
    expect((await h.call({ method: 'GET', url: `/api/v1/evidence/${clientId}`, as: 'investigator' })).statusCode).toBe(404);
    // The id was not spent: the unaltered file is then received under it.
    expect((await upload(photo, { clientId, capturedSha256: sha256(photo) })).statusCode).toBe(201);
  });

  it('refuses malformed device fields, naming each one', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ clientId: 'phone-42' }, 'clientId', /UUID/],
      [{ capturedSha256: 'abc123' }, 'capturedSha256', /SHA-256/],
      [{ capturedSha256: sha256(PLAIN_JPEG), capturedAt: 'yesterday' }, 'capturedAt', /ISO 8601/],
      [{ capturedAt: '2024-03-05T14:30:00Z' }, 'capturedAt', /capturedSha256/],
    ];
    const items = await itemCount();
    for (const [fields, path, message] of cases) {
      const response = await upload(PLAIN_JPEG, fields);
      expect(response.statusCode, JSON.stringify(fields)).toBe(400);
      const issue = response.json<{ error: { issues: { path: string; message: string }[] } }>().error.issues.find((i) => i.path === path);
      expect(issue?.message, JSON.stringify(fields)).toMatch(message);
    }
    expect(await itemCount()).toBe(items);
  });

  it('receives a file without device fields as before: no captured event', async () => {
    const response = await upload(jpegWithMetadata(facts('Scanner')), {});
    expect(response.statusCode).toBe(201);
    expect((await detail(response.json<EvidenceItem>().id)).custody.map((e) => e.kind)).toEqual(['received', 'copied']);
  });
});
