import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { coaComparisonInputSchema, lowBestHighSchema, planningSituationSchema, type CoaComparisonInput } from '../../../src/core/courses-of-action/planning.schema.js';

const sleepingFighter: unknown = JSON.parse(readFileSync(new URL('../../fixtures/use-of-force/01-sleeping-fighter.json', import.meta.url), 'utf8')).request;

const zero = { low: 0, best: 0, high: 0 };
const situation: CoaComparisonInput['situation'] = {
  name: 'Lake district, November',
  area: { type: 'Polygon', coordinates: [[[30, 0], [31, 0], [31, 1], [30, 1], [30, 0]]] },
  period: { from: '2026-11-01', to: '2026-11-30' },
  mandate: 'Protection of civilians',
};
const valid = (): CoaComparisonInput => ({
  situation,
  coursesOfAction: [
    { name: 'Raid', actions: [{ kind: 'force', request: sleepingFighter as never, allies: { deaths: zero, injuries: zero } }] },
    { name: 'Arrest', actions: [{ kind: 'arrest_operation', description: 'Arrest at dawn with the police', expected: { opponents: { deaths: { low: 0, best: 0, high: 1 } } } }] },
  ],
});

/** The issues of a failed parse, as "path: message". */
function issues(input: unknown): string[] {
  const result = coaComparisonInputSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('planning schema', () => {
  it('accepts a situation with a force action and a protective action, filling defaults', () => {
    const parsed = coaComparisonInputSchema.parse(valid());
    expect(parsed.situation.exercise).toBe(false);
    const arrest = parsed.coursesOfAction[1]!.actions[0]!;
    expect(arrest.kind === 'arrest_operation' && arrest.expected.civilians).toEqual({});
    const raid = parsed.coursesOfAction[0]!.actions[0]!;
    expect(raid.kind === 'force' && raid.request.purpose).toBe('neutralise_military_objective');
  });

  it('accepts a place reference for the area', () => {
    expect(planningSituationSchema.safeParse({ ...situation, area: { type: 'Place', geonameId: 232422, name: 'Kasese', radiusKm: 25 } }).success).toBe(true);
  });

  it('names each misordered bound on its own field', () => {
    expect(issues({ ...valid(), coursesOfAction: [valid().coursesOfAction[0], { name: 'B', actions: [{ kind: 'patrol', description: 'Night patrol', expected: { civilians: { deaths: { low: 2, best: 1, high: 0 } } } }] }] })).toEqual([
      'coursesOfAction.1.actions.0.expected.civilians.deaths.best: best (1) must not be below low (2)',
      'coursesOfAction.1.actions.0.expected.civilians.deaths.high: high (0) must not be below best (1)',
    ]);
    expect(lowBestHighSchema.safeParse({ low: -1, best: 0, high: 0 }).error?.issues[0]?.message).toBe('low must not be negative');
  });

  it('says which kinds of action there are', () => {
    const bad = valid();
    bad.coursesOfAction[1]!.actions = [{ kind: 'bombing', description: 'x', expected: {} } as never];
    expect(issues(bad)).toEqual(['coursesOfAction.1.actions.0.kind: kind must be one of: force, patrol, presence_at_site, corridor, safe_haven, evacuation, arrest_operation, local_agreement']);
  });

  it('reports a bad force request against its own fields', () => {
    const bad = valid();
    bad.coursesOfAction[0]!.actions = [{ kind: 'force', request: { ...(sleepingFighter as object), purpose: 'victory' } as never }];
    expect(issues(bad)).toEqual([expect.stringMatching(/^coursesOfAction\.0\.actions\.0\.request\.purpose: /)]);
  });

  it('needs two courses of action, each named once, each with an action', () => {
    expect(issues({ ...valid(), coursesOfAction: [valid().coursesOfAction[0]] })).toEqual(['coursesOfAction: compare at least two courses of action']);
    const twice = valid();
    twice.coursesOfAction[1]!.name = 'raid';
    expect(issues(twice)).toEqual(['coursesOfAction.1.name: the name "raid" is already used by course of action 1']);
    const empty = valid();
    empty.coursesOfAction[1]!.actions = [];
    expect(issues(empty)).toEqual(['coursesOfAction.1.actions: a course of action needs at least one planned action']);
  });

  it('checks the period, the area and the probability of success', () => {
    expect(issues({ ...valid(), situation: { ...situation, period: { from: '2026-11-30', to: '2026-11-01' } } })).toEqual(['situation.period.to: must not be before from']);
    expect(issues({ ...valid(), situation: { ...situation, area: { type: 'Point', coordinates: [30, 0] } } })).toHaveLength(1);
    const sure = valid();
    sure.coursesOfAction[1]!.actions = [{ kind: 'patrol', description: 'Night patrol', expected: {}, probabilityOfSuccess: 1.5 }];
    expect(issues(sure)).toEqual(['coursesOfAction.1.actions.0.probabilityOfSuccess: must be a probability between 0 and 1']);
  });

  it('refuses fields it does not know rather than dropping them', () => {
    const extra = valid();
    extra.coursesOfAction[1]!.actions = [{ kind: 'patrol', description: 'Night patrol', expected: { bystanders: {} } as never }];
    expect(issues(extra)).toHaveLength(1);
    expect(z.prettifyError(coaComparisonInputSchema.safeParse(extra).error!)).toContain('bystanders');
  });
});
