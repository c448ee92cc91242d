/** Calendar months as the time axis of charts: keys are `YYYY-MM`. */

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2023-03`, `2023-03-01` or `2023-03-01T…` → `2023-03`; anything else → undefined. */
export function monthKeyOf(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})(?:-\d{2}(?:T.*)?)?$/.exec(value);
  if (!match) return undefined;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? `${match[1]}-${match[2]}` : undefined;
}

/** `2023-03` → "Mar 2023". */
export function monthLabel(key: string): string {
  const [year, month] = key.split('-');
  return `${MONTH_NAMES[Number(month) - 1] ?? month} ${year}`;
}

/** Every month from the one holding `from` to the one holding `to`, both included (at most `limit`). */
export function monthsBetween(from: string, to: string, limit = 1200): string[] {
  const first = monthKeyOf(from);
  const last = monthKeyOf(to);
  if (!first || !last || first > last) return [];
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let key = first; key <= last && months.length < limit; ) {
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
  }
  return months;
}
