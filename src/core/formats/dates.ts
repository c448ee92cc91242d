import type { DatePrecision } from '../taxonomy.js';

/** A date as written in the field's data sets, read into a window with its precision. */
export interface DateWindow {
  earliest: string;
  latest: string;
  precision: DatePrecision;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function valid(y: number, m: number, d: number): boolean {
  return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Which number comes first in a numeric date such as `06/07/2014`: the day (`dmy`) or the month (`mdy`). */
export const DATE_ORDERS = ['dmy', 'mdy'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

// `6/30/2014`, `30.06.2014`, optionally with a time as spreadsheets write it (`6/30/2014 13:05`, `6/30/2014 1:05:00 PM`).
const NUMERIC_DATE = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[AaPp][Mm])?)?$/;

/** The two leading numbers of a numeric date (`6/30/2014` → [6, 30, 2014]), whatever their order. */
export function numericDateParts(text: string): [number, number, number] | undefined {
  const m = NUMERIC_DATE.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

// An Excel serial date: a day count, with an optional fraction of a day (the time). Five digits only, so a four-digit
// year (`2014`) stays a year: serials 10000–99999 are the days from 1927-05-18 to 2173-10-14.
const EXCEL_SERIAL = /^(\d{5})(?:\.\d+)?$/;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * The day an Excel serial (1900 date system) stands for. Excel counts 1900 as a leap year (a bug kept from Lotus
 * 1-2-3): serial 60 is its 29 February 1900, a day that never was, and serials 1–59 are one day later than the
 * plain count from 30 December 1899 gives.
 */
export function excelSerialToIso(serial: number): string | undefined {
  if (!Number.isInteger(serial) || serial < 1 || serial === 60) return undefined;
  const days = serial < 60 ? serial + 1 : serial;
  return new Date(EXCEL_EPOCH + days * 86_400_000).toISOString().slice(0, 10);
}

/** The Excel serial (1900 date system) of a day from 1 March 1900 on. */
export function isoToExcelSerial(date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - EXCEL_EPOCH) / 86_400_000);
}

/** A day written as a numeric date in the given order, as a spreadsheet writes it (`6/30/2014`). */
export function formatNumericDate(date: string, order: DateOrder, separator = '/'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (order === 'dmy' ? [d, m, y] : [m, d, y]).join(separator);
}

export interface DateReadOptions {
  /** How to read numeric dates such as `06/07/2014`; day-first when not said. */
  order?: DateOrder;
}

/**
 * Reads `YYYY-MM-DD` (with an optional time), `YYYY-MM`, `YYYY`, numeric dates `DD/MM/YYYY` or `DD.MM.YYYY`
 * (day-first unless `order` says month-first; the importer decides the order per file, see `date-order.ts`), Excel
 * serial dates (`41820`, `41820.5417`) and `1 March 2015`.
 */
export function parseDateWindow(text: string, options: DateReadOptions = {}): DateWindow | undefined {
  const value = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? { earliest: iso(y, mo, d), latest: iso(y, mo, d), precision: 'day' } : undefined;
  }
  const parts = numericDateParts(value);
  if (parts) {
    const [first, second, y] = parts;
    const [d, mo] = options.order === 'mdy' ? [second, first] : [first, second];
    return valid(y, mo, d) ? { earliest: iso(y, mo, d), latest: iso(y, mo, d), precision: 'day' } : undefined;
  }
  m = EXCEL_SERIAL.exec(value);
  if (m) {
    const day = excelSerialToIso(Number(m[1]));
    return day ? { earliest: day, latest: day, precision: 'day' } : undefined;
  }
  m = /^(\d{1,2}) ([a-z]+) (\d{4})$/i.exec(value);
  if (m) {
    const mo = MONTHS.findIndex((name) => name.startsWith(m![2]!.toLowerCase()) && m![2]!.length >= 3) + 1;
    const [d, y] = [Number(m[1]), Number(m[3])];
    return mo > 0 && valid(y, mo, d) ? { earliest: iso(y, mo, d), latest: iso(y, mo, d), precision: 'day' } : undefined;
  }
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return valid(y, mo, 1) ? { earliest: iso(y, mo, 1), latest: iso(y, mo, daysIn(y, mo)), precision: 'month' } : undefined;
  }
  m = /^(\d{4})$/.exec(value);
  if (m) {
    const y = Number(m[1]);
    return valid(y, 1, 1) ? { earliest: iso(y, 1, 1), latest: iso(y, 12, 31), precision: 'year' } : undefined;
  }
  return undefined;
}
