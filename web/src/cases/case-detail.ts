import { CASE_OUTCOMES, CASE_TRANSITIONS, REFERRAL_BODIES, type CaseStatus } from '../../../src/core/accountability/case-workflow.js';
import {
  PERPETRATOR_EVENT_KINDS,
  type CaseDetail,
  type CasePerpetrator,
  type CaseStep,
  type LinkedEvidence,
  type LinkedIncident,
  type LinkedRecordState,
  type PerpetratorEvent,
  type PerpetratorEventKind,
} from '../../../src/core/accountability/case.schema.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { caseStatusBadge, CASE_STATUS_LABELS, categoryText, EVENT_LABELS, OUTCOME_LABELS, PERPETRATOR_STATUS_LABELS, REFERRAL_BODY_LABELS } from './case-labels.js';
import { h, mount, type Child } from '../shared/dom.js';
import { errorMessage, loadable } from '../shared/loadable.js';
import { placeIssues } from '../shared/field-errors.js';
import { choicesOf, dateInput, field, select, textArea, textInput } from '../shared/form-controls.js';
import { readForm } from '../shared/form-value.js';
import { timestampText } from '../shared/format.js';
import { evidenceLine, incidentLine } from './linked-record-text.js';

export interface CaseDetailOptions {
  canWrite: boolean;
  /** Opens an incident in the register (a linked incident, or the one an evidence item was received for). */
  openIncident(id: string): void;
  /** The case changed on the server (a step or an event): the list should show it. */
  onChanged(): void;
}

const today = () => new Date().toISOString().slice(0, 10);

/** A linked record the reader may not read (their role does not read evidence), or one that is not stored: never a title. */
function unavailable(state: LinkedRecordState, noun: string): Child[] {
  return state === 'restricted'
    ? [h('span', { class: 'case-link-restricted' }, 'Restricted record'), h('div', { class: 'hint' }, `An ${noun} your role may not read.`)]
    : [h('span', { class: 'case-link-restricted' }, 'Missing record'), h('div', { class: 'hint' }, `No ${noun} is stored under the id this case names.`)];
}

/** What a step's or an event's own fields say, in a line. */
function detailsText(details: Record<string, unknown>): string {
  const parts: string[] = [];
  const referredTo = details.referredTo as { body?: string; name?: string } | undefined;
  if (referredTo) parts.push(`to ${referredTo.name ?? ''} (${REFERRAL_BODY_LABELS[referredTo.body as keyof typeof REFERRAL_BODY_LABELS] ?? referredTo.body})`);
  const labelled: [string, string][] = [
    ['issuedBy', 'issued by'],
    ['warrantReference', 'reference'],
    ['by', 'by'],
    ['place', 'at'],
    ['court', 'court'],
    ['circumstances', ''],
    ['detail', ''],
    ['reason', 'reason:'],
    ['note', 'note:'],
  ];
  for (const [key, label] of labelled) {
    const value = details[key];
    if (typeof value === 'string' && value !== '') parts.push(label ? `${label} ${value}` : value);
  }
  if (typeof details.outcome === 'string') parts.unshift(OUTCOME_LABELS[details.outcome as keyof typeof OUTCOME_LABELS] ?? details.outcome);
  return parts.join(' · ');
}

/** Fields that apply to one choice (a step's status, an event's kind), disabled while another is chosen. */
function variant(key: string, ...children: Child[]): HTMLFieldSetElement {
  return h('fieldset', { class: 'form-grid case-variant', 'data-variant': key }, ...children);
}

function showVariant(form: HTMLElement, key: string): void {
  for (const group of form.querySelectorAll<HTMLFieldSetElement>('[data-variant]')) {
    const on = group.dataset.variant === key;
    group.hidden = !on;
    group.disabled = !on;
  }
}

/**
 * One case: its status and qualifications, the incidents and evidence it links, the alleged perpetrators with what
 * happened to them, and the timeline of its steps; for those who may write, the forms for the next step and for an
 * event on a person.
 */
export class CaseDetailView {
  readonly element = h('article', { class: 'case-detail', 'data-testid': 'case-detail', 'data-state': 'loading' });
  private readonly loader = loadable(this.element, (signal, id: string) => this.api.getCase(id, signal), (c) => this.render(c), {
    failed: (error) => mount(this.element, h('p', { class: 'list-status', role: 'alert' }, `The case could not be loaded: ${errorMessage(error)}`)),
  });

  constructor(
    private readonly api: ApiClient,
    private readonly options: CaseDetailOptions,
  ) {}

