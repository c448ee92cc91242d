import { hasPermission, type Role } from '../../../src/core/access-control.js';
import type { PlanningComparison, PlanningDraftInput, PlanningSituationRecord } from '../../../src/core/courses-of-action/coa-api.schema.js';
import { CASUALTY_GROUPS, PROTECTIVE_ACTION_KINDS, type PlannedActionInput } from '../../../src/core/courses-of-action/planning.schema.js';
import { casualtyIntervalChart, courseLetter, totalText, VERDICT_WORDS } from '../../../src/reporting/coa-charts.js';
import type { GazetteerPlace } from '../../../src/core/gazetteer/gazetteer.schema.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { h, isAbort, mount } from '../shared/dom.js';
import { svgFromMarkup } from '../monitor/svg-markup.js';

/**
 * Courses of action, in the force area (`?view=force&request=coa` lists the planning situations, `request=coa:new`
 * opens the form, `request=coa:<id>` a situation's comparison). Planners write a situation and its courses; the
 * comparison puts them side by side; a commander records the choice with reasons, and the chosen course's force
 * actions become requests in the queue. docs/courses-of-action.md, "Using it".
 */

export const COA_LIST = 'coa';
export const COA_NEW = 'coa:new';
export const isCoaView = (request: string | undefined): boolean => request === COA_LIST || (request?.startsWith('coa:') ?? false);
const coaOf = (id: string) => `coa:${id}`;

const STATUS_WORDS = { draft: 'Draft', compared: 'Compared', chosen: 'Chosen', withdrawn: 'Withdrawn' } as const;

const exerciseMarker = () => h('span', { class: 'badge exercise-badge', 'data-testid': 'exercise-marker', title: 'Exercise planning, not real' }, 'Exercise');
const problem = (error: unknown) => (error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error));

