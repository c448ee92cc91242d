import { hasPermission, type Role } from '../../../src/core/access-control.js';
import { ACTION_KINDS } from '../../../src/core/exercises/after-action-review.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { h, isAbort, mount } from '../shared/dom.js';
import { exerciseBanner } from '../shared/exercise-banner.js';
import { placeIssues } from '../shared/field-errors.js';
import { errorMessage } from '../shared/loadable.js';
import { ExerciseClockView } from './exercise-clock-view.js';
import { ACTION_KIND_LABELS, INJECT_KIND_LABELS, minuteText } from './exercise-labels.js';
import { outcomeForm } from './exercise-outcome-form.js';
import { canFacilitate, EXERCISE_ROLE_LABELS, PLAYER_ROLE } from './exercise-roles.js';
import type { ClockCommand, ExerciseRecordLink, ExerciseStatus, ReleasedInject } from './exercise-types.js';

/** How often the page asks where the run stands: players see a released inject within this. */
const POLL_MS = 3000;

export interface ExerciseConsoleOptions {
  role: Role;
  openReview(id: string): void;
  openIncident(id: string): void;
  openForceRequest(id: string): void;
  /** The run changed here (started, paused, rewound): the list beside it should ask again. */
  onChanged(): void;
}

const problem = (error: unknown): string => (error instanceof ApiError || error instanceof Error ? error.message : String(error));

/**
 * One run of an exercise. The facilitator's console: the clock and its controls, the next inject and the button that
 * releases it, and the timeline of released injects with the facilitator's notes. The same page is the players' feed
 * for every other role: the injects released to everyone or to their role (the server leaves out the notes and what
 * comes next), links to the records the injects made — to act on them in the normal workflow — and a form to record
 * what they did. It asks the server again every few seconds while it is shown.
 */
export class ExerciseConsole {
  readonly element = h('section', { class: 'exercise-console', 'data-testid': 'exercise-console' });
  private readonly clock = new ExerciseClockView();
  private readonly facilitator: boolean;
  private readonly controls = h('div', { class: 'exercise-controls', 'data-testid': 'exercise-controls' });
  private readonly next = h('div', { class: 'exercise-next', 'data-testid': 'exercise-next' });
  private readonly timeline = h('ol', { class: 'exercise-timeline', 'data-testid': 'exercise-timeline' });
  private readonly message = h('p', { class: 'error', role: 'alert', 'data-testid': 'exercise-error' });
  private readonly runText = h('span', { 'data-testid': 'exercise-run-number' });
  private readonly terrain = h('ul', { class: 'exercise-terrain', 'data-testid': 'exercise-terrain', 'aria-label': 'Corridors and agreements' });
  private readonly actionForm: ActionForm | undefined;
  private status: ExerciseStatus | undefined;
  /** What the timeline shows (run and released injects), so a poll that brings nothing new redraws nothing. */
  private shownTimeline = '';
  private loading: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private busy = false;
  private readonly outcomeForms = new Map<string, HTMLElement>();

  constructor(
    private readonly api: ApiClient,
    private readonly options: ExerciseConsoleOptions,
  ) {
    this.facilitator = canFacilitate(options.role);
    this.element.dataset.view = this.facilitator ? 'facilitator' : 'player';
    this.actionForm = this.facilitator ? undefined : new ActionForm(api);
  }

  /** Shows a run (from scratch when it is another one) and keeps asking about it until hidden. */
  open(id: string): void {
    if (this.element.dataset.id !== id) {
      this.element.dataset.id = id;
      this.status = undefined;
      this.shownTimeline = '';
      this.outcomeForms.clear();
      this.actionForm?.reset(id);
      mount(this.element, exerciseBanner('a training exercise: every record in it is fictional.'), h('p', { class: 'hint', role: 'status' }, 'Loading the exercise…'));
    }
    void this.refresh();
  }

  /** Another area or run is shown: stop asking. */
  pause(): void {
    clearTimeout(this.timer);
    this.loading?.abort();
  }

  destroy(): void {
    this.pause();
    this.clock.destroy();
    this.element.remove();
  }

