import type { Verdict } from '../../../src/core/use-of-force/assessment.js';
import type { RequestStatus } from '../../../src/core/use-of-force/request-workflow.js';
import { h } from '../shared/dom.js';
import { REQUEST_STATUS_LABELS, VERDICT_LABELS } from './force-labels.js';

/**
 * A verdict, in its colour and with its own mark (so it does not rest on colour alone). `large` is the column's
 * headline; the small one goes in lists.
 */
export function verdictBadge(verdict: Verdict, options: { large?: boolean; regime?: string } = {}): HTMLElement {
  return h(
    'span',
    {
      class: `badge verdict-badge verdict-${verdict}${options.large ? ' large' : ''}`,
      'data-testid': options.regime ? `verdict-${options.regime}` : 'verdict-badge',
      'data-verdict': verdict,
    },
    h('span', { class: 'verdict-mark', 'aria-hidden': 'true' }),
    VERDICT_LABELS[verdict] ?? verdict,
  );
}

export function requestStatusBadge(status: RequestStatus): HTMLElement {
  return h('span', { class: `badge request-status request-${status}`, 'data-testid': 'request-status', 'data-status': status }, REQUEST_STATUS_LABELS[status] ?? status);
}

/** Force used before anyone could be asked, recorded after the fact. */
export function emergencyMarker(): HTMLElement {
  return h('span', { class: 'badge emergency-badge', 'data-testid': 'emergency-marker', title: 'Force used in self-defence, recorded after the fact' }, 'Emergency record');
}
