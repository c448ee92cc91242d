import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haven } from '../support/cli-runner.js';
import { realFixture } from '../support/real-fixtures.js';

/** Incidents imported before the register exists are found by a run over history; a second run finds nothing new. */
describe('haven detect and haven detections list', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-detect-cli-'));
    database = join(dir, 'haven.db');
    const incidents = await haven(['import', realFixture('ucdp/ged-ukraine-2014-2022-subset.csv')], { database });
    expect(incidents.code, incidents.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds nothing without a register, then the attacks near power plants once they are registered', async () => {
    const none = await haven(['detections', 'list'], { database });
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout.trim()).toBe('no detections');
    const plants = await haven(['sites', 'import', realFixture('wri-gppd/ukraine_power_plants_gppd.csv'), '--preset', 'wri-gppd'], { database });
    expect(plants.code, plants.stderr).toBe(0);

    const run = await haven(['detect', '--json'], { database });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.incidents).toBe(parse(await readFile(realFixture('ucdp/ged-ukraine-2014-2022-subset.csv')), { columns: true }).length);
    expect(report.found).toBeGreaterThan(0);
    expect(report).toMatchObject({ created: report.found, updated: 0, unchanged: 0, lapsed: 0 });

    const total = async (kind: string) => JSON.parse((await haven(['detections', 'list', '--kind', kind, '--limit', '1', '--json'], { database })).stdout).total as number;
    const nearPlants = await total('protected_site');
    // A run over history also tests the latest weeks for escalation.
    expect(nearPlants + (await total('escalation'))).toBe(report.found);
    // GED puts events at a town's point: a plant in town is tied to one only when its text speaks of a power plant —
    // in this subset, GED event 422280, "a thermal power plant in the town of Shchastya".
    expect(nearPlants).toBe(1);
    const table = await haven(['detections', 'list', '--kind', 'protected_site', '--limit', '5'], { database });
    expect(table.stdout).toMatch(/protected_site\s+probable\s+open\s+Probable attack on or near .+ \(power installation\): ".*Shchastya.*"\. The narrative speaks of a power installation: "thermal power plant"/);

    const again = await haven(['detect', '--from', '2014-01-01', '--to', '2015-12-31'], { database });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^checked \d+ incidents: \d+ detections found \(0 new, 0 changed, \d+ unchanged\); 0 earlier ones no longer found, marked lapsed/);
    const refused = await haven(['detect', '--from', '2015-01-01', '--to', '2014-01-01'], { database });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('to: must not be before from');
  }, 120_000);
});
