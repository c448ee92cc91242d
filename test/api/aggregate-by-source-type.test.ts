import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';
import { ACLED_LOOKALIKE, realFixture } from '../support/real-fixtures.js';

const GED = realFixture('ucdp/ged231-one-per-country.csv');
const GED_TYPE_WORDS: Record<string, string> = { '1': 'State-based conflict', '2': 'Non-state conflict', '3': 'One-sided violence' };
const GED_VIOLENCE: Record<string, string> = { '1': 'state_based', '2': 'non_state', '3': 'one_sided' };


type Row = Record<string, string>;
type Group = { keys: Record<string, string | null>; incidents: number; killed: { best: number } };
const rowsOf = async (file: string): Promise<Row[]> => parse(await readFile(file), { columns: true, bom: true });

/** Counts of a key over rows, as the aggregation should find them. */
function countBy(rows: Row[], key: (row: Row) => string, deaths: (row: Row) => number): Map<string, { incidents: number; killed: number }> {
  const counts = new Map<string, { incidents: number; killed: number }>();
  for (const row of rows) {
    const k = key(row);
    const c = counts.get(k) ?? { incidents: 0, killed: 0 };
    counts.set(k, { incidents: c.incidents + 1, killed: c.killed + deaths(row) });
  }
  return counts;
}

describe.each(DATABASES)('aggregation by the sources’ own classifications on %s', (kind) => {
  let h: ApiHarness;
  let acled: Row[];
  let ged: Row[];

  const importFile = async (file: string) => {
    const started = await h.call({ method: 'POST', url: `/api/v1/imports?fileName=${file.split('/').pop()}`, as: 'analyst', payload: await readFile(file), headers: { 'content-type': 'text/csv' } });
    expect(started.statusCode, started.body).toBe(202);
    return h.importJobWhenDone(started.json().id, 'analyst');
  };
  const aggregate = async (query: string) => {
    const response = await h.call({ method: 'GET', url: `/api/v1/monitoring/aggregate?${query}`, as: 'viewer' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ groups: Group[]; unplaced: { incidents: number } }>();
  };
  const asMap = (groups: Group[], key: string) =>
    new Map(groups.map((g) => [g.keys[key] ?? '-', { incidents: g.incidents, killed: g.killed.best }]));

  beforeAll(async () => {
    h = await openApiHarness(kind);
    acled = await rowsOf(ACLED_LOOKALIKE);
    ged = await rowsOf(GED);
    expect(await importFile(ACLED_LOOKALIKE)).toMatchObject({ status: 'succeeded', created: acled.length, rejected: 0 });
    expect(await importFile(GED)).toMatchObject({ status: 'succeeded', created: ged.length, rejected: 0 });
  }, 120_000);
  afterAll(() => h?.close());

  it('counts ACLED events by ACLED’s event type and GED events by UCDP’s type, as the files classify them', async () => {
    const body = await aggregate('groupBy=eventType');
    const expected = countBy(
      [...acled.map((r) => ({ ...r, _key: r.event_type!, _deaths: r.fatalities! })), ...ged.map((r) => ({ ...r, _key: GED_TYPE_WORDS[r.type_of_violence!]!, _deaths: r.best! }))],
      (r) => r._key!,
      (r) => Number(r._deaths),
    );
    expect(asMap(body.groups, 'eventType')).toEqual(expected);
    expect(body.unplaced.incidents).toBe(0);
  });

  it('puts each source type under UCDP’s type of violence: GED’s as GED codes it, ACLED’s violence against civilians as one-sided', async () => {
    const body = await aggregate('groupBy=eventType,violence');
    const pairs = new Map(body.groups.map((g) => [`${g.keys.eventType}|${g.keys.violence}`, g.incidents]));
    for (const [code, words] of Object.entries(GED_TYPE_WORDS)) {
      const n = ged.filter((r) => r.type_of_violence === code).length;
      if (n > 0) expect(pairs.get(`${words}|${GED_VIOLENCE[code]}`), words).toBe(n);
    }
    const againstCivilians = acled.filter((r) => r.event_type === 'Violence against civilians').length;
    expect(againstCivilians).toBeGreaterThan(0);
    expect(pairs.get('Violence against civilians|one_sided')).toBe(againstCivilians);
    // Every incident is under exactly one pair.
    expect([...pairs.values()].reduce((s, n) => s + n, 0)).toBe(acled.length + ged.length);
  });
});
