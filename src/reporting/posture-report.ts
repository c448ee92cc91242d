import type { CapabilityRecord } from '../core/capabilities/capability-api.schema.js';
import type { HumanSecurityVerdict } from '../core/capabilities/capability-assessment.js';
import { BALANCE_CLASSES, DEFENSIVE_SHARE_DEFINITION, type PostureBalance } from '../core/capabilities/posture-balance.js';
import { formatMoment } from './dates.js';
import { escapeMarkup as e } from './markup.js';
import { formatCount } from './numbers.js';
import { postureBalanceCharts } from './posture-balance-charts.js';
import { SITUATION_REPORT_CSS } from './situation-report-style.js';
import { PURPOSE_CLASS_LABELS } from './spending-labels.js';
import { formatYearValue } from './year-series-chart.js';

export interface PostureReportContext {
  generatedAt: Date;
  /** Who asked for it, by username. */
  generatedBy: string;
}

const VERDICTS: readonly HumanSecurityVerdict[] = ['cannot_be_permitted', 'needs_facts', 'may_be_permitted_within_limits'];
const VERDICT_WORDS: Record<HumanSecurityVerdict, string> = {
  cannot_be_permitted: 'Cannot be permitted',
  needs_facts: 'Needs facts',
  may_be_permitted_within_limits: 'May be permitted within limits',
};
const ROLE_WORDS = { human_decides: 'a person decides each use', human_supervises: 'a person supervises', no_human_in_loop: 'no person in the loop' } as const;
const TARGET_WORDS = { none: 'nothing (not a weapon)', objects_only: 'objects only', persons: 'persons', persons_and_objects: 'persons and objects' } as const;

const share = (value: number | null | undefined) => (value === null || value === undefined ? '–' : formatYearValue(value, 'share'));

function reviewText(c: CapabilityRecord['capability']): string {
  const r = c.legalReview;
  const status = { completed: 'completed', in_progress: 'in progress', not_started: 'not started', unknown: 'unknown' }[r.status];
  return [status, r.conclusion?.replaceAll('_', ' '), r.date, r.reviewer].filter(Boolean).join(', ');
}

function registerSection(records: readonly CapabilityRecord[]): string {
  if (records.length === 0) return '<p class="note">The capability register holds no system the reader may see.</p>';
  const counts = VERDICTS.map((v) => `<li data-verdict="${v}">${e(VERDICT_WORDS[v])}: ${records.filter((r) => r.assessment.humanSecurity === v).length}</li>`);
  const rows = [...records]
    .sort((a, b) => VERDICTS.indexOf(a.assessment.humanSecurity) - VERDICTS.indexOf(b.assessment.humanSecurity) || a.capability.name.localeCompare(b.capability.name))
    .map((r) => {
      const c = r.capability;
      const why = r.assessment.reasons.length > 0 ? `<ul class="note">${r.assessment.reasons.map((reason) => `<li>${e(reason)}</li>`).join('')}</ul>` : '';
      return [
        `<tr data-capability="${e(r.id)}" data-verdict="${r.assessment.humanSecurity}">`,
        `<th scope="row">${e(c.name)}${c.designation ? ` <span class="note">(${e(c.designation)})</span>` : ''}</th>`,
        `<td>${e(PURPOSE_CLASS_LABELS[c.purpose])}</td>`,
        `<td>${e(ROLE_WORDS[c.autonomy.humanRole])}${c.autonomy.autonomousFunctions.length > 0 ? `; alone: ${e(c.autonomy.autonomousFunctions.join(', '))}` : ''}</td>`,
        `<td>${e(TARGET_WORDS[c.targetTypes])}</td>`,
        `<td>${c.isWeapon ? e(reviewText(c)) : 'not needed'}</td>`,
        `<td class="num">${c.quantity === undefined ? '–' : e(formatCount(c.quantity))}</td>`,
        `<td>${e(VERDICT_WORDS[r.assessment.humanSecurity])}${why}</td>`,
        '</tr>',
      ].join('');
    });
  return [
    `<ul class="verdict-counts">${counts.join('')}</ul>`,
    '<table class="capability-register"><thead><tr><th scope="col">System</th><th scope="col">Purpose</th><th scope="col">Who decides</th><th scope="col">Applies force to</th><th scope="col">Legal review</th><th scope="col" class="num">Held</th><th scope="col">Under human security</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
  ].join('');
}

