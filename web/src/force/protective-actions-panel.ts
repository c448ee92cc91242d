import { hasPermission, type Role } from '../../../src/core/access-control.js';
import { PROTECTIVE_ACTION_STATUSES, type ProtectiveActionInput, type ProtectiveActionRecord, type ProtectiveActionStatus } from '../../../src/core/courses-of-action/protective-action-log.js';
import { PROTECTIVE_ACTION_KINDS } from '../../../src/core/courses-of-action/planning.schema.js';
import { LOCATION_PRECISIONS } from '../../../src/core/taxonomy.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { h, isAbort, mount } from '../shared/dom.js';

/**
 * The protective actions log, in the planning part of the force area (`?view=force&request=protective`): what was
 * planned, carried out or cancelled, real and exercise records apart; a form to record one; and, on a planned action,
 * "mark carried out" (with its days and unit) and "cancel". Carried-out actions are the register's past protective
 * actions for the escalation estimate of a course of action (docs/courses-of-action.md).
 */

export const PROTECTIVE_LIST = 'protective';

const STATUS_WORDS: Record<ProtectiveActionStatus, string> = { planned: 'Planned', carried_out: 'Carried out', cancelled: 'Cancelled' };
const words = (value: string) => value.replaceAll('_', ' ');
const problem = (error: unknown) => {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  return error.issues.length > 0 ? error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') : error.message;
};

/** A record's writable fields as a PUT sends them back: unknown (null) stays out, never invented. */
function writable(r: ProtectiveActionRecord): ProtectiveActionInput {
  return {
    kind: r.kind,
    description: r.description,
    status: r.status,
    exercise: r.exercise,
    ...(r.location && { location: r.location }),
    ...(r.siteId !== null && { siteId: r.siteId }),
    ...(r.zoneId !== null && { zoneId: r.zoneId }),
    ...(r.startDate !== null && { startDate: r.startDate }),
    ...(r.endDate !== null && { endDate: r.endDate }),
    ...(r.unit !== null && { unit: r.unit }),
    ...(r.resultNote !== null && { resultNote: r.resultNote }),
  };
}

