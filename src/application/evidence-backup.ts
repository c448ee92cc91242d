import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { SHA256_PATTERN } from '../core/evidence/evidence.js';
import type { EvidenceArea, EvidenceStore } from '../infrastructure/evidence-store.js';
import { BackupFormatError } from '../store/logical-backup.js';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../infrastructure/private-files.js';

/**
 * Evidence files in a backup: the database backup holds the evidence rows; the files themselves go in a sidecar
 * directory beside it, `<backup>.evidence/`, laid out like the evidence store (originals/ab/cd/<sha256>,
 * working/ab/cd/<sha256>). Media do not compress, the files stay checkable with any sha256sum, and a restore checks
 * every file against its recorded hash before it changes anything.
 */
export const evidenceSidecarOf = (backupFile: string): string => `${backupFile}.evidence`;

interface StoredFile {
  area: EvidenceArea;
  sha256: string;
}

const sidecarPath = (root: string, file: StoredFile) => join(root, file.area, file.sha256.slice(0, 2), file.sha256.slice(2, 4), file.sha256);

/** The files the evidence rows of a backup refer to, read back from the backup itself (the snapshot that was taken). */
async function filesInBackup(backupFile: string): Promise<StoredFile[]> {
  const files = new Map<string, StoredFile>();
  const reader = createInterface({ input: createReadStream(backupFile).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of reader) {
    if (!line.startsWith('{"t":"evidence_items"')) continue;
    const { r } = JSON.parse(line) as { r: { sha256: string; working_sha256: string | null } };
    for (const [area, sha256] of [['originals', r.sha256], ['working', r.working_sha256]] as const) {
      if (!sha256) continue;
      if (!SHA256_PATTERN.test(sha256)) throw new BackupFormatError(`the backup names an evidence file that is not a SHA-256: ${sha256.slice(0, 80)}`);
      files.set(`${area}/${sha256}`, { area, sha256 });
    }
  }
  return [...files.values()];
}

async function copyHashing(from: NodeJS.ReadableStream, to: string): Promise<string> {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  await makePrivateDir(dirname(to));
  await pipeline(from, tap, createWriteStream(to, { mode: PRIVATE_FILE_MODE }));
  return hash.digest('hex');
}

export interface EvidenceBackupResult {
  files: number;
  /** Files that did not match their recorded hash when they were backed up (run `haven evidence verify`). */
  mismatched: string[];
}

/** Copy every evidence file the backup's rows refer to into its sidecar directory. */
export async function backupEvidenceFiles(store: EvidenceStore, backupFile: string): Promise<EvidenceBackupResult> {
  const files = await filesInBackup(backupFile);
  const sidecar = evidenceSidecarOf(backupFile);
  await rm(sidecar, { recursive: true, force: true });
  if (!files.length) return { files: 0, mismatched: [] };
  const partial = `${sidecar}.partial`;
  await rm(partial, { recursive: true, force: true });
  const mismatched: string[] = [];
  for (const file of files) {
    if (!(await store.exists(file.area, file.sha256))) {
      mismatched.push(`${file.area}/${file.sha256} (missing)`);
      continue;
    }
    const actual = await copyHashing(store.open(file.area, file.sha256), sidecarPath(partial, file));
    if (actual !== file.sha256) mismatched.push(`${file.area}/${file.sha256} (altered)`);
  }
  await rename(partial, sidecar);
  return { files: files.length, mismatched };
}

/**
 * Before a restore: check every evidence file the backup refers to is in its sidecar with the right hash, and put
 * them into the evidence store (content-addressed, so files already there are kept and nothing is overwritten).
 */
export async function restoreEvidenceFiles(store: EvidenceStore, backupFile: string): Promise<number> {
  const files = await filesInBackup(backupFile);
  if (!files.length) return 0;
  const sidecar = evidenceSidecarOf(backupFile);
  if (!existsSync(sidecar)) throw new BackupFormatError(`the backup refers to ${files.length} evidence files, but their directory ${sidecar} is not beside it`);
  for (const file of files) {
    const path = sidecarPath(sidecar, file);
    if (!existsSync(path)) throw new BackupFormatError(`evidence file ${file.area}/${file.sha256} is missing from ${sidecar}`);
  }
  for (const file of files) {
    const scratch = await store.scratchDir();
    try {
      const copy = join(scratch, 'restore');
      const actual = await copyHashing(createReadStream(sidecarPath(sidecar, file)), copy);
      if (actual !== file.sha256) throw new BackupFormatError(`evidence file ${file.area}/${file.sha256} in ${sidecar} does not match its hash (it is ${actual})`);
      await store.put(file.area, file.sha256, copy);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  return files.length;
}
