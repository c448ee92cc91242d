import { formatDay } from '../../../src/reporting/dates.js';
import type { DetectionView, EscalationAlert } from '../../../src/reporting/monitoring-views.js';
import { escalationWhat } from '../../../src/reporting/escalation-text.js';
import { highlightPieces } from '../../../src/core/detection/site-text-evidence.js';
import type { SiteDetectionEvidence, TextEvidence } from '../../../src/core/detection/detection.js';
import { formatCount, formatPValue } from '../../../src/reporting/numbers.js';
import type { ApiClient, DetectionBulkReviewResult, DetectionGroup, DetectionKind } from '../shared/api-client.js';
import { BULK_REVIEW_LIMIT, bulkReviewMessage, selectionState } from '../../../src/core/detection/detection-review.js';

import './detection-review.css';
import { unavailableReason } from './unavailable.js';
import { append, h, mount } from '../shared/dom.js';
import { loadable, type Loadable } from '../shared/loadable.js';
import type { MonitorScope } from './monitor-map.js';

const KIND_LABELS: Record<DetectionView['kind'], string> = {
  protected_site: 'Attack on or near a protected site',
  humanitarian_space: 'Incident in a corridor or safe haven',
  ceasefire_violation: 'Ceasefire violation',
  escalation: 'Escalation',
};

const LISTED = 50;
/** Groups shown at once, and detections shown in an opened group (selecting the group takes all of its detections). */
const GROUPS_LISTED = 50;
const SHOWN_IN_GROUP = 100;

/** How the review queue is laid out: one list, or grouped so a site's or an incident's detections are decided together. */
const GROUPINGS = { none: 'One list', site: 'By site', incident: 'By incident' } as const;
type Grouping = keyof typeof GROUPINGS;

const STATUS_CHOICES = { open: 'Open', confirmed: 'Confirmed', dismissed: 'Dismissed', any: 'Any status' } as const;
const GRADE_CHOICES = { any: 'Any grade', probable: 'Probable', possible: 'Possible' } as const;

/** What the queue shows: its status, kind and grade (`any`: not filtered), and how it is grouped. */
interface QueueFilter {
  status: keyof typeof STATUS_CHOICES;
  kind: DetectionKind | 'any';
  grade: keyof typeof GRADE_CHOICES;
  grouping: Grouping;
}

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
 * Escalation alerts and the detections of the period, newest first, filtered by status, kind and grade, as one list or
 * grouped by site or by incident with counts per status. Those who may review detections confirm or dismiss each one,
 * saying why, or select many (a whole group at once) and decide them together with one reason.
 */
export class DetectionPanel {
  readonly element: HTMLElement;
  private readonly alerts = h('div', { class: 'panel-body' });
  private readonly detections = h('div', { class: 'panel-body' });
  private readonly alertSection: HTMLElement;
  private readonly detectionSection: HTMLElement;
  private readonly alertLoader: Loadable<[MonitorScope]>;
  private readonly detectionLoader: Loadable<[MonitorScope, QueueFilter]>;
  private readonly filter: QueueFilter = { status: 'open', kind: 'any', grade: 'any', grouping: 'none' };
  private scope: MonitorScope | undefined;
  /** The detections selected for a bulk decision, and the checkboxes that show each one. */
  private readonly selected = new Set<string>();
  private readonly boxes = new Map<string, HTMLInputElement[]>();
  /** Each shown group's checkbox and the ids of all its detections once read. */
  private readonly groupBoxes: { box: HTMLInputElement; ids: () => readonly string[] | undefined }[] = [];
  private readonly bulkBar = h('div', { class: 'bulk-bar', 'data-testid': 'bulk-bar', role: 'region', 'aria-label': 'Decide the selected detections' });
  private readonly bulkMessage = h('p', { class: 'bulk-message', 'data-testid': 'bulk-message', role: 'status' });