  private async refresh(): Promise<void> {
    clearTimeout(this.timer);
    this.loading?.abort();
    const id = this.element.dataset.id ?? '';
    const request = new AbortController();
    this.loading = request;
    try {
      const status = await this.api.exerciseStatus(id, request.signal);
      if (request.signal.aborted) return;
      this.show(status);
    } catch (error) {
      if (isAbort(error) || request.signal.aborted) return;
      if (!this.status) {
        const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
        mount(this.element, exerciseBanner('a training exercise.'), h('p', { class: 'error-banner', role: 'alert' }, missing ? 'This exercise does not exist.' : `The exercise could not be loaded: ${errorMessage(error)}`));
        this.element.dataset.state = 'error';
        return;
      }
      // A poll that failed (the network came and went) says so and tries again.
      this.message.textContent = `Could not ask where the exercise stands: ${problem(error)}`;
    }
    if (this.element.isConnected) this.timer = setTimeout(() => void this.refresh(), POLL_MS);
  }

  private show(status: ExerciseStatus): void {
    const first = this.status === undefined;
    this.status = status;
    if (first) this.layout(status);
    this.clock.set(status.clock);
    this.element.dataset.state = 'ready';
    this.element.dataset.run = String(status.run);
    this.element.dataset.clock = status.clock.status;
    this.element.dataset.released = String(status.released.length);
    this.runText.textContent = `Run ${status.run}`;
    this.renderControls(status);
    const timeline = JSON.stringify([status.run, status.released.map((r) => [r.injectId, r.records.length])]);
    if (timeline !== this.shownTimeline) {
      this.shownTimeline = timeline;
      this.renderTerrain(status);
      this.renderTimeline(status);
      this.actionForm?.setInjects(this.visible(status));
    }
  }

  private layout(status: ExerciseStatus): void {
    const played = PLAYER_ROLE[this.options.role];
    const roleNote = this.facilitator
      ? 'You are the facilitator: you run the clock and release the injects. The notes are yours alone.'
      : `You play ${played ? `the ${EXERCISE_ROLE_LABELS[played].toLowerCase()}` : 'no part (you observe)'}: act on what comes in through the normal workflow, and record here what else you did.`;
    const feed = h('section', { class: 'exercise-feed' }, h('h3', {}, this.facilitator ? 'Released injects' : 'What has come in'), this.timeline);
    mount(
      this.element,
      exerciseBanner('a training exercise: every record in it is fictional, and kept apart from real data.'),
      h(
        'header',
        { class: 'exercise-header' },
        h('h2', { 'data-testid': 'exercise-title' }, status.title),
        h('p', { class: 'hint' }, this.runText, ' · ', roleNote),
        h(
          'div',
          { class: 'exercise-header-row' },
          this.clock.element,
          // The review lays out the decisions on force: for those who may read force requests (the server checks the same).
          hasPermission(this.options.role, 'force:read') ? h('button', { type: 'button', 'data-testid': 'open-review', onclick: () => this.options.openReview(status.id) }, 'After-action review') : null,
        ),
        this.terrain,
      ),
      this.facilitator ? this.controls : null,
      this.facilitator ? this.next : null,
      this.message,
      // A player's form stays beside the feed, however long the feed grows.
      this.actionForm ? h('div', { class: 'exercise-play' }, feed, this.actionForm.element) : feed,
    );
  }

  /** The corridors and agreements as the released injects left them. */
  private renderTerrain(status: ExerciseStatus): void {
    const { zones, agreements } = status.terrain;
    const zoneWords = { as_at_start: 'as at the start', open: 'open', closed: 'closed' } as const;
    mount(
      this.terrain,
      zones.map((z) => h('li', { 'data-testid': 'terrain-zone', 'data-state': z.state }, h('strong', {}, z.name), `: ${zoneWords[z.state]}${z.changedAtMinute === null ? '' : ` since ${minuteText(z.changedAtMinute)}`}`)),
      agreements.map((a) =>
        h(
          'li',
          { 'data-testid': 'terrain-agreement', 'data-in-force': String(a.inForce) },
          h('strong', {}, a.name),
          `: ${a.inForce ? 'in force' : 'not in force'}${a.changedAtMinute === null ? '' : ` since ${minuteText(a.changedAtMinute)}`}`,
          a.breachedAtMinute === null ? '' : h('span', { class: 'terrain-breach' }, ` — breached at ${minuteText(a.breachedAtMinute)}`),
        ),
      ),
    );
  }

