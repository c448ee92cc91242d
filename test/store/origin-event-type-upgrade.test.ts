import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { importRecords } from '../../src/application/import-records.service.js';
import { streamIncidents } from '../../src/application/incident-stream.service.js';
import type { Incident } from '../../src/core/incident.schema.js';
import { openRecordSource } from '../../src/interchange/record-source.js';
import { connect } from '../../src/store/connect.js';
import { migrateTo } from '../../src/store/migrator.js';
import { openStore, type Store } from '../../src/store/store.js';
import { lookalikeCsv, lookalikeRows } from '../fixtures/acled-lookalike/generate-acled-v6-lookalike.js';
import { createDatabase, DATABASES } from '../support/databases.js';

const actor: Actor = { id: 'upgrade-test', username: 'upgrade-test', role: 'analyst' };

/**
 * A register written before Haven kept the source's event type (migration 0013) upgrades in place: its records read
 * without one, and the next import of their data set fills it in.
 */
describe.each(DATABASES)('upgrading to origin event types on %s', (kind) => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let store: Store;
  let dir: string;
  const row = lookalikeRows()[0]!;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-upgrade-'));
    database = await createDatabase(kind);
    const old = connect(database.url);
    await migrateTo(old.db, old.kind, '0012-ledger-digests-and-signed-head');
    const at = '2026-06-01T10:00:00.000Z';
    await sql`insert into incidents (id, title, narrative, date_earliest, date_latest, date_precision, lat, lon, location_precision, country,
        violence_type, verification_status, origin_dataset, origin_external_id, exercise, killed_low, killed_best, killed_high,
        injured_low, injured_best, injured_high, version, created_at, created_by, updated_at, updated_by)
      values ('01930000-0000-7000-8000-0000000000aa', 'Imported before the upgrade', '', '1997-01-01', '1997-01-01', 'day', -4.32, 15.31, 'exact', 'COD',
        'other', 'reported', 'acled', ${row.EVENT_ID_CNTY}, 0, 0, 0, 0, 0, 0, 0, 1, ${at}, 'u-old', ${at}, 'u-old')`.execute(old.db);
    await old.close();
    store = await openStore(database.url);
  }, 60_000);
  afterAll(async () => {
    await store?.connection.close();
    await database?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  const incidents = async () => {
    const out: Incident[] = [];
    for await (const incident of streamIncidents(createAppContext(store), actor, {})) out.push(incident);
    return out;
  };

  it('reads the old record without an event type, and a re-import fills it in', async () => {
    const [before] = await incidents();
    expect(before!.origin).toEqual({ dataset: 'acled', externalId: row.EVENT_ID_CNTY });

    const file = join(dir, 'one.csv');
    await writeFile(file, lookalikeCsv([row]));
    // One row decides no date order by itself (its day is not above 12): ACLED writes the day first.
    const source = await openRecordSource(file, { dateOrder: 'dmy' });
    const summary = await importRecords(createAppContext(store), actor, source.records);
    expect(summary).toMatchObject({ created: 0, updated: 1, rejected: 0 });
    const [after] = await incidents();
    expect(after!.origin).toEqual({ dataset: 'acled', externalId: row.EVENT_ID_CNTY, eventType: row.EVENT_TYPE });
    expect(after!.violenceType).toBe('state_based');
  });
});
