import { VERIFICATION_STATUSES } from '../../../src/core/verification.js';
import { h } from './dom.js';
import { STATUS_LABELS } from './format.js';
import { CLUSTER_STEPS, STATUS_COLORS } from './palette.js';

function swatch(color: string, size: number, extraClass = ''): HTMLElement {
  const element = h('span', { class: `legend-swatch ${extraClass}`, 'aria-hidden': 'true' });
  // Sizes and colours come from the palette the map uses; set through the CSSOM, which the CSP allows.
  element.style.background = color;
  element.style.width = element.style.height = `${size}px`;
  return element;
}

/** The incident map's legend: folded to one line until opened, so it never hides clusters (one click shows it). */
export function mapLegend(): HTMLElement {
  const clusterLabels = CLUSTER_STEPS.map(([min], i) => {
    const next = CLUSTER_STEPS[i + 1];
    return next ? `${min === 0 ? 2 : min}–${next[0] - 1}` : `${min}+`;
  });
  return h(
    'details',
    { class: 'map-legend', 'data-testid': 'map-legend' },
    h('summary', {}, 'Legend'),
    h('p', { class: 'legend-heading' }, 'Clusters — number of incidents'),
    h(
      'ul',
      { class: 'legend-row' },
      CLUSTER_STEPS.map(([, color], i) => h('li', {}, swatch(color, 12 + i * 4), clusterLabels[i])),
    ),
    h('p', { class: 'legend-heading' }, 'Single incidents — verification'),
    h(
      'ul',
      { class: 'legend-list' },
      VERIFICATION_STATUSES.map((status) => h('li', {}, swatch(STATUS_COLORS[status], 10, 'legend-dot'), STATUS_LABELS[status])),
    ),
    h('p', { class: 'legend-note' }, 'Click a cluster to zoom in, an incident to open it.'),
  );
}
