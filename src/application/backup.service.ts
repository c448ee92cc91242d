import { readBackupHeader, restoreBackup, writeBackup, type ProgressListener } from '../store/logical-backup.js';
import type { Actor, AppContext } from './app-context.js';
import { backupEvidenceFiles, restoreEvidenceFiles } from './evidence-backup.js';

/** A consistent online backup: the server may keep running and writing while it is taken. */
export async function backupDatabase(ctx: AppContext, file: string, onProgress?: ProgressListener) {
  const { db, kind } = ctx.store.connection;
  const header = await writeBackup(db, kind, file, ctx.now(), onProgress);
  // The evidence files go beside the backup, in <file>.evidence/ (see evidence-backup.ts).
  const evidence = await backupEvidenceFiles(ctx.evidence, file);
  return Object.assign(header, { evidence });
}

/** Replace the whole database with a backup, atomically, and record who did it in the restored audit log. */
export async function restoreDatabase(ctx: AppContext, actor: Actor, file: string, onProgress?: ProgressListener) {
  const header = await readBackupHeader(file);
  const { db, kind } = ctx.store.connection;
  // Evidence files first, each checked against its hash: a backup with a missing or altered file changes nothing.
  await restoreEvidenceFiles(ctx.evidence, file);
  await restoreBackup(db, kind, file, onProgress);
  await ctx.store.audit.append(db, {
    at: ctx.now().toISOString(),
    userId: null,
    action: 'system.restore',
    entityType: 'database',
    entityId: kind,
    changes: { restoredFrom: { before: null, after: { file, createdAt: header.createdAt, by: actor.username } } },
  });
  return header;
}
