import { createReadStream, type ReadStream } from 'node:fs';
import { chmod, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SHA256_PATTERN } from '../core/evidence/evidence.js';
import { makePrivateDir, PRESERVED_FILE_MODE } from './private-files.js';

/** Originals are preserved as received; working copies (metadata stripped) are kept apart from them. */
export type EvidenceArea = 'originals' | 'working';

/**
 * Where evidence files live, content-addressed by SHA-256: a file's name is its hash, so the same bytes are stored once
 * and a name can never be a path. Disk today; object storage can implement the same interface.
 */
export interface EvidenceStore {
  /** A new empty directory on the store's own file system, for an upload in progress (removed by the caller). */
  scratchDir(): Promise<string>;
  /** Takes a finished file in under its hash, read-only for Haven's user alone; if the hash is already stored, the file is discarded. */
  put(area: EvidenceArea, sha256: string, sourceFile: string): Promise<void>;
  open(area: EvidenceArea, sha256: string): ReadStream;
  stat(area: EvidenceArea, sha256: string): Promise<{ size: number } | undefined>;
  exists(area: EvidenceArea, sha256: string): Promise<boolean>;
}

export const DEFAULT_EVIDENCE_DIR = 'data/evidence';

export class FileEvidenceStore implements EvidenceStore {
  constructor(readonly root: string) {}

  /** originals/ab/cd/abcd…: two levels of fan-out keep directories small. */
  pathOf(area: EvidenceArea, sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
    return join(this.root, area, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async scratchDir(): Promise<string> {
    const tmp = join(this.root, 'tmp');
    await makePrivateDir(tmp);
    return mkdtemp(join(tmp, 'upload-'));
  }

  async put(area: EvidenceArea, sha256: string, sourceFile: string): Promise<void> {
    const target = this.pathOf(area, sha256);
    if (await this.exists(area, sha256)) {
      await rm(sourceFile, { force: true });
      return;
    }
    await makePrivateDir(join(target, '..'));
    await chmod(sourceFile, PRESERVED_FILE_MODE);
    await rename(sourceFile, target);
  }

  open(area: EvidenceArea, sha256: string): ReadStream {
    return createReadStream(this.pathOf(area, sha256));
  }

  async stat(area: EvidenceArea, sha256: string): Promise<{ size: number } | undefined> {
    try {
      const s = await stat(this.pathOf(area, sha256));
      return s.isFile() ? { size: s.size } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async exists(area: EvidenceArea, sha256: string): Promise<boolean> {
    return (await this.stat(area, sha256)) !== undefined;
  }
}
