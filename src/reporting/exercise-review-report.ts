import type { ExerciseReview } from '../core/exercises/exercise-api.schema.js';
import type { ExerciseScript } from '../core/exercises/exercise-script.schema.js';
import { DEPARTURE_RULES } from '../core/exercises/after-action-review.js';
import { VERDICT_WORDS } from './coa-charts.js';
import { formatMoment } from './dates.js';
import { escapeMarkup as e } from './markup.js';
import { measureText } from './scorecard-text.js';
import { SITUATION_REPORT_CSS } from './situation-report-style.js';

/**
 * The printable after-action review of one run of an exercise: the timeline, every decision with the advice given and
 * the engine's verdicts under both regimes, the departures from the human-security principles with their rules, the
 * scorecard over the run, and the response times. Marked EXERCISE at the top, in the footer, and (a fixed mark that
 * print repeats) on every printed page. A self-contained page in the situation report's style; the PDF is this page
 * printed.
 */

export interface ExerciseReportContext {
  generatedAt: Date;
  generatedBy: string;
}

/** The situation report's style and the exercise marks (the route's CSP allows this exact text by its hash). */
export const EXERCISE_REPORT_CSS = `${SITUATION_REPORT_CSS}
.exercise-banner{border:3px solid #b2182b;color:#b2182b;padding:6px 10px;text-align:center;font-size:14pt}
.exercise-mark{position:fixed;top:0;right:0;color:#b2182b;font-weight:bold;font-size:9pt;padding:2px 6px;border:1px solid #b2182b;background:#fff}
.departure td,.departure th{vertical-align:top}`;

const minute = (m: number | null | undefined) => (m === null || m === undefined ? '—' : `min ${Math.round(m * 10) / 10}`);
const words = (s: string) => s.replaceAll('_', ' ');

function timeline(review: ExerciseReview): string {
  const rows = review.timeline.map(
    (t) => `<tr data-kind="${e(t.kind)}"><td>${e(minute(t.atMinute))}</td><td>${e(words(t.kind))}</td><td>${e(words(t.role))}${t.by ? ` (${e(t.by)})` : ''}</td><td>${e(t.summary)}</td></tr>`,
  );
  return `<table class="timeline"><thead><tr><th>When</th><th>What</th><th>Who</th><th>Summary</th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="4">Nothing happened in this run.</td></tr>'}</tbody></table>`;
}

function decisions(review: ExerciseReview, script: ExerciseScript): string {
  if (review.decisions.length === 0) return '<p>No force request in this run.</p>';
  const titles = new Map(script.injects.map((i) => [i.id, i.title]));
  return review.decisions
    .map((d) => {
      const advice = d.advice ? `${e(words(d.advice.position))} (${e(d.advice.by)}, ${e(minute(d.advice.atMinute))}): ${e(d.advice.text)}` : 'none given';
      const decision = d.decision ? `${e(d.decision.decision)} (${e(d.decision.by)}, ${e(minute(d.decision.atMinute))})${d.decision.reasons ? `: ${e(d.decision.reasons)}` : ', no reasons recorded'}` : 'not decided';
      const approval = d.approval ? `${e(d.approval.approval)} (${e(d.approval.by)}, ${e(minute(d.approval.atMinute))})` : 'none';
      const outcome = d.outcome
        ? `${e(words(d.outcome.method))}; warning ${d.outcome.warningGiven ? 'given' : 'not given'}; ${d.outcome.suspectsArrested} arrested, ${d.outcome.suspectsKilled} suspect(s) killed; killed: ${d.outcome.killed.civilians} civilian(s), ${d.outcome.killed.ownForce} own force, ${d.outcome.killed.opposingForce === null ? 'opponents not counted' : `${d.outcome.killed.opposingForce} opponent(s)`}`
        : 'not recorded';
      return [
        `<section class="decision" data-request="${e(d.requestId)}">`,
        `<h3>${e(d.injectId ? (titles.get(d.injectId) ?? d.injectId) : 'Request raised by a player')}</h3>`,
        '<dl class="meta">',
        `<dt>Released</dt><dd>${e(minute(d.injectReleasedAtMinute))}; submitted ${e(minute(d.submittedAtMinute))}; response ${d.responseMinutes === null ? '—' : `${Math.round(d.responseMinutes * 10) / 10} min`}</dd>`,
        `<dt>Engine</dt><dd>IHL <strong>${e(VERDICT_WORDS[d.engine.ihl] ?? d.engine.ihl)}</strong>, human security <strong>${e(VERDICT_WORDS[d.engine.humanSecurity] ?? d.engine.humanSecurity)}</strong>${d.engine.decisiveRules.length > 0 ? ` (decisive: ${e(d.engine.decisiveRules.join(', '))})` : ''}</dd>`,
        `<dt>Advice</dt><dd>${advice}</dd>`,
        `<dt>Decision</dt><dd>${decision}</dd>`,
        `<dt>Civilian approval</dt><dd>${approval}</dd>`,
        `<dt>Outcome</dt><dd>${outcome}</dd>`,
        `<dt>Status</dt><dd>${e(words(d.status))}</dd>`,
        `<dt>Expected practice</dt><dd>${e(d.expectedPractice.map(words).join(', ') || '—')}</dd>`,
        '</dl>',
        '</section>',
      ].join('');
    })
    .join('\n');
}

