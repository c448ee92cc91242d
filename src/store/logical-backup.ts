import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import { TABLES_IN_ORDER, type DatabaseKind, type Db } from './database.js';
import { PRIVATE_FILE_MODE } from '../infrastructure/private-files.js';

/**
 * A portable, consistent backup: every table read inside one snapshot transaction and written as gzipped JSON lines
 * (a header, then one line per row). The same file restores into SQLite or PostgreSQL, so it also moves a field
 * team's register to headquarters.
 */
export const BACKUP_FORMAT = 'haven-backup';
export const BACKUP_FORMAT_VERSION = 1;

interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  sourceDatabase: DatabaseKind;
  migrations: string[];
  rowCounts: Record<string, number>;
}

export type ProgressListener = (done: number, total: number) => void;

type Row = Record<string, unknown>;
type Table = (typeof TABLES_IN_ORDER)[number];
// Columns the database computes itself and that an insert must not name.
const COMPUTED_COLUMNS: Partial<Record<Table, string[]>> = { incidents: ['geom'], protected_sites: ['extent', 'geom'] };

async function appliedMigrations(db: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

export async function writeBackup(db: Db, kind: DatabaseKind, file: string, now: Date, onProgress?: ProgressListener): Promise<BackupHeader> {
  const partial = `${file}.partial`;
  let header: BackupHeader | undefined;
  const trx = db.transaction();
  await (kind === 'postgres' ? trx.setIsolationLevel('repeatable read') : trx).execute(async (snapshot) => {
    const rowCounts: Record<string, number> = {};
    for (const table of TABLES_IN_ORDER) {
      const row = await snapshot.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      rowCounts[table] = Number(row.n);
    }
    header = { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, createdAt: now.toISOString(), sourceDatabase: kind, migrations: await appliedMigrations(snapshot), rowCounts };
    const total = Object.values(rowCounts).reduce((a, b) => a + b, 0);
    const snapshotHeader = header;
    async function* lines() {
      yield `${JSON.stringify(snapshotHeader)}\n`;
      let done = 0;
      for (const table of TABLES_IN_ORDER) {
        for await (const row of snapshot.selectFrom(table).selectAll().stream(1000)) {
          const clean: Row = { ...row };
          for (const column of COMPUTED_COLUMNS[table] ?? []) delete clean[column];
          yield `${JSON.stringify({ t: table, r: clean })}\n`;
          if (++done % 1000 === 0) onProgress?.(done, total);
        }
      }
      onProgress?.(done, total);
    }
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial, { mode: PRIVATE_FILE_MODE }));
  });
  // Only a complete file takes the final name: a crash leaves a .partial, never a truncated backup.
  await rename(partial, file).catch(async (error: unknown) => {
    await rm(partial, { force: true });
    throw error;
  });
  return header!;
}

export class BackupFormatError extends Error {}

export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const reader = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  try {
    for await (const line of reader) return parseHeader(line);
    throw new BackupFormatError(`${file} is empty`);
  } catch (error) {
    if (error instanceof BackupFormatError) throw error;
    throw new BackupFormatError(`${file} is not a Haven backup (${(error as Error).message})`);
  } finally {
    reader.close();
  }
}

function parseHeader(line: string): BackupHeader {
  const header = JSON.parse(line) as Partial<BackupHeader>;
  if (header.format !== BACKUP_FORMAT || header.formatVersion !== BACKUP_FORMAT_VERSION || !header.rowCounts || !header.migrations) {
    throw new BackupFormatError('the first line is not a Haven backup header');
  }
  return header as BackupHeader;
}

/**
 * Replace everything in the database with the backup's contents, in one transaction: a restore that fails for any
 * reason leaves the database as it was. The backup must come from the same schema version.
 */
export async function restoreBackup(db: Db, kind: DatabaseKind, file: string, onProgress?: ProgressListener): Promise<BackupHeader> {
  let header: BackupHeader | undefined;
  await db.transaction().execute(async (trx) => {
    const ours = await appliedMigrations(trx);
    for (const table of [...TABLES_IN_ORDER].reverse()) await trx.deleteFrom(table).execute();
    // Opened right before the loop: readline drops lines emitted before iteration starts.
    const reader = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    let pending: { table: Table; rows: Row[] } | undefined;
    const counts: Record<string, number> = {};
    let done = 0;
    const flush = async () => {
      if (pending?.rows.length) await trx.insertInto(pending.table).values(pending.rows).execute();
      pending = undefined;
    };
    for await (const line of reader) {
      if (!header) {
        header = parseHeader(line);
        if (header.migrations.join() !== ours.join()) {
          throw new BackupFormatError(`the backup has schema ${header.migrations.at(-1)}, this database ${ours.at(-1)}; use the Haven version that made it`);
        }
        continue;
      }
      if (!line) continue;
      const { t, r } = JSON.parse(line) as { t: Table; r: Row };
      if (!TABLES_IN_ORDER.includes(t)) throw new BackupFormatError(`unknown table ${t} in backup`);
      if (pending && (pending.table !== t || pending.rows.length >= 200)) await flush();
      pending ??= { table: t, rows: [] };
      pending.rows.push(r);
      counts[t] = (counts[t] ?? 0) + 1;
      if (++done % 1000 === 0) onProgress?.(done, total(header));
    }
    await flush();
    if (!header) throw new BackupFormatError(`${file} is empty`);
    for (const table of TABLES_IN_ORDER) {
      if ((counts[table] ?? 0) !== header.rowCounts[table]) {
        throw new BackupFormatError(`the backup is incomplete: ${table} has ${counts[table] ?? 0} rows, its header says ${header.rowCounts[table]}`);
      }
    }
    if (kind === 'sqlite') {
      // The spatial index is derived data: rebuilt from the restored incidents, not carried in the backup.
      await sql`delete from incident_rtree`.execute(trx);
      await sql`insert into incident_rtree select seq, lon, lon, lat, lat from incidents`.execute(trx);
      await sql`delete from site_rtree`.execute(trx);
      await sql`insert into site_rtree select seq, min_lon, max_lon, min_lat, max_lat from protected_sites`.execute(trx);
    }
    if (kind === 'postgres') {
      // Identity columns must continue after the restored ids.
      for (const [table, column] of [['incidents', 'seq'], ['verification_events', 'id'], ['audit_log', 'id'], ['protected_sites', 'seq']] as const) {
        await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
      }
    }
    onProgress?.(done, total(header));
  });
  return header!;
}

const total = (header: BackupHeader) => Object.values(header.rowCounts).reduce((a, b) => a + b, 0);
