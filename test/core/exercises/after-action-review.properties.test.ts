import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEPARTURE_RULES,
  OUTCOME_METHODS,
  afterActionReview,
  type ExerciseRunRecord,
  type RecordedForceRequest,
} from '../../../src/core/exercises/after-action-review.js';
import { parseExerciseScript, type ForceRequestInject } from '../../../src/core/exercises/exercise-script.schema.js';
import { SHIPPED_EXERCISE_SCRIPTS } from '../../../src/core/exercises/scripts/index.js';
import { assess } from '../../../src/core/use-of-force/assess.js';

const scripts = SHIPPED_EXERCISE_SCRIPTS.map((s) => parseExerciseScript(s));
const minute = fc.integer({ min: 0, max: 240 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A random run of one shipped script: some injects released, random answers to its force requests, random actions. */
const runArb = fc.integer({ min: 0, max: scripts.length - 1 }).chain((scriptIndex) => {
  const script = scripts[scriptIndex]!;
  const requests = script.injects.filter((i): i is ForceRequestInject => i.kind === 'force_request');
  const assessments = new Map(requests.map((i) => [i.id, assess(i.request)]));
  const requestArb = fc.record({
    inject: fc.constantFrom(...requests),
    submitted: minute,
    emergency: fc.boolean(),
    advice: maybe(fc.record({ position: fc.constantFrom('concur' as const, 'do_not_concur' as const), text: fc.constant('advice'), by: fc.constant('advisor-1'), atMinute: minute })),
    decision: maybe(fc.record({ decision: fc.constantFrom('authorise' as const, 'deny' as const), reasons: fc.constantFrom('', ' ', 'reasons given'), by: fc.constant('commander-1'), atMinute: minute })),
    approval: maybe(fc.record({ approval: fc.constantFrom('approve' as const, 'reject' as const), by: fc.constant('governor-1'), atMinute: minute })),
    outcome: maybe(
      fc.record({
        atMinute: minute,
        method: fc.constantFrom(...OUTCOME_METHODS),
        warningGiven: fc.boolean(),
        suspectsArrested: fc.nat(5),
        suspectsKilled: fc.nat(5),
        killed: fc.record({ civilians: fc.nat(5), ownForce: fc.nat(5), opposingForce: fc.option(fc.nat(5), { nil: null }) }),
      }),
    ),
  });
  const actionArb = fc.record({
    injectId: fc.option(fc.constantFrom(...script.injects.map((i) => i.id)), { nil: null }),
    atMinute: minute,
    role: fc.constantFrom('advisor' as const, 'commander' as const, 'civilian_authority' as const, 'analyst' as const, 'investigator' as const),
    by: fc.constant('player-1'),
    kind: fc.constantFrom('verification' as const, 'report' as const, 'movement' as const),
    description: fc.constant('an action'),
    escalatory: fc.boolean(),
  });
  return fc
    .record({
      released: fc.subarray(script.injects).chain((injects) => fc.tuple(...injects.map((i) => fc.integer({ min: i.atMinute, max: i.atMinute + 20 }).map((at) => ({ injectId: i.id, atMinute: at }))))),
      requests: fc.array(requestArb, { maxLength: 6 }),
      actions: fc.array(actionArb, { maxLength: 6 }),
    })
    .map(({ released, requests, actions }) => {
      const forceRequests = requests.map((r, k): RecordedForceRequest => {
        const { ihl, humanSecurity } = assessments.get(r.inject.id)!;
        return { requestId: `r${k}`, injectId: r.inject.id, submittedAtMinute: r.submitted, request: r.inject.request, emergency: r.emergency, assessment: { ihl, humanSecurity }, advice: r.advice, decision: r.decision, approval: r.approval, outcome: r.outcome };
      });
      const record: ExerciseRunRecord = { run: 1, released, forceRequests, actions };
      return { script, record };
    });
});

describe('the after-action review, on any run', () => {
  it('keeps a timeline of everything, in time order, and ties every departure to a known rule, its inject and a request or action', () => {
    fc.assert(
      fc.property(runArb, ({ script, record }) => {
        const review = afterActionReview(script, record);
        const r = record.forceRequests;
        const count = (pick: (x: RecordedForceRequest) => unknown) => r.filter((x) => pick(x) !== undefined).length;
        expect(review.timeline).toHaveLength(record.released.length + r.length + count((x) => x.advice) + count((x) => x.decision) + count((x) => x.approval) + count((x) => x.outcome) + record.actions.length);
        const minutes = review.timeline.map((e) => e.atMinute);
        expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
        for (const d of review.departures) {
          expect(Object.keys(DEPARTURE_RULES)).toContain(d.rule);
          if (d.rule !== 'expected_practice_not_followed') expect(d.principle).toBe(DEPARTURE_RULES[d.rule].principle);
          const source = d.requestId === null ? record.actions.find((a) => a.injectId === d.injectId && a.escalatory) : r.find((x) => x.requestId === d.requestId);
          expect(source).toBeDefined();
        }
        expect(review.exercise).toBe(true);
      }),
    );
  });

  it('never finds more departures when the commander refuses force than when he authorises it', () => {
    fc.assert(
      fc.property(runArb, ({ script, record }) => {
        const withDecision = (decision: 'authorise' | 'deny'): ExerciseRunRecord => ({
          ...record,
          forceRequests: record.forceRequests.map((x) => (x.decision ? { ...x, decision: { ...x.decision, decision } } : x)),
        });
        const departures = (rec: ExerciseRunRecord) => afterActionReview(script, rec).departures.length;
        expect(departures(withDecision('deny'))).toBeLessThanOrEqual(departures(withDecision('authorise')));
      }),
    );
  });
});
