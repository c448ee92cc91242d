import type { Scorecard } from '../../../src/reporting/monitoring-views.js';
import { measureText, trendText } from '../../../src/reporting/scorecard-text.js';
import type { ApiClient } from '../shared/api-client.js';
import { unavailableReason } from './unavailable.js';
import { h } from '../shared/dom.js';
import { loadable, type Loadable } from '../shared/loadable.js';
import type { MonitorScope } from './monitor-map.js';

/** The principles scorecard for the area and period: each principle's measures, their ranges and trends. */
export class ScorecardPanel {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'panel-body' });
  private readonly loader: Loadable<[MonitorScope]>;

  constructor(private readonly api: ApiClient) {
    this.element = h(
      'section',
      { class: 'monitor-panel', 'data-testid': 'scorecard', 'data-state': 'loading' },
      h('h2', { class: 'panel-title' }, 'Principles scorecard'),
      // Why its deaths can be fewer than the key figures' for the same period: the two count different incidents.
      h('p', { class: 'hint', 'data-testid': 'scorecard-counting' }, 'Counts incidents dated wholly inside the period (and compares with the period before); the key figures also count incidents whose dates only overlap it.'),
      this.body,
    );
    this.loader = loadable(this.element, (signal, scope: MonitorScope) => this.api.scorecard(scope, signal), (card) => this.show(card), {
      failed: (error) => this.body.replaceChildren(h('p', { class: 'panel-message' }, `Not available: ${unavailableReason(error)}`)),
    });
  }

  load(scope: MonitorScope): Promise<void> {
    return this.loader.load(scope);
  }

  destroy(): void {
    this.loader.abort();
  }

  private show(card: Scorecard): void {
    this.body.replaceChildren(
      ...card.principles.map((p) =>
        h(
          'table',
          { class: 'scorecard-table', 'data-principle': p.id },
          h('caption', {}, p.title),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Measure'), h('th', { scope: 'col', class: 'num' }, 'Value'), h('th', { scope: 'col' }, 'Trend'))),
          h(
            'tbody',
            {},
            p.measures.map((m) =>
              h('tr', { 'data-measure': m.id }, h('th', { scope: 'row' }, m.label, m.note ? h('span', { class: 'measure-note' }, m.note) : null), h('td', { class: 'num' }, measureText(m)), h('td', {}, trendText(m))),
            ),
          ),
        ),
      ),
    );
  }
}
