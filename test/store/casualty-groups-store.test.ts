import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateHarm } from '../../src/application/analytics.service.js';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { audienceOf } from '../../src/application/authorization.js';
import { importIncidentBatch } from '../../src/application/import.service.js';
import { getIncident, listIncidents, recordIncident } from '../../src/application/incident.service.js';
import { incidentInputSchema, type IncidentInput } from '../../src/core/incident.schema.js';
import { connect } from '../../src/store/connect.js';
import { migrateTo } from '../../src/store/migrator.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createDatabase, DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

const analyst: Actor = { id: 'test-analyst', username: 'test-analyst', role: 'analyst' };

/** 12 civilians killed, of whom 3 health workers and 2 patients; 4 health workers detained; one injured, with a breakdown. */
const withGroups = (title: string, externalId: string): IncidentInput => ({
  ...validIncident(),
  title,
  origin: { dataset: 'who-ssa-test', externalId },
  casualties: [
    { kind: 'killed', status: 'civilian', low: 10, best: 12, high: 15, breakdown: [{ sex: 'female', ageGroup: 'adult', best: 5 }] },
    { kind: 'killed', status: 'civilian', group: 'health_worker', low: 3, best: 3, high: 4, breakdown: [{ sex: 'female', ageGroup: 'adult', best: 2 }] },
    { kind: 'killed', status: 'civilian', group: 'patient', best: 2 },
    { kind: 'detained', status: 'civilian', best: 4 },
    { kind: 'detained', status: 'civilian', group: 'health_worker', best: 4 },
    { kind: 'arrested', status: 'unknown', best: 1 },
    { kind: 'injured', status: 'own_force', best: 2 },
    { kind: 'injured', status: 'own_force', group: 'health_worker', best: 1 },
  ],
});
const withoutGroups = (input: IncidentInput): IncidentInput => ({ ...input, casualties: (input.casualties ?? []).filter((c) => c.group === undefined) });

describe.each(DATABASES)('casualty groups stored on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;

  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = createAppContext(t.store);
  });
  afterAll(() => t?.cleanup());

  it('reads back the group counts written one at a time and in a bulk import, and leaves them out of the totals', async () => {
    const single = withGroups('Recorded by hand', 'H-1');
    const recorded = await recordIncident(ctx, analyst, single);
    const bulk = [withGroups('Imported', 'B-1'), withoutGroups(withGroups('Imported without groups', 'B-2'))];
    const report = await importIncidentBatch(ctx, analyst, bulk.map((input, i) => ({ rowNumber: i + 1, input })));
    expect(report.created).toBe(2);

    expect((await getIncident(ctx, analyst, recorded.id)).casualties).toEqual(incidentInputSchema.parse(single).casualties);
    const page = await listIncidents(ctx, analyst, { dataset: 'who-ssa-test' }, { limit: 10 });
    const byTitle = new Map(page.items.map((i) => [i.title, i]));
    for (const input of bulk) expect(byTitle.get(input.title)!.casualties).toEqual(incidentInputSchema.parse(input).casualties);

    // Every incident's killed figure is the 12 civilians, whether or not it has group counts.
    for (const incident of page.items) expect(incident.killed).toEqual({ low: 10, best: 12, high: 15 });
    for (const incident of page.items) expect(incident.injured).toEqual({ low: 2, best: 2, high: 2 });

    const byStatus = await aggregateHarm(ctx, analyst, { groupBy: ['status'] });
    const civilian = byStatus.groups.find((g) => g.keys['status'] === 'civilian')!;
    expect(civilian.killed).toEqual({ low: 30, best: 36, high: 45 });
    const ownForce = byStatus.groups.find((g) => g.keys['status'] === 'own_force')!;
    expect(ownForce.injured).toEqual({ low: 6, best: 6, high: 6 });
    // The scorecard's deaths per status, summed in SQL from the casualty rows, leave the group rows out too.
    const period = await t.store.analytics.periodFigures(t.store.connection.db, { from: '2024-01-01', to: '2024-12-31' }, audienceOf(analyst));
    expect(period.killedByStatus['civilian']).toEqual({ low: 30, best: 36, high: 45 });
  });

  it('re-importing the same group counts changes nothing', async () => {
    const input = withGroups('Imported', 'B-1');
    const report = await importIncidentBatch(ctx, analyst, [{ rowNumber: 1, input }]);
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });
});

/** A register written before casualty groups (migration 0015) upgrades in place: its counts read as counts of everyone. */
describe.each(DATABASES)('upgrading to casualty groups on %s', (kind) => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let store: Store;

  beforeAll(async () => {
    database = await createDatabase(kind);
    const old = connect(database.url);
    await migrateTo(old.db, old.kind, '0013-origin-event-type');
    const at = '2026-06-01T10:00:00.000Z';
    await sql`insert into incidents (id, title, narrative, date_earliest, date_latest, date_precision, lat, lon, location_precision, country,
        violence_type, verification_status, origin_dataset, exercise, killed_low, killed_best, killed_high,
        injured_low, injured_best, injured_high, version, created_at, created_by, updated_at, updated_by)
      values ('01930000-0000-7000-8000-0000000000bb', 'Recorded before groups', '', '2024-01-01', '2024-01-01', 'day', -4.32, 15.31, 'exact', 'COD',
        'one_sided', 'reported', 'manual', 0, 5, 6, 7, 0, 0, 0, 1, ${at}, 'u-old', ${at}, 'u-old')`.execute(old.db);
    const seq = await sql<{ seq: number }>`select seq from incidents`.execute(old.db);
    const incidentSeq = seq.rows[0]!.seq;
    await sql`insert into incident_casualties (incident_seq, kind, status, sex, age_group, low, best, high) values
      (${incidentSeq}, 'killed', 'civilian', 'all', 'all', 5, 6, 7), (${incidentSeq}, 'killed', 'civilian', 'male', 'adult', 1, 2, 2)`.execute(old.db);
    await old.close();
    store = await openStore(database.url);
  }, 60_000);
  afterAll(async () => {
    await store?.connection.close();
    await database?.remove();
  });

  it('reads the old counts as counts of everyone, breakdown included', async () => {
    const ctx = createAppContext(store);
    const [before] = (await listIncidents(ctx, analyst, {}, { limit: 5 })).items;
    expect(before!.casualties).toEqual([{ kind: 'killed', status: 'civilian', low: 5, best: 6, high: 7, breakdown: [{ sex: 'male', ageGroup: 'adult', low: 1, best: 2, high: 2 }] }]);
    const rows = await sql<{ population_group: string }>`select population_group from incident_casualties`.execute(store.connection.db);
    expect(rows.rows.map((r) => r.population_group)).toEqual(['all', 'all']);
  });
});
