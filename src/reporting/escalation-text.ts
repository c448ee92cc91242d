import { formatCount } from './numbers.js';

/**
 * What an escalation alert counted, in words: "36 deaths in 12 incidents", or, when it rests on one incident,
 * "single event: one incident with 300 deaths", so that nobody reads one event's toll as a trend. Shared by the
 * detection summary, the dashboard and the situation report.
 */
export function escalationWhat(alert: { metric: 'incidents' | 'deaths'; observed: number; incidents: number; singleEvent: boolean }): string {
  if (alert.singleEvent) return alert.metric === 'deaths' ? `single event: one incident with ${formatCount(alert.observed)} deaths` : 'single event: one incident';
  return alert.metric === 'deaths' ? `${formatCount(alert.observed)} deaths in ${formatCount(alert.incidents)} incidents` : `${formatCount(alert.observed)} incidents`;
}
