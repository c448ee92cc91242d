/**
 * Statements an import sends per row, counted at the driver (better-sqlite3's statements, pg's queries), for an
 * in-process import of a GED-shaped file: `tsx bench/import-statements.ts <database url> <file> [batch size]`.
 */
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { createAppContext } from '../src/composition/app-context.js';
import { importRecords } from '../src/application/import-records.service.js';
import { openRecordSource } from '../src/interchange/record-source.js';
import { openStore } from '../src/store/store.js';

export interface StatementCount {
  rows: number;
  ms: number;
  statements: number;
  statementsPerRow: number;
  byKind: Record<string, number>;
  /** PostgreSQL: milliseconds from sending each kind of statement to its answer, summed. */
  msByKind: Record<string, number>;
}

/** Counts every statement either driver runs while `work` runs; returns the counts by leading keyword and table. */
export async function countStatements<T>(work: () => Promise<T>): Promise<{ result: T; byKind: Record<string, number>; msByKind: Record<string, number> }> {
  const byKind: Record<string, number> = {};
  const msByKind: Record<string, number> = {};
  const note = (text: string): string => {
    const words = text.trim().toLowerCase().replace(/\s+/g, ' ').split(' ');
    const verb = words[0] ?? '?';
    const table = verb === 'insert' ? words[2] : verb === 'select' ? (words[words.indexOf('from') + 1] ?? '') : verb === 'update' || verb === 'delete' ? words[verb === 'delete' ? 2 : 1] : '';
    const key = `${verb} ${(table ?? '').replace(/"/g, '')}`.trim();
    byKind[key] = (byKind[key] ?? 0) + 1;
    return key;
  };
  const probe = new Sqlite(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown> & { source: string };
  probe.close();
  const restore: (() => void)[] = [];
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = statementProto[method]!;
    statementProto[method] = function (this: { source: string }, ...args: unknown[]) {
      note(this.source);
      return original.apply(this, args);
    };
    restore.push(() => (statementProto[method] = original));
  }
  const sqliteProto = Sqlite.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const exec = sqliteProto.exec!;
  sqliteProto.exec = function (this: unknown, ...args: unknown[]) {
    note(String(args[0]));
    return exec.apply(this, args);
  };
  restore.push(() => (sqliteProto.exec = exec));
  const clientProto = pg.Client.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const query = clientProto.query!;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const key = note(typeof first === 'string' ? first : (first?.text ?? 'other'));
    const sent = performance.now();
    const answer = query.apply(this, args);
    if (answer instanceof Promise) void answer.finally(() => (msByKind[key] = Math.round((msByKind[key] ?? 0) + performance.now() - sent))).catch(() => undefined);
    return answer;
  };
  restore.push(() => (clientProto.query = query));
  try {
    return { result: await work(), byKind, msByKind };
  } finally {
    for (const undo of restore) undo();
  }
}

export async function importAndCount(url: string, file: string, batchSize?: number): Promise<StatementCount> {
  const store = await openStore(url);
  try {
    const ctx = createAppContext(store);
    const actor = { id: 'bench', username: 'bench', role: 'administrator' as const };
    const started = performance.now();
    const { result, byKind, msByKind } = await countStatements(async () => importRecords(ctx, actor, (await openRecordSource(file)).records, batchSize ? { batchSize } : {}));
    const ms = performance.now() - started;
    const statements = Object.values(byKind).reduce((a, b) => a + b, 0);
    return { rows: result.rows, ms: Math.round(ms), statements, statementsPerRow: Math.round((statements / result.rows) * 100) / 100, byKind, msByKind };
  } finally {
    await store.connection.close();
  }
}

if (process.argv[1]?.endsWith('import-statements.ts')) {
  console.log(JSON.stringify(await importAndCount(process.argv[2]!, process.argv[3]!, process.argv[4] ? Number(process.argv[4]) : undefined), null, 2));
}
