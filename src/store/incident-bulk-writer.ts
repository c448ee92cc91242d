import type { Insertable } from 'kysely';
import type { Db, VerificationEventsTable } from './database.js';
import type { IncidentRows } from './incident-rows.js';

/**
 * The seam for writing many incidents fast. An import pays for round trips and statement preparation more than for
 * rows, so each database gets its own fastest path: SQLite runs cached prepared statements row by row inside the
 * caller's transaction; PostgreSQL sends each table's rows as arrays in one `insert … select from unnest(…)`.
 */
export interface IncidentBulkWriter {
  /** Inserts incidents and all their children; returns their seqs in input order. */
  insert(db: Db, incidents: readonly IncidentRows[]): Promise<number[]>;
  insertChildren(db: Db, incidents: readonly (readonly [number, IncidentRows])[]): Promise<void>;
  insertVerificationEvents(db: Db, events: readonly Insertable<VerificationEventsTable>[]): Promise<void>;
  /**
   * Called at the start of a bulk-write transaction. A batch stays atomic, but its commit need not wait for the disk:
   * after a server crash the last batches are simply imported again (imports are idempotent).
   */
  beginBulkTransaction(db: Db): Promise<void>;
  /**
   * Runs a whole import (many batches, each its own transaction) as one bulk load: the database may defer upkeep that
   * does not change what is stored (SQLite copies its write-ahead log into the database file less often, and once at the end).
   */
  duringBulkLoad<T>(work: () => Promise<T>): Promise<T>;
  /** After a large load, so the planner knows the tables' new sizes (PostgreSQL plans by statistics). */
  refreshStatistics(db: Db): Promise<void>;
}
