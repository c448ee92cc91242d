import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/composition/app-context.js';
import { recordIncident } from '../../src/application/incident.service.js';
import type { IncidentInput } from '../../src/core/incident.schema.js';
import { openStore } from '../../src/store/store.js';
import { haven } from '../support/cli-runner.js';
import { validIncident } from '../support/incident-fixtures.js';

/** Five incidents in Nigeria: three in 2023 (one placed only to the country), two in 2024. */
const RECORDS: [date: string, precision: 'exact' | 'country', killed: number][] = [
  ['2023-02-03', 'exact', 4],
  ['2023-06-10', 'exact', 1],
  ['2023-09-01', 'country', 7],
  ['2024-01-15', 'exact', 2],
  ['2024-03-30', 'exact', 5],
];

describe('haven monitor', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-monitor-cli-'));
    database = join(dir, 'haven.db');
    const store = await openStore(database);
    try {
      const ctx = createAppContext(store);
      const analyst = { id: 'analyst-1', username: 'ana', role: 'analyst' as const };
      const base = validIncident();
      for (const [date, precision, killed] of RECORDS) {
        const input: IncidentInput = { ...base, dateEarliest: date, dateLatest: date, datePrecision: 'day', location: { ...base.location, country: 'NGA', precision }, casualties: [{ kind: 'killed', status: 'civilian', best: killed }] };
        await recordIncident(ctx, analyst, input);
      }
    } finally {
      await store.connection.close();
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('aggregates by year with the deaths of each, as JSON and as text', async () => {
    const run = await haven(['monitor', 'aggregate', '--group-by', 'year', '--country', 'NGA', '--json'], { database });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { groups: { keys: { year: string }; incidents: number; killed: { best: number } }[]; total: { incidents: number } };
    const byYear = (year: string) => RECORDS.filter(([date]) => date.startsWith(year));
    expect(result.groups.map((g) => [g.keys.year, g.incidents, g.killed.best])).toEqual(
      ['2023', '2024'].map((year) => [year, byYear(year).length, byYear(year).reduce((sum, [, , killed]) => sum + killed, 0)]),
    );
    expect(result.total.incidents).toBe(RECORDS.length);
    const text = await haven(['monitor', 'aggregate', '--group-by', 'year,country', '--country', 'NGA'], { database });
    expect(text.stdout).toContain('total\t5 incidents\tkilled 19');
  });

  it('reports escalation, hotspots and the scorecard', async () => {
    const escalation = await haven(['monitor', 'escalation', '--country', 'NGA', '--as-of', '2024-04-01', '--json'], { database });
    expect(escalation.code, escalation.stderr).toBe(0);
    expect(JSON.parse(escalation.stdout)).toMatchObject({ alerts: [], testedWeeks: ['2024-03-25'] });

    const cells = await haven(['monitor', 'hotspots', '--country', 'NGA', '--resolution', '5', '--json'], { database });
    expect(cells.code, cells.stderr).toBe(0);
    // The country-level incident cannot be put in a hexagon: four are binned, all at the fixture's one place.
    const hot = JSON.parse(cells.stdout) as { features: { properties: { value: number } }[] };
    expect(hot.features.reduce((sum, f) => sum + f.properties.value, 0)).toBe(4);

    const card = await haven(['monitor', 'scorecard', '--country', 'NGA', '--from', '2023-01-01', '--to', '2023-12-31'], { database });
    expect(card.code, card.stderr).toBe(0);
    expect(card.stdout).toContain('Minimise all loss of life');
    expect(card.stdout).toMatch(/People killed, every side[^:]*: 12\b/);

    // Without a period: the 90 days up to the register's latest incident, said in the header.
    const latest = await haven(['monitor', 'scorecard', '--country', 'NGA'], { database });
    expect(latest.code, latest.stderr).toBe(0);
    expect(latest.stdout.split('\n')[0]).toMatch(/^NGA, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d .* — no period given: the 90 days up to the latest incident$/);
  });
});
