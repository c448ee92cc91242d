import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { loadExercisePlaces } from '../../src/application/demo.service.js';
import { exerciseSites, exerciseZones } from '../../src/demo/exercise-places.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';

const operator: Actor = { id: 'cli:test', username: 'cli:test', role: 'administrator' };

describe.each(DATABASES)('loading the exercise places on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;
  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = createAppContext(t.store);
  });
  afterAll(() => t.cleanup());

  it('creates the sites, zones and truce once; loading again adds nothing', async () => {
    const first = await loadExercisePlaces(ctx, operator);
    expect(first).toEqual({ sites: exerciseSites().length, zones: Object.keys(exerciseZones()).length, agreements: 1 });
    expect(await loadExercisePlaces(ctx, operator)).toEqual({ sites: 0, zones: 0, agreements: 0 });
    const { db } = t.store.connection;
    expect(await t.store.sites.count(db, {})).toBe(exerciseSites().length);
    const [truce] = await t.store.agreements.list(db, {});
    expect(truce?.zoneIds).toEqual([]);
    expect(truce?.parties.length).toBeGreaterThan(3);
  });
});
