import type { CourseResult } from '../core/courses-of-action/compare.js';
import { CASUALTY_GROUPS, type CasualtyGroup } from '../core/courses-of-action/planning.schema.js';
import type { ProjectedTotal } from '../core/courses-of-action/uncertainty.js';
import { closeChart, GRID, INK, linearScale, MUTED_INK, openChart, seriesColor, valueAxisBottom } from './chart-kit.js';
import { escapeMarkup as e } from './markup.js';
import { formatCount, px } from './numbers.js';

/** The chart of courses of action's casualties, drawn the same in the report and in the web app. */

export const GROUP_LABELS: Record<CasualtyGroup | 'all', string> = { civilians: 'Civilians', own: 'Own force', allies: 'Allies', opponents: 'Opponents', all: 'Everyone' };

/** Fractions as people read an expected number: whole above ten, one decimal below. */
export const expected = (x: number) => (Math.abs(x) >= 10 || Number.isInteger(x) ? formatCount(x) : x.toFixed(1));
/** A course's short mark on the map and in the chart: A, B, C … */
export const courseLetter = (index: number) => String.fromCharCode(65 + index);

export function totalText(t: ProjectedTotal): string {
  return `median ${expected(t.median)}, 5th–95th ${expected(t.interval.low)}–${expected(t.interval.high)} (bounds ${expected(t.bounds.low)}–${expected(t.bounds.high)})${t.complete ? '' : ' — incomplete: a floor'}`;
}

/**
 * Each course's deaths per group as interval bars: a bar from the 5th to the 95th percentile, a tick at the median,
 * a thin line for the plain bounds. Intervals of a group are not added up: each is read from the draws.
 */
export function casualtyIntervalChart(courses: readonly CourseResult[], measure: 'deaths' | 'injuries', id: string): string {
  const rows: { group: CasualtyGroup | 'all'; course: number; total: ProjectedTotal }[] = [];
  for (const group of [...CASUALTY_GROUPS, 'all'] as const) {
    courses.forEach((c, course) => rows.push({ group, course, total: group === 'all' ? c.casualties.all[measure] : c.casualties.byGroup[group][measure] }));
  }
  const width = 720;
  const left = 170;
  const right = width - 24;
  const top = 40;
  const rowHeight = 16;
  const groupGap = 12;
  const groups = CASUALTY_GROUPS.length + 1;
  const plotBottom = top + rows.length * rowHeight + groups * groupGap;
  const height = plotBottom + 70;
  const max = Math.max(1, ...rows.map((r) => r.total.bounds.high));
  const x = linearScale(max, left, right, { whole: max >= 5 });
  const parts: string[] = [];
  let y = top;
  let lastGroup: string | undefined;
  for (const row of rows) {
    if (row.group !== lastGroup) {
      y += groupGap;
      parts.push(`<text x="12" y="${px(y + rowHeight / 2)}" dy="0.32em" font-weight="700">${e(GROUP_LABELS[row.group])}</text>`);
      lastGroup = row.group;
    }
    const mid = y + rowHeight / 2;
    const color = seriesColor(row.course);
    const t = row.total;
    const label = `${courses[row.course]!.name}, ${GROUP_LABELS[row.group].toLowerCase()}: ${totalText(t)}`;
    parts.push(
      `<g class="interval" data-course="${e(courses[row.course]!.name)}" data-group="${row.group}" data-median="${t.median}" data-low="${t.interval.low}" data-high="${t.interval.high}"><title>${e(label)}</title>`,
      `<text x="${left - 8}" y="${px(mid)}" dy="0.32em" text-anchor="end" fill="${MUTED_INK}">${e(courseLetter(row.course))}${t.complete ? '' : ' (floor)'}</text>`,
      `<line x1="${px(x(t.bounds.low))}" x2="${px(x(t.bounds.high))}" y1="${px(mid)}" y2="${px(mid)}" stroke="${color}" stroke-width="1" stroke-opacity="0.6"/>`,
      `<rect x="${px(x(t.interval.low))}" y="${px(mid - 4)}" width="${px(Math.max(1.5, x(t.interval.high) - x(t.interval.low)))}" height="8" fill="${color}" fill-opacity="${t.complete ? 0.75 : 0.35}"/>`,
      `<line x1="${px(x(t.median))}" x2="${px(x(t.median))}" y1="${px(mid - 7)}" y2="${px(mid + 7)}" stroke="${INK}" stroke-width="2"/>`,
      '</g>',
    );
    y += rowHeight;
  }
  const key = courses.map((c, i) => `<g transform="translate(${12 + (i % 4) * 175} ${plotBottom + 42 + Math.floor(i / 4) * 16})"><rect width="12" height="8" y="-4" fill="${seriesColor(i)}"/><text x="18" dy="0.32em">${e(`${courseLetter(i)}: ${c.name}`.slice(0, 26))}</text></g>`);
  const title = measure === 'deaths' ? 'Projected deaths, by group and course' : 'Projected injuries, by group and course';
  return [
    openChart({ id, title, description: `${title}: for each course, a bar from the 5th to the 95th percentile of the draws, a tick at the median and a thin line for the plain bounds (sum of lows to sum of highs). A paler bar is incomplete: some action gave no estimate, so it is a floor.` }, { width, height }),
    valueAxisBottom(x, top, plotBottom, measure === 'deaths' ? 'people killed' : 'people injured'),
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${plotBottom}" stroke="${GRID}"/>`,
    ...parts,
    ...key,
    closeChart(),
  ].join('');
}

/** A verdict in words, as the comparison's report and the web panel print it. */
export const VERDICT_WORDS: Record<string, string> = {
  prohibited: 'prohibited',
  needs_information: 'needs information',
  needs_human_judgement: 'needs a human judgement',
  permitted_with_conditions: 'permitted with conditions',
  permitted: 'permitted',
};
