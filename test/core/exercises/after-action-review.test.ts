import { describe, expect, it } from 'vitest';
import {
  afterActionReview,
  type DepartureRuleId,
  type ExerciseRunRecord,
  type RecordedAction,
  type RecordedForceRequest,
} from '../../../src/core/exercises/after-action-review.js';
import { parseExerciseScript, type ExerciseScript, type ForceRequestInject } from '../../../src/core/exercises/exercise-script.schema.js';
import { CORRIDOR_CEASEFIRE_EXERCISE } from '../../../src/core/exercises/scripts/corridor-ceasefire.js';
import { LAKE_CHAD_EXERCISE } from '../../../src/core/exercises/scripts/lake-chad.js';
import { assess } from '../../../src/core/use-of-force/assess.js';

const lakeChad = parseExerciseScript(LAKE_CHAD_EXERCISE);
const corridor = parseExerciseScript(CORRIDOR_CEASEFIRE_EXERCISE);

function forceInject(script: ExerciseScript, id: string): ForceRequestInject {
  const inject = script.injects.find((i) => i.id === id);
  if (inject?.kind !== 'force_request') throw new Error(`${id} is not a force request`);
  return inject;
}

/** A request as the players filed it from an inject, with the engine's real verdicts on it. */
function filed(script: ExerciseScript, injectId: string, at: number, rest: Partial<RecordedForceRequest> = {}): RecordedForceRequest {
  const inject = forceInject(script, injectId);
  const { ihl, humanSecurity } = assess(inject.request);
  return { requestId: `req-${injectId}`, injectId, submittedAtMinute: at, request: inject.request, emergency: inject.emergency, assessment: { ihl, humanSecurity }, ...rest };
}

const allReleased = (script: ExerciseScript) => script.injects.map((i) => ({ injectId: i.id, atMinute: i.atMinute }));
const rulesFor = (review: ReturnType<typeof afterActionReview>, requestId: string | null): DepartureRuleId[] =>
  review.departures.filter((d) => d.requestId === requestId).map((d) => d.rule).sort();

const verification: RecordedAction = { injectId: 'camp-attack-bama', atMinute: 22, role: 'analyst', by: 'analyst-1', kind: 'verification', description: 'camp attack confirmed by two sources', escalatory: false };

/** The run a hasty commander plays: kills the sleeping fighter, sweeps during the truce; the rest done well. */
const hastyRun: ExerciseRunRecord = {
  run: 1,
  released: allReleased(lakeChad),
  forceRequests: [
    filed(lakeChad, 'sleeping-fighter', 42, {
      advice: { position: 'do_not_concur', text: 'arrest is feasible; human security prohibits', by: 'advisor-1', atMinute: 45 },
      decision: { decision: 'authorise', reasons: '   ', by: 'commander-1', atMinute: 50 },
      outcome: { atMinute: 70, method: 'lethal_force', warningGiven: false, suspectsArrested: 0, suspectsKilled: 1, killed: { civilians: 0, ownForce: 0, opposingForce: null } },
    }),
    filed(lakeChad, 'market-strike', 121, {
      advice: { position: 'do_not_concur', text: 'prohibited; above the hard limit', by: 'advisor-1', atMinute: 125 },
      decision: { decision: 'deny', reasons: 'civilian harm; the truce', by: 'commander-1', atMinute: 133 },
    }),
    filed(lakeChad, 'rann-haven-threat', 181, {
      advice: { position: 'concur', text: 'warn first; projectiles at the legs only', by: 'advisor-1', atMinute: 183 },
      decision: { decision: 'authorise', reasons: 'protect the haven; warning first', by: 'commander-1', atMinute: 186 },
      approval: { approval: 'approve', by: 'governor-1', atMinute: 188 },
      outcome: { atMinute: 195, method: 'less_lethal', warningGiven: true, suspectsArrested: 2, suspectsKilled: 0, killed: { civilians: 0, ownForce: 0, opposingForce: 0 } },
    }),
  ],
  actions: [verification, { injectId: 'sweep-proposal', atMinute: 105, role: 'commander', by: 'commander-1', kind: 'movement', description: 'armour sent east of Dikwa for the joint sweep', escalatory: true }],
};

