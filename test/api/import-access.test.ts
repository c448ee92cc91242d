import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/access-control.js';
import type { IncidentDetail, IncidentInput } from '../../src/core/incident.schema.js';
import { CHILD_TABLES } from '../../src/store/incident-rows.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

const VICTIM = 'Amina Starling-Okafor';
const WITNESS = 'Tomas Greywillow';
const SOURCE = 'Nurse Fennimore';

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

  it('keeps named victims, witnesses and sources through a CSV exported without clearance and imported back', async () => {
    const incident = await create({
      ...validIncident(),
      title: 'Round trip of a record with named persons',
      narrative: 'Two witnesses saw the shelling.',
      sensitive: { victims: [{ name: VICTIM }], witnesses: [{ name: WITNESS, contact: '+000 222' }], sourceIdentities: [{ sourceRef: 'S1', identity: SOURCE }] },
    });
    const csv = await exportCsv('format=csv&q=Round%20trip%20of%20a%20record', 'viewer');
    expect(csv).not.toContain(VICTIM);
    for (const as of ['analyst', 'administrator'] as const) {
      const job = await importFile(csv, as);
      expect(job, as).toMatchObject({ status: 'succeeded', rows: 1, created: 0, updated: 0, unchanged: 1, rejected: 0 });
    }
    const after = await detail(incident.id);
    expect(after.version).toBe(1);
    expect(after.sensitive).toEqual(incident.sensitive);
    expect((await auditOf(incident.id)).map((e) => e.action)).toEqual(['incident.create']);
  });

  it('a GED-shaped export imported back into its source database keeps every narrative', async () => {
    const text = await readFile(new URL('../fixtures/real/ucdp/ged231-first30.csv', import.meta.url), 'utf8');
    const rows = parse<Record<string, string>>(text, { columns: true });
    const first = await importFile(stringify(rows, { header: true }), 'analyst');
    expect(first).toMatchObject({ status: 'succeeded', created: 30, rejected: 0 });
    const original = await listGed();
    expect(original).toHaveLength(30);
    // GED's events end before the other records of this register begin.
    const ged = await exportCsv('format=ged&to=2023-12-31', 'viewer');
    const again = await importFile(ged, 'analyst');
    expect(again).toMatchObject({ status: 'succeeded', rows: 30, created: 0, rejected: 0 });
    const after = new Map((await listGed()).map((i) => [i.id, i]));
    for (const incident of original) {
      expect(after.get(incident.id)!.narrative, incident.origin.externalId).toBe(incident.narrative);
      expect(after.get(incident.id)!.title, incident.origin.externalId).toBe(incident.title);
      expect(after.get(incident.id)!.sources, incident.origin.externalId).toEqual(incident.sources);
    }
    expect(again.unchanged).toBe(30);
  });

  async function listGed() {
    const items = (await h.call({ method: 'GET', url: '/api/v1/incidents?limit=1000&to=2023-12-31', as: 'analyst' })).json<{ items: IncidentDetail[] }>().items;
    return items.filter((i) => i.origin.dataset === 'ucdp-ged');
  }

  it('an HXL file imported again keeps what analysts added that the file does not carry', async () => {
    // The fixture without its notes column: many HXL files carry no narrative.
    const lines: string[][] = parse(await readFile(`${FIXTURES}hxl-incidents.csv`, 'utf8'), { relax_column_count: true });
    const notes = lines[1]!.indexOf('#description');
    const file = stringify(lines.map((cells) => cells.filter((_, i) => i !== notes)));
    const first = await importFile(file, 'analyst', '&dataset=hxl-reimport');
    expect(first).toMatchObject({ status: 'succeeded', created: 4, rejected: 2 });
    const list = (await h.call({ method: 'GET', url: '/api/v1/incidents?limit=1000&countries=CMR', as: 'analyst' })).json<{ items: IncidentDetail[] }>().items;
    const mora = list.find((i) => i.origin.dataset === 'hxl-reimport' && i.origin.externalId === 'T-004')!;
    expect(mora.narrative).toBe('');
    const { id, version, verificationStatus: _v, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, killed: _k, injured: _i, ...data } = mora;
    const edited = await h.call({
      method: 'PUT',
      url: `/api/v1/incidents/${id}`,
      as: 'analyst',
      payload: {
        ...data,
        narrative: 'A farmer was shot at the edge of the market, according to two residents.',
        actors: [{ name: 'Unidentified gunmen', actorType: 'unknown', role: 'perpetrator' }],
        casualties: mora.casualties.map((c) => ({ ...c, breakdown: [{ sex: 'male', ageGroup: 'adult', best: 1 }] })),
        sources: [...mora.sources, { ref: 'S1', sourceType: 'witness', description: 'Resident interviewed by the team', reliability: 'C', credibility: 3 }],
        expectedVersion: version,
      },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const enriched = edited.json<IncidentDetail>();

    const again = await importFile(file, 'analyst', '&dataset=hxl-reimport');
    expect(again).toMatchObject({ status: 'succeeded', created: 0, updated: 0, unchanged: 4, rejected: 2 });
    const after = await detail(id);
    expect(after.version).toBe(enriched.version);
    expect(after.narrative).toBe(enriched.narrative);
    expect(after.actors).toEqual(enriched.actors);
    expect(after.casualties).toEqual(enriched.casualties);
    expect(after.sources).toEqual(enriched.sources);
  });

  it('merges a changed field from a cleared user’s file, and the audit log lists exactly that field', async () => {
    const incident = await create({
      ...validIncident(),
      title: 'Merge of one edited cell',
      narrative: 'First account.',
      sensitive: { victims: [{ name: VICTIM }], witnesses: [{ name: WITNESS }], sourceIdentities: [{ sourceRef: 'S1', identity: SOURCE }] },
    });
    const rows = parse<Record<string, string>>(await exportCsv('format=csv&q=Merge%20of%20one%20edited%20cell', 'analyst'), { columns: true });
    expect(rows).toHaveLength(1);
    const job = await importFile(stringify([{ ...rows[0]!, narrative: 'First account, corrected after a second interview.' }], { header: true }), 'analyst');
    expect(job).toMatchObject({ status: 'succeeded', created: 0, updated: 1, unchanged: 0, rejected: 0 });
    const after = await detail(incident.id);
    expect(after.narrative).toBe('First account, corrected after a second interview.');
    expect(after.sensitive).toEqual(incident.sensitive);
    const audit = await auditOf(incident.id);
    expect(audit.map((e) => e.action)).toEqual(['incident.create', 'incident.import.update']);
    expect(audit[1]!.changes).toEqual({ narrative: { before: 'First account.', after: 'First account, corrected after a second interview.' } });
  });

  it('changes named persons only from a file that carries them, imported by a user cleared to read them', async () => {
    const incident = await create({
      ...validIncident(),
      title: 'Named persons carried by a file',
      sensitive: { victims: [{ name: VICTIM }], witnesses: [{ name: WITNESS }], sourceIdentities: [{ sourceRef: 'S1', identity: SOURCE }] },
    });
    const exported = await exportCsv('format=csv&q=Named%20persons%20carried&includeSensitive=true&purpose=documentation&recipient=mission_internal', 'investigator');
    const [row] = parse<Record<string, string>>(exported, { columns: true });
    expect(row!.sensitive).toContain(VICTIM);
    const corrected = stringify([{ ...row!, sensitive: row!.sensitive!.replace(VICTIM, 'Amina Starling') }], { header: true });
    // The administrator may write incidents but not read named persons: their import leaves them as they are.
    expect(await importFile(corrected, 'administrator')).toMatchObject({ status: 'succeeded', updated: 0, unchanged: 1 });
    expect((await detail(incident.id)).sensitive).toEqual(incident.sensitive);
    expect(await importFile(corrected, 'investigator')).toMatchObject({ status: 'succeeded', updated: 1, unchanged: 0 });
    const after = await detail(incident.id);
    expect(after.sensitive!.victims.map((v) => v.name)).toEqual(['Amina Starling']);
    expect(after.sensitive!.witnesses).toEqual(incident.sensitive!.witnesses);
    const audit = await auditOf(incident.id);
    expect(audit.at(-1)!.changes).toEqual({ sensitive: { before: '[sensitive: changed]', after: '[sensitive: changed]' } });
  });
});