  open(id: string): Promise<void> {
    this.element.dataset.id = id;
    return this.loader.load(id);
  }

  destroy(): void {
    this.loader.abort();
  }

  private render(c: CaseDetail): void {
    this.element.dataset.id = c.id;
    this.element.dataset.status = c.status;
    this.element.dataset.version = String(c.version);
    mount(
      this.element,
      h('header', { class: 'detail-header' }, h('h2', { class: 'detail-title', 'data-testid': 'case-title' }, c.title), h('div', { class: 'detail-badges' }, caseStatusBadge(c.status, c.outcome))),
      c.summary ? h('p', { class: 'case-summary' }, c.summary) : null,
      h(
        'section',
        { class: 'detail-section' },
        h('h3', {}, 'Linked records'),
        h('h4', { class: 'case-links-heading' }, 'Incidents'),
        c.linkedIncidents.length === 0
          ? h('p', { class: 'hint' }, 'No incident linked.')
          : h('ul', { class: 'case-links', 'data-testid': 'case-incidents' }, c.linkedIncidents.map((linked) => this.linkedIncident(linked))),
        h('h4', { class: 'case-links-heading' }, 'Evidence'),
        c.linkedEvidence.length === 0
          ? h('p', { class: 'hint' }, 'No evidence item linked.')
          : h('ul', { class: 'case-links', 'data-testid': 'case-evidence-items' }, c.linkedEvidence.map((linked) => this.linkedEvidence(linked))),
      ),
      h(
        'section',
        { class: 'detail-section' },
        h('h3', {}, 'Legal qualifications considered'),
        c.qualifications.length === 0
          ? h('p', { class: 'hint' }, 'None yet.')
          : h(
              'ul',
              { class: 'case-qualifications' },
              c.qualifications.map((q) =>
                h(
                  'li',
                  { 'data-testid': 'case-qualification', 'data-ref': q.ref },
                  h('span', { class: 'badge case-category' }, categoryText(q.category)),
                  ' ',
                  h('strong', {}, q.article),
                  ' — ',
                  q.title,
                  q.verification === 'M' ? h('span', { class: 'to-check', title: 'The article reference was written from memory of the text: to be checked' }, ' (reference to be checked)') : null,
                  q.note ? h('div', { class: 'hint' }, q.note) : null,
                ),
              ),
            ),
      ),
      h(
        'section',
        { class: 'detail-section' },
        h('h3', {}, 'Alleged perpetrators'),
        c.perpetrators.length === 0 ? h('p', { class: 'hint' }, 'None named yet.') : h('ul', { class: 'case-perpetrators' }, c.perpetrators.map((p) => this.perpetrator(c, p))),
      ),
      h('section', { class: 'detail-section' }, h('h3', {}, 'Timeline'), this.timeline(c)),
      this.options.canWrite ? this.stepForm(c) : null,
    );
    this.element.dataset.state = 'ready';
  }

  /** A link into the register that opens the incident there (a plain link still opens it in a new tab or window). */
  private incidentAnchor(id: string, text: string, attrs: Record<string, string>): HTMLAnchorElement {
    return h(
      'a',
      {
        href: `?incident=${encodeURIComponent(id)}`,
        ...attrs,
        onclick: (event: MouseEvent) => {
          if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          this.options.openIncident(id);
        },
      },
      text,
    );
  }

  private linkedIncident(linked: LinkedIncident): HTMLElement {
    const attrs = { 'data-testid': 'case-incident', 'data-id': linked.id, 'data-state': linked.state };
    if (linked.state !== 'shown' || linked.title === null) return h('li', attrs, unavailable(linked.state, 'incident'));
    return h('li', attrs, this.incidentAnchor(linked.id, linked.title, { class: 'case-link-title', 'data-testid': 'case-incident-link' }), h('div', { class: 'hint' }, incidentLine(linked)));
  }

  private linkedEvidence(linked: LinkedEvidence): HTMLElement {
    const attrs = { 'data-testid': 'case-evidence', 'data-id': linked.id, 'data-state': linked.state };
    if (linked.state !== 'shown' || linked.title === null) return h('li', attrs, unavailable(linked.state, 'evidence item'));
    const report = h('a', { href: this.api.custodyReportUrl(linked.id), target: '_blank', rel: 'noopener', 'data-testid': 'case-evidence-report' }, 'custody report');
    // The app shows an item among the evidence of an incident it was received for; an item of no incident, in its custody report.
    const title = linked.incidentId
      ? this.incidentAnchor(linked.incidentId, linked.title, { class: 'case-link-title', 'data-testid': 'case-evidence-link', title: 'Open the incident this item was received for, with its evidence' })
      : h('a', { class: 'case-link-title', href: this.api.custodyReportUrl(linked.id), target: '_blank', rel: 'noopener', 'data-testid': 'case-evidence-link' }, linked.title);
    return h('li', attrs, title, h('div', { class: 'hint' }, [evidenceLine(linked), linked.incidentId ? null : 'received for no incident'].filter(Boolean).join(' · '), ' (', report, ')'));
  }

