import { describe, expect, it } from 'vitest';
import { EXERCISE_FORCE_REQUESTS } from '../../../src/demo/exercise-force-requests.js';
import { assess } from '../../../src/core/use-of-force/assess.js';
import { forceRequestSchema } from '../../../src/core/use-of-force/force-request.schema.js';

describe('the exercise scenario’s proposed uses of force', () => {
  const [sleeping, checkpoint, market] = EXERCISE_FORCE_REQUESTS.map((input) => assess(forceRequestSchema.parse(input)));

  it('are valid requests, marked as exercise, with a place and a time', () => {
    for (const input of EXERCISE_FORCE_REQUESTS) {
      const request = forceRequestSchema.parse(input);
      expect(request.mission.name).toMatch(/^EXERCISE/);
      expect(request.location).toBeDefined();
      expect(request.at).toBeDefined();
      expect(request.judgements).toEqual([]);
    }
  });

  it('show the cases the domain names: the sleeping fighter and the market strike divide the regimes, the checkpoint waits on a judgement', () => {
    // ICRC 2013: IHL allows attacking a fighter by status; human security requires arrest when it is feasible.
    expect(sleeping!.humanSecurity.verdict).toBe('prohibited');
    expect(sleeping!.ihl.verdict).not.toBe('prohibited');
    // The market strike: IHL turns on proportionality, a human judgement; human security prohibits.
    expect(market!.ihl.requiredJudgements).toContain('incidental_harm_excessive');
    expect(market!.humanSecurity.verdict).toBe('prohibited');
    // The checkpoint: lethal force against a manifest threat to life, once a person judges it strictly unavoidable.
    expect(checkpoint!.humanSecurity.requiredJudgements).toContain('lethal_force_strictly_unavoidable');
  });
});
