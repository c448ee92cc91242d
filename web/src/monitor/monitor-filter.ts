import { isCountryCode } from '../../../src/core/countries.js';

/** What the monitoring dashboard shows: one country (or everywhere) over a period. */
export interface MonitorFilter {
  /** ISO 3166-1 alpha-3; absent: every country. */
  country?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (value: string) => ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));

/** Reads the dashboard's part of a link; a value that does not parse (an edited link) is dropped. */
export function monitorFromParams(params: URLSearchParams): MonitorFilter {
  const country = params.get('country')?.trim().toUpperCase();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const filter: MonitorFilter = {};
  if (country && isCountryCode(country)) filter.country = country;
  if (isDate(from)) filter.from = from;
  if (isDate(to) && (!filter.from || to >= filter.from)) filter.to = to;
  return filter;
}

export function monitorToParams(filter: MonitorFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.country) params.set('country', filter.country);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  return params;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The period shown when the link gives none: the twelve months up to the latest incident the reader may see, when the
 * register stops before today (a register of past years still shows its data), else up to today. `basis` says which.
 */
export function periodOf(filter: MonitorFilter, dataEnd?: string, today = new Date()): { from: string; to: string; basis: 'chosen' | 'latest_data' | 'today' } {
  const todayIso = isoDay(today);
  const basis = filter.to ? 'chosen' : dataEnd !== undefined && dataEnd < todayIso ? 'latest_data' : filter.from ? 'chosen' : 'today';
  const to = filter.to ?? (basis === 'latest_data' ? dataEnd! : todayIso);
  if (filter.from) return { from: filter.from, to, basis };
  const start = new Date(`${to}T00:00:00Z`);
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  start.setUTCDate(start.getUTCDate() + 1);
  return { from: isoDay(start), to, basis };
}
