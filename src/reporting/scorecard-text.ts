import type { ScorecardMeasure } from './monitoring-views.js';
import { formatCount, formatShare } from './numbers.js';

/** A scorecard measure's number as a reader sees it: shares as percentages, rates per week. */
function measureNumber(m: ScorecardMeasure, n: number): string {
  if (m.unit === 'share') return formatShare(n);
  if (Number.isInteger(n)) return formatCount(n);
  return n.toLocaleString('en-GB', { maximumFractionDigits: 1 });
}

/** "15 (10–25)", "25%", "3.5 a week", or "no data". */
export function measureText(m: ScorecardMeasure): string {
  if (m.value === null) return 'no data';
  const range = m.low !== undefined && m.high !== undefined && (m.low !== m.value || m.high !== m.value) ? ` (${measureNumber(m, m.low)}–${measureNumber(m, m.high)})` : '';
  return `${measureNumber(m, m.value)}${m.unit === 'per_week' ? ' a week' : ''}${range}`;
}

/** "rising, worse (was 12)": the direction, what it means under the principle, and the previous value. */
export function trendText(m: ScorecardMeasure): string {
  if (!m.trend) return '—';
  const judged = m.better && m.trend !== 'steady' ? ((m.trend === 'rising') === (m.better === 'higher') ? ', better' : ', worse') : '';
  const previous = m.previous !== undefined ? ` (was ${measureNumber(m, m.previous)})` : '';
  return `${m.trend}${judged}${previous}`;
}
