import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateOrderDetector, readDateCell, resolveDateOrder, type DateSample } from '../../src/core/formats/date-order.js';
import { excelSerialToIso, formatNumericDate, isoToExcelSerial, parseDateWindow, type DateOrder } from '../../src/core/formats/dates.js';
import { readHashtagRow } from '../../src/core/formats/hxl-tags.js';
import { HxlIncidentMapping } from '../../src/core/formats/hxl.mapping.js';
import { mapGedRow } from '../../src/core/formats/ucdp-ged.mapping.js';
import { realFixture } from '../support/real-fixtures.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const csv = (name: string) => parse<Record<string, string>>(readFileSync(join(FIXTURES, name)), { columns: true, bom: true });

const day = fc.date({ min: new Date('1900-03-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const order = fc.constantFrom<DateOrder>('dmy', 'mdy');
const other = (o: DateOrder): DateOrder => (o === 'dmy' ? 'mdy' : 'dmy');
const dayOfMonth = (iso: string) => Number(iso.slice(8, 10));

function verdictOf(values: string[]) {
  const detector = new DateOrderDetector();
  values.forEach((value, i) => detector.observe({ row: i + 2, column: 'date_start', value }));
  return detector.verdict();
}

describe('numeric dates in either order', () => {
  it('a day written in an order reads back as the same day in that order, with or without a time', () => {
    fc.assert(
      fc.property(day, order, fc.constantFrom('', ' 0:00', ' 13:05', ' 1:05:00 PM'), fc.constantFrom('/', '.'), (iso, o, time, separator) => {
        expect(parseDateWindow(`${formatNumericDate(iso, o, separator)}${time}`, { order: o })).toEqual({ earliest: iso, latest: iso, precision: 'day' });
      }),
    );
  });

  it('a day above 12 read in the wrong order is no date, and the problem names the column and the order', () => {
    fc.assert(
      fc.property(
        day.filter((iso) => dayOfMonth(iso) > 12),
        order,
        (iso, o) => {
          const text = formatNumericDate(iso, o);
          expect(parseDateWindow(text, { order: other(o) })).toBeUndefined();
          const read = readDateCell('event_date', text, { order: other(o) });
          expect(read.issue?.path).toBe('event_date');
          expect(read.issue?.message).toContain(other(o) === 'dmy' ? 'day-first' : 'month-first');
        },
      ),
    );
  });

  it('ISO dates read the same whatever the order', () => {
    fc.assert(
      fc.property(day, order, (iso, o) => {
        expect(parseDateWindow(iso, { order: o })?.earliest).toBe(iso);
      }),
    );
  });
});

describe('deciding a file’s date order from its data', () => {
  it('dates written in one order are read in that order when any day is above 12, and asked about otherwise', () => {
    fc.assert(
      fc.property(fc.array(day, { minLength: 1, maxLength: 40 }), order, (days, o) => {
        const verdict = verdictOf(days.map((d) => formatNumericDate(d, o)));
        if (days.some((d) => dayOfMonth(d) > 12)) expect(verdict).toMatchObject({ kind: 'decided', order: o });
        else expect(verdict.kind).toBe('ambiguous');
      }),
    );
  });

  it('a file with a date only one order can read and a date only the other can read is refused, naming both rows', () => {
    fc.assert(
      fc.property(
        fc.array(day.filter((d) => dayOfMonth(d) > 12), { minLength: 2, maxLength: 10 }),
        fc.integer({ min: 0, max: 9 }),
        (days, at) => {
          const odd = at % days.length;
          const values = days.map((d, i) => formatNumericDate(d, i === odd ? 'mdy' : 'dmy'));
          const verdict = verdictOf(values);
          expect(verdict.kind).toBe('conflict');
          const resolved = resolveDateOrder(verdict, undefined);
          expect('issue' in resolved && resolved.issue.code).toBe('date_order_conflict');
          if ('issue' in resolved) expect(resolved.issue.message).toContain(`row ${odd + 2}`);
        },
      ),
    );
  });

  it('uses the order the user names only where the data cannot tell, and refuses one the data contradict', () => {
    const ambiguous = verdictOf(['3/4/2014', '1/2/2015']);
    expect(resolveDateOrder(ambiguous, 'mdy')).toEqual({ order: 'mdy' });
    const asked = resolveDateOrder(ambiguous, undefined);
    expect('issue' in asked && asked.issue).toMatchObject({ path: 'date_start', code: 'date_order_ambiguous' });
    if ('issue' in asked) expect(asked.issue.message).toContain('"3/4/2014" (row 2, date_start)');
    const decided = verdictOf(['3/4/2014', '6/30/2014']);
    expect(resolveDateOrder(decided, undefined)).toEqual({ order: 'mdy' });
    const contradicted = resolveDateOrder(decided, 'dmy');
    expect('issue' in contradicted && contradicted.issue.code).toBe('date_order_conflict');
    expect(resolveDateOrder(verdictOf(['2014-06-30', '41820']), undefined)).toEqual({ order: undefined });
  });

  it('ignores cells that are not numeric dates', () => {
    const samples: DateSample[] = ['2014-06-30', '', 'n/a', '30 June 2014'].map((value, i) => ({ row: i + 2, column: 'event_date', value }));
    const detector = new DateOrderDetector();
    samples.forEach((s) => detector.observe(s));
    expect(detector.verdict()).toEqual({ kind: 'none' });
  });
});

describe('Excel serial dates (1900 date system)', () => {
  it('a day and its serial convert both ways', () => {
    fc.assert(
      fc.property(day, (iso) => {
        expect(excelSerialToIso(isoToExcelSerial(iso))).toBe(iso);
      }),
    );
  });

  it('counts from 1 = 1900-01-01, and serial 60 is Excel’s 29 February 1900, which never was', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBeUndefined();
    expect(excelSerialToIso(61)).toBe('1900-03-01');
  });

  it('reads a five-digit serial, with or without a time fraction, as its day; a four-digit number stays a year', () => {
    fc.assert(
      fc.property(
        day.filter((iso) => iso >= '1927-05-18' && iso <= '2173-10-14'),
        fc.constantFrom('', '.5', '.5417', '.999'),
        (iso, fraction) => {
          expect(parseDateWindow(`${isoToExcelSerial(iso)}${fraction}`)).toEqual({ earliest: iso, latest: iso, precision: 'day' });
        },
      ),
    );
    expect(parseDateWindow('2014')).toMatchObject({ precision: 'year' });
    expect(readDateCell('date_start', '60').issue?.message).toContain('never was');
  });
});

describe('the GED mapping reads dates a spreadsheet rewrote', () => {
  const rows = csv('dates/ged-excel-us.csv');

  it('reads month-first dates with times into the same days GED wrote, naming GED’s columns when it cannot', () => {
    for (const row of rows) {
      const [m, d, y] = row.date_start!.split(' ')[0]!.split('/').map(Number) as [number, number, number];
      const mapped = mapGedRow(row, { order: 'mdy' });
      expect(mapped.issues).toEqual([]);
      expect(mapped.input.dateEarliest).toBe(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    }
    const dayFirst = rows.map((row) => mapGedRow(row, { order: 'dmy' }));
    const paths = new Set(dayFirst.flatMap((m) => m.issues.map((i) => i.path)));
    expect(paths.size).toBeGreaterThan(0);
    expect([...paths].every((p) => p === 'date_start' || p === 'date_end')).toBe(true);
  });

  it('an end before its start is named by date_end, never by Haven’s field', () => {
    const row = { ...rows[0]!, date_start: '2014-06-30', date_end: '2014-06-01' };
    const issues = mapGedRow(row).issues;
    expect(issues.map((i) => i.path)).toEqual(['date_end']);
    expect(issues[0]!.message).toContain('before date_start');
  });

  it('reads Excel serial dates', () => {
    for (const row of csv('dates/ged-excel-serial.csv')) {
      const mapped = mapGedRow(row);
      expect(mapped.issues).toEqual([]);
      expect(isoToExcelSerial(mapped.input.dateEarliest)).toBe(Math.trunc(Number(row.date_start)));
    }
  });
});

describe('HXL aggregate tables', () => {
  const mappingOf = (file: string) => {
    const rows: string[][] = parse(readFileSync(file), { relax_column_count: true, bom: true });
    const tagRow = rows.map((r) => readHashtagRow(r)).find((r) => r !== undefined);
    return tagRow && new HxlIncidentMapping(tagRow.columns, 'test');
  };

  it('a table of counts per area and month or year is an aggregate, and says which columns show it', () => {
    expect(mappingOf(join(FIXTURES, 'dates/hxl-aggregate.csv'))!.aggregateColumns().map((c) => c.spec)).toEqual(expect.arrayContaining(['#event+num', '#date+month']));
    expect(mappingOf(join(FIXTURES, 'dates/hxl-aggregate-yearly.csv'))!.aggregateColumns().map((c) => c.spec)).toEqual(expect.arrayContaining(['#date+year', '#affected+killed']));
  });

  it('incident-level HXL files are not aggregates', () => {
    expect(mappingOf(join(FIXTURES, 'hxl-incidents.csv'))!.aggregateColumns()).toEqual([]);
    const folder = realFixture('hxl');
    for (const name of readdirSync(folder).filter((n) => /\.(csv|tsv)$/.test(n))) {
      const text = readFileSync(join(folder, name), 'latin1');
      const rows: string[][] = parse(text, { relax_column_count: true, relax_quotes: true, to_line: 30, delimiter: name.endsWith('.tsv') ? '\t' : ',' });
      const tagRow = rows.map((r) => readHashtagRow(r)).find((r) => r !== undefined);
      if (tagRow) expect(new HxlIncidentMapping(tagRow.columns, 'test').aggregateColumns(), name).toEqual([]);
    }
  });
});
