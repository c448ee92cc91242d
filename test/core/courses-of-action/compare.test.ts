import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCoursesOfAction, escalationDirection, lossOfLifeScore, type ComparisonContext, type CourseResult } from '../../../src/core/courses-of-action/compare.js';
import { estimateEscalation } from '../../../src/core/courses-of-action/escalation-estimate.js';
import {
  coaComparisonInputSchema,
  PROTECTIVE_ACTION_KINDS,
  type CourseOfAction,
  type GroupHarm,
  type LowBestHigh,
  type PlannedAction,
} from '../../../src/core/courses-of-action/planning.schema.js';
import { loadScenarios } from '../use-of-force/scenarios.js';
import { HAND_REGISTER } from './hand-register.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/use-of-force/01-sleeping-fighter.json', import.meta.url), 'utf8')) as {
  request: Record<string, unknown> & { expectedEffects: Record<string, unknown> };
  expect: { ihl: string; humanSecurity: string };
};
const zero = { low: 0, best: 0, high: 0 };

/**
 * The ICRC's isolated sleeping fighter (2013), planned two ways: a night raid to kill him (force, small arms), or an
 * arrest operation with a patrol past the school and through the safe haven. The raid's own force may lose a soldier
 * (0–1 deaths, 0–3 injured); the arrest may cost a life on either side (0–1 each) and injure more (0–4 own).
 */
const input = coaComparisonInputSchema.parse({
  situation: {
    name: 'Lake district, November',
    area: { type: 'Polygon', coordinates: [[[30, 0], [31, 0], [31, 1], [30, 1], [30, 0]]] },
    period: { from: '2026-11-01', to: '2026-11-30' },
    mandate: 'Protection of civilians under a Security Council mandate',
    exercise: true,
  },
  coursesOfAction: [
    {
      name: 'Night raid',
      summary: 'Kill the fighter in his sleep',
      actions: [
        {
          kind: 'force',
          description: 'Night raid on the house',
          request: {
            ...fixture.request,
            location: { lat: 0.3, lon: 30.3, description: 'the house' },
            expectedEffects: { ...fixture.request.expectedEffects, ownForce: { deaths: { low: 0, best: 0, high: 1 }, injuries: { low: 0, best: 1, high: 3 } } },
          },
          allies: { deaths: zero, injuries: zero },
        },
      ],
    },
    {
      name: 'Arrest with patrol',
      summary: 'Arrest him with the police at dawn; patrol past the school and through the safe haven',
      actions: [
        {
          kind: 'arrest_operation',
          description: 'Arrest at dawn with the police',
          siteId: 'no-such-site',
          expected: {
            civilians: { deaths: zero, injuries: { low: 0, best: 0, high: 1 } },
            own: { deaths: { low: 0, best: 0, high: 1 }, injuries: { low: 0, best: 1, high: 4 } },
            allies: { deaths: zero, injuries: zero },
            opponents: { deaths: { low: 0, best: 0, high: 1 }, injuries: { low: 0, best: 1, high: 1 } },
          },
          probabilityOfSuccess: 0.7,
        },
        {
          kind: 'patrol',
          description: 'Patrol past the school and through the safe haven',
          siteId: 'school-1',
          zoneId: 'haven-1',
          expected: { civilians: { deaths: zero, injuries: zero }, own: { deaths: zero, injuries: zero }, allies: { deaths: zero, injuries: zero }, opponents: { deaths: zero, injuries: zero } },
        },
      ],
    },
  ],
});

const context: ComparisonContext = {
  sites: [
    // About 0.5 km north of the house: within a school's 1 km.
    { id: 'school-1', name: 'Lakeside primary school', category: 'school', geometry: { type: 'Point', coordinates: [30.3, 0.3045] } },
    // About 3 km away: beyond a hospital's 1 km.
    { id: 'hospital-1', name: 'District hospital', category: 'health_facility', geometry: { type: 'Point', coordinates: [30.3, 0.327] } },
  ],
  zones: [
    { id: 'corridor-1', name: 'Lake road corridor', kind: 'humanitarian_corridor', geometry: { type: 'LineString', coordinates: [[30.2, 0.3], [30.4, 0.3]] }, widthKm: 2 },
    { id: 'haven-1', name: 'Mission safe haven', kind: 'safe_haven', geometry: { type: 'Polygon', coordinates: [[[30.5, 0.5], [30.6, 0.5], [30.6, 0.6], [30.5, 0.6], [30.5, 0.5]]] } },
  ],
  register: HAND_REGISTER,
  escalation: { weeks: 2 },
};

const comparison = compareCoursesOfAction(input.situation, input.coursesOfAction, context);
const [raid, arrest] = comparison.courses as [CourseResult, CourseResult];
const principle = (c: CourseResult, id: string) => c.principles.find((p) => p.id === id)!;

