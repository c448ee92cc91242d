import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../support/databases.js';

/** SQLite statements are kept between queries: a query run again sees the rows as they are, streamed or not. */
describe('prepared statements kept on SQLite', () => {
  let test: TestStore;
  const now = '2024-01-01T00:00:00.000Z';

  beforeAll(async () => {
    test = await openTestStore('sqlite');
    const db = test.store.connection.db;
    for (const name of ['ana', 'ben', 'chloe']) {
      await db.insertInto('user_groups').values({ id: `group-${name}`, name, description: '', created_at: now }).execute();
    }
  });
  afterAll(() => test?.cleanup());

  const groups = () => test.store.connection.db.selectFrom('user_groups').select('name').orderBy('name');

  it('answers the same query again with the rows as they are now', async () => {
    expect((await groups().execute()).map((g) => g.name)).toEqual(['ana', 'ben', 'chloe']);
    await test.store.connection.db.deleteFrom('user_groups').where('name', '=', 'ben').execute();
    expect((await groups().execute()).map((g) => g.name)).toEqual(['ana', 'chloe']);
    await test.store.connection.db.insertInto('user_groups').values({ id: 'group-ben', name: 'ben', description: '', created_at: now }).execute();
  });

  it('runs a streamed query again after a stream of it was left part-way', async () => {
    for await (const row of groups().stream()) {
      expect(row.name).toBe('ana');
      break;
    }
    const streamed: string[] = [];
    for await (const row of groups().stream()) streamed.push(row.name);
    expect(streamed).toEqual(['ana', 'ben', 'chloe']);
    expect((await groups().execute()).map((g) => g.name)).toEqual(['ana', 'ben', 'chloe']);
  });
});
