import { verificationChangeSchema, type IncidentDetail } from '../../../src/core/incident.schema.js';
import type { IncidentConflict } from '../../../src/core/incident-conflict.schema.js';
import { conflictResolution } from './conflict-resolution.js';
import { VERIFICATION_TRANSITIONS, type VerificationStatus } from '../../../src/core/verification.js';
import type { ApiClient } from '../shared/api-client.js';
import { isFieldChange, type AuditLogEntry } from '../../../src/core/audit-log-entry.js';
import { ApiError } from '../shared/api-client.js';
import { exerciseMarker, statusBadge } from './badges.js';
import { exerciseBanner } from '../shared/exercise-banner.js';
import { evidenceSection } from './evidence-section.js';
import { restrictionSection } from '../shared/restriction-section.js';
import { h, mount, type Child } from '../shared/dom.js';
import { errorMessage, loadable } from '../shared/loadable.js';
import { errorSlot, issuesOf, placeIssues } from '../shared/field-errors.js';
import {
  ACTOR_TYPE_LABELS,
  LOCATION_PRECISION_LABELS,
  SOURCE_TYPE_LABELS,
  VIOLENCE_TYPE_LABELS,
  STATUS_LABELS,
  auditActionLabel,
  categoryLabel,
  countryLabel,
  dateWindowText,
  estimateText,
  gradeText,
  humanize,
  themeLabel,
  timestampText,
} from '../shared/format.js';

export interface DetailPermissions {
  canEdit: boolean;
  canVerify: boolean;
  /** See the incident's evidence (evidence:read) and add to it (evidence:write). */
  canReadEvidence?: boolean;
  canWriteEvidence?: boolean;
  /** Restrict the incident to named users and groups (incident:restrict). */
  canRestrict?: boolean;
}

export interface IncidentDetailOptions {
  permissions: DetailPermissions;
  onClose(): void;
  onEdit(incident: IncidentDetail): void;
  /** The incident changed here (its verification), so the map and the list should ask again. */
  onChanged(incident: IncidentDetail): void;
}

const section = (title: string, testid: string, ...children: Child[]) =>
  h('section', { class: 'detail-section', 'data-testid': testid }, h('h3', {}, title), ...children);

/** A definition list of label → value; empty values are left out. */
function facts(rows: readonly (readonly [string, Child])[]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    rows.filter(([, value]) => value !== undefined && value !== null && value !== '').map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
  );
}

function table(headings: readonly string[], rows: readonly (readonly Child[])[], attrs: Record<string, string> = {}): HTMLElement {
  return h(
    'table',
    { class: 'data-table', ...attrs },
    h('thead', {}, h('tr', {}, headings.map((heading) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell))))),
  );
}

/** One audit value, short: lists and objects as compact JSON, cut at a length a reader can take in. */
function auditValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

/** A conflict's value as a reader takes it in: text as it is, anything else as compact JSON; absent as such. */
function conflictValue(value: unknown): string {
  return value === undefined ? '(none)' : auditValue(value);
}

/** A conflict as a reader takes it in: the field, its value at the base, the value kept, the other, who and when. */
export function conflictFacts(conflict: IncidentConflict): Child[] {
  return [
    h('div', { class: 'conflict-field' }, h('code', {}, conflict.path)),
    conflict.redacted
      ? h('p', { class: 'empty' }, 'In the sensitive details: the values are shown only to readers cleared to see them.')
      : facts([
          [conflict.baseVersion === null ? 'At the base' : `At the base (version ${conflict.baseVersion})`, conflictValue(conflict.base)],
          ['Kept (held)', h('span', { 'data-testid': 'conflict-held' }, conflictValue(conflict.held))],
          ['Other (proposed)', h('span', { 'data-testid': 'conflict-proposed' }, conflictValue(conflict.proposed))],
        ]),
    h('div', { class: 'history-meta' }, `Other value from ${conflict.proposedBy.username} · ${timestampText(conflict.proposedAt)} · ${conflict.origin === 'edit' ? 'an edit of an older version' : conflict.origin}`),
  ];
}

