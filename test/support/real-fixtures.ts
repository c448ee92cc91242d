import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/**
 * A committed subset of a real public data set, under `test/fixtures/real/<source>/`. README.md there names each file's
 * source, citation, licence and how it was cut; `npm test` needs nothing beside the checkout.
 */
export function realFixture(relative: string): string {
  const file = fileURLToPath(new URL(`real/${relative}`, FIXTURES));
  if (!existsSync(file)) throw new Error(`no real-data fixture ${relative} at ${file}: see test/fixtures/real/README.md for the committed files`);
  return file;
}

/**
 * An ACLED-shaped file of invented events (ACLED's terms forbid redistributing its rows): the current export's header,
 * date format and quirks, written by `test/fixtures/acled-lookalike/make-lookalike.ts`.
 */
export const ACLED_LOOKALIKE = fileURLToPath(new URL('acled-lookalike/acled_current_lookalike.csv', FIXTURES));
