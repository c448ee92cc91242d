import { formatDay } from '../../../src/reporting/dates.js';
import type { DetectionView, EscalationAlert } from '../../../src/reporting/monitoring-views.js';
import { escalationWhat } from '../../../src/reporting/escalation-text.js';
import { highlightPieces } from '../../../src/core/detection/site-text-evidence.js';
import type { SiteDetectionEvidence, TextEvidence } from '../../../src/core/detection/detection.js';
import { formatCount, formatPValue } from '../../../src/reporting/numbers.js';
import type { ApiClient } from '../shared/api-client.js';
import { unavailableReason } from './unavailable.js';
import { h } from '../shared/dom.js';
import { loadable, type Loadable } from '../shared/loadable.js';
import type { MonitorScope } from './monitor-map.js';

const KIND_LABELS: Record<DetectionView['kind'], string> = {
  protected_site: 'Attack on or near a protected site',
  humanitarian_space: 'Incident in a corridor or safe haven',
  ceasefire_violation: 'Ceasefire violation',
  escalation: 'Escalation',
};

const LISTED = 50;

/** How the review queue is laid out: one list, or grouped so a site's or an incident's detections are decided together. */
const GROUPINGS = { none: 'One list', site: 'By site', incident: 'By incident' } as const;
type Grouping = keyof typeof GROUPINGS;

const FIELD_WORDS: Record<TextEvidence['field'], string> = { title: 'Title', narrative: 'Narrative', source: 'Source' };

/** Quoted passages, each once, with every word in it that tied the incident to the site marked. */
function quoted(texts: readonly TextEvidence[]): HTMLElement[] {
  const passages = new Map<string, { field: TextEvidence['field']; excerpt: string; spans: TextEvidence[] }>();
  for (const text of texts) {
    const key = `${text.field}\u0000${text.excerpt}`;
    const passage = passages.get(key) ?? { field: text.field, excerpt: text.excerpt, spans: [] };
    passage.spans.push(text);
    passages.set(key, passage);
  }
  return [...passages.values()].map((p) =>
    h(
      'blockquote',
      { class: 'evidence-quote', 'data-testid': 'evidence-quote' },
      h('span', { class: 'evidence-field' }, `${FIELD_WORDS[p.field]}: `),
      highlightPieces(p.excerpt, p.spans).map((piece) => (piece.match ? h('mark', {}, piece.text) : piece.text)),
    ),
  );
}

/** Why the detection was made: the reasons, strongest first, and the words of the incident that matched. */
function evidenceOf(evidence: SiteDetectionEvidence): HTMLElement {
  return h(
    'details',
    { class: 'detection-evidence', 'data-testid': 'detection-evidence', open: evidence.basis === 'evidence' },
    h('summary', {}, 'Why'),
    h('ul', { class: 'evidence-reasons' }, evidence.reasons.map((reason) => h('li', {}, reason))),
    quoted([...(evidence.named ? [evidence.named] : []), ...evidence.text]),
  );
}
/** The most extreme alerts of the period shown, per level: the period's worst weeks, wherever they fall. */
const ALERTS_LISTED = 20;

/**
 * Escalation alerts and the open detections of the period, newest first. Those who may review detections confirm or
 * dismiss each one here, saying why; the row then shows the decision.
 */