  constructor(
    private readonly api: ApiClient,
    private readonly canReview: boolean,
  ) {
    this.alertSection = h('section', { class: 'monitor-panel', 'data-testid': 'alert-list', 'data-state': 'loading' }, h('h2', { class: 'panel-title' }, 'Escalation alerts'), this.alerts);
    const select = <K extends keyof QueueFilter>(key: K, id: string, label: string, choices: Record<string, string>) => {
      const control = h(
        'select',
        { id, 'data-testid': id },
        Object.entries(choices).map(([value, text]) => h('option', { value, selected: value === this.filter[key] }, text)),
      );
      control.addEventListener('change', () => {
        this.filter[key] = control.value as QueueFilter[K];
        void this.reload();
      });
      return h('label', { for: id, class: 'panel-control' }, `${label} `, control);
    };
    const kinds: Record<string, string> = { any: 'Any kind', ...KIND_LABELS };
    this.detectionSection = h(
      'section',
      { class: 'monitor-panel', 'data-testid': 'detection-list', 'data-state': 'loading' },
      h('div', { class: 'panel-title-row' }, h('h2', { class: 'panel-title' }, 'Detections to review')),
      h(
        'div',
        { class: 'detection-controls', role: 'group', 'aria-label': 'Which detections, and how grouped' },
        select('status', 'detection-status-filter', 'Status', STATUS_CHOICES),
        select('kind', 'detection-kind-filter', 'Kind', kinds),
        select('grade', 'detection-grade-filter', 'Grade', GRADE_CHOICES),
        select('grouping', 'detection-grouping', 'Show', GROUPINGS),
      ),
      this.canReview ? this.bulkBar : null,
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
      async (signal, scope: MonitorScope, filter: QueueFilter) =>
        filter.grouping === 'none'
          ? { list: await this.api.detections({ ...this.query(scope, filter), limit: LISTED }, signal) }
          : { groups: await this.api.detectionGroups({ ...this.query(scope, filter), by: filter.grouping, limit: GROUPS_LISTED }, signal) },
      (shown, scope, filter) => {
        this.clearSelection();
        if (shown.list) this.showDetections(shown.list.items, shown.list.total, scope, filter);
        else if (shown.groups) this.showGroups(shown.groups.items, shown.groups.total, scope, filter);
      },
      { failed: (error) => this.failed(this.detections, error) },
    );
    this.showBulkBar();
  }

  async load(scope: MonitorScope): Promise<void> {
    this.scope = scope;
    this.bulkMessage.textContent = '';
    await Promise.all([this.alertLoader.load(scope), this.detectionLoader.load(scope, { ...this.filter })]);
  }

  destroy(): void {
    this.alertLoader.abort();
    this.detectionLoader.abort();
  }

  /** The queue read again under the filter as it now stands. */
  private reload(): Promise<void> {
    return this.scope ? this.detectionLoader.load(this.scope, { ...this.filter }) : Promise.resolve();
  }

