import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Database, DatabaseKind, Db } from './database.js';
import { createPrivateFileSync, makePrivateDirSync } from '../infrastructure/private-files.js';

export interface Connection {
  readonly db: Db;
  readonly kind: DatabaseKind;
  /** SQLite's own handle, for the few paths that are faster without a query builder (bulk writes). */
  readonly sqlite?: Sqlite.Database;
  /** Where the data lives, for messages: a file path or a URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

export function databaseKindOf(url: string): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** `postgres://…` opens PostgreSQL; anything else is a SQLite file path (optionally prefixed `sqlite:`). */
export function connect(url: string): Connection {
  if (databaseKindOf(url) === 'postgres') {
    // JIT compilation off: Haven's queries are short, and the planner's cost estimate for the dashboard's grouped
    // aggregation (correlated subqueries) crossed the JIT thresholds, so compiling took 20× longer than running it.
    const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c jit=off' });
    // An idle client can lose its server (restart, failover); the pool replaces it. Without a listener Node would crash.
    pool.on('error', (error) => console.warn(`haven: idle PostgreSQL connection lost: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
    const safe = new URL(url);
    safe.password = '';
    return { db, kind: 'postgres', location: safe.toString(), close: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:/, '');
  if (file !== ':memory:' && file !== '') {
    makePrivateDirSync(dirname(file));
    // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
    createPrivateFileSync(file);
  }
  const sqlite = new Sqlite(file);
  // WAL lets readers (a backup, a second CLI) work while the server writes.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Indexes make inserts touch pages all over the file: a 32 MiB page cache keeps the hot ones in memory, and
  // checkpointing every 10,000 pages (instead of 1,000) copies each page from the WAL less often during imports.
  sqlite.pragma('cache_size = -32768');
  sqlite.pragma('wal_autocheckpoint = 10000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, kind: 'sqlite', sqlite, location: file, close: () => db.destroy() };
}

/**
 * The handle Kysely runs its queries on, keeping prepared statements: Kysely prepares every query it runs, and
 * preparing costs as much as running the small ones (a list page's ten statements took twice as long). A statement
 * still being iterated (a streamed query) is busy, so a second use of the same SQL meanwhile gets a fresh one.
 */
function withStatementCache(sqlite: Sqlite.Database): SqliteDatabase {
  const statements = new LRUCache<string, Sqlite.Statement>({ max: 500 });
  return {
    close: () => sqlite.close(),
    prepare(source) {
      const cached = statements.get(source);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(source);
      if (!cached) statements.set(source, statement);
      return statement;
    },
  };
}
