import type { Role } from '../../../src/core/access-control.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { h, isAbort, mount } from '../shared/dom.js';
import { exerciseBanner } from '../shared/exercise-banner.js';
import { loadable, type Loadable } from '../shared/loadable.js';
import type { ViewChange, ViewState, ViewStateStore } from '../view-state.js';
import { ExerciseConsole } from './exercise-console.js';
import { CLOCK_STATUS_LABELS, minuteText } from './exercise-labels.js';
import { ExerciseReviewView } from './exercise-review.js';
import { canFacilitate, EXERCISE_ROLE_LABELS } from './exercise-roles.js';
import type { ExerciseListItem, ExerciseScriptSummary } from './exercise-types.js';
import '../force/force.css';
import './exercises.css';

export interface ExercisesAreaOptions {
  role: Role;
  state: ViewStateStore;
}

/**
 * The exercises: on the left the runs under way; on the right the open run — the facilitator's console or the
 * players' feed (`?view=exercises&exercise=<id>`), or its after-action review (`&show=review`) — or, with none open,
 * the shipped scripts a facilitator can start. Laid out like the use-of-force area. docs/exercises.md, "In the web app".
 */
export class ExercisesArea {
  readonly element: HTMLElement;
  private readonly main = h('main', { class: 'force-main', 'data-testid': 'exercises-main', 'aria-label': 'Exercise' });
  private readonly list = h('ul', { class: 'exercise-list', 'data-testid': 'exercise-list' });
  private readonly listStatus = h('p', { class: 'hint', role: 'status' });
  private readonly listLoader: Loadable<[]>;
  private readonly console: ExerciseConsole;
  private readonly review: ExerciseReviewView;
  private readonly facilitator: boolean;
  private scripts: AbortController | undefined;
  private selected: string | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly options: ExercisesAreaOptions,
  ) {
    const { role, state } = options;
    this.facilitator = canFacilitate(role);
    // Records an exercise made open in their own areas, where the normal workflow acts on them.
    const openIncident = (id: string) => {
      state.setArea('incidents');
      state.setIncident(id);
    };
    const openForceRequest = (id: string) => {
      state.setArea('force');
      state.setRequest(id);
    };
    this.console = new ExerciseConsole(api, {
      role,
      openReview: (id) => state.setExercise({ id, review: true }),
      openIncident,
      openForceRequest,
      onChanged: () => void this.listLoader.load(),
    });
    this.review = new ExerciseReviewView(api, { openExercise: (id) => state.setExercise({ id, review: false }), openForceRequest });
    const listHost = h(
      'section',
      { class: 'exercise-runs', 'data-testid': 'exercise-runs' },
      h('div', { class: 'queue-head' }, h('h2', { class: 'sidebar-title' }, 'Exercises'), h('button', { type: 'button', class: 'link-button', 'data-testid': 'exercises-refresh', onclick: () => void this.listLoader.load() }, 'Refresh')),
      this.listStatus,
      this.list,
    );
    this.listLoader = loadable(listHost, (signal) => this.api.listExercises(signal), ({ exercises }) => this.showList(exercises), { status: this.listStatus, failed: 'The exercises could not be loaded' });
    this.element = h(
      'div',
      { class: 'force-area exercises-area', 'data-testid': 'exercises-area' },
      h(
        'aside',
        { class: 'force-sidebar', 'aria-label': 'Exercises' },
        this.facilitator ? h('div', { class: 'sidebar-actions' }, h('button', { type: 'button', class: 'primary', 'data-testid': 'new-exercise', onclick: () => state.setExercise(undefined) }, 'Start an exercise')) : null,
        listHost,
      ),
      this.main,
    );
    void this.listLoader.load();
    this.show(state.current);
  }

  update(current: ViewState, changed: ViewChange): void {
    if (changed.has('exercise')) this.show(current);
  }

  reshow(current: ViewState): void {
    this.show(current);
    void this.listLoader.load();
  }

  hide(): void {
    this.console.pause();
  }

  destroy(): void {
    this.listLoader.abort();
    this.scripts?.abort();
    this.console.destroy();
    this.review.destroy();
    this.element.remove();
  }

  private show(current: ViewState): void {
    const open = current.exercise;
    this.selected = open?.id;
    this.markSelected();
    this.scripts?.abort();
    if (open && !open.review) {
      if (this.console.element.parentElement !== this.main) mount(this.main, this.console.element);
      this.console.open(open.id);
      return;
    }
    this.console.pause();
    if (open) {
      mount(this.main, this.review.element);
      this.main.scrollTop = 0;
      void this.review.open(open.id);
      return;
    }
    void this.showScripts();
  }

  private showList(exercises: ExerciseListItem[]): string | void {
    mount(
      this.list,
      exercises.map((e) =>
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: 'exercise-run', 'data-testid': 'exercise-run', 'data-id': e.id, 'data-status': e.status, onclick: () => this.options.state.setExercise({ id: e.id, review: false }) },
            h('span', { class: 'badge exercise-badge' }, 'Exercise'),
            h('strong', {}, e.title),
            h('span', { class: 'hint' }, `Run ${e.run} · ${CLOCK_STATUS_LABELS[e.status]} · ${minuteText(e.exerciseMinute)}`),
          ),
        ),
      ),
    );
    this.markSelected();
    if (exercises.length === 0) return this.facilitator ? 'No exercise yet: start one.' : 'No exercise under way.';
  }

  private markSelected(): void {
    for (const button of this.list.querySelectorAll<HTMLElement>('[data-testid="exercise-run"]')) {
      if (button.dataset.id === this.selected) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
  }

  /** With no run open: the scripts a facilitator can start, or for a player a word on what the area is. */
  private async showScripts(): Promise<void> {
    const intro = h(
      'section',
      { class: 'exercise-intro', 'data-testid': 'exercise-intro' },
      exerciseBanner('training exercises: everything they contain is fictional and kept apart from real data.'),
      h('h2', {}, 'Exercises'),
      h(
        'p',
        {},
        'A facilitator runs a scripted crisis on the demo terrain, releasing injects — incidents, reports, requests for force, a ceasefire breaking down — while players in their roles act through the normal workflow. Afterwards an after-action review lays out every decision, the advice, what the engine said, and where the choices departed from the human-security principles.',
      ),
    );
    if (!this.facilitator) {
      mount(this.main, intro, h('p', { class: 'hint' }, 'Choose an exercise on the left to see what has come in for your role.'));
      return;
    }
    const host = h('div', { class: 'exercise-scripts', 'data-testid': 'exercise-scripts', 'data-state': 'loading' }, h('p', { class: 'hint', role: 'status' }, 'Loading the scripts…'));
    mount(this.main, intro, host);
    const controller = new AbortController();
    this.scripts = controller;
    try {
      const { scripts } = await this.api.exerciseScripts(controller.signal);
      mount(host, h('h3', {}, 'Start an exercise'), scripts.map((s) => this.scriptCard(s)));
      host.dataset.state = 'ready';
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted) return;
      mount(host, h('p', { class: 'error', role: 'alert' }, `The scripts could not be loaded: ${error instanceof Error ? error.message : String(error)}`));
      host.dataset.state = 'error';
    }
  }

  private scriptCard(script: ExerciseScriptSummary): HTMLElement {
    const message = h('p', { class: 'error', role: 'alert' });
    const start = h(
      'button',
      {
        type: 'button',
        class: 'primary',
        'data-testid': 'start-exercise',
        onclick: () => {
          start.disabled = true;
          message.textContent = '';
          this.api.startExercise(script.id).then(
            (status) => {
              void this.listLoader.load();
              this.options.state.setExercise({ id: status.id, review: false });
            },
            (error: unknown) => {
              message.textContent = `Not started: ${error instanceof ApiError || error instanceof Error ? error.message : String(error)}`;
              start.disabled = false;
            },
          );
        },
      },
      'Start this exercise',
    );
    return h(
      'article',
      { class: 'exercise-script', 'data-testid': 'exercise-script', 'data-script-id': script.id },
      h('h4', {}, script.title),
      h('p', { class: 'hint' }, `${minuteText(script.durationMinutes)} of exercise time · ${script.injectCount} injects · roles: ${script.rolesNeeded.map((r) => EXERCISE_ROLE_LABELS[r].toLowerCase()).join(', ')}`),
      h('p', {}, 'Learning objectives:'),
      h('ul', {}, script.learningObjectives.map((o) => h('li', {}, o))),
      h('div', { class: 'form-actions' }, start, message),
    );
  }
}
