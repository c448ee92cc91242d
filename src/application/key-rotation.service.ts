import { existsSync } from 'node:fs';
import { newMasterKey, sealRecord, staticKeyring, type MasterKey, type MasterKeyring } from '../store/sensitive-envelope.js';
import type { Actor, AppContext } from './app-context.js';
import { readKeyFile, writeKeyFile, type MasterKeySource } from './master-keys.js';

export interface RotationProgress {
  done: number;
  total: number;
}

export interface RotationReport {
  /** The master key every data key is now wrapped with. */
  keyId: string;
  /** Keys no longer needed once the rotation finished (removed from the key file; drop them from the environment). */
  retiredKeyIds: string[];
  /** True when an interrupted rotation was picked up where it stopped. */
  resumed: boolean;
  rewrapped: number;
  /** Rows stored before encryption existed, sealed on the way. */
  sealed: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Re-wrap every data key with the keyring's current master key, a batch per transaction. Each row records the key
 * that wraps it, so an interrupted run simply continues: what is already re-wrapped is no longer selected. The
 * records themselves are not decrypted or re-encrypted (except rows from before encryption, which are sealed).
 */
export async function rewrapDataKeys(
  ctx: AppContext,
  keyring: MasterKeyring,
  options: { batchSize?: number; onProgress?: (p: RotationProgress) => void } = {},
): Promise<{ rewrapped: number; sealed: number }> {
  const { db } = ctx.store.connection;
  const keys = ctx.store.sensitiveKeys;
  const target: MasterKey = keyring.current;
  const seal = (plaintext: string, context: string) => sealRecord(plaintext, context, target);
  const batchSize = options.batchSize ?? 500;
  let total = await keys.countNotWrappedBy(db, target.id);
  let rewrapped = 0;
  let sealed = 0;
  options.onProgress?.({ done: 0, total });
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const rows = await keys.rowsNotWrappedBy(trx, target.id, batchSize);
      for (const row of rows) {
        if (await keys.rewrap(trx, row, keyring, target, seal)) {
          if (row.keyId === null) sealed++;
          else rewrapped++;
        }
      }
      return rows.length;
    });
    if (batch === 0) break;
    // Records a running server wrote with the old key meanwhile join the total.
    total = Math.max(total, rewrapped + sealed);
    options.onProgress?.({ done: rewrapped + sealed, total });
  }
  // Superseded versions and conflicts keep sensitive values sealed the same way: their data keys are re-wrapped too.
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const rows = await keys.historyRowsNotWrappedBy(trx, target.id, batchSize);
      for (const row of rows) if (await keys.rewrapHistory(trx, row, keyring, target)) rewrapped++;
      return rows.length;
    });
    if (batch === 0) break;
    total = Math.max(total, rewrapped + sealed);
    options.onProgress?.({ done: rewrapped + sealed, total });
  }
  // Second factors' secrets are sealed with the same master keys: retiring a key must not lock anyone out.
  rewrapped += await db.transaction().execute((trx) => ctx.store.totp.resealAll(trx, keyring, target));
  // So are the bases kept per sync peer (src/store/sync.repository.ts).
  rewrapped += await db.transaction().execute((trx) => ctx.store.sync.resealAll(trx, keyring, target));
  return { rewrapped, sealed };
}

/**
 * `haven keys rotate`. With a key file: a new master key goes first in the file, the old ones stay after it (so a
 * running server keeps reading everything and starts wrapping with the new key), every data key is re-wrapped, and
 * the file is rewritten with the new key alone. A file that already holds several keys is an interrupted rotation:
 * it is resumed, not started again. With HAVEN_MASTER_KEY the operator puts the new key first in the list; this
 * re-wraps to it and says which keys may then be dropped.
 */
export async function rotateMasterKeys(
  ctx: AppContext,
  actor: Actor,
  source: MasterKeySource,
  options: { batchSize?: number; onProgress?: (p: RotationProgress) => void; graceMs?: number } = {},
): Promise<RotationReport> {
  let keys: MasterKey[];
  let resumed = false;
  if (source.kind === 'file') {
    const existing = existsSync(source.file) ? readKeyFile(source.file) : [];
    resumed = existing.length > 1;
    keys = resumed ? existing : [newMasterKey(), ...existing];
    if (!resumed) writeKeyFile(source.file, keys);
    // A running server checks its key file at most once a second before wrapping: give it time to see the new key.
    await sleep(options.graceMs ?? 1500);
  } else {
    keys = source.keys;
  }
  const keyring = staticKeyring(keys);
  const sqlite = ctx.store.connection.sqlite;
  // SQLite keeps overwritten bytes in free space and in its write-ahead log: zero them while rows from before
  // encryption are sealed, and fold the log back, so no plaintext survives in the file.
  const secureDelete = sqlite?.pragma('secure_delete', { simple: true }) as number | undefined;
  sqlite?.pragma('secure_delete = ON');
  let rewrapped: number;
  let sealed: number;
  try {
    ({ rewrapped, sealed } = await rewrapDataKeys(ctx, keyring, options));
  } finally {
    if (sqlite && secureDelete !== undefined) sqlite.pragma(`secure_delete = ${secureDelete ? 'ON' : 'OFF'}`);
  }
  if (sealed > 0) sqlite?.pragma('wal_checkpoint(TRUNCATE)');
  const retiredKeyIds = keys.slice(1).map((k) => k.id);
  if (source.kind === 'file') writeKeyFile(source.file, [keyring.current]);
  await ctx.store.audit.append(ctx.store.connection.db, {
    at: ctx.now().toISOString(),
    userId: actor.id,
    action: 'keys.rotate',
    entityType: 'master_key',
    entityId: keyring.current.id,
    changes: { retiredKeyIds: { before: retiredKeyIds, after: [] }, rewrapped: { before: null, after: rewrapped }, sealed: { before: null, after: sealed } },
  });
  return { keyId: keyring.current.id, retiredKeyIds, resumed, rewrapped, sealed };
}
