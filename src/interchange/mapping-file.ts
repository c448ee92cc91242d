import { readFile } from 'node:fs/promises';
import { parseInput } from '../application/validation.js';
import { DomainError } from '../core/errors.js';
import { columnMappingSchema, type ColumnMapping } from '../core/formats/column-mapping.js';

/** A column-mapping preset from a JSON file (as docs/examples/mappings/who-ssa.json), validated. */
export async function readMappingFile(path: string): Promise<ColumnMapping> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const message = `the mapping file ${path} is not readable JSON: ${error instanceof Error ? error.message : String(error)}`;
    throw new DomainError('validation_failed', message, [{ path: 'mapping', code: 'unreadable_file', message }]);
  }
  return parseInput(columnMappingSchema, value, `the mapping in ${path}`);
}