const RESOLUTION_TEXT: Record<string, string> = { kept_held: 'kept the held value', took_proposed: 'took the other value', entered_value: 'entered a value' };

/** An audit entry's record of a conflict, in words: the field, its values at the base, held, other, and the choice. */
function conflictFact(change: unknown): Child | undefined {
  if (typeof change !== 'object' || change === null || !('field' in change)) return undefined;
  const c = change as Record<string, unknown>;
  return [
    h('code', {}, String(c.field)),
    ` — at the base ${auditValue(c.base)}; kept ${auditValue(c.held)}; other ${auditValue(c.proposed)}`,
    'chosen' in c ? `; ${RESOLUTION_TEXT[String(c.resolution)] ?? String(c.resolution)}: ${auditValue(c.chosen)}` : '',
  ];
}

/**
 * The side panel with everything known about one incident: what, when, where, who, how many, from which sources and how
 * good they are, the verification history and the audit trail; and the actions the user's role allows.
 */
export class IncidentDetailPanel {
  readonly element = h('aside', { class: 'detail-panel', 'data-testid': 'incident-detail', 'aria-label': 'Incident detail', hidden: true, tabindex: -1 });
  private readonly loader = loadable(
    this.element,
    (signal, id: string) => Promise.all([this.api.getIncident(id, signal), this.api.auditTrail(id, signal)]),
    ([incident, audit]) => this.show(incident, audit),
    {
      failed: (error) => {
        const message = error instanceof ApiError && error.status === 404 ? 'This incident does not exist (any more).' : errorMessage(error);
        this.element.replaceChildren(this.toolbar(undefined), h('p', { class: 'error-banner', role: 'alert' }, message));
      },
    },
  );