  // ---- The facilitator's controls ----

  /** Built once, so a poll never wipes a speed being typed; each answer only shows, hides and enables them. */
  private readonly buttons = {
    start: this.commandButton('Start the clock', 'clock-start', { action: 'start' }, true),
    pause: this.commandButton('Pause', 'clock-pause', { action: 'pause' }),
    resume: this.commandButton('Resume', 'clock-resume', { action: 'resume' }, true),
    speed: h('button', { type: 'submit', 'data-testid': 'exercise-speed-set' }, 'Set'),
    rewind: h('button', { type: 'button', 'data-testid': 'clock-rewind', onclick: () => this.askRewind() }, 'New run…'),
    rewindYes: h('button', { type: 'button', class: 'danger', 'data-testid': 'rewind-confirm-yes', onclick: () => void this.command({ action: 'rewind' }) }),
    release: h('button', { type: 'button', class: 'primary', 'data-testid': 'release-next', onclick: () => void this.run((id) => this.api.releaseNextInject(id)) }, 'Release next inject'),
  };
  private readonly speedInput = h('input', { type: 'number', min: 1, max: 60, step: 1, id: 'exercise-speed', 'data-testid': 'exercise-speed-input', class: 'exercise-speed-input', required: true });
  private readonly rewindQuestion = h('p', {});
  private readonly rewindConfirm = h(
    'div',
    { class: 'exercise-confirm', 'data-testid': 'rewind-confirm', hidden: true, role: 'alertdialog', 'aria-label': 'Start a new run' },
    this.rewindQuestion,
    h('div', { class: 'form-actions' }, this.buttons.rewindYes, h('button', { type: 'button', 'data-testid': 'rewind-confirm-no', onclick: () => (this.rewindConfirm.hidden = true) }, 'Cancel')),
  );
  private readonly nextText = h('p', { 'data-testid': 'next-inject' });
  private controlsBuilt = false;

  private commandButton(label: string, testid: string, body: ClockCommand, primary = false): HTMLButtonElement {
    return h('button', { type: 'button', class: primary ? 'primary' : undefined, 'data-testid': testid, onclick: () => void this.command(body) }, label);
  }

  private buildControls(): void {
    this.controlsBuilt = true;
    const { start, pause, resume, speed, rewind, release } = this.buttons;
    mount(
      this.controls,
      h(
        'div',
        { class: 'exercise-control-row' },
        start,
        pause,
        resume,
        h(
          'form',
          {
            class: 'exercise-speed',
            onsubmit: (event: SubmitEvent) => {
              event.preventDefault();
              void this.command({ action: 'speed', speed: Number(this.speedInput.value) });
            },
          },
          h('label', { for: 'exercise-speed' }, 'Speed ×'),
          this.speedInput,
          speed,
        ),
        rewind,
      ),
      this.rewindConfirm,
    );
    mount(this.next, this.nextText, release);
  }

  private renderControls(status: ExerciseStatus): void {
    if (!this.facilitator) return;
    if (!this.controlsBuilt) this.buildControls();
    const { clock } = status;
    const { start, pause, resume, speed, rewind, rewindYes, release } = this.buttons;
    start.hidden = clock.status !== 'not_started';
    pause.hidden = clock.status !== 'running';
    resume.hidden = clock.status !== 'paused';
    for (const button of Object.values(this.buttons)) button.disabled = this.busy;
    rewind.disabled = this.busy || (clock.status === 'not_started' && status.released.length === 0);
    // The speed shown is the clock's, unless someone is typing another one.
    if (document.activeElement !== this.speedInput) this.speedInput.value = String(clock.speed);
    speed.disabled = this.busy;
    this.rewindQuestion.textContent = `Rewind to ${minuteText(0)} and start run ${status.run + 1}? Every inject is released again; what was done in run ${status.run} stays on record.`;
    rewindYes.textContent = `Start run ${status.run + 1}`;
    const next = status.nextInject ?? null;
    mount(this.nextText, ...(next ? ['Next: ', h('strong', { 'data-testid': 'next-inject-title' }, next.title), ` at ${minuteText(next.atMinute)}`] : ['Every inject of this run has been released.']));
    this.next.dataset.next = next?.id ?? '';
    release.disabled = this.busy || next === null;
  }