export class CoaPanel {
  readonly element = h('section', { class: 'coa-panel', 'data-testid': 'coa-panel' });
  private controller: AbortController | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly options: { role: Role; open: (request: string | undefined) => void },
  ) {}

  show(request: string): void {
    this.controller?.abort();
    this.controller = new AbortController();
    const signal = this.controller.signal;
    if (request === COA_NEW) mount(this.element, new CoaForm(this.api, { onSaved: (id) => this.options.open(coaOf(id)), onCancel: () => this.options.open(COA_LIST) }).element);
    else if (request === COA_LIST) void this.list(signal);
    else void this.comparison(request.slice('coa:'.length), signal);
  }

  destroy(): void {
    this.controller?.abort();
    this.element.remove();
  }

  private async list(signal: AbortSignal): Promise<void> {
    this.element.dataset.state = 'loading';
    mount(this.element, h('p', { class: 'hint' }, 'Loading the planning situations…'));
    try {
      const { items } = await this.api.planningSituations(signal);
      mount(
        this.element,
        h('h2', {}, 'Courses of action'),
        h('p', { class: 'hint' }, 'Planning situations and the courses of action compared in them: verdicts under both regimes, casualties of every side with their uncertainty, protected places, escalation, the principles. A comparison is advice; a named commander chooses.'),
        hasPermission(this.options.role, 'force:request') ? h('button', { type: 'button', class: 'primary', 'data-testid': 'coa-new', onclick: () => this.options.open(COA_NEW) }, 'New planning situation') : null,
        items.length === 0
          ? h('p', { class: 'hint', 'data-testid': 'coa-empty' }, 'No planning situation yet.')
          : h(
              'ul',
              { class: 'coa-list', 'data-testid': 'coa-list' },
              items.map((s) =>
                h(
                  'li',
                  {},
                  h(
                    'button',
                    { type: 'button', class: 'coa-item', 'data-testid': 'coa-item', 'data-id': s.id, onclick: () => this.options.open(coaOf(s.id)) },
                    h('strong', {}, s.situation.name),
                    s.exercise ? exerciseMarker() : null,
                    h('span', { class: 'hint' }, ` ${STATUS_WORDS[s.status]} · ${s.situation.period.from} – ${s.situation.period.to} · ${s.coursesOfAction.length} course(s)${s.choice ? ` · chosen: ${s.choice.courseOfAction}` : ''}`),
                  ),
                ),
              ),
            ),
      );
      this.element.dataset.state = 'ready';
    } catch (error) {
      if (isAbort(error)) return;
      mount(this.element, h('p', { class: 'error', role: 'alert' }, problem(error)));
      this.element.dataset.state = 'error';
    }
  }

  private async comparison(id: string, signal: AbortSignal): Promise<void> {
    this.element.dataset.state = 'loading';
    this.element.dataset.id = id;
    mount(this.element, h('p', { class: 'hint' }, 'Comparing the courses of action…'));
    try {
      const [record, compared] = await Promise.all([this.api.planningSituation(id, signal), this.api.planningComparison(id, signal)]);
      mount(this.element, ...this.comparisonView(record, compared));
      this.element.dataset.state = 'ready';
      this.element.dataset.status = record.status;
    } catch (error) {
      if (isAbort(error)) return;
      mount(this.element, h('button', { type: 'button', class: 'link', onclick: () => this.options.open(COA_LIST) }, '← All planning situations'), h('p', { class: 'error', role: 'alert', 'data-testid': 'coa-error' }, problem(error)));
      this.element.dataset.state = 'error';
    }
  }

  private comparisonView(record: PlanningSituationRecord, compared: PlanningComparison): HTMLElement[] {
    const { comparison, context } = compared;
    const courses = comparison.courses;
    const people = context.peopleAtRisk;
    return [
      h('button', { type: 'button', class: 'link', onclick: () => this.options.open(COA_LIST) }, '← All planning situations'),
      h('h2', {}, record.situation.name, record.exercise ? exerciseMarker() : null),
      h(
        'p',
        { class: 'hint' },
        `${record.situation.period.from} – ${record.situation.period.to} · ${STATUS_WORDS[record.status]} (version ${record.version}) · `,
        `${people.places} populated place(s), ${people.population.toLocaleString('en-GB')} people recorded in the area · `,
        `register: ${context.register.incidents} incident(s), ${context.register.pastActions} past action(s), ${context.sites} protected site(s), ${context.zones} zone(s)`,
      ),
      h(
        'p',
        { class: 'coa-report-links' },
        h('a', { href: this.api.planningReportUrl(record.id, 'html'), target: '_blank', rel: 'noopener' }, 'Printable report'),
        ' · ',
        h('a', { href: this.api.planningReportUrl(record.id, 'pdf') }, 'PDF'),
      ),
      h('p', { class: 'hint' }, comparison.notice),
      h(
        'div',
        { class: 'coa-courses', 'data-testid': 'coa-courses' },
        courses.map((c, i) =>
          h(
            'article',
            { class: 'coa-course', 'data-testid': 'coa-course', 'data-course': c.name, 'data-chosen': record.choice?.courseOfAction === c.name ? 'true' : undefined },
            h('h3', {}, `${courseLetter(i)}. ${c.name}`),
            c.summary ? h('p', {}, c.summary) : null,
            h('h4', {}, 'Force: IHL / human security'),
            c.forceActions.length === 0
              ? h('p', { class: 'hint' }, 'No force planned')
              : h(
                  'ul',
                  {},
                  c.forceActions.map((f) => h('li', { 'data-testid': 'coa-verdict' }, `Action ${f.action}: ${VERDICT_WORDS[f.ihl.verdict]} / ${VERDICT_WORDS[f.humanSecurity.verdict]}`, f.divergence.length > 0 ? h('span', { class: 'hint' }, ' — the regimes diverge') : null)),
                ),
            h('h4', {}, 'Deaths, everyone'),
            h('p', { 'data-testid': 'coa-deaths' }, totalText(c.casualties.all.deaths)),
            h('h4', {}, 'Protected places touched'),
            h('p', {}, [...c.protectedPlaces.sites.map((s) => s.name), ...c.protectedPlaces.zones.map((z) => z.name)].join(', ') || 'None'),
            h('h4', {}, 'Escalation after comparable actions'),
            h(
              'ul',
              {},
              c.escalation.map((e) =>
                h('li', {}, `${e.kind.replaceAll('_', ' ')}: `, e.estimate.status === 'estimated' ? `incidents per week ${e.estimate.incidentsPerWeek.meanChange.toFixed(2)} (${e.estimate.incidentsPerWeek.interval.low.toFixed(2)} to ${e.estimate.incidentsPerWeek.interval.high.toFixed(2)})` : `not enough data (${e.estimate.have} of ${e.estimate.needed})`),
              ),
            ),
            h('h4', {}, 'Principles'),
            h('dl', { class: 'coa-principles' }, c.principles.map((p) => [h('dt', {}, p.title), h('dd', {}, p.score === null ? 'not scored' : p.score.toFixed(2))])),
          ),
        ),
      ),
      h('figure', { class: 'coa-chart' }, svgFromMarkup(casualtyIntervalChart(courses, 'deaths', 'coa-web-deaths')), h('figcaption', { class: 'hint' }, 'Bars: 5th to 95th percentile of the draws; tick: median; thin line: plain bounds. Each group from its own draws, never a sum of best guesses.')),
      this.choiceSection(record, compared),
    ];
  }

  private choiceSection(record: PlanningSituationRecord, compared: PlanningComparison): HTMLElement {
    const choice = record.choice;
    if (choice) {
      return h(
        'section',
        { class: 'coa-choice', 'data-testid': 'coa-choice', 'data-chosen': choice.courseOfAction },
        h('h3', {}, 'The choice'),
        h('p', {}, h('strong', {}, choice.courseOfAction), ` — chosen by ${choice.chosenBy.name} (${choice.chosenBy.role.replaceAll('_', ' ')}), ledger entry ${choice.ledgerSeq}`),
        h('p', { class: 'coa-reasons' }, choice.reasons),
        choice.forceRequests.length === 0
          ? h('p', { class: 'hint' }, 'No force action: no force request was made.')
          : h('ul', {}, choice.forceRequests.map((r) => h('li', {}, h('a', { href: `?view=force&request=${encodeURIComponent(r.id)}`, 'data-testid': 'coa-request' }, `Action ${r.action}: force request awaiting review`)))),
        choice.protectiveActions.length === 0
          ? null
          : h(
              'p',
              { 'data-testid': 'coa-protective' },
              `Action${choice.protectiveActions.length > 1 ? 's' : ''} ${choice.protectiveActions.map((p) => p.action).join(', ')}: logged as planned in the `,
              h('a', { href: '?view=force&request=protective' }, 'protective actions'),
              ' (mark them carried out there when they are).',
            ),
      );
    }
    if (record.status === 'withdrawn') return h('p', { class: 'hint' }, 'Withdrawn: no course will be chosen.');
    if (!hasPermission(this.options.role, 'force:decide')) return h('p', { class: 'hint' }, 'No course has been chosen yet. A commander records the choice, with reasons.');
    const select = h('select', { id: 'coa-choice-course', 'data-testid': 'coa-choice-course' }, compared.comparison.courses.map((c) => h('option', { value: c.name }, c.name)));
    const reasons = h('textarea', { id: 'coa-choice-reasons', 'data-testid': 'coa-choice-reasons', rows: 3 });
    const message = h('p', { class: 'error', role: 'alert' });
    const button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'coa-choose' }, 'Record the choice');
    return h(
      'form',
      {
        class: 'coa-choice-form',
        'data-testid': 'coa-choice-form',
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          button.disabled = true;
          message.textContent = '';
          this.api.chooseCourseOfAction(record.id, { courseOfAction: select.value, reasons: reasons.value, version: compared.version }).then(
            () => this.show(coaOf(record.id)),
            (error: unknown) => {
              message.textContent = problem(error);
              button.disabled = false;
            },
          );
        },
      },
      h('h3', {}, 'Record the choice'),
      h('p', { class: 'hint' }, 'Sealed in the ledger with every course’s figures; the chosen course’s force actions become requests awaiting review, and its protective actions are logged as planned.'),
      h('label', { for: 'coa-choice-course' }, 'Course of action'),
      select,
      h('label', { for: 'coa-choice-reasons' }, 'Reasons'),
      reasons,
      message,
      button,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The form