  constructor(
    private readonly api: ApiClient,
    private readonly options: IncidentDetailOptions,
  ) {
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !(event.target instanceof HTMLTextAreaElement)) this.options.onClose();
    });
  }

  get incidentId(): string | undefined {
    return this.element.hidden ? undefined : this.element.dataset.id;
  }

  open(id: string): Promise<void> {
    this.element.hidden = false;
    this.element.dataset.id = id;
    const loading = this.loader.load(id);
    this.element.replaceChildren(this.toolbar(undefined), h('p', { class: 'detail-loading', role: 'status' }, 'Loading incident…'));
    return loading;
  }

  close(): void {
    this.loader.abort();
    this.element.hidden = true;
    delete this.element.dataset.id;
    this.element.replaceChildren();
  }

  private show(incident: IncidentDetail, audit: AuditLogEntry[]): void {
    const heading = h('h2', { class: 'detail-title', id: 'detail-title', tabindex: -1, 'data-testid': 'detail-title' }, incident.title);
    this.element.setAttribute('aria-labelledby', 'detail-title');
    mount(
      this.element,
      this.toolbar(incident),
      h(
        'header',
        { class: 'detail-header' },
        heading,
        h('div', { class: 'detail-badges' }, statusBadge(incident.verificationStatus), incident.exercise ? exerciseMarker() : null),
        incident.exercise ? exerciseBanner('exercise data: fictional, for training. Not a real report.') : null,
      ),
      this.conflicts(incident),
      this.overview(incident),
      incident.narrative ? section('Narrative', 'detail-narrative', h('p', { class: 'narrative' }, incident.narrative)) : null,
      this.casualties(incident),
      this.actors(incident),
      this.sources(incident),
      this.options.permissions.canReadEvidence
        ? evidenceSection(this.api, incident.id, { canRead: true, canWrite: this.options.permissions.canWriteEvidence ?? false })
        : null,
      incident.sensitive ? this.sensitive(incident) : null,
      restrictionSection(this.api, { collection: 'incidents', id: incident.id, noun: 'incident', readers: 'read incidents' }, this.options.permissions.canRestrict ?? false),
      this.verification(incident),
      this.record(incident),
      this.auditTrail(audit),
    );
    this.element.dataset.version = String(incident.version);
    heading.focus();
  }

  private toolbar(incident: IncidentDetail | undefined): HTMLElement {
    return h(
      'div',
      { class: 'detail-toolbar' },
      incident && this.options.permissions.canEdit
        ? h('button', { type: 'button', 'data-testid': 'detail-edit', onclick: () => this.options.onEdit(incident) }, 'Edit')
        : null,
      h('button', { type: 'button', class: 'close', 'aria-label': 'Close incident detail', 'data-testid': 'detail-close', onclick: () => this.options.onClose() }, '×'),
    );
  }

  /**
   * The fields changed on both sides since the version an edit was based on: each with its value at the base, the value
   * kept, the other value, who proposed it and when; a writer keeps or takes. Nothing was overwritten meanwhile.
   */
  private conflicts(incident: IncidentDetail): HTMLElement | null {
    const open = incident.conflicts;
    if (open.length === 0) return null;
    const items = open.map((conflict) => {
      const canResolve = this.options.permissions.canEdit && !conflict.redacted;
      return h(
        'li',
        { class: 'conflict', 'data-testid': 'conflict', 'data-path': conflict.path },
        conflictFacts(conflict),
        canResolve
          ? conflictResolution(
              conflict,
              (resolution) => this.api.resolveConflict(incident.id, conflict.id, resolution),
              (updated) => {
                this.options.onChanged(updated);
                void this.open(updated.id);
              },
            )
          : null,
      );
    });
    return h(
      'section',
      { class: 'detail-section conflict-banner', role: 'region', 'aria-label': 'Conflicts', 'data-testid': 'detail-conflicts', 'data-count': open.length },
      h('h3', {}, open.length === 1 ? '1 field changed on both sides' : `${open.length} fields changed on both sides`),
      h('p', {}, 'Nothing was overwritten: the held value stays until someone decides.'),
      h('ol', { class: 'conflicts' }, items),
    );
  }

  private overview(incident: IncidentDetail): HTMLElement {
    const { location } = incident;
    return section(
      'What, when and where',
      'detail-overview',
      facts([
        ['Date', `${dateWindowText(incident.dateEarliest, incident.dateLatest)} (precision: ${incident.datePrecision})`],
        ['Country', countryLabel(location.country)],
        ['Province (admin 1)', location.admin1],
        ['District (admin 2)', location.admin2],
        ['Place', location.placeName],
        ['Coordinates', `${location.lat.toFixed(4)}, ${location.lon.toFixed(4)}`],
        ['Location precision', LOCATION_PRECISION_LABELS[location.precision]],
        ['Themes', h('ul', { class: 'tags' }, incident.themes.map((t) => h('li', {}, themeLabel(t))))],
        ['Categories', incident.categories.length ? h('ul', { class: 'tags' }, incident.categories.map((c) => h('li', {}, categoryLabel(c)))) : 'none'],
        ['Violence type', incident.violenceType ? VIOLENCE_TYPE_LABELS[incident.violenceType] : 'not given'],
        ['Killed (all statuses)', estimateText(incident.killed)],
        ['Injured (all statuses)', estimateText(incident.injured)],
      ]),
    );
  }

  private casualties(incident: IncidentDetail): HTMLElement {
    if (incident.casualties.length === 0) return section('Casualties', 'detail-casualties', h('p', { class: 'empty' }, 'No casualties recorded.'));
    const rows = incident.casualties.map((c) => [
      humanize(c.kind),
      humanize(c.status),
      c.group ? `of whom ${c.group.replaceAll('_', ' ')}s` : 'everyone',
      String(c.low),
      h('strong', {}, String(c.best)),
      String(c.high),
      c.breakdown.length
        ? h('ul', { class: 'breakdown' }, c.breakdown.map((b) => h('li', {}, `${humanize(b.sex)}, ${b.ageGroup}: ${estimateText(b)}`)))
        : '—',
    ]);
    return section('Casualties', 'detail-casualties', table(['Kind', 'Status', 'Group', 'Low', 'Best', 'High', 'By sex and age'], rows));
  }

  private actors(incident: IncidentDetail): HTMLElement {
    if (incident.actors.length === 0) return section('Actors', 'detail-actors', h('p', { class: 'empty' }, 'No actors recorded.'));
    return section('Actors', 'detail-actors', table(['Name', 'Type', 'Role'], incident.actors.map((a) => [a.name, ACTOR_TYPE_LABELS[a.actorType], humanize(a.role)])));
  }

  private sources(incident: IncidentDetail): HTMLElement {
    if (incident.sources.length === 0) return section('Sources', 'detail-sources', h('p', { class: 'empty' }, 'No sources recorded.'));
    const cards = incident.sources.map((s) =>
      h(
        'li',
        { class: 'source', 'data-testid': 'source' },
        h(
          'div',
          { class: 'source-head' },
          h('span', { class: 'source-ref' }, s.ref),
          h('span', {}, SOURCE_TYPE_LABELS[s.sourceType]),
          s.publishedOn ? h('span', { class: 'source-date' }, `published ${s.publishedOn}`) : null,
        ),
        h('div', {}, s.description),
        s.url ? h('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank', class: 'source-url' }, s.url) : null,
        h('div', { class: 'grade', 'data-testid': 'source-grade', title: 'NATO Admiralty code: source reliability / information credibility' }, gradeText(s)),
      ),
    );
    return section('Sources', 'detail-sources', h('ul', { class: 'sources' }, cards));
  }

  private sensitive(incident: IncidentDetail): HTMLElement {
    const s = incident.sensitive!;
    const none = s.victims.length + s.witnesses.length + s.sourceIdentities.length === 0;
    return h(
      'section',
      { class: 'detail-section sensitive', 'data-testid': 'detail-sensitive' },
      h('h3', {}, 'Sensitive details ', h('span', { class: 'badge sensitive-badge' }, 'Restricted')),
      none ? h('p', { class: 'empty' }, 'None recorded.') : null,
      s.victims.length
        ? [h('h4', {}, 'Victims'), table(['Name', 'Sex', 'Age group', 'Notes'], s.victims.map((v) => [v.name, v.sex ? humanize(v.sex) : '—', v.ageGroup ?? '—', v.notes ?? '']))]
        : null,
      s.witnesses.length ? [h('h4', {}, 'Witnesses'), table(['Name', 'Contact', 'Notes'], s.witnesses.map((w) => [w.name, w.contact ?? '—', w.notes ?? '']))] : null,
      s.sourceIdentities.length
        ? [h('h4', {}, 'Source identities'), table(['Source', 'Identity', 'Contact'], s.sourceIdentities.map((i) => [i.sourceRef, i.identity, i.contact ?? '—']))]
        : null,
    );
  }

  private verification(incident: IncidentDetail): HTMLElement {
    const actions = h('div', { class: 'verification-actions' });
    this.showTransitions(actions, incident);
    const history = [...incident.verificationHistory].reverse().map((e) =>
      h(
        'li',
        {},
        h('div', { class: 'history-change' }, e.from ? [statusBadge(e.from), ' → '] : null, statusBadge(e.to)),
        h('div', { class: 'history-meta' }, `${e.by.username} · ${timestampText(e.at)}`),
        h('div', { class: 'history-reason' }, e.reason),
      ),
    );
    return section('Verification', 'detail-verification', actions, h('ol', { class: 'history', 'data-testid': 'verification-history' }, history));
  }

  /** A button for each status the workflow allows next, for roles that may verify. */
  private showTransitions(actions: HTMLElement, incident: IncidentDetail): void {
    const next = VERIFICATION_TRANSITIONS[incident.verificationStatus];
    actions.replaceChildren();
    if (!this.options.permissions.canVerify || next.length === 0) return;
    actions.append(
      h('span', { class: 'actions-label' }, 'Move to:'),
      ...next.map((status) =>
        h('button', { type: 'button', 'data-testid': `verify-${status}`, onclick: () => this.askReason(actions, incident, status) }, STATUS_LABELS[status]),
      ),
    );
  }

  private askReason(actions: HTMLElement, incident: IncidentDetail, status: VerificationStatus): void {
    const reason = h('textarea', { id: 'verification-reason', name: 'reason', rows: 2, required: true, 'data-testid': 'verification-reason', 'aria-describedby': 'verify-error-reason' });
    const form = h(
      'form',
      { class: 'verification-form', novalidate: true },
      h('label', { for: 'verification-reason' }, `Why move it to “${STATUS_LABELS[status]}”?`),
      reason,
      errorSlot('verify', 'reason'),
      errorSlot('verify', ''),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'verification-confirm' }, `Move to ${STATUS_LABELS[status]}`),
        h('button', { type: 'button', onclick: () => this.showTransitions(actions, incident) }, 'Cancel'),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.changeStatus(form, incident, status, reason.value);
    });
    actions.replaceChildren(form);
    reason.focus();
  }

  private async changeStatus(form: HTMLFormElement, incident: IncidentDetail, status: VerificationStatus, reason: string): Promise<void> {
    const change = { status, reason };
    const parsed = verificationChangeSchema.safeParse(change);
    if (!parsed.success) return placeIssues(form, issuesOf(parsed.error), 'client');
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    try {
      const updated = await this.api.changeVerification(incident.id, parsed.data);
      this.options.onChanged(updated);
      await this.open(updated.id);
    } catch (error) {
      submit.disabled = false;
      const issues = error instanceof ApiError ? [...error.issues] : [];
      if (issues.length === 0) issues.push({ path: '', message: error instanceof Error ? error.message : String(error), code: 'error' });
      placeIssues(form, issues, 'server');
    }
  }

  private record(incident: IncidentDetail): HTMLElement {
    return section(
      'Record',
      'detail-record',
      facts([
        ['Origin', [incident.origin.dataset, incident.origin.externalId, incident.origin.eventType].filter(Boolean).join(' · ')],
        ['Exercise data', incident.exercise ? 'Yes — fictional' : 'No'],
        ['Created', `${timestampText(incident.createdAt)} by ${incident.createdBy.username}`],
        ['Updated', `${timestampText(incident.updatedAt)} by ${incident.updatedBy.username}`],
        ['Version', String(incident.version)],
        ['Id', h('code', {}, incident.id)],
      ]),
    );
  }

  private auditTrail(audit: AuditLogEntry[]): HTMLElement {
    const entries = [...audit].reverse().map((entry) =>
      h(
        'li',
        {},
        h('div', { class: 'history-meta' }, h('strong', {}, auditActionLabel(entry.action)), ` · ${entry.username ?? 'system'} · ${timestampText(entry.at)}`),
        h(
          'ul',
          { class: 'audit-changes' },
          Object.entries(entry.changes).map(([field, change]) =>
            h(
              'li',
              {},
              field === 'conflict' && conflictFact(change) ? ['Conflict on ', conflictFact(change)] : [h('code', {}, field), ': ', isFieldChange(change) ? [auditValue(change.before), ' → ', auditValue(change.after)] : auditValue(change)],
            ),
          ),
        ),
      ),
    );
    return section('Audit trail', 'detail-audit', entries.length ? h('ol', { class: 'history' }, entries) : h('p', { class: 'empty' }, 'No entries.'));
  }
}