  private askRewind(): void {
    this.rewindConfirm.hidden = false;
    this.buttons.rewindYes.focus();
  }

  private command(body: ClockCommand): Promise<void> {
    return this.run((id) => this.api.exerciseClock(id, body));
  }

  /** A facilitator's command: its answer is the run as it now is. */
  private async run(command: (id: string) => Promise<ExerciseStatus>): Promise<void> {
    const status = this.status;
    if (this.busy || !status) return;
    this.busy = true;
    this.message.textContent = '';
    this.renderControls(status);
    try {
      const answer = await command(status.id);
      this.busy = false;
      this.rewindConfirm.hidden = true;
      this.show(answer);
      this.options.onChanged();
    } catch (error) {
      this.busy = false;
      this.message.textContent = `Refused: ${problem(error)}`;
      this.renderControls(this.status ?? status);
    }
  }

  // ---- The timeline of released injects ----

  private renderTimeline(status: ExerciseStatus): void {
    // The newest first: what just came in is what a player must read.
    const shown = this.visible(status).reverse();
    if (shown.length === 0) {
      mount(this.timeline, h('li', { class: 'hint', 'data-testid': 'timeline-empty' }, this.facilitator ? 'Nothing released yet: start the clock, or release the first inject.' : 'Nothing has come in for you yet.'));
      return;
    }
    mount(this.timeline, shown.map((inject) => this.injectItem(status, inject)));
  }

  /**
   * What this user reads of the released injects, in release order. A player reads what is addressed to everyone or to
   * their role: a report to the analyst reaches the advisor only if the analyst passes it on. The facilitator (and an
   * observer, who plays no part) reads everything.
   */
  private visible(status: ExerciseStatus): ReleasedInject[] {
    const played = PLAYER_ROLE[this.options.role];
    return status.released.filter((inject) => this.facilitator || !played || !inject.toRole || inject.toRole === played);
  }

  private injectItem(status: ExerciseStatus, inject: ReleasedInject): HTMLElement {
    return h(
      'li',
      { class: 'exercise-inject', 'data-testid': 'released-inject', 'data-inject-id': inject.injectId, 'data-kind': inject.kind },
      h(
        'div',
        { class: 'exercise-inject-head' },
        h('span', { class: 'exercise-inject-minute' }, minuteText(inject.atMinute)),
        h('span', { class: `badge inject-kind inject-${inject.kind}` }, INJECT_KIND_LABELS[inject.kind]),
        inject.toRole ? h('span', { class: 'hint' }, `to the ${EXERCISE_ROLE_LABELS[inject.toRole].toLowerCase()}`) : null,
      ),
      h('strong', { class: 'exercise-inject-title' }, inject.title),
      inject.text ? h('p', { class: 'exercise-inject-text' }, inject.text) : null,
      inject.facilitatorNotes ? h('p', { class: 'facilitator-notes', 'data-testid': 'facilitator-notes' }, h('strong', {}, 'Facilitator’s notes: '), inject.facilitatorNotes) : null,
      inject.records.length > 0 ? h('ul', { class: 'exercise-records' }, inject.records.map((record) => h('li', {}, this.recordLink(record), this.facilitator && record.entityType === 'force_request' ? this.outcomeFormFor(status, record.entityId) : null))) : null,
    );
  }

  /** Kept across redraws of the timeline, so a release does not wipe an outcome being entered. */
  private outcomeFormFor(status: ExerciseStatus, requestId: string): HTMLElement {
    const key = `${status.run}:${requestId}`;
    let form = this.outcomeForms.get(key);
    if (!form) {
      form = outcomeForm(this.api, status.id, requestId);
      this.outcomeForms.set(key, form);
    }
    return form;
  }

