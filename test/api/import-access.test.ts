import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/access-control.js';
import type { IncidentDetail, IncidentInput } from '../../src/core/incident.schema.js';
import { CHILD_TABLES } from '../../src/store/incident-rows.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

const VICTIM = 'Amina Starling-Okafor';

interface Job {
  id: string;
  status: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/**
 * An import is one more path to a record: it matches only what the importer may see, and it updates field by field,
 * never erasing what the file does not carry (above all, named persons the importer may not even see).
 */
describe.each(DATABASES)('imports within the access model on %s', (kind) => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  async function importFile(body: string | Buffer, as: Role, query = ''): Promise<Job> {
    const started = await h.call({ method: 'POST', url: `/api/v1/imports?fileName=test.csv${query}`, as, payload: body, headers: { 'content-type': 'text/csv' } });
    expect(started.statusCode, started.body).toBe(202);
    for (let i = 0; i < 400; i++) {
      const job = (await h.call({ method: 'GET', url: `/api/v1/imports/${started.json().id}`, as })).json<Job>();
      if (job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('import job did not finish');
  }

  const rejections = async (job: Job, as: Role = 'analyst') =>
    parse<{ row: string; field: string; reason: string }>((await h.call({ method: 'GET', url: `/api/v1/imports/${job.id}/rejections`, as })).body, { columns: true });

  const create = async (input: IncidentInput, as: Role = 'analyst') => {
    const response = await h.call({ method: 'POST', url: '/api/v1/incidents', as, payload: input });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<IncidentDetail>();
  };

  const detail = async (id: string, as: Role = 'analyst') => (await h.call({ method: 'GET', url: `/api/v1/incidents/${id}`, as })).json<IncidentDetail>();
  const auditOf = async (id: string, as: Role = 'analyst') =>
    (await h.call({ method: 'GET', url: `/api/v1/incidents/${id}/audit`, as })).json<{ action: string; changes: Record<string, unknown> }[]>();

  const exportCsv = async (query: string, as: Role) => {
    const response = await h.call({ method: 'GET', url: `/api/v1/exports/incidents?${query}`, as });
    expect(response.statusCode, response.body).toBe(200);
    return response.body;
  };

  /** Every stored row of one incident, as the database holds it (ciphertext included). */
  async function rawRecord(id: string) {
    const db = h.ctx.store.connection.db;
    const main = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const children: Record<string, unknown[]> = {};
    for (const table of CHILD_TABLES) children[table] = await db.selectFrom(table).selectAll().where('incident_seq', '=', main.seq).execute();
    return { main, children };
  }

  it('rejects a row that matches a record hidden from the importer exactly like any other conflict, and leaves the record as it was', async () => {
    const hidden = await create(
      {
        ...validIncident(),
        title: 'Detention site testimony (restricted)',
        narrative: 'Kept for the investigators only.',
        origin: { dataset: 'field-reports', externalId: 'FR-7' },
        sensitive: { victims: [{ name: VICTIM }], witnesses: [], sourceIdentities: [] },
      },
      'investigator',
    );
    const restricted = await h.call({ method: 'PUT', url: `/api/v1/incidents/${hidden.id}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } });
    expect(restricted.statusCode, restricted.body).toBe(200);
    const visible = await create({ ...validIncident(), title: 'Visible incident A', origin: { dataset: 'field-reports', externalId: 'FR-8' } });
    const other = await create({ ...validIncident(), title: 'Visible incident B', origin: { dataset: 'field-reports', externalId: 'FR-9' } });
    const before = await rawRecord(hidden.id);
    const auditBefore = await auditOf(hidden.id, 'investigator');

    const exported = parse<Record<string, string>>(await exportCsv('format=csv&q=Visible%20incident%20A', 'analyst'), { columns: true });
    expect(exported).toHaveLength(1);
    const row = exported[0]!;
    const conflicts = {
      'the hidden record’s id and origin': { ...row, id: hidden.id, title: 'Overwritten by an import', narrative: 'Overwritten.', origin_external_id: 'FR-7' },
      'the hidden record’s origin alone': { ...row, id: '', title: 'Overwritten by an import', narrative: 'Overwritten.', origin_external_id: 'FR-7' },
      'the hidden record’s id with an unused origin': { ...row, id: hidden.id, narrative: 'Overwritten.', origin_external_id: 'FR-500' },
      'a visible record’s id with another visible record’s origin': { ...row, narrative: 'Conflicting row.', origin_external_id: 'FR-9' },
      'a visible record’s id with an unused origin (no re-keying)': { ...row, narrative: 'Re-keyed.', origin_external_id: 'FR-404' },
    };
    const reasons = new Set<string>();
    let n = 0;
    for (const [name, conflict] of Object.entries(conflicts)) {
      // Each beside a new record, so the import itself did run.
      const fresh = { ...row, id: '', title: `A new record from the file (${++n})`, origin_external_id: `FR-NEW-${n}` };
      const job = await importFile(stringify([conflict, fresh], { header: true, columns: Object.keys(row) }), 'analyst');
      expect(job, name).toMatchObject({ status: 'succeeded', rows: 2, created: 1, updated: 0, unchanged: 0, rejected: 1 });
      const rejected = await rejections(job);
      expect(rejected.map((r) => r.row), name).toEqual(['2']);
      expect(rejected[0]!.reason, name).not.toContain(hidden.id);
      reasons.add(`${rejected[0]!.field}: ${rejected[0]!.reason}`);
    }
    // One field and one reason for every conflict: nothing tells a hidden record from a visible one.
    expect(reasons.size).toBe(1);

    expect(await rawRecord(hidden.id)).toEqual(before);
    expect(await auditOf(hidden.id, 'investigator')).toEqual(auditBefore);
    expect((await detail(visible.id)).narrative).toBe(visible.narrative);
    expect((await detail(visible.id)).origin).toEqual({ dataset: 'field-reports', externalId: 'FR-8' });
    expect((await detail(other.id)).version).toBe(1);
  });
});
