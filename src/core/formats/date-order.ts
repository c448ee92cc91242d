import type { FieldIssue } from '../errors.js';
import { numericDateParts, parseDateWindow, type DateOrder, type DateReadOptions, type DateWindow } from './dates.js';
import { columnIssue } from './mapped-record.js';

/**
 * Which order a file writes its numeric dates in, decided by the file's own data. A date whose first number is above
 * 12 can only be day-first (`30/06/2014`); one whose second number is above 12 can only be month-first (`6/30/2014`,
 * as Excel writes dates in a US locale). A file with both kinds mixes two orders and is refused; a file whose numeric
 * dates all fit either order (`03/04/2014`) cannot be read without being told which.
 */

/** One cell of a date column: where it is (the row a spreadsheet shows, the file's own column name) and what it says. */
export interface DateSample {
  row: number;
  column: string;
  value: string;
}

export type DateOrderVerdict =
  /** No numeric dates (all ISO, Excel serials or written-out months): the order does not matter. */
  | { kind: 'none' }
  | { kind: 'decided'; order: DateOrder; evidence: DateSample }
  | { kind: 'ambiguous'; samples: DateSample[] }
  | { kind: 'conflict'; dayFirst: DateSample; monthFirst: DateSample };

/** What one value says about the order: only day-first, only month-first, either, or nothing (not a numeric date). */
export function orderEvidenceOf(value: string): DateOrder | 'either' | undefined {
  const parts = numericDateParts(value);
  if (!parts) return undefined;
  const [first, second] = parts;
  if (first > 12 && second <= 12) return 'dmy';
  if (second > 12 && first <= 12) return 'mdy';
  if (first <= 12 && second <= 12) return 'either';
  return undefined; // 31/31/2014 fits no order; the row is rejected when it is read
}

const AMBIGUOUS_SAMPLES_KEPT = 3;

/** Watches the date cells of a file, row by row, and says what they show about the order. */
export class DateOrderDetector {
  private dayFirst: DateSample | undefined;
  private monthFirst: DateSample | undefined;
  private readonly ambiguous: DateSample[] = [];

  observe(sample: DateSample): void {
    const evidence = orderEvidenceOf(sample.value);
    if (evidence === 'dmy') this.dayFirst ??= sample;
    else if (evidence === 'mdy') this.monthFirst ??= sample;
    else if (evidence === 'either' && this.ambiguous.length < AMBIGUOUS_SAMPLES_KEPT && !this.ambiguous.some((s) => s.value === sample.value)) this.ambiguous.push(sample);
  }

  /** True once more rows cannot change what is known enough to read the file (decided, or in conflict). */
  get settled(): boolean {
    return this.dayFirst !== undefined || this.monthFirst !== undefined;
  }

  verdict(): DateOrderVerdict {
    if (this.dayFirst && this.monthFirst) return { kind: 'conflict', dayFirst: this.dayFirst, monthFirst: this.monthFirst };
    if (this.dayFirst) return { kind: 'decided', order: 'dmy', evidence: this.dayFirst };
    if (this.monthFirst) return { kind: 'decided', order: 'mdy', evidence: this.monthFirst };
    if (this.ambiguous.length) return { kind: 'ambiguous', samples: [...this.ambiguous] };
    return { kind: 'none' };
  }
}

export const ORDER_NAMES: Record<DateOrder, string> = { dmy: 'day-first (dmy)', mdy: 'month-first (mdy)' };

const cite = (s: DateSample) => `"${s.value}" (row ${s.row}, ${s.column})`;

/**
 * The order to read the file with, or why the file cannot be read: the data decide when they can; the order the
 * user names is used only where they cannot, and is refused where it contradicts them.
 */
export function resolveDateOrder(verdict: DateOrderVerdict, requested: DateOrder | undefined): { order: DateOrder | undefined } | { issue: FieldIssue } {
  switch (verdict.kind) {
    case 'none':
      return { order: requested };
    case 'conflict': {
      const message =
        `the file mixes two date orders: ${cite(verdict.dayFirst)} can only be day-first and ${cite(verdict.monthFirst)} ` +
        'can only be month-first; correct the file so that one order is used throughout';
      return { issue: { path: verdict.dayFirst.column, code: 'date_order_conflict', message } };
    }
    case 'decided': {
      if (requested && requested !== verdict.order) {
        const message = `the file's dates are ${ORDER_NAMES[verdict.order]}, not ${ORDER_NAMES[requested]}: ${cite(verdict.evidence)} can only be read ${ORDER_NAMES[verdict.order]}`;
        return { issue: { path: verdict.evidence.column, code: 'date_order_conflict', message } };
      }
      return { order: verdict.order };
    }
    case 'ambiguous': {
      if (requested) return { order: requested };
      const message =
        `cannot tell whether the dates are day-first or month-first: no date in the file has a day above 12, e.g. ${verdict.samples.map(cite).join(', ')}; ` +
        'say which order the file uses: dmy (day first) or mdy (month first)';
      return { issue: { path: verdict.samples[0]!.column, code: 'date_order_ambiguous', message } };
    }
  }
}

/**
 * A date cell read in the file's order, or the problem with it named by the file's own column. A numeric date that
 * fits no day in that order (`6/30/2014` read day-first) says which order it was read in.
 */
export function readDateCell(column: string, text: string, options: DateReadOptions = {}): { window: DateWindow; issue?: undefined } | { window?: undefined; issue: FieldIssue } {
  const window = parseDateWindow(text, options);
  if (window) return { window };
  const value = text.trim();
  if (value === '') return { issue: columnIssue(column, 'is empty; a date is needed') };
  if (numericDateParts(value)) {
    const order = options.order ?? 'dmy';
    return { issue: columnIssue(column, `"${value}" is not a date read ${ORDER_NAMES[order]}, the order this file's dates are read in`) };
  }
  if (/^\d+(\.\d+)?$/.test(value) && Number(value) >= 1 && Number(value) < 100_000 && !/^\d{4}$/.test(value)) {
    const why = Math.trunc(Number(value)) === 60 ? ' (serial 60 is Excel\'s 29 February 1900, a day that never was)' : '';
    return { issue: columnIssue(column, `"${value}" is not a date: Excel serial dates are read from 10000 (1927-05-18) to 99999${why}`) };
  }
  return { issue: columnIssue(column, `"${value}" is not a date (expected YYYY-MM-DD, a numeric date such as DD/MM/YYYY or MM/DD/YYYY, or an Excel serial date)`) };
}

/** An end that comes before its start, named by the file's end column. */
export function endBeforeStart(startColumn: string, start: DateWindow, endColumn: string, end: DateWindow, endText: string): FieldIssue | undefined {
  return end.latest < start.earliest ? columnIssue(endColumn, `"${endText.trim()}" (${end.latest}) is before ${startColumn} (${start.earliest})`) : undefined;
}
