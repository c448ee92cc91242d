import type { FeatureCollection, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { planningDraftSchema, type PlanningSituationRecord } from '../../src/core/courses-of-action/coa-api.schema.js';
import { compareCoursesOfAction } from '../../src/core/courses-of-action/compare.js';
import { CASUALTY_GROUPS } from '../../src/core/courses-of-action/planning.schema.js';
import { areaBbox } from '../../src/core/courses-of-action/planning-area.js';
import { renderCoaReport, type CoaReportInput } from '../../src/reporting/coa-report.js';
import { AREA, COMPOUND, planningDraft } from '../support/coa-fixtures.js';
import { markupProblems } from './markup-check.js';

const countries: FeatureCollection<Geometry> = { type: 'FeatureCollection', features: [] };
const site = { id: 'site-1', name: 'Compound road clinic', category: 'health_facility' as const, geometry: { type: 'Point' as const, coordinates: [13.1627, 11.85] as [number, number] } };

function reportOf(exercise: boolean, choice: PlanningSituationRecord['choice'] = null): { html: string; input: CoaReportInput } {
  const plan = planningDraftSchema.parse(planningDraft({ exercise }));
  const comparison = compareCoursesOfAction(plan.situation, plan.coursesOfAction, { sites: [site] });
  const record: PlanningSituationRecord = {
    id: '00000000-0000-4000-8000-000000000001',
    status: choice ? 'chosen' : 'compared',
    exercise,
    version: 1,
    ...plan,
    createdBy: 'planner',
    createdAt: '2025-05-01T00:00:00Z',
    updatedBy: 'planner',
    updatedAt: '2025-05-01T00:00:00Z',
    choice,
  };
  const input: CoaReportInput = {
    record,
    comparison,
    context: {
      area: AREA,
      bbox: areaBbox(AREA),
      sites: 1,
      zones: 0,
      register: { exercise, coverage: { from: '2023-06-02', to: '2025-06-01' }, incidents: 0, truncated: false, pastActions: 0, cells: 'H3 resolution 6', note: 'No register.' },
      peopleAtRisk: { places: 1, population: 5000, largest: [{ geonameId: 1, name: 'Village', population: 5000, lat: 11.8, lon: 13.2 }], note: 'GeoNames.' },
      actionPoints: [
        { course: 'Patrol and arrest', action: 2, kind: 'force', ...COMPOUND },
        { course: 'Strike', action: 1, kind: 'force', ...COMPOUND },
      ],
    },
    sites: [site],
    zones: [],
  };
  return { html: renderCoaReport(input, { generatedAt: new Date('2025-05-02T10:00:00Z'), generatedBy: 'cdr', countries }), input };
}

const attributes = (html: string, selector: RegExp) => [...html.matchAll(selector)].map((m) => m[1]!);

describe('the courses-of-action report', () => {
  it('is well-formed, self-contained markup', () => {
    expect(markupProblems(reportOf(false).html)).toEqual([]);
  });

  it('draws every group’s deaths as an interval bar with the median from the draws, not a sum of best estimates', () => {
    const { html, input } = reportOf(false);
    const bars = [...html.matchAll(/<g class="interval" data-course="([^"]+)" data-group="([^"]+)" data-median="([^"]+)" data-low="([^"]+)" data-high="([^"]+)">/g)];
    // Deaths then injuries: every group and everyone, for each course.
    expect(bars).toHaveLength(2 * (CASUALTY_GROUPS.length + 1) * input.comparison.courses.length);
    for (const course of input.comparison.courses) {
      for (const group of [...CASUALTY_GROUPS, 'all'] as const) {
        const total = group === 'all' ? course.casualties.all.deaths : course.casualties.byGroup[group].deaths;
        const bar = bars.find((b) => b[1] === course.name && b[2] === group)!;
        expect(bar.slice(3).map(Number)).toEqual([total.median, total.interval.low, total.interval.high]);
      }
    }
    // The strike's everyone-total is skewed: its median is not its sum of bests, and the bar shows the median.
    const strike = input.comparison.courses[1]!.casualties.all.deaths;
    expect(strike.median).not.toBe(strike.sumOfBests);
  });

  it('says "not enough data" with its sample, names the protected place touched, and marks the actions on the map', () => {
    const { html } = reportOf(false);
    expect(html).toContain('<strong>not enough data</strong> — 0 comparable action(s), 6 needed');
    expect(html).toContain('Compound road clinic (health facility): action 1');
    expect(attributes(html, /<g class="action" data-action="([^"]+)"/g)).toEqual(['A2', 'B1']);
    expect(html).toContain('data-outline="true"');
    expect(html).not.toContain('EXERCISE');
    expect(html).toContain('No course of action has been chosen');
  });

  it('marks an exercise as one, and shows the choice with its reasons and requests', () => {
    const { html } = reportOf(true, {
      id: 'c1',
      courseOfAction: 'Strike',
      reasons: 'The compound is far from the villages',
      chosenBy: { id: 'u', name: 'cdr', role: 'commander' },
      chosenAt: '2025-05-02T09:00:00Z',
      ledgerSeq: 42,
      forceRequests: [{ action: 1, id: 'r1' }],
      protectiveActions: [],
      snapshot: { situation: { id: 's', name: 'n', version: 1, exercise: true, period: { from: '2025-06-01', to: '2025-06-30' } }, courses: [], audience: 'everyone', seed: 19, draws: 10000 },
    });
    expect(html).toContain('<title>EXERCISE — Courses of action: Compound north of the river</title>');
    expect(html.match(/class="exercise-banner"/g)).toHaveLength(2);
    expect(html).toContain('data-chosen="Strike"');
    expect(html).toContain('ledger entry 42');
    expect(html).toContain('action 1 → r1');
  });
});
