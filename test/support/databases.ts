/**
 * Run a suite against both databases, as Kysely's own tests do:
 *
 *   describe.each(DATABASES)('%s', (kind) => {
 *     let t: TestStore;
 *     beforeAll(async () => { t = await openTestStore(kind); });
 *     afterAll(() => t.cleanup());
 *   });
 *
 * Every call gets its own SQLite file or PostgreSQL database, so test files can run in parallel.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { DatabaseKind } from '../../src/store/database.js';
import { openStore, type Store, type StoreOptions } from '../../src/store/store.js';
import { createTestDatabase } from './postgres-server.js';

export const DATABASES = ['sqlite', 'postgres'] as const satisfies readonly DatabaseKind[];

export interface TestStore {
  store: Store;
  /** The URL the store was opened with, to open it again. */
  url: string;
  /** Closes the store and deletes its database. */
  cleanup(): Promise<void>;
}

/** A freshly migrated store on an empty database of the given kind. */
export async function openTestStore(kind: DatabaseKind, options: StoreOptions = {}): Promise<TestStore> {
  // A copy of the run's migrated template (global setup), so opening it migrates nothing more.
  const database = kind === 'postgres' ? asDatabase(await createTestDatabase(inject('pgUrl'), inject('pgTemplates').migrated)) : await createDatabase(kind);
  if (kind === 'sqlite') await copyFile(inject('sqliteTemplate'), database.url);
  const { url } = database;
  const remove = () => database.remove();
  let store: Store;
  try {
    store = await openStore(url, options);
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    store,
    url,
    cleanup: async () => {
      try {
        await store.connection.close();
      } finally {
        await remove();
      }
    },
  };
}

/** An empty database of the given kind, not migrated (for tests that build an older schema first). */
export async function createDatabase(kind: DatabaseKind): Promise<{ url: string; remove(): Promise<void> }> {
  if (kind === 'postgres') return asDatabase(await createTestDatabase(inject('pgUrl'), inject('pgTemplates').postgis));
  const dir = await mkdtemp(join(tmpdir(), 'haven-sqlite-'));
  return { url: join(dir, 'haven.db'), remove: () => rm(dir, { recursive: true, force: true }) };
}

const asDatabase = (database: { url: string; drop(): Promise<void> }) => ({ url: database.url, remove: () => database.drop() });