  private recordLink(record: ExerciseRecordLink): HTMLElement {
    const incident = record.entityType === 'incident';
    const href = incident ? `?incident=${encodeURIComponent(record.entityId)}` : `?view=force&request=${encodeURIComponent(record.entityId)}`;
    return h(
      'a',
      {
        href,
        class: 'exercise-record-link',
        'data-testid': 'inject-record',
        'data-entity-type': record.entityType,
        'data-id': record.entityId,
        onclick: (event: MouseEvent) => {
          if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          if (incident) this.options.openIncident(record.entityId);
          else this.options.openForceRequest(record.entityId);
        },
      },
      incident ? 'Open the incident in the register' : this.facilitator ? 'Open the force request' : 'Open the force request to act on it',
    );
  }
}

/** What a player did about the injects (verified, investigated, replied, moved), for the after-action review. */
class ActionForm {
  readonly element: HTMLFormElement;
  private readonly inject = h('select', { id: 'exercise-action-inject', name: 'injectId', 'data-testid': 'action-inject' });
  private readonly kind = h('select', { id: 'exercise-action-kind', name: 'kind', 'data-testid': 'action-kind' }, ACTION_KINDS.map((k) => h('option', { value: k }, ACTION_KIND_LABELS[k])));
  private readonly description = h('textarea', { id: 'exercise-action-description', name: 'description', rows: 3, 'data-testid': 'action-description' });
  private readonly escalatory = h('input', { type: 'checkbox', id: 'exercise-action-escalatory', name: 'escalatory', 'data-testid': 'action-escalatory' });
  private readonly submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'action-submit' }, 'Record the action');
  private readonly result = h('p', { class: 'hint', role: 'status', 'data-testid': 'action-result' });
  private exerciseId = '';

  constructor(private readonly api: ApiClient) {
    const slot = (path: string) => h('div', { class: 'field-error', 'data-error-for': path, hidden: true });
    this.element = h(
      'form',
      { class: 'exercise-action-form', 'data-testid': 'action-form', onsubmit: (event: SubmitEvent) => void this.send(event) },
      h('h3', {}, 'Record an action'),
      h('p', { class: 'hint' }, 'Force requests are answered in the use-of-force area. Record here anything else you did — a verification, an investigation opened, a reply, a patrol moved — so the review can count it.'),
      h('div', { class: 'exercise-action-fields' }, h('label', { for: 'exercise-action-inject' }, 'In answer to'), this.inject, slot('injectId'), h('label', { for: 'exercise-action-kind' }, 'Kind'), this.kind, slot('kind')),
      h('label', { for: 'exercise-action-description' }, 'What you did'),
      this.description,
      slot('description'),
      h('label', { class: 'checkbox' }, this.escalatory, ' It raises the level of violence or threat (a show of force, an offensive patrol)'),
      slot(''),
      h('div', { class: 'form-actions' }, this.submit, this.result),
    );
  }

  reset(exerciseId: string): void {
    this.exerciseId = exerciseId;
    this.element.reset();
    this.result.textContent = '';
    placeIssues(this.element, [], 'server');
  }

  /** The released injects to choose from, keeping the one chosen. */
  setInjects(released: readonly ReleasedInject[]): void {
    const chosen = this.inject.value;
    mount(this.inject, h('option', { value: '' }, 'No particular inject'), [...released].reverse().map((r) => h('option', { value: r.injectId }, `${minuteText(r.atMinute)} ${r.title}`)));
    if (released.some((r) => r.injectId === chosen)) this.inject.value = chosen;
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.submit.disabled = true;
    this.result.textContent = 'Recording…';
    placeIssues(this.element, [], 'server');
    try {
      await this.api.recordExerciseAction(this.exerciseId, {
        ...(this.inject.value && { injectId: this.inject.value }),
        kind: this.kind.value as (typeof ACTION_KINDS)[number],
        description: this.description.value,
        escalatory: this.escalatory.checked,
      });
      this.description.value = '';
      this.escalatory.checked = false;
      this.result.textContent = 'Recorded.';
      this.element.dataset.recorded = String(Number(this.element.dataset.recorded ?? '0') + 1);
    } catch (error) {
      this.result.textContent = `Not recorded: ${problem(error)}`;
      if (error instanceof ApiError) placeIssues(this.element, error.issues, 'server');
    } finally {
      this.submit.disabled = false;
    }
  }
}