export class DetectionPanel {
  readonly element: HTMLElement;
  private readonly alerts = h('div', { class: 'panel-body' });
  private readonly detections = h('div', { class: 'panel-body' });
  private readonly alertSection: HTMLElement;
  private readonly detectionSection: HTMLElement;
  private readonly alertLoader: Loadable<[MonitorScope]>;
  private readonly detectionLoader: Loadable<[MonitorScope]>;
  private grouping: Grouping = 'none';
  private shown: { items: readonly DetectionView[]; total: number; scope: MonitorScope } | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly canReview: boolean,
  ) {
    this.alertSection = h('section', { class: 'monitor-panel', 'data-testid': 'alert-list', 'data-state': 'loading' }, h('h2', { class: 'panel-title' }, 'Escalation alerts'), this.alerts);
    const grouping = h(
      'select',
      { id: 'detection-grouping', 'data-testid': 'detection-grouping' },
      Object.entries(GROUPINGS).map(([value, label]) => h('option', { value }, label)),
    );
    grouping.addEventListener('change', () => {
      this.grouping = grouping.value as Grouping;
      if (this.shown) this.showDetections(this.shown.items, this.shown.total, this.shown.scope);
    });
    this.detectionSection = h(
      'section',
      { class: 'monitor-panel', 'data-testid': 'detection-list', 'data-state': 'loading' },
      h('div', { class: 'panel-title-row' }, h('h2', { class: 'panel-title' }, 'Detections to review'), h('label', { for: 'detection-grouping', class: 'panel-control' }, 'Show ', grouping)),
      this.detections,
    );
    this.element = h('div', { class: 'monitor-lists' }, this.alertSection, this.detectionSection);
    this.alertLoader = loadable(
      this.alertSection,
      (signal, scope: MonitorScope) =>
        Promise.all([
          this.api.escalation({ level: 'country', country: scope.country, from: scope.from, asOf: scope.to, limit: ALERTS_LISTED }, signal),
          scope.country ? this.api.escalation({ level: 'admin1', country: scope.country, from: scope.from, asOf: scope.to, limit: ALERTS_LISTED }, signal) : Promise.resolve(undefined),
        ]),
      ([national, provincial]) => this.showAlerts([...national.alerts, ...(provincial?.alerts ?? [])], national.method),
      { failed: (error) => this.failed(this.alerts, error) },
    );
    this.detectionLoader = loadable(
      this.detectionSection,
      (signal, scope: MonitorScope) => this.api.detections({ status: 'open', country: scope.country, from: scope.from, to: scope.to, limit: LISTED }, signal),
      (page, scope) => this.showDetections(page.items, page.total, scope),
      { failed: (error) => this.failed(this.detections, error) },
    );
  }

  async load(scope: MonitorScope): Promise<void> {
    await Promise.all([this.alertLoader.load(scope), this.detectionLoader.load(scope)]);
  }

  destroy(): void {
    this.alertLoader.abort();
    this.detectionLoader.abort();
  }

  private failed(body: HTMLElement, error: unknown): void {
    body.replaceChildren(h('p', { class: 'panel-message' }, `Not available: ${unavailableReason(error)}`));
  }

  private showAlerts(alerts: readonly EscalationAlert[], method: string): void {
    this.alerts.replaceChildren(
      alerts.length === 0
        ? h('p', { class: 'panel-message' }, 'No escalation in the weeks of the period.')
        : h(
            'ul',
            { class: 'alert-items' },
            alerts.map((a) =>
              h(
                'li',
                { class: 'alert-item', 'data-testid': 'alert-item', 'data-key': a.key, ...(a.singleEvent && { 'data-single-event': 'true' }) },
                h('strong', {}, a.area.name || a.area.code),
                ` — week of ${formatDay(a.weekStart)}: ${escalationWhat(a)} against ${a.expected.toLocaleString('en-GB', { maximumFractionDigits: 1 })} expected (p ${formatPValue(a.pValue)})`,
              ),
            ),
          ),
      h('p', { class: 'panel-note' }, `Method: ${method}`),
    );
    this.alertSection.dataset.state = 'ready';
  }

  private showDetections(items: readonly DetectionView[], total: number, scope: MonitorScope): void {
    this.shown = { items, total, scope };
    this.detections.replaceChildren(
      items.length === 0 ? h('p', { class: 'panel-message' }, 'No open detections in this period.') : this.listed(items),
      h('p', { class: 'panel-note' }, [
        total > items.length ? `The ${items.length} with the latest incidents of ${formatCount(total)} open. ` : '',
        scope.country ? '' : 'Detections are listed for every area in the period. ',
      ]),
    );
    this.detectionSection.dataset.state = 'ready';
  }

  /** The detections as one list, or in groups by site or by incident (the largest group first). */
  private listed(items: readonly DetectionView[]): HTMLElement {
    if (this.grouping === 'none') return h('ul', { class: 'detection-items' }, items.map((d) => this.row(d)));
    const groups = new Map<string, { heading: string; items: DetectionView[] }>();
    for (const d of items) {
      const [key, heading] =
        this.grouping === 'site'
          ? d.siteId
            ? [`site:${d.siteId}`, d.evidence?.site.name ?? `Site ${d.siteId}`]
            : ['other', 'Not tied to a site']
          : [`incident:${d.incidentIds[0] ?? d.id}`, `Incident of ${formatDay(d.dateEarliest ?? d.detectedAt)}`];
      const group = groups.get(key) ?? { heading, items: [] };
      group.items.push(d);
      groups.set(key, group);
    }
    return h(
      'div',
      { class: 'detection-groups' },
      [...groups]
        .sort(([, a], [, b]) => b.items.length - a.items.length)
        .map(([key, group]) =>
          h(
            'section',
            { class: 'detection-group', 'data-testid': 'detection-group', 'data-key': key },
            h(
              'h3',
              { class: 'detection-group-title' },
              group.heading,
              ` (${group.items.length})`,
              key.startsWith('incident:') ? [' ', h('a', { href: `?incident=${encodeURIComponent(key.slice('incident:'.length))}` }, 'open the incident')] : null,
            ),
            h('ul', { class: 'detection-items' }, group.items.map((d) => this.row(d))),
          ),
        ),
    );
  }

  private row(detection: DetectionView): HTMLElement {
    const status = h('span', { class: `badge detection-${detection.status}`, 'data-testid': 'detection-status' }, detection.status);
    const actions = h('div', { class: 'detection-actions' });
    const item = h(
      'li',
      { class: 'detection-item', 'data-testid': 'detection-item', 'data-id': detection.id, 'data-kind': detection.kind },
      h('div', { class: 'detection-head' }, h('strong', {}, KIND_LABELS[detection.kind]), detection.grade ? h('span', { class: `badge grade-${detection.grade}` }, detection.grade) : null, status),
      h('p', { class: 'detection-summary' }, detection.summary),
      detection.evidence ? evidenceOf(detection.evidence) : null,
      h('p', { class: 'panel-note' }, `${detection.dateEarliest ? formatDay(detection.dateEarliest) : formatDay(detection.detectedAt)} · ${detection.incidentIds.length} incident${detection.incidentIds.length === 1 ? '' : 's'}`),
      actions,
    );
    if (this.canReview) this.offerReview(detection, actions, status);
    return item;
  }

  /** Confirm or dismiss: the choice opens a reason field (required), then the decision is sent. */
  private offerReview(detection: DetectionView, actions: HTMLElement, status: HTMLElement): void {
    const choose = (decision: 'confirm' | 'dismiss') => {
      const reasonId = `review-reason-${detection.id}`;
      const reason = h('input', { id: reasonId, type: 'text', required: true, minlength: 3, 'data-testid': 'review-reason' });
      const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
      const form = h(
        'form',
        { class: 'review-form', 'data-testid': 'review-form' },
        h('label', { for: reasonId }, decision === 'confirm' ? 'Why is this confirmed?' : 'Why is this dismissed?'),
        reason,
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'review-submit' }, decision === 'confirm' ? 'Confirm' : 'Dismiss'),
        h('button', { type: 'button', onclick: () => showButtons() }, 'Cancel'),
        error,
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        void this.api.reviewDetection(detection.id, { decision, reason: reason.value }).then(
          (reviewed) => {
            status.textContent = reviewed.status;
            status.className = `badge detection-${reviewed.status}`;
            actions.replaceChildren(h('p', { class: 'panel-note', 'data-testid': 'review-done' }, `${reviewed.status === 'confirmed' ? 'Confirmed' : 'Dismissed'}: ${reviewed.review?.reason ?? reason.value}`));
          },
          (failure: unknown) => {
            error.hidden = false;
            error.textContent = unavailableReason(failure);
          },
        );
      });
      actions.replaceChildren(form);
      reason.focus();
    };
    const showButtons = () =>
      actions.replaceChildren(
        h('button', { type: 'button', 'data-testid': 'detection-confirm', onclick: () => choose('confirm') }, 'Confirm…'),
        h('button', { type: 'button', 'data-testid': 'detection-dismiss', onclick: () => choose('dismiss') }, 'Dismiss…'),
      );
    showButtons();
  }
}