function balanceTable(review: PostureBalance): string {
  const head = `<tr><th scope="col">Year</th>${BALANCE_CLASSES.map((c) => `<th scope="col" class="num">${e(PURPOSE_CLASS_LABELS[c])}</th>`).join('')}<th scope="col" class="num">Defensive share</th>${review.budgets.given ? '<th scope="col" class="num">Of the budget</th>' : ''}</tr>`;
  const rows = review.years.map(
    (y) =>
      `<tr data-year="${y.year}"><th scope="row">${y.year}</th>${BALANCE_CLASSES.map((c) => `<td class="num">${e(formatCount(y.holdings.units[c]))}</td>`).join('')}<td class="num" data-share="${y.holdings.defensiveShare ?? ''}">${e(share(y.holdings.defensiveShare))}</td>${review.budgets.given ? `<td class="num">${y.budget ? e(share(y.budget.defensiveShare)) : 'no budget'}</td>` : ''}</tr>`,
  );
  return `<table class="posture-balance"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * The posture report: what the force holds and how each system stands under human security (the capability register,
 * as the reader may see it), and the balance of its holdings — and of a budget, when one is set beside them — year by
 * year. A printable, self-contained page in the situation report's style, charts inline as SVG.
 */
export function renderPostureReport(input: { capabilities: readonly CapabilityRecord[]; balance: PostureBalance }, context: PostureReportContext): string {
  const { capabilities, balance } = input;
  const charts = postureBalanceCharts(balance, 'report-posture');
  const unnamed = [...new Set(balance.years.flatMap((y) => y.holdings.withoutQuantity.map((s) => s.name)))];
  const figure = (markup: string, caption: string) => `<figure>${markup}<figcaption>${e(caption)}</figcaption></figure>`;
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>Posture report, ${balance.from}–${balance.to}</title><style>${SITUATION_REPORT_CSS}</style></head><body>`,
    '<header class="report-header">',
    '<p class="kicker">Haven · posture and capabilities</p>',
    '<h1>Posture report</h1>',
    `<p class="period">${balance.from}–${balance.to}</p>`,
    '<dl class="meta">',
    `<dt>Register</dt><dd>${capabilities.length} system(s)</dd>`,
    `<dt>Budget</dt><dd>${e(balance.budgets.note)}</dd>`,
    `<dt>Made</dt><dd>${e(formatMoment(context.generatedAt.toISOString()))} by ${e(context.generatedBy)}</dd>`,
    '</dl>',
    '</header>',
    '<h2>The capability register under human security</h2>',
    '<p class="note">Each system assessed against the ICRC’s recommendations (2021), DoD Directive 3000.09, AP I Art. 36, NATO’s and the UK MOD’s principles and the human-security rules; the reasons are the findings that decided or remain open.</p>',
    registerSection(capabilities),
    '<h2>Balance of holdings by purpose class</h2>',
    figure(charts.holdings, 'Units held each year: the systems’ quantities, stacked by purpose class.'),
    figure(charts.share, `The ${DEFENSIVE_SHARE_DEFINITION}.`),
    balanceTable(balance),
    unnamed.length > 0 ? `<p class="note">In service without a quantity, so not counted: ${e(unnamed.join(', '))}.</p>` : '',
    balance.withoutServiceYears.length > 0 ? `<p class="note">Without service years, so held in every year shown: ${e(balance.withoutServiceYears.map((s) => s.name).join(', '))}.</p>` : '',
    '<footer>',
    '<p>Method and sources: docs/posture-and-spending.md (purpose classes, the capability rules, the posture review). Units are not comparable across systems: a battery and a rifle each count as one.</p>',
    '</footer>',
    '</body></html>',
  ].join('\n');
}