  /** The query of the list and of the groups: the period and country shown, and the queue's own filter. */
  private query(scope: MonitorScope, filter: QueueFilter) {
    return {
      country: scope.country,
      from: scope.from,
      to: scope.to,
      ...(filter.status !== 'any' && { status: filter.status }),
      ...(filter.kind !== 'any' && { kind: filter.kind }),
      ...(filter.grade !== 'any' && { grade: filter.grade }),
    };
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

  private described(filter: QueueFilter): string {
    return filter.status === 'any' ? '' : `${filter.status} `;
  }

  private showDetections(items: readonly DetectionView[], total: number, scope: MonitorScope, filter: QueueFilter): void {
    this.detections.replaceChildren(
      items.length === 0 ? h('p', { class: 'panel-message' }, `No ${this.described(filter)}detections in this period.`) : h('ul', { class: 'detection-items' }, items.map((d) => this.row(d))),
      h('p', { class: 'panel-note' }, [
        total > items.length ? `The ${items.length} with the latest incidents of ${formatCount(total)} ${this.described(filter)}detections. ` : '',
        scope.country ? '' : 'Detections are listed for every area in the period. ',
      ]),
    );
  }

  /** The groups, largest open count first, each closed until opened; its checkbox selects every detection in it. */
  private showGroups(groups: readonly DetectionGroup[], total: number, scope: MonitorScope, filter: QueueFilter): void {
    const list = h('div', { class: 'detection-groups' }, groups.map((g) => this.group(g, scope, filter)));
    const note = h('p', { class: 'panel-note', 'data-testid': 'detection-groups-note' });
    const more = h('button', { type: 'button', class: 'link-button', 'data-testid': 'detection-groups-more' });
    let shown = groups.length;
    const tell = () => {
      note.textContent = [
        total > shown ? `The ${formatCount(shown)} groups with the most open detections of ${formatCount(total)}. ` : '',
        filter.grouping === 'site' ? 'Only detections near a protected site are grouped by site.' : '',
      ].join('');
      more.hidden = total <= shown;
      more.textContent = `Show ${formatCount(Math.min(GROUPS_LISTED, total - shown))} more groups`;
    };
    more.addEventListener('click', () => {
      more.disabled = true;
      this.api.detectionGroups({ ...this.query(scope, filter), by: filter.grouping === 'incident' ? 'incident' : 'site', limit: GROUPS_LISTED, offset: shown }).then(
        (page) => {
          more.disabled = false;
          append(list, page.items.map((g) => this.group(g, scope, filter)));
          shown += page.items.length;
          total = page.total;
          tell();
        },
        (error: unknown) => {
          more.disabled = false;
          note.textContent = `More groups could not be read: ${unavailableReason(error)}`;
        },
      );
    });
    tell();
    mount(
      this.detections,
      groups.length === 0 ? h('p', { class: 'panel-message' }, `No ${this.described(filter)}detections ${filter.grouping === 'site' ? 'tied to a site ' : ''}in this period.`) : list,
      note,
      more,
    );
  }

  private group(group: DetectionGroup, scope: MonitorScope, filter: QueueFilter): HTMLElement {
    const bodyId = `detection-group-${group.key.replace(/[^A-Za-z0-9-]/g, '-')}`;
    const body = h('div', { id: bodyId, class: 'detection-group-body', hidden: true });
    let all: DetectionView[] | undefined;
    let reading: Promise<DetectionView[]> | undefined;
    /** Every detection of the group under the filter (up to the bulk limit), read once. */
    const read = () =>
      (reading ??= this.api
        .detections({ ...this.query(scope, filter), ...(group.by === 'site' ? { siteId: group.id } : { incidentId: group.id }), limit: BULK_REVIEW_LIMIT })
        .then((page) => (all = page.items)));
    const counts = `${group.counts.open} open · ${group.counts.confirmed} confirmed · ${group.counts.dismissed} dismissed`;
    const toggle = h(
      'button',
      { type: 'button', class: 'detection-group-toggle', 'aria-expanded': 'false', 'aria-controls': bodyId, 'data-testid': 'detection-group-toggle' },
      h('span', { class: 'detection-group-label' }, group.label),
      ' ',
      h('span', { class: 'detection-group-counts', 'data-testid': 'detection-group-counts' }, `(${counts})`),
    );
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      body.hidden = !open;
      if (open && body.childElementCount === 0) {
        body.replaceChildren(h('p', { class: 'panel-note' }, 'Loading…'));
        read().then(
          (items) =>
            mount(
              body,
              h('ul', { class: 'detection-items' }, items.slice(0, SHOWN_IN_GROUP).map((d) => this.row(d))),
              items.length > SHOWN_IN_GROUP ? h('p', { class: 'panel-note' }, `The first ${SHOWN_IN_GROUP} of ${formatCount(items.length)}; selecting the group takes them all.`) : null,
            ),
          (error: unknown) => body.replaceChildren(h('p', { class: 'panel-message' }, `Not available: ${unavailableReason(error)}`)),
        );
      }
    });
    let box: HTMLInputElement | null = null;
    if (this.canReview) {
      box = h('input', { type: 'checkbox', class: 'detection-group-select', 'data-testid': 'detection-group-select', 'aria-label': `Select all ${group.total} in ${group.label}` });
      const groupBox = box;
      groupBox.addEventListener('change', () => {
        const checked = groupBox.checked;
        groupBox.disabled = true;
        read().then(
          (items) => {
            groupBox.disabled = false;
            for (const d of items) this.choose(d.id, checked);
            this.showBulkBar();
          },
          (error: unknown) => {
            groupBox.disabled = false;
            groupBox.checked = !checked;
            this.bulkMessage.textContent = `The group could not be read: ${unavailableReason(error)}`;
          },
        );
      });
      this.groupBoxes.push({ box: groupBox, ids: () => all?.map((d) => d.id) });
    }
    return h(
      'section',
      { class: 'detection-group', 'data-testid': 'detection-group', 'data-key': group.key, 'data-total': group.total },
      h(
        'h3',
        { class: 'detection-group-title' },
        box,
        toggle,
        group.by === 'incident' ? [' ', h('a', { href: `?incident=${encodeURIComponent(group.id)}` }, 'open the incident')] : null,
      ),
      body,
    );
  }

  private row(detection: DetectionView): HTMLElement {
    const status = h('span', { class: `badge detection-${detection.status}`, 'data-testid': 'detection-status' }, detection.status);
    const actions = h('div', { class: 'detection-actions' });
    let box: HTMLInputElement | null = null;
    if (this.canReview) {
      box = h('input', { type: 'checkbox', class: 'detection-select', 'data-testid': 'detection-select', 'aria-label': `Select: ${detection.summary}`, checked: this.selected.has(detection.id) });
      const rowBox = box;
      rowBox.addEventListener('change', () => {
        this.choose(detection.id, rowBox.checked);
        this.showBulkBar();
      });
      this.boxes.set(detection.id, [...(this.boxes.get(detection.id) ?? []), rowBox]);
    }
    const item = h(
      'li',
      { class: 'detection-item', 'data-testid': 'detection-item', 'data-id': detection.id, 'data-kind': detection.kind },
      h('div', { class: 'detection-head' }, box, h('strong', {}, KIND_LABELS[detection.kind]), detection.grade ? h('span', { class: `badge grade-${detection.grade}` }, detection.grade) : null, status),
      h('p', { class: 'detection-summary' }, detection.summary),
      detection.evidence ? evidenceOf(detection.evidence) : null,
      h('p', { class: 'panel-note' }, `${detection.dateEarliest ? formatDay(detection.dateEarliest) : formatDay(detection.detectedAt)} · ${detection.incidentIds.length} incident${detection.incidentIds.length === 1 ? '' : 's'}`),
      actions,
    );
    if (this.canReview) this.offerReview(detection, actions, status);
    return item;
  }

  private choose(id: string, checked: boolean): void {
    if (checked) this.selected.add(id);
    else this.selected.delete(id);
    for (const box of this.boxes.get(id) ?? []) box.checked = checked;
  }

  private clearSelection(): void {
    this.selected.clear();
    this.boxes.clear();
    this.groupBoxes.length = 0;
    this.showBulkBar();
  }

  /** The bulk bar: how many are selected, and Confirm N / Dismiss N; each group's checkbox shows how much of it is. */
  private showBulkBar(): void {
    for (const { box, ids } of this.groupBoxes) {
      const state = selectionState(ids(), this.selected);
      if (state === 'unknown') continue;
      box.checked = state === 'all';
      box.indeterminate = state === 'some';
    }
    const n = this.selected.size;
    const decide = (decision: 'confirm' | 'dismiss') => () => this.askReason(decision);
    mount(
      this.bulkBar,
      h('span', { class: 'bulk-count', 'data-testid': 'bulk-count' }, n === 0 ? 'Select detections, or a whole group, to decide them together.' : `${formatCount(n)} selected`),
      h('button', { type: 'button', 'data-testid': 'bulk-confirm', disabled: n === 0, onclick: decide('confirm') }, `Confirm ${formatCount(n)}`),
      h('button', { type: 'button', 'data-testid': 'bulk-dismiss', disabled: n === 0, onclick: decide('dismiss') }, `Dismiss ${formatCount(n)}`),
      n > 0
        ? h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              'data-testid': 'bulk-clear',
              onclick: () => {
                for (const id of [...this.selected]) this.choose(id, false);
                this.showBulkBar();
              },
            },
            'Clear',
          )
        : null,
      this.bulkMessage,
    );
  }

  /** One reason for all of the selected; sent in parts of at most the bulk limit, with progress, then the queue is read again. */
  private askReason(decision: 'confirm' | 'dismiss'): void {
    const ids = [...this.selected];
    const verb = decision === 'confirm' ? 'Confirm' : 'Dismiss';
    const reason = h('input', { id: 'bulk-reason', type: 'text', required: true, minlength: 3, maxlength: 5000, 'data-testid': 'bulk-reason' });
    const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'bulk-submit' }, `${verb} ${formatCount(ids.length)}`);
    const form = h(
      'form',
      { class: 'review-form bulk-form', 'data-testid': 'bulk-form' },
      h('label', { for: 'bulk-reason' }, `Why ${decision === 'confirm' ? 'are these confirmed' : 'are these dismissed'}? (one reason for all ${formatCount(ids.length)})`),
      reason,
      submit,
      h('button', { type: 'button', onclick: () => this.showBulkBar() }, 'Cancel'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit.disabled = true;
      reason.disabled = true;
      void this.sendReview(decision, reason.value, ids);
    });
    this.bulkBar.replaceChildren(form, this.bulkMessage);
    this.bulkMessage.textContent = '';
    reason.focus();
  }

  private async sendReview(decision: 'confirm' | 'dismiss', reason: string, ids: readonly string[]): Promise<void> {
    const results: DetectionBulkReviewResult[] = [];
    try {
      for (let done = 0; done < ids.length; done += BULK_REVIEW_LIMIT) {
        this.bulkMessage.textContent = `${decision === 'confirm' ? 'Confirming' : 'Dismissing'} ${formatCount(Math.min(ids.length, done + BULK_REVIEW_LIMIT))} of ${formatCount(ids.length)}…`;
        results.push(await this.api.reviewDetections({ ids: ids.slice(done, done + BULK_REVIEW_LIMIT), decision, reason }));
      }
    } catch (error) {
      this.bulkMessage.textContent = `${bulkReviewMessage(decision, results)}${results.length > 0 ? ' ' : ''}Not done: ${unavailableReason(error)}`;
      this.showBulkBar();
      this.bulkMessage.dataset.outcome = 'failed';
      return;
    }
    const message = bulkReviewMessage(decision, results);
    await this.reload();
    this.bulkMessage.textContent = message;
    this.bulkMessage.dataset.outcome = 'done';
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