/** A force action starts from this request, to edit (the format is the force request's: docs/use-of-force.md). */
const FORCE_TEMPLATE = {
  mission: { name: 'Mission name', civilianApprovalRequired: true },
  situation: { armedConflict: 'non_international', description: 'What is happening' },
  purpose: 'arrest',
  target: { kind: 'person', status: 'fighter', description: 'Who or what' },
  threat: { imminence: 'not_imminent', toLife: 'no', toWhom: 'none', hostileAct: 'no', hostileIntent: 'no' },
  alternatives: { nonViolentMeansTried: 'no', arrestFeasible: 'yes', warningFeasible: 'yes', warningGiven: 'no', lessLethalAvailable: 'yes', targetVerified: 'yes' },
  means: { weapon: 'small_arms', lethal: 'yes' },
  expectedEffects: {
    civilians: { deaths: { low: 0, best: 0, high: 1 }, injuries: { low: 0, best: 0, high: 1 } },
    ownForce: { deaths: { low: 0, best: 0, high: 1 }, injuries: { low: 0, best: 1, high: 2 } },
    opposingForce: { deaths: { low: 0, best: 0, high: 1 }, injuries: { low: 0, best: 1, high: 2 } },
    civilianObjectDamage: 'none',
    populatedArea: 'no',
    childrenPresent: 'no',
  },
};

