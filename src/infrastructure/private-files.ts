import { closeSync, mkdirSync, openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';

/**
 * Haven's files are its own: the database, keys, evidence and backups hold names, decisions and what may go before a
 * court, so nobody else on the machine may read them, whatever the umask. Modes are given when a file or directory
 * is created (existing ones are left as the operator set them).
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** A preserved evidence file: read-only, and only for Haven's own user. */
export const PRESERVED_FILE_MODE = 0o400;

/** `mkdir -p` whose every new directory is 0700. */
export function makePrivateDirSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Creates `file` empty and 0600 unless it exists, so whatever is written into it later is private from the start. */
export function createPrivateFileSync(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
