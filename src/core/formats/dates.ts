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

/**
 * Reads `YYYY-MM-DD` (with an optional time), `YYYY-MM`, `YYYY`, day-first `DD/MM/YYYY` or `DD.MM.YYYY` (ACLED,
 * most of the world), and `1 March 2015`. Month-first dates (`03/18/14`) are not guessed at: an ambiguous date is
 * worse than a rejected one.
 */
export function parseDateWindow(text: string): DateWindow | undefined {
  const value = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? { earliest: iso(y, mo, d), latest: iso(y, mo, d), precision: 'day' } : undefined;
  }
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?: [\d:.]+)?$/.exec(value);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? { earliest: iso(y, mo, d), latest: iso(y, mo, d), precision: 'day' } : undefined;
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