const numberInput = (testid: string, value: number) => h('input', { type: 'number', min: 0, step: 'any', value, 'data-testid': testid, class: 'coa-number', 'aria-label': testid });

class ActionEditor {
  readonly element: HTMLElement;
  private readonly read: () => PlannedActionInput;

  constructor(kind: 'force' | (typeof PROTECTIVE_ACTION_KINDS)[number], onRemove: () => void) {
    const remove = h('button', { type: 'button', class: 'link', onclick: onRemove }, 'Remove');
    if (kind === 'force') {
      const json = h('textarea', { rows: 12, class: 'coa-json', 'data-testid': 'coa-force-json', 'aria-label': 'The force request, as JSON' });
      json.value = JSON.stringify(FORCE_TEMPLATE, null, 2);
      this.element = h('fieldset', { class: 'coa-action', 'data-kind': 'force' }, h('legend', {}, 'Force action (a draft force request)'), json, remove);
      this.read = () => {
        let request: unknown;
        try {
          request = JSON.parse(json.value);
        } catch {
          throw new Error('a force action’s request is not valid JSON');
        }
        return { kind: 'force', request } as PlannedActionInput;
      };
      return;
    }
    const description = h('input', { type: 'text', 'data-testid': 'coa-action-description', 'aria-label': 'What the action is' });
    const cells = CASUALTY_GROUPS.map((group) => ({ group, inputs: ['deaths', 'injuries'].flatMap((m) => ['low', 'best', 'high'].map((b) => [`${m}.${b}`, numberInput(`coa-${group}-${m}-${b}`, 0)] as const)) }));
    const table = h(
      'table',
      { class: 'coa-estimates' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Group'), ['Deaths low', 'best', 'high', 'Injuries low', 'best', 'high'].map((t) => h('th', {}, t)))),
      h('tbody', {}, cells.map((c) => h('tr', {}, h('th', {}, c.group), c.inputs.map(([, input]) => h('td', {}, input))))),
    );
    this.element = h('fieldset', { class: 'coa-action', 'data-kind': kind }, h('legend', {}, kind.replaceAll('_', ' ')), h('label', {}, 'Description ', description), table, remove);
    this.read = () => {
      const expected = Object.fromEntries(
        cells.map((c) => {
          const value = (key: string) => Number(c.inputs.find(([k]) => k === key)![1].value);
          const estimate = (m: string) => ({ low: value(`${m}.low`), best: value(`${m}.best`), high: value(`${m}.high`) });
          return [c.group, { deaths: estimate('deaths'), injuries: estimate('injuries') }];
        }),
      );
      return { kind, description: description.value, expected };
    };
  }

  value(): PlannedActionInput {
    return this.read();
  }
}

class CourseEditor {
  readonly element: HTMLElement;
  private readonly name = h('input', { type: 'text', 'data-testid': 'coa-course-name', 'aria-label': 'Name of the course of action' });
  private readonly summary = h('input', { type: 'text', 'aria-label': 'Summary' });
  private readonly actions: ActionEditor[] = [];
  private readonly list = h('div', { class: 'coa-actions' });

  constructor(onRemove: () => void) {
    const kind = h('select', { 'data-testid': 'coa-action-kind', 'aria-label': 'Kind of action' }, ['force', ...PROTECTIVE_ACTION_KINDS].map((k) => h('option', { value: k }, k.replaceAll('_', ' '))));
    this.element = h(
      'fieldset',
      { class: 'coa-course-editor', 'data-testid': 'coa-course-editor' },
      h('legend', {}, 'Course of action'),
      h('label', {}, 'Name ', this.name),
      h('label', {}, 'Summary ', this.summary),
      this.list,
      h('div', { class: 'coa-add-action' }, kind, h('button', { type: 'button', 'data-testid': 'coa-add-action', onclick: () => this.addAction(kind.value as 'force') }, 'Add action')),
      h('button', { type: 'button', class: 'link', onclick: onRemove }, 'Remove this course'),
    );
  }

