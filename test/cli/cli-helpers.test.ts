/**
 * The command line's shared builders: options derived from a query schema, and the one printer of rejected rows.
 */
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { addSchemaOptions } from '../../src/cli/schema-options.js';
import { printRejections } from '../../src/cli/rejections.js';
import { rejectedRowsOf } from '../../src/core/rejected-row.schema.js';

const querySchema = z.object({
  minDeaths: z.coerce.number().optional().describe('at least this many killed'),
  includeLapsed: z.boolean().optional().describe('also the lapsed ones'),
  limit: z.coerce.number().default(50).describe('page size'),
  siteId: z.string().optional(),
});

describe('addSchemaOptions', () => {
  it('adds --kebab-case options with the schema descriptions and defaults, leaving out keys marked false', () => {
    const command = addSchemaOptions(new Command('list').exitOverride(), querySchema, {
      minDeaths: { value: '<n>' },
      includeLapsed: {},
      limit: { value: '<n>', default: '50' },
      siteId: false,
    });
    expect(command.options.map((o) => [o.flags, o.description, o.defaultValue])).toEqual([
      ['--min-deaths <n>', 'at least this many killed', undefined],
      ['--include-lapsed', 'also the lapsed ones', undefined],
      ['--limit <n>', 'page size', '50'],
    ]);
    command.parse(['--min-deaths', '3', '--include-lapsed'], { from: 'user' });
    expect(command.opts()).toEqual({ minDeaths: '3', includeLapsed: true, limit: '50' });
  });

  it('refuses a key the schema does not describe', () => {
    expect(() => addSchemaOptions(new Command('list'), querySchema, { minDeaths: false, includeLapsed: false, limit: false, siteId: { value: '<id>' } })).toThrow(
      'the query schema does not describe siteId',
    );
  });
});

describe('printRejections', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints one line per row with every issue, the first ten rows, and where the rest are', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    // Row 3 has two issues, met apart; twelve rows in all.
    const issues = [
      { row: 3, field: 'Lat', message: 'the latitude is missing' },
      { row: 4, field: 'Name', message: 'required' },
      { row: 3, field: 'Lon', message: 'the longitude is missing' },
      ...Array.from({ length: 10 }, (_, i) => ({ row: 10 + i, field: 'Name', message: 'required' })),
    ];
    const rows = rejectedRowsOf(issues);
    expect(rows).toHaveLength(12);
    printRejections(rows, 12, '--json lists them all');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('  row 3: Lat: the latitude is missing; Lon: the longitude is missing');
    expect(lines[1]).toBe('  row 4: Name: required');
    expect(lines[9]).toBe('  row 17: Name: required');
    expect(lines[10]).toBe('  … and 2 more (--json lists them all)');
  });

  it('prints no count of more when every rejected row was shown', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    printRejections([{ rowNumber: 2, issues: [{ path: 'date', message: 'must be a date' }] }], 1, 'use --rejections <file> for all');
    expect(lines).toEqual(['  row 2: date: must be a date']);
  });
});