describe('two courses of action for the sleeping fighter', () => {
  it('assesses the raid under both regimes, as the engine does, and says why they diverge', () => {
    expect(raid.forceActions).toHaveLength(1);
    const f = raid.forceActions[0]!;
    expect(f.ihl.verdict).toBe(fixture.expect.ihl);
    expect(f.humanSecurity.verdict).toBe(fixture.expect.humanSecurity);
    expect(f.divergence.join(' ')).toMatch(/arrest/);
    expect(f.comparableKind).toBe('force_hostilities');
    expect(f.assessment.humanSecurity.trace.length).toBeGreaterThan(0);
    expect(arrest.forceActions).toEqual([]);
    expect(arrest.protectiveActions.map((a) => [a.action, a.kind, a.probabilityOfSuccess])).toEqual([
      [1, 'arrest_operation', 0.7],
      [2, 'patrol', null],
    ]);
  });

  it('projects casualties as intervals, every side counted', () => {
    // Raid: opponents 1 exactly; own deaths triangular(0, 0, 1), mean 1/3; civilians 0 (the fixture's estimate).
    expect(raid.casualties.byGroup.opponents.deaths).toMatchObject({ mean: 1, interval: { low: 1, high: 1 }, bounds: { low: 1, high: 1 } });
    expect(raid.casualties.byGroup.own.deaths.mean).toBeCloseTo(1 / 3, 1);
    expect(raid.casualties.all.deaths.bounds).toEqual({ low: 1, high: 2 });
    expect(raid.casualties.all.deaths.mean).toBeCloseTo(4 / 3, 1);
    // Arrest: own and opponents each triangular(0, 0, 1): mean 2/3 in all, bounds 0 to 2.
    expect(arrest.casualties.all.deaths.bounds).toEqual({ low: 0, high: 2 });
    expect(arrest.casualties.all.deaths.mean).toBeCloseTo(2 / 3, 1);
    expect(arrest.casualties.all.deaths.sumOfBests).toBe(0);
    expect(arrest.casualties.all.injuries.bounds).toEqual({ low: 0, high: 6 });
    for (const c of [raid, arrest]) expect(c.casualties.all.deaths.complete).toBe(true);
  });

  it('finds the protected places each plan touches', () => {
    expect(raid.protectedPlaces.sites.map((s) => [s.id, s.by.map((b) => b.how)])).toEqual([['school-1', ['within_alert_distance']]]);
    expect(raid.protectedPlaces.sites[0]!.by[0]!.distanceKm).toBeCloseTo(0.5, 1);
    expect(raid.protectedPlaces.zones.map((z) => z.id)).toEqual(['corridor-1']);
    expect(arrest.protectedPlaces.sites.map((s) => [s.id, s.by])).toEqual([['school-1', [{ action: 2, how: 'named' }]]]);
    expect(arrest.protectedPlaces.zones.map((z) => z.id)).toEqual(['haven-1']);
    expect(arrest.protectedPlaces.unknownReferences).toEqual([{ action: 1, siteId: 'no-such-site' }]);
  });

  it('draws the escalation estimate from the register, or says there is not enough data', () => {
    expect(raid.escalation.map((e) => [e.kind, e.actions, e.estimate.status])).toEqual([['force_hostilities', [1], 'not_enough_data']]);
    expect(arrest.escalation.map((e) => [e.kind, e.actions, e.estimate.status])).toEqual([
      ['arrest_operation', [1], 'not_enough_data'],
      ['patrol', [2], 'estimated'],
    ]);
    expect(arrest.escalation[1]!.estimate).toEqual(estimateEscalation('patrol', HAND_REGISTER, { weeks: 2 }));
  });

  it('projects the principles with their reasons, and scores the arrest better', () => {
    // Loss of life: 1/(1 + mean deaths).
    expect(principle(raid, 'minimise_loss_of_life').score).toBeCloseTo(lossOfLifeScore(raid.casualties.all.deaths.mean), 12);
    expect(principle(arrest, 'minimise_loss_of_life').score!).toBeGreaterThan(principle(raid, 'minimise_loss_of_life').score!);
    // Stability: nothing on raids in the register; for patrols, the interval of the change spans 0 — no clear change, 0.5.
    expect(principle(raid, 'stability').score).toBeNull();
    const patrol = arrest.escalation[1]!.estimate;
    if (patrol.status !== 'estimated') throw new Error('patrol should be estimated');
    expect(patrol.incidentsPerWeek.interval.low).toBeLessThan(0);
    expect(patrol.incidentsPerWeek.interval.high).toBeGreaterThan(0);
    expect(escalationDirection(patrol)).toBe('unclear');
    expect(principle(arrest, 'stability').score).toBe(0.5);
    // Defensive posture: the raid's purpose is not protective (0 of 1) but small arms are not offensive means (1 of 1).
    expect(principle(raid, 'defensive_posture').score).toBe(0.5);
    expect(principle(arrest, 'defensive_posture').score).toBe(1);
    // Civilian control: the raid goes to the civilian authority (1) and is prohibited under human security (0).
    expect(principle(raid, 'civilian_control_law_based').score).toBe(0.5);
    expect(principle(arrest, 'civilian_control_law_based').score).toBe(1);
    // Overall: the raid's three scored principles; all four of the arrest's.
    expect(raid.overall.score).toBeCloseTo((lossOfLifeScore(raid.casualties.all.deaths.mean) + 0.5 + 0.5) / 3, 12);
    expect(arrest.overall.score).toBeCloseTo((lossOfLifeScore(arrest.casualties.all.deaths.mean) + 0.5 + 1 + 1) / 4, 12);
    for (const c of [raid, arrest]) for (const p of c.principles) expect(p.reasons.length).toBeGreaterThan(0);
    expect(comparison.notice).toMatch(/does not authorise force/);
  });

  it('does not score loss of life, nor overall, when a death estimate is missing', () => {
    const gap = structuredClone(input.coursesOfAction[1]!);
    const first = gap.actions[0]!;
    if (first.kind === 'force') throw new Error('unexpected');
    first.expected.allies = {};
    const [c] = compareCoursesOfAction(input.situation, [gap], context).courses;
    expect(principle(c!, 'minimise_loss_of_life').score).toBeNull();
    expect(principle(c!, 'minimise_loss_of_life').reasons[0]).toContain('action 1 (arrest operation): allies deaths');
    expect(c!.overall.score).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Monotonicity: fewer expected deaths in every action, all else equal, never scores worse.

const REQUESTS = loadScenarios().map((s) => s.request);
const DRAWS = 300;

const deathEstimate: fc.Arbitrary<LowBestHigh> = fc.tuple(fc.nat(20), fc.integer({ min: 1, max: 20 }), fc.nat(20)).map(([a, best, c]) => ({
  low: Math.min(a, best),
  best,
  high: Math.max(c, best),
}));
const injuries: fc.Arbitrary<LowBestHigh> = fc.tuple(fc.nat(10), fc.nat(10), fc.nat(10)).map(([a, b, c]) => {
  const [low, best, high] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
  return { low, best, high };
});
const harm: fc.Arbitrary<GroupHarm> = fc.record({ deaths: deathEstimate, injuries });

/** An action with every death estimate's best at least 1, so that each can be made strictly fewer. */
const plannedAction: fc.Arbitrary<PlannedAction> = fc.oneof(
  fc.record({ kind: fc.constantFrom(...PROTECTIVE_ACTION_KINDS), civilians: harm, own: harm, allies: harm, opponents: harm }).map(({ kind, ...expected }) => ({ kind, description: 'generated', expected })),
  fc.record({ request: fc.constantFrom(...REQUESTS), civilians: harm, own: harm, allies: harm, opponents: harm }).map(({ request, civilians, own, allies, opponents }) => ({
    kind: 'force' as const,
    request: { ...request, expectedEffects: { ...request.expectedEffects, civilians, ownForce: own, opposingForce: opponents } },
    allies,
  })),
);

/** Every death estimate scaled down by f < 1 and rounded down: each bound no higher, each best strictly lower. */
function fewerDeaths(action: PlannedAction, f: number): PlannedAction {
  const scale = (e: LowBestHigh | undefined) => e && { low: Math.floor(e.low * f), best: Math.floor(e.best * f), high: Math.floor(e.high * f) };
  const fewer = (g: GroupHarm | undefined): GroupHarm => ({ ...g, deaths: scale(g?.deaths) });
  if (action.kind !== 'force') {
    const e = action.expected;
    return { ...action, expected: { civilians: fewer(e.civilians), own: fewer(e.own), allies: fewer(e.allies), opponents: fewer(e.opponents) } };
  }
  const e = action.request.expectedEffects;
  return {
    ...action,
    request: { ...action.request, expectedEffects: { ...e, civilians: fewer(e.civilians), ownForce: fewer(e.ownForce), opposingForce: fewer(e.opposingForce) } },
    allies: fewer(action.allies),
  };
}

describe('projection is monotone in expected deaths', () => {
  it('a course with strictly fewer expected deaths in every action never scores worse, on loss of life or overall', () => {
    fc.assert(
      fc.property(
        fc.array(plannedAction, { minLength: 1, maxLength: 5 }),
        fc.array(fc.double({ min: 0, max: 0.99, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 1000 }),
        (actions, factors, seed) => {
          const worse: CourseOfAction = { name: 'More deaths', summary: '', actions };
          const better: CourseOfAction = { name: 'Fewer deaths', summary: '', actions: actions.map((a, i) => fewerDeaths(a, factors[i]!)) };
          const [b, w] = compareCoursesOfAction(input.situation, [better, worse], { ...context, projection: { draws: DRAWS, seed } }).courses as [CourseResult, CourseResult];
          expect(b.casualties.all.deaths.mean).toBeLessThan(w.casualties.all.deaths.mean);
          expect(principle(b, 'minimise_loss_of_life').score!).toBeGreaterThanOrEqual(principle(w, 'minimise_loss_of_life').score!);
          for (const p of b.principles) {
            const q = principle(w, p.id);
            if (q.score === null) expect(p.score).toBeNull();
            else expect(p.score!).toBeGreaterThanOrEqual(q.score);
          }
          expect(b.overall.score!).toBeGreaterThanOrEqual(w.overall.score!);
        },
      ),
      { numRuns: 60 },
    );
  });
});
