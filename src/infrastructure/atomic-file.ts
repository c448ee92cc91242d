import { closeSync, fsyncSync, linkSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { makePrivateDirSync } from './private-files.js';

/**
 * Create `file` with `content` unless it exists, so that a crash at any moment leaves either no file or the whole one:
 * written and flushed under a temporary name first, then linked into place (a link fails if the name is taken, so a
 * file another process created first wins). Writing the name directly could leave an empty key file after a kill,
 * and the server would refuse to start. Returns false if the file already existed.
 */
export function createFileAtomically(file: string, content: string, mode: number): boolean {
  makePrivateDirSync(dirname(file));
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(temporary, 'wx', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}
