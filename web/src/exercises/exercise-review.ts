import { DEPARTURE_RULES, type DecisionReview, type Departure, type TimelineEntry } from '../../../src/core/exercises/after-action-review.js';
import { measureText } from '../../../src/reporting/scorecard-text.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { h, mount, type Child } from '../shared/dom.js';
import { exerciseBanner } from '../shared/exercise-banner.js';
import { errorMessage, loadable } from '../shared/loadable.js';
import { verdictBadge } from '../force/force-badges.js';
import { REQUEST_STATUS_LABELS, STEP_VALUE_LABELS } from '../force/force-labels.js';
import { DEPARTURE_RULE_LABELS, INJECT_KIND_LABELS, minuteText, OUTCOME_METHOD_LABELS, PRACTICE_LABELS, TIMELINE_KIND_LABELS } from './exercise-labels.js';
import { EXERCISE_ROLE_LABELS } from './exercise-roles.js';
import type { ExerciseReview, ExerciseStatus } from './exercise-types.js';

export interface ExerciseReviewOptions {
  openExercise(id: string): void;
  openForceRequest(id: string): void;
}

const section = (title: string, testid: string, ...children: Child[]) => h('section', { class: 'review-section', 'data-testid': testid }, h('h3', {}, title), ...children);
const who = (role: TimelineEntry['role'], by: string | null) => `${by ?? 'unknown'} (${role === 'facilitator' ? 'facilitator' : EXERCISE_ROLE_LABELS[role].toLowerCase()})`;
const stepText = (value: string) => STEP_VALUE_LABELS[value] ?? value;

/**
 * The after-action review of a run: the decisions on each force request (the advice given, what the engine said under
 * both regimes, the decision and what came of it), the points where the players departed from the human-security
 * principles with the rule and principle of each, the scorecard over the run, how quickly injects were answered, and
 * the whole timeline. The printable review (review.html) is the same, for the debrief's handout.
 */
export class ExerciseReviewView {
  readonly element = h('section', { class: 'exercise-review', 'data-testid': 'exercise-review' });
  // The status too, for the titles of the injects as the feed gave them.
  private readonly loader = loadable(this.element, (signal, id: string) => Promise.all([this.api.exerciseReview(id, signal), this.api.exerciseStatus(id, signal)]), ([review, status], id) => this.show(id, review, status), {
    failed: (error) => {
      const id = this.element.dataset.id ?? '';
      const refused = error instanceof ApiError && error.status === 403;
      mount(
        this.element,
        this.back(id),
        exerciseBanner('a training exercise.'),
        h('p', { class: 'error-banner', role: 'alert' }, refused ? 'Your role may not read the review: it shows the decisions on force, for those who may read force requests.' : `The review could not be loaded: ${errorMessage(error)}`),
      );
    },
  });

  constructor(
    private readonly api: ApiClient,
    private readonly options: ExerciseReviewOptions,
  ) {}

  open(id: string): Promise<void> {
    this.element.dataset.id = id;
    mount(this.element, this.back(id), exerciseBanner('a training exercise: its after-action review.'), h('p', { class: 'hint', role: 'status' }, 'Gathering the review…'));
    return this.loader.load(id);
  }

  destroy(): void {
    this.loader.abort();
    this.element.remove();
  }

  private back(id: string): HTMLElement {
    return h('button', { type: 'button', class: 'link-button', 'data-testid': 'review-back', onclick: () => this.options.openExercise(id) }, '← Back to the exercise');
  }