function departures(review: ExerciseReview): string {
  if (review.departures.length === 0) return '<p>No departure from the human-security principles was found in this run.</p>';
  const rows = review.departures.map(
    (d) =>
      `<tr data-rule="${e(d.rule)}"><td>${e(minute(d.atMinute))}</td><td>${e(words(d.rule))}<br><span class="note">${e(DEPARTURE_RULES[d.rule].source)}</span></td><td>${e(words(d.principle))}</td><td>${e(d.reason)}</td><td>${e(d.injectId ?? '—')}</td></tr>`,
  );
  return `<table class="departure"><thead><tr><th>When</th><th>Rule</th><th>Principle</th><th>Why</th><th>Inject</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function scorecard(review: ExerciseReview): string {
  return review.scorecard
    .map((p) => {
      const rows = p.measures.map((m) => `<tr><td>${e(m.label)}</td><td>${e(measureText(m))}</td><td class="note">${e(m.note ?? '')}</td></tr>`);
      return `<h3>${e(p.title)}</h3><table><tbody>${rows.join('')}</tbody></table>`;
    })
    .join('\n');
}

function responseTimes(review: ExerciseReview): string {
  const r = review.responseTimes;
  const round = (m: number | null) => (m === null ? '—' : `${Math.round(m * 10) / 10} min`);
  return `<p>Median response ${e(round(r.medianMinutes))}, longest ${e(round(r.longestMinutes))}; unanswered: ${e(r.unanswered.join(', ') || 'none')}.</p>`;
}

export function renderExerciseReviewReport(review: ExerciseReview, script: ExerciseScript, context: ExerciseReportContext): string {
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>EXERCISE — After-action review: ${e(script.title)}, run ${review.run}</title><style>${EXERCISE_REPORT_CSS}</style></head><body>`,
    '<div class="exercise-mark" aria-hidden="true">EXERCISE</div>',
    '<p class="exercise-banner" data-exercise="true"><strong>EXERCISE</strong> — a training run on fictional injects; nothing here is real.</p>',
    '<header class="report-header">',
    '<p class="kicker">Haven · after-action review · EXERCISE</p>',
    `<h1>${e(script.title)}</h1>`,
    '<dl class="meta">',
    `<dt>Run</dt><dd>${review.run}</dd>`,
    `<dt>Terrain</dt><dd>${e(script.terrain.name)}</dd>`,
    `<dt>Learning objectives</dt><dd><ul>${script.learningObjectives.map((o) => `<li>${e(o)}</li>`).join('')}</ul></dd>`,
    `<dt>Made</dt><dd>${e(formatMoment(context.generatedAt.toISOString()))} by ${e(context.generatedBy)}</dd>`,
    '</dl>',
    '</header>',
    `<h2>Departures from the human-security principles (${review.departures.length})</h2>`,
    departures(review),
    '<h2>Decisions</h2>',
    decisions(review, script),
    '<h2>Scorecard over the run</h2>',
    scorecard(review),
    '<h2>Response times</h2>',
    responseTimes(review),
    '<h2>Timeline</h2>',
    timeline(review),
    '<footer>',
    '<p>Method: docs/exercises.md (the after-action review, its departure rules and the scorecard measures a run can hold). Exercise minutes are read from the clock’s changes, so pauses and changes of speed are accounted for.</p>',
    '<p class="exercise-banner"><strong>EXERCISE</strong></p>',
    '</footer>',
    '</body></html>',
  ].join('\n');
}