  private perpetrator(c: CaseDetail, p: CasePerpetrator): HTMLElement {
    return h(
      'li',
      { class: 'case-perpetrator', 'data-testid': 'case-perpetrator', 'data-id': p.id, 'data-status': p.status },
      h('div', {}, h('strong', {}, p.name), ` (${p.kind === 'person' ? 'person' : 'unit'})`, p.roleOrRank ? ` — ${p.roleOrRank}` : '', p.affiliation ? `, ${p.affiliation}` : ''),
      h('div', {}, h('span', { class: `badge perpetrator-status perpetrator-${p.status}`, 'data-testid': 'perpetrator-status' }, PERPETRATOR_STATUS_LABELS[p.status])),
      p.events.length > 0 ? h('ol', { class: 'case-events' }, p.events.map((e) => this.event(e))) : null,
      this.options.canWrite && p.kind === 'person' && p.status !== 'deceased' ? this.eventForm(c, p) : null,
    );
  }

  private event(e: PerpetratorEvent): HTMLElement {
    return h('li', { 'data-testid': 'perpetrator-event', 'data-kind': e.kind }, h('strong', {}, EVENT_LABELS[e.kind]), ` ${e.date}`, detailsText(e.details) ? ` — ${detailsText(e.details)}` : '', h('span', { class: 'hint' }, ` (recorded by ${e.recordedBy.name})`));
  }

  private timeline(c: CaseDetail): HTMLElement {
    const opened = h(
      'li',
      { class: 'case-step', 'data-testid': 'case-step', 'data-status': 'documented' },
      h('strong', {}, CASE_STATUS_LABELS.documented),
      ` — case opened ${timestampText(c.openedAt)} by ${c.openedBy.name}`,
    );
    return h('ol', { class: 'case-timeline', 'data-testid': 'case-timeline' }, opened, c.steps.map((s) => this.step(s)));
  }

  private step(s: CaseStep): HTMLElement {
    return h(
      'li',
      { class: 'case-step', 'data-testid': 'case-step', 'data-status': s.status },
      h('strong', {}, CASE_STATUS_LABELS[s.status]),
      ` ${s.date}`,
      detailsText(s.details) ? ` — ${detailsText(s.details)}` : '',
      h('div', { class: 'hint' }, s.source ? `Source: ${s.source.title}${s.source.reference ? ` (${s.source.reference})` : ''}. ` : '', `Recorded by ${s.recordedBy.name}, ${timestampText(s.recordedAt)}.`),
    );
  }