  private show(id: string, review: ExerciseReview, status: ExerciseStatus): void {
    // The inject each decision answered, by its title (the review's own summary when the run has moved on since).
    const injectTitles = new Map(review.timeline.filter((e) => e.kind === 'inject' && e.injectId).map((e) => [e.injectId!, e.summary]));
    if (status.run === review.run) for (const inject of status.released) injectTitles.set(inject.injectId, inject.title);
    const principles = new Map(review.scorecard.map((p) => [p.id, p.title]));
    mount(
      this.element,
      this.back(id),
      exerciseBanner('a training exercise: its after-action review. Fictional records, for the debrief.'),
      h(
        'header',
        { class: 'exercise-header' },
        h('h2', {}, `After-action review: ${review.scriptTitle}`),
        h(
          'p',
          { class: 'hint' },
          `Run ${review.run} · ${review.decisions.length} decision(s) on force · ${review.departures.length} departure(s) from the principles · `,
          h('a', { href: this.api.exerciseReviewUrl(id), target: '_blank', rel: 'noopener', 'data-testid': 'printable-review' }, 'Printable review'),
        ),
      ),
      section(
        'Decisions on force',
        'review-decisions',
        review.decisions.length === 0 ? h('p', { class: 'hint' }, 'No force request in this run.') : review.decisions.map((d) => this.decision(d, injectTitles)),
      ),
      section(
        'Departures from the human-security principles',
        'review-departures',
        review.departures.length === 0
          ? h('p', { class: 'hint', 'data-testid': 'no-departures' }, 'None: every choice in this run kept to the principles the review checks.')
          : h('ol', { class: 'review-departures' }, review.departures.map((d) => this.departure(d, injectTitles, principles))),
      ),
      section(
        'Scorecard over the run',
        'review-scorecard',
        review.scorecard.map((p) =>
          h(
            'table',
            { class: 'scorecard-table', 'data-principle': p.id },
            h('caption', {}, p.title),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Measure'), h('th', { scope: 'col', class: 'num' }, 'Value'))),
            h('tbody', {}, p.measures.map((m) => h('tr', { 'data-measure': m.id }, h('th', { scope: 'row' }, m.label, m.note ? h('span', { class: 'measure-note' }, m.note) : null), h('td', { class: 'num' }, measureText(m))))),
          ),
        ),
      ),
      section(
        'Response times',
        'review-response-times',
        h(
          'p',
          {},
          review.responseTimes.medianMinutes === null ? 'No inject was answered.' : `Median ${review.responseTimes.medianMinutes} min, longest ${review.responseTimes.longestMinutes ?? '—'} min from release to the first answer.`,
          review.responseTimes.unanswered.length > 0 ? ` Not answered: ${review.responseTimes.unanswered.map((i) => injectTitles.get(i) ?? i).join('; ')}.` : '',
        ),
        h(
          'table',
          { class: 'review-table' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Inject'), h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col' }, 'Released'), h('th', { scope: 'col' }, 'First answer'), h('th', { scope: 'col', class: 'num' }, 'Minutes'))),
          h(
            'tbody',
            {},
            review.responseTimes.injects.map((r) =>
              h(
                'tr',
                {},
                h('td', {}, injectTitles.get(r.injectId) ?? r.injectId),
                h('td', {}, INJECT_KIND_LABELS[r.kind]),
                h('td', {}, minuteText(r.releasedAtMinute)),
                h('td', {}, r.firstResponseAtMinute === null ? 'none' : minuteText(r.firstResponseAtMinute)),
                h('td', { class: 'num' }, r.minutes === null ? '—' : String(r.minutes)),
              ),
            ),
          ),
        ),
      ),
      section(
        'Timeline',
        'review-timeline',
        h(
          'table',
          { class: 'review-table' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col' }, 'Who'), h('th', { scope: 'col' }, 'Summary'))),
          h(
            'tbody',
            {},
            review.timeline.map((e) =>
              h('tr', { 'data-testid': 'review-timeline-entry', 'data-kind': e.kind }, h('td', {}, minuteText(e.atMinute)), h('td', {}, TIMELINE_KIND_LABELS[e.kind]), h('td', {}, e.role === 'facilitator' && !e.by ? 'facilitator' : who(e.role, e.by)), h('td', {}, e.summary)),
            ),
          ),
        ),
      ),
    );
  }

  private decision(d: DecisionReview, injectTitles: Map<string, string>): HTMLElement {
    const row = (term: string, ...value: Child[]) => [h('dt', {}, term), h('dd', {}, ...value)];
    return h(
      'article',
      { class: 'review-decision', 'data-testid': 'review-decision', 'data-request-id': d.requestId, 'data-status': d.status },
      h('h4', {}, d.injectId ? (injectTitles.get(d.injectId) ?? d.injectId) : 'A request raised by a player'),
      h(
        'dl',
        { class: 'review-facts' },
        row('Request', h('a', { href: `?view=force&request=${encodeURIComponent(d.requestId)}`, onclick: (event: MouseEvent) => this.follow(event, d.requestId) }, 'open the request'), ` · ${REQUEST_STATUS_LABELS[d.status]}`),
        row('Released · submitted', `${d.injectReleasedAtMinute === null ? '—' : minuteText(d.injectReleasedAtMinute)} · ${minuteText(d.submittedAtMinute)}`),
        row(
          'The engine',
          h('span', { 'data-testid': 'review-engine' }, 'IHL ', verdictBadge(d.engine.ihl), ' · human security ', verdictBadge(d.engine.humanSecurity)),
          d.engine.decisiveRules.length > 0 ? h('span', { class: 'hint' }, ` decisive: ${d.engine.decisiveRules.join(', ')}`) : null,
        ),
        row(
          'Advice',
          d.advice
            ? h('span', { 'data-testid': 'review-advice', 'data-position': d.advice.position }, h('strong', {}, stepText(d.advice.position)), ` by ${d.advice.by} at ${minuteText(d.advice.atMinute)}: `, d.advice.text)
            : h('span', { 'data-testid': 'review-advice', class: 'hint' }, 'none given'),
        ),
        row(
          'Decision',
          d.decision
            ? h('span', { 'data-testid': 'review-decision-taken', 'data-decision': d.decision.decision }, h('strong', {}, stepText(d.decision.decision)), ` by ${d.decision.by} at ${minuteText(d.decision.atMinute)}: `, d.decision.reasons || h('em', {}, 'no reasons recorded'))
            : h('span', { 'data-testid': 'review-decision-taken', class: 'hint' }, 'not taken'),
        ),
        row('Civilian approval', d.approval ? `${stepText(d.approval.approval)} by ${d.approval.by} at ${minuteText(d.approval.atMinute)}` : 'none'),
        row(
          'Outcome',
          d.outcome
            ? `${OUTCOME_METHOD_LABELS[d.outcome.method]}${d.outcome.warningGiven ? ', after a warning' : ', no warning'}; arrested ${d.outcome.suspectsArrested}, suspects killed ${d.outcome.suspectsKilled}; killed: civilians ${d.outcome.killed.civilians}, own force ${d.outcome.killed.ownForce}, opponents ${d.outcome.killed.opposingForce ?? 'not counted'}`
            : 'not recorded',
        ),
        row('Expected practice', d.expectedPractice.length === 0 ? 'none stated' : d.expectedPractice.map((p) => PRACTICE_LABELS[p]).join(', ')),
        row('Response time', d.responseMinutes === null ? '—' : `${d.responseMinutes} min`),
      ),
    );
  }

  private departure(d: Departure, injectTitles: Map<string, string>, principles: Map<string, string>): HTMLElement {
    return h(
      'li',
      { class: 'review-departure', 'data-testid': 'review-departure', 'data-rule': d.rule, 'data-principle': d.principle, 'data-request-id': d.requestId ?? '' },
      h('strong', {}, DEPARTURE_RULE_LABELS[d.rule]),
      h('span', { class: 'hint' }, ` at ${minuteText(d.atMinute)}${d.injectId ? `, answering “${injectTitles.get(d.injectId) ?? d.injectId}”` : ''}`),
      h('p', {}, d.reason),
      h('p', { class: 'hint' }, `Principle: ${principles.get(d.principle) ?? d.principle}. Source: ${DEPARTURE_RULES[d.rule].source}.`),
    );
  }

  private follow(event: MouseEvent, requestId: string): void {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.options.openForceRequest(requestId);
  }
}