  private addAction(kind: 'force' | (typeof PROTECTIVE_ACTION_KINDS)[number]): void {
    const editor: ActionEditor = new ActionEditor(kind, () => {
      this.actions.splice(this.actions.indexOf(editor), 1);
      editor.element.remove();
    });
    this.actions.push(editor);
    this.list.append(editor.element);
  }

  value() {
    return { name: this.name.value, summary: this.summary.value, actions: this.actions.map((a) => a.value()) };
  }
}

class CoaForm {
  readonly element: HTMLElement;
  private readonly courses: CourseEditor[] = [];
  private place: GazetteerPlace | undefined;

  constructor(
    private readonly api: ApiClient,
    options: { onSaved: (id: string) => void; onCancel: () => void },
  ) {
    const name = h('input', { type: 'text', 'data-testid': 'coa-name', 'aria-label': 'Name of the situation' });
    const search = h('input', { type: 'search', 'data-testid': 'coa-place-search', 'aria-label': 'Find a place' });
    const results = h('select', { 'data-testid': 'coa-place', 'aria-label': 'Place' });
    const radius = h('input', { type: 'number', min: 1, max: 1000, value: 25, 'data-testid': 'coa-radius', 'aria-label': 'Radius in km' });
    const from = h('input', { type: 'date', 'data-testid': 'coa-from', 'aria-label': 'From' });
    const to = h('input', { type: 'date', 'data-testid': 'coa-to', 'aria-label': 'To' });
    const mandate = h('textarea', { rows: 2, 'aria-label': 'Mandate' });
    const exercise = h('input', { type: 'checkbox', 'data-testid': 'coa-exercise' });
    const list = h('div', { class: 'coa-course-list' });
    const errors = h('div', { class: 'error', role: 'alert', 'data-testid': 'coa-form-errors' });
    let found: GazetteerPlace[] = [];
    const find = async () => {
      found = (await this.api.searchPlaces(search.value, { limit: 10 })).places;
      mount(results, found.map((p, i) => h('option', { value: String(i) }, `${p.name}${p.country ? ` (${p.country})` : ''}, ${p.population.toLocaleString('en-GB')} people`)));
      this.place = found[0];
    };
    results.addEventListener('change', () => (this.place = found[Number(results.value)]));
    const addCourse = () => {
      const editor: CourseEditor = new CourseEditor(() => {
        this.courses.splice(this.courses.indexOf(editor), 1);
        editor.element.remove();
      });
      this.courses.push(editor);
      list.append(editor.element);
    };
    addCourse();
    addCourse();
    const save = async () => {
      try {
        if (!this.place) throw new Error('find and choose the place the situation is around');
        const plan: PlanningDraftInput = {
          situation: {
            name: name.value,
            area: { type: 'Place', geonameId: this.place.geonameId, name: this.place.name, radiusKm: Number(radius.value) },
            period: { from: from.value, to: to.value },
            mandate: mandate.value,
            exercise: exercise.checked,
          },
          coursesOfAction: this.courses.map((c) => c.value()),
        };
        const saved = await this.api.createPlanningSituation(plan);
        options.onSaved(saved.id);
      } catch (error) {
        mount(errors, h('p', {}, problem(error)), error instanceof ApiError && error.issues.length > 0 ? h('ul', {}, error.issues.map((i) => h('li', {}, `${i.path}: ${i.message}`))) : null);
      }
    };
    this.element = h(
      'form',
      {
        class: 'coa-form',
        'data-testid': 'coa-form',
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          mount(errors);
          void save();
        },
      },
      h('h2', {}, 'New planning situation'),
      h('label', {}, 'Name ', name),
      h('div', { class: 'coa-place' }, h('label', {}, 'Around a place ', search), h('button', { type: 'button', 'data-testid': 'coa-place-find', onclick: () => void find() }, 'Find'), results, h('label', {}, 'Radius (km) ', radius)),
      h('div', { class: 'coa-period' }, h('label', {}, 'From ', from), h('label', {}, 'To ', to)),
      h('label', {}, 'Mandate ', mandate),
      h('label', {}, exercise, ' Exercise (kept apart from real planning, marked EXERCISE everywhere)'),
      list,
      h('button', { type: 'button', 'data-testid': 'coa-add-course', onclick: addCourse }, 'Add a course of action'),
      errors,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary', 'data-testid': 'coa-save' }, 'Save'), h('button', { type: 'button', onclick: options.onCancel }, 'Cancel')),
    );
  }
}