  private stepForm(c: CaseDetail): HTMLElement | null {
    const next = CASE_TRANSITIONS[c.status];
    if (next.length === 0) return null;
    const scope = 'case-step';
    const statusSelect = select('text', next.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] })), next[0]);
    statusSelect.dataset.testid = 'step-status';
    const status = h('p', { class: 'form-status', role: 'status', 'data-testid': 'step-form-status' });
    const v = (s: CaseStatus, ...children: Child[]) => (next.includes(s) ? variant(s, ...children) : null);
    const form: HTMLFormElement = h(
      'form',
      { class: 'detail-section case-step-form', 'data-testid': 'step-form', novalidate: true },
      h('h3', {}, 'Record the next step'),
      h(
        'div',
        { class: 'form-grid' },
        field(scope, 'status', 'Step', statusSelect),
        field(scope, 'date', 'Date', dateInput('text', today(), { 'data-testid': 'step-date' })),
        field(scope, 'source.title', 'Source (document or report)', textInput('text', '', { 'data-testid': 'step-source' }), { wide: true }),
        field(scope, 'source.reference', 'Source reference', textInput('optional', '', { 'data-testid': 'step-source-reference' })),
      ),
      v('referred', field(`${scope}-referred`, 'referredTo.body', 'Referred to', select('text', choicesOf(REFERRAL_BODIES, (b) => REFERRAL_BODY_LABELS[b]), 'national_prosecutor')), field(`${scope}-referred`, 'referredTo.name', 'Name of the body', textInput('text', '', { 'data-testid': 'step-referred-name' }))),
      v('warrant', field(`${scope}-warrant`, 'issuedBy', 'Issued by', textInput('text', '')), field(`${scope}-warrant`, 'warrantReference', 'Warrant reference', textInput('optional', ''))),
      v('arrested', field(`${scope}-arrested`, 'by', 'Arrested by', textInput('text', '')), field(`${scope}-arrested`, 'place', 'Place', textInput('optional', ''))),
      v('tried', field(`${scope}-tried`, 'court', 'Court', textInput('text', ''))),
      v('outcome', field(`${scope}-outcome`, 'outcome', 'Outcome', select('text', choicesOf(CASE_OUTCOMES, (o) => OUTCOME_LABELS[o]), 'convicted')), field(`${scope}-outcome`, 'detail', 'Detail', textInput('optional', ''))),
      v('closed_without_action', field(`${scope}-closed`, 'reason', 'Reason for closing', textArea('text', ''), { wide: true })),
      h('div', { class: 'case-form-footer' }, status, h('button', { type: 'submit', class: 'primary', 'data-testid': 'step-submit' }, 'Record the step')),
    );
    statusSelect.addEventListener('change', () => showVariant(form, statusSelect.value));
    showVariant(form, statusSelect.value);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send(form, status, () => this.api.caseStep(c.id, { ...readForm(form), expectedVersion: c.version }));
    });
    return form;
  }

  private eventForm(c: CaseDetail, p: CasePerpetrator): HTMLElement {
    const scope = `event-${p.id}`;
    const kindSelect = select('text', choicesOf(PERPETRATOR_EVENT_KINDS, (k: PerpetratorEventKind) => EVENT_LABELS[k]), 'arrested');
    kindSelect.dataset.testid = 'event-kind';
    const status = h('p', { class: 'form-status', role: 'status', 'data-testid': 'event-form-status' });
    const form: HTMLFormElement = h(
      'form',
      { class: 'case-event-form', 'data-testid': 'event-form', novalidate: true },
      h(
        'div',
        { class: 'form-grid' },
        field(scope, 'kind', 'What happened', kindSelect),
        field(scope, 'date', 'Date', dateInput('text', today(), { 'data-testid': 'event-date' })),
      ),
      variant('arrested', field(`${scope}-arrested`, 'by', 'Arrested by', textInput('text', '', { 'data-testid': 'event-arrested-by' })), field(`${scope}-arrested`, 'place', 'Place', textInput('text', '', { 'data-testid': 'event-arrested-place' }))),
      variant(
        'killed',
        field(`${scope}-killed`, 'by', 'Killed by', textInput('text', '')),
        field(`${scope}-killed`, 'circumstances', 'Circumstances', textArea('text', ''), { wide: true }),
        field(`${scope}-killed`, 'incidentId', 'Incident id', textInput('optional', '')),
        field(`${scope}-killed`, 'forceRequestId', 'Force request id', textInput('optional', '')),
      ),
      variant('surrendered', field(`${scope}-surrendered`, 'by', 'Surrendered to', textInput('text', '')), field(`${scope}-surrendered`, 'place', 'Place', textInput('optional', ''))),
      variant('escaped', field(`${scope}-escaped`, 'place', 'From where', textInput('optional', ''))),
      variant('released', field(`${scope}-released`, 'by', 'Released by', textInput('text', '')), field(`${scope}-released`, 'reason', 'Reason', textInput('optional', ''))),
      h('div', { class: 'case-form-footer' }, status, h('button', { type: 'submit', 'data-testid': 'event-submit' }, 'Record the event')),
    );
    kindSelect.addEventListener('change', () => showVariant(form, kindSelect.value));
    showVariant(form, kindSelect.value);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send(form, status, () => this.api.perpetratorEvent(c.id, p.id, { ...readForm(form), expectedVersion: c.version }));
    });
    return h('details', { class: 'case-event' }, h('summary', { 'data-testid': 'event-open' }, 'Record what happened to this person'), form);
  }

  private async send(form: HTMLFormElement, status: HTMLElement, call: () => Promise<CaseDetail>): Promise<void> {
    status.textContent = 'Saving…';
    try {
      const detail = await call();
      this.render(detail);
      this.options.onChanged();
    } catch (error) {
      placeIssues(form, error instanceof ApiError ? error.issues : [], 'server');
      status.textContent = error instanceof Error ? error.message : String(error);
      if (error instanceof ApiError && error.code === 'conflict') status.append(' ', h('button', { type: 'button', class: 'link-button', onclick: () => void this.open(this.element.dataset.id ?? '') }, 'Read the case again'));
    }
  }
}