/** A labelled field: the label names the control for assistive technology. */
function field(id: string, label: string, control: HTMLElement): HTMLElement {
  control.id = id;
  return h('div', { class: 'pa-field' }, h('label', { for: id }, label), control);
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

export class ProtectiveActionsPanel {
  readonly element = h('section', { class: 'pa-panel', 'data-testid': 'protective-actions' });
  private controller: AbortController | undefined;
  private exercise = false;
  private readonly canRecord: boolean;

  constructor(
    private readonly api: ApiClient,
    role: Role,
  ) {
    this.canRecord = hasPermission(role, 'incident:write') || hasPermission(role, 'force:request');
  }

  show(): void {
    this.controller?.abort();
    this.controller = new AbortController();
    void this.load(this.controller.signal);
  }

  destroy(): void {
    this.controller?.abort();
    this.element.remove();
  }

  private async load(signal: AbortSignal): Promise<void> {
    this.element.dataset.state = 'loading';
    try {
      const { items } = await this.api.protectiveActions({ exercise: this.exercise }, signal);
      const toggle = h('input', {
        type: 'checkbox',
        'data-testid': 'pa-exercise-toggle',
        checked: this.exercise,
        onchange: () => {
          this.exercise = toggle.checked;
          this.show();
        },
      });
      mount(
        this.element,
        h('h2', {}, 'Protective actions'),
        h(
          'p',
          { class: 'hint' },
          'Patrols, presence at a site, corridors, safe havens, evacuations, arrest operations and local agreements: planned, carried out or cancelled. Those carried out are what the escalation estimate of a course of action compares with; an action not logged here is not counted.',
        ),
        h('label', { class: 'pa-toggle' }, toggle, ' Exercise records (kept apart from real ones)'),
        this.canRecord ? this.form() : null,
        items.length === 0
          ? h('p', { class: 'hint', 'data-testid': 'pa-empty' }, this.exercise ? 'No exercise protective action logged.' : 'No protective action logged.')
          : h('ul', { class: 'pa-list', 'data-testid': 'pa-list' }, items.map((a) => this.item(a))),
      );
      this.element.dataset.state = 'ready';
    } catch (error) {
      if (isAbort(error)) return;
      mount(this.element, h('p', { class: 'error', role: 'alert' }, `The protective actions could not be read: ${problem(error)}`));
      this.element.dataset.state = 'error';
    }
  }

  private item(a: ProtectiveActionRecord): HTMLElement {
    const days = a.startDate === null ? 'no days given' : a.endDate === null || a.endDate === a.startDate ? a.startDate : `${a.startDate} – ${a.endDate}`;
    const where = `${a.point.lat.toFixed(4)}, ${a.point.lon.toFixed(4)} (${words(a.point.precision)}, from the ${words(a.point.from)})`;
    return h(
      'li',
      { class: 'pa-item', 'data-testid': 'pa-item', 'data-id': a.id, 'data-status': a.status },
      h('strong', {}, words(a.kind)),
      a.exercise ? h('span', { class: 'badge exercise-badge', title: 'Exercise record, not real' }, 'Exercise') : null,
      h('span', { class: 'badge', 'data-testid': 'pa-status' }, STATUS_WORDS[a.status]),
      h('p', {}, a.description),
      h('p', { class: 'hint' }, `${days} · ${a.unit ?? 'unit not given'} · ${where}`),
      a.fromCourseOfAction
        ? h('p', { class: 'hint' }, 'From the course of action ', h('a', { href: `?view=force&request=${encodeURIComponent(`coa:${a.fromCourseOfAction.situationId}`)}` }, `“${a.fromCourseOfAction.courseOfAction}”`), `, action ${a.fromCourseOfAction.action}`)
        : null,
      a.resultNote ? h('p', { class: 'pa-result' }, a.resultNote) : null,
      this.canRecord && a.status === 'planned' ? this.planActions(a) : null,
    );
  }

  /** On a planned action: mark it carried out (its days, the unit, the result) or cancel it, on the version read. */
  private planActions(a: ProtectiveActionRecord): HTMLElement {
    const key = a.id.slice(-8);
    const start = h('input', { type: 'date', required: true, value: a.startDate ?? '', 'data-testid': 'pa-done-start' });
    const end = h('input', { type: 'date', value: a.endDate ?? '', 'data-testid': 'pa-done-end' });
    const unit = h('input', { type: 'text', required: true, value: a.unit ?? '', 'data-testid': 'pa-done-unit' });
    const result = h('input', { type: 'text', value: a.resultNote ?? '', 'data-testid': 'pa-done-result' });
    const message = h('p', { class: 'error', role: 'alert' });
    const save = (changes: Partial<ProtectiveActionInput>) =>
      this.api.updateProtectiveAction(a.id, { ...writable(a), ...changes, version: a.version }).then(
        () => this.show(),
        (error: unknown) => (message.textContent = problem(error)),
      );
    return h(
      'form',
      {
        class: 'pa-done',
        'data-testid': 'pa-done-form',
        'aria-label': `Mark “${a.description}” carried out`,
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          void save({ status: 'carried_out', startDate: start.value, endDate: optional(end.value), unit: optional(unit.value), resultNote: optional(result.value) });
        },
      },
      field(`pa-start-${key}`, 'Started', start),
      field(`pa-end-${key}`, 'Ended', end),
      field(`pa-unit-${key}`, 'Unit or organisation', unit),
      field(`pa-result-${key}`, 'Result', result),
      message,
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'pa-mark-done' }, 'Mark carried out'),
      h('button', { type: 'button', 'data-testid': 'pa-cancel', onclick: () => void save({ status: 'cancelled' }) }, 'Cancel the action'),
    );
  }

  /** Record an action: its kind, what it is, where (a point, a site id, a zone id), its days, the unit, its status. */
  private form(): HTMLElement {
    const kind = h('select', { 'data-testid': 'pa-kind' }, PROTECTIVE_ACTION_KINDS.map((k) => h('option', { value: k }, words(k))));
    const description = h('textarea', { rows: 2, required: true, 'data-testid': 'pa-description' });
    const lat = h('input', { type: 'number', step: 'any', min: -90, max: 90, 'data-testid': 'pa-lat' });
    const lon = h('input', { type: 'number', step: 'any', min: -180, max: 180, 'data-testid': 'pa-lon' });
    const precision = h('select', { 'data-testid': 'pa-precision' }, LOCATION_PRECISIONS.map((p) => h('option', { value: p }, words(p))));
    const siteId = h('input', { type: 'text', 'data-testid': 'pa-site' });
    const zoneId = h('input', { type: 'text', 'data-testid': 'pa-zone' });
    const status = h('select', { 'data-testid': 'pa-status-input' }, PROTECTIVE_ACTION_STATUSES.map((s) => h('option', { value: s }, STATUS_WORDS[s])));
    const start = h('input', { type: 'date', 'data-testid': 'pa-start' });
    const end = h('input', { type: 'date', 'data-testid': 'pa-end' });
    const unit = h('input', { type: 'text', 'data-testid': 'pa-unit' });
    const result = h('input', { type: 'text', 'data-testid': 'pa-result' });
    const message = h('p', { class: 'error', role: 'alert', 'data-testid': 'pa-message' });
    const button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'pa-record' }, 'Record the action');
    return h(
      'form',
      {
        class: 'pa-form',
        'data-testid': 'pa-form',
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          message.textContent = '';
          const point = lat.value !== '' && lon.value !== '' ? { lat: Number(lat.value), lon: Number(lon.value), precision: precision.value as (typeof LOCATION_PRECISIONS)[number] } : undefined;
          const action: ProtectiveActionInput = {
            kind: kind.value as ProtectiveActionInput['kind'],
            description: description.value,
            status: status.value as ProtectiveActionStatus,
            exercise: this.exercise,
            ...(point && { location: point }),
            siteId: optional(siteId.value),
            zoneId: optional(zoneId.value),
            startDate: optional(start.value),
            endDate: optional(end.value),
            unit: optional(unit.value),
            resultNote: optional(result.value),
          };
          button.disabled = true;
          this.api.recordProtectiveAction(action).then(
            () => this.show(),
            (error: unknown) => {
              message.textContent = problem(error);
              button.disabled = false;
            },
          );
        },
      },
      h(
        'fieldset',
        {},
        h('legend', {}, this.exercise ? 'Record an exercise protective action' : 'Record a protective action'),
        field('pa-kind', 'Kind', kind),
        field('pa-description', 'What it is', description),
        h(
          'fieldset',
          { class: 'pa-where' },
          h('legend', {}, 'Where: a point, or a protected site or zone by its id (its point is then used)'),
          field('pa-lat', 'Latitude', lat),
          field('pa-lon', 'Longitude', lon),
          field('pa-precision', 'Precision', precision),
          field('pa-site', 'Site id', siteId),
          field('pa-zone', 'Zone id', zoneId),
        ),
        field('pa-status-input', 'Status', status),
        field('pa-start', 'Started (or planned start)', start),
        field('pa-end', 'Ended', end),
        field('pa-unit', 'Unit or organisation', unit),
        field('pa-result', 'Result', result),
        message,
        button,
      ),
    );
  }
}
