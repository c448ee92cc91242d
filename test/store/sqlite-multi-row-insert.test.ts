import Sqlite from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqliteMultiRowInsert } from '../../src/store/sqlite-multi-row-insert.js';

const table = () => {
  const sqlite = new Sqlite(':memory:');
  sqlite.exec('create table t (seq integer primary key, name text not null, n integer)');
  return sqlite;
};

describe('SqliteMultiRowInsert', () => {
  it('inserts every row, in order, whatever the count (statements of 100 rows and a remainder)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.option(fc.integer())), { maxLength: 350 }), (rows) => {
        const sqlite = table();
        new SqliteMultiRowInsert(sqlite, 't', ['name', 'n']).run(rows.flatMap(([name, n]) => [name, n]));
        expect(sqlite.prepare('select name, n from t order by seq').raw().all()).toEqual(rows);
        sqlite.close();
      }),
      { numRuns: 30 },
    );
  });

  it('returns what `returning` names for every row of every statement', () => {
    const sqlite = table();
    const names = Array.from({ length: 250 }, (_, i) => `row ${i}`);
    const returned = new SqliteMultiRowInsert(sqlite, 't', ['name'], 'seq, name').all<{ seq: number; name: string }>(names);
    expect(returned.map((r) => r.name).sort()).toEqual([...names].sort());
    expect(new Set(returned.map((r) => r.seq)).size).toBe(250);
    expect(sqlite.prepare('select count(*) from t').pluck().get()).toBe(250);
    sqlite.close();
  });

  it('refuses values that do not make whole rows', () => {
    const sqlite = table();
    expect(() => new SqliteMultiRowInsert(sqlite, 't', ['name', 'n']).run(['a', 1, 'b'])).toThrow(/do not make rows of 2/);
    expect(sqlite.prepare('select count(*) from t').pluck().get()).toBe(0);
    sqlite.close();
  });
});
