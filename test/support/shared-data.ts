import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Real data sets for tests live beside the project in `../shared/data` (CI has the same layout) and are never
 * copied into the repository. `HAVEN_SHARED_DATA` points elsewhere when the checkout lives somewhere else.
 */
export function sharedDataFile(relative: string): string {
  const root = process.env.HAVEN_SHARED_DATA ?? resolve(new URL('../../', import.meta.url).pathname, '..', 'shared', 'data');
  const file = resolve(root, relative);
  if (!existsSync(file)) {
    throw new Error(`test data ${relative} not found at ${file}: the tests read the shared data sets from ../shared/data beside the project; set HAVEN_SHARED_DATA to their folder`);
  }
  return file;
}