describe('the after-action review', () => {
  const review = afterActionReview(lakeChad, hastyRun);

  it('finds every departure of the sleeping-fighter decision, each with its principle and the inject it answered', () => {
    expect(rulesFor(review, 'req-sleeping-fighter')).toEqual([
      'decided_against_advice_without_reasons',
      'escalation_during_ceasefire',
      'expected_practice_not_followed',
      'force_without_civilian_approval',
      'lethal_force_where_arrest_feasible',
      'opponents_deaths_not_counted',
    ]);
    const arrest = review.departures.find((d) => d.rule === 'lethal_force_where_arrest_feasible')!;
    expect(arrest).toMatchObject({ principle: 'minimise_loss_of_life', injectId: 'sleeping-fighter', atMinute: 50 });
    expect(arrest.reason).toMatch(/HS-ARREST/);
    expect(review.departures.find((d) => d.rule === 'expected_practice_not_followed')?.reason).toMatch(/a warning was expected/);
    expect(review.departures.find((d) => d.rule === 'opponents_deaths_not_counted')).toMatchObject({ atMinute: 70 });
    expect(review.departures.find((d) => d.rule === 'force_without_civilian_approval')).toMatchObject({ atMinute: 70, reason: expect.stringMatching(/force used at minute 70 without the civilian approval/) });
  });

  it('finds no departure where the players did well, and flags the escalatory sweep during the truce', () => {
    expect(rulesFor(review, 'req-market-strike')).toEqual([]);
    expect(rulesFor(review, 'req-rann-haven-threat')).toEqual([]);
    expect(review.departures.filter((d) => d.requestId === null)).toEqual([
      expect.objectContaining({ rule: 'escalation_during_ceasefire', principle: 'stability', injectId: 'sweep-proposal', atMinute: 105 }),
    ]);
  });

  it('lays out every decision with its time, the advice, the engine’s verdicts, the outcome and the response time', () => {
    const [fighter, market, rann] = review.decisions;
    expect(fighter).toMatchObject({
      injectReleasedAtMinute: 40,
      advice: { position: 'do_not_concur' },
      engine: { humanSecurity: 'prohibited' },
      decision: { decision: 'authorise', atMinute: 50 },
      status: 'awaiting_approval',
      responseMinutes: 10,
      expectedPractice: ['arrest', 'warning', 'civilian_approval'],
    });
    expect(fighter!.engine.ihl).not.toBe('prohibited');
    expect(market).toMatchObject({ status: 'denied', responseMinutes: 13 });
    expect(rann).toMatchObject({ status: 'approved', responseMinutes: 6, outcome: { method: 'less_lethal' } });
    const minutes = review.timeline.map((e) => e.atMinute);
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    expect(review.timeline.find((e) => e.kind === 'decision' && e.requestId === 'req-sleeping-fighter')?.summary).toMatch(/no reasons recorded/);
  });

  it('measures the response to each inject and lists the injects nobody answered', () => {
    const camp = review.responseTimes.injects.find((r) => r.injectId === 'camp-attack-bama');
    expect(camp).toMatchObject({ releasedAtMinute: 10, firstResponseAtMinute: 22, minutes: 12 });
    expect(review.responseTimes.unanswered).toEqual(expect.arrayContaining(['opening-brief', 'patrol-report-konduga', 'checkpoint-shots', 'checkpoint-posture', 'detainee-allegation']));
    expect(review.responseTimes.unanswered).not.toContain('truce-extended');
    // Answered: camp 12, fighter 10, sweep 5, market 13, rann 6.
    expect(review.responseTimes.medianMinutes).toBe(10);
    expect(review.responseTimes.longestMinutes).toBe(13);
  });

  it('computes the scorecard’s measures over the run, saying where the opponents’ deaths were not counted', () => {
    const measure = (id: string) => review.scorecard.flatMap((p) => p.measures).find((m) => m.id === id);
    expect(measure('arrests_versus_killings')?.value).toBeCloseTo(2 / 3);
    expect(measure('civilian_approval_share')?.value).toBe(1);
    expect(measure('civilian_approval_share')?.note).toMatch(/1 awaiting approval/);
    expect(measure('less_lethal_means_share')?.value).toBeCloseTo(1 / 3);
    expect(measure('protective_purpose_share')?.value).toBeCloseTo(1 / 3);
    expect(measure('escalations_during_ceasefire')?.value).toBe(2);
    expect(measure('deaths_opposing_and_combatants')?.note).toMatch(/1 use\(s\) of lethal force did not count/);
    expect(measure('incident_rate')).toBeUndefined();
    expect(measure('deaths_all')?.trend).toBeUndefined();
  });

  it('holds the commander to civilian approval before force, and to the advisor’s review before the decision', () => {
    const early = afterActionReview(lakeChad, {
      run: 2,
      released: allReleased(lakeChad),
      forceRequests: [
        filed(lakeChad, 'rann-haven-threat', 181, {
          decision: { decision: 'authorise', reasons: 'no time to wait', by: 'commander-1', atMinute: 182 },
          advice: { position: 'concur', text: 'agree, warn first', by: 'advisor-1', atMinute: 184 },
          approval: { approval: 'approve', by: 'governor-1', atMinute: 190 },
          outcome: { atMinute: 186, method: 'less_lethal', warningGiven: true, suspectsArrested: 0, suspectsKilled: 0, killed: { civilians: 0, ownForce: 0, opposingForce: 0 } },
        }),
      ],
      actions: [],
    });
    expect(rulesFor(early, 'req-rann-haven-threat')).toEqual(['decided_without_advice', 'force_without_civilian_approval']);
    expect(early.departures.find((d) => d.rule === 'force_without_civilian_approval')?.reason).toMatch(/before the civilian approval at minute 190/);
  });

  it('judges escalation against the ceasefire in force at the time: none before the local ceasefire is signed', () => {
    const counterBattery = (released: ExerciseRunRecord['released']) =>
      afterActionReview(corridor, {
        run: 1,
        released,
        forceRequests: [
          filed(corridor, 'counter-battery', 121, {
            advice: { position: 'do_not_concur', text: 'unverified target near hamlets', by: 'advisor-1', atMinute: 123 },
            decision: { decision: 'authorise', reasons: 'deter further shelling', by: 'commander-1', atMinute: 125 },
            approval: { approval: 'approve', by: 'governor-1', atMinute: 127 },
          }),
        ],
        actions: [],
      });
    const signed = counterBattery(allReleased(corridor));
    expect(rulesFor(signed, 'req-counter-battery')).toEqual(['authorised_where_prohibited', 'escalation_during_ceasefire', 'expected_practice_not_followed']);
    expect(signed.departures.find((d) => d.rule === 'escalation_during_ceasefire')?.reason).toMatch(/Bama–Gwoza road local ceasefire \(EXERCISE\)/);
    const neverSigned = counterBattery(allReleased(corridor).filter((r) => r.injectId !== 'ceasefire-signed'));
    expect(rulesFor(neverSigned, 'req-counter-battery')).toEqual(['authorised_where_prohibited', 'expected_practice_not_followed']);
    const signedLater = counterBattery(allReleased(corridor).map((r) => (r.injectId === 'ceasefire-signed' ? { ...r, atMinute: 130 } : r)));
    expect(rulesFor(signedLater, 'req-counter-battery')).toEqual(['authorised_where_prohibited', 'expected_practice_not_followed']);
  });

  it('stops judging escalation against a ceasefire once it has ended', () => {
    const ending = structuredClone(LAKE_CHAD_EXERCISE);
    const extended = ending.injects.find((i) => i.id === 'truce-extended');
    if (extended?.kind !== 'agreement') throw new Error('expected an agreement inject');
    extended.effect = 'ended';
    const script = parseExerciseScript(ending);
    const sweep = (endedAt: number) =>
      afterActionReview(script, {
        run: 1,
        released: allReleased(script).map((r) => (r.injectId === 'truce-extended' ? { ...r, atMinute: endedAt } : r)),
        forceRequests: [],
        actions: [{ injectId: 'sweep-proposal', atMinute: 105, role: 'commander', by: 'commander-1', kind: 'movement', description: 'offensive sweep', escalatory: true }],
      }).departures.map((d) => d.rule);
    expect(sweep(100)).toEqual([]);
    expect(sweep(110)).toEqual(['escalation_during_ceasefire']);
  });

  it('finds nothing to fault in a run that follows the expected practice throughout', () => {
    const good = afterActionReview(corridor, {
      run: 1,
      released: allReleased(corridor),
      forceRequests: [
        filed(corridor, 'disperse-crowd', 76, {
          advice: { position: 'do_not_concur', text: 'negotiate a stop in Konduga', by: 'advisor-1', atMinute: 78 },
          decision: { decision: 'deny', reasons: 'a distribution is agreed instead', by: 'commander-1', atMinute: 80 },
        }),
        filed(corridor, 'roadblock-gwoza', 136, {
          advice: { position: 'concur', text: 'arrest team, warn first', by: 'advisor-1', atMinute: 138 },
          decision: { decision: 'authorise', reasons: 'arrest with a warning; police to take over', by: 'commander-1', atMinute: 140 },
          approval: { approval: 'approve', by: 'governor-1', atMinute: 141 },
          outcome: { atMinute: 150, method: 'arrest', warningGiven: true, suspectsArrested: 4, suspectsKilled: 0, killed: { civilians: 0, ownForce: 0, opposingForce: 0 } },
        }),
      ],
      actions: [{ injectId: 'mortars-on-bama', atMinute: 112, role: 'civilian_authority', by: 'governor-1', kind: 'report', description: 'breach reported to the ceasefire committee', escalatory: false }],
    });
    expect(good.departures).toEqual([]);
    expect(good.exercise).toBe(true);
    const measure = (id: string) => good.scorecard.flatMap((p) => p.measures).find((m) => m.id === id);
    expect(measure('arrests_versus_killings')?.value).toBe(1);
    expect(measure('deaths_all')?.value).toBe(0);
  });
});
