import { describe, expect, it } from 'vitest';
import { parseExerciseScript, type ForceRequestInject } from '../../../src/core/exercises/exercise-script.schema.js';
import { SHIPPED_EXERCISE_SCRIPTS } from '../../../src/core/exercises/scripts/index.js';
import { TOWNS } from '../../../src/core/exercises/scripts/terrain.js';
import { VERDICTS } from '../../../src/core/use-of-force/assessment.js';
import { assess } from '../../../src/core/use-of-force/assess.js';
import { EXERCISE_DATASET, EXERCISE_TOWNS, EXERCISE_TRUCE } from '../../../src/demo/exercise-scenario.js';
import { exerciseAgreement, exerciseZones } from '../../../src/demo/exercise-places.js';

const scripts = SHIPPED_EXERCISE_SCRIPTS.map((input) => parseExerciseScript(input));
const demoZoneNames = new Set(Object.values(exerciseZones()).map((z) => z.name));

function kmBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
const nearestTownKm = (p: { lat: number; lon: number }) => Math.min(...EXERCISE_TOWNS.map((t) => kmBetween(p, t)));

describe('the shipped exercises', () => {
  it('are two, with distinct ids, one on the Lake Chad terrain and one on a corridor under a local ceasefire', () => {
    expect(scripts.map((s) => s.id)).toEqual(['lake-chad-lake-shield', 'corridor-ceasefire-open-road']);
    const corridor = scripts[1]!;
    expect(corridor.injects.some((i) => i.kind === 'corridor_opening')).toBe(true);
    expect(corridor.injects.some((i) => i.kind === 'ceasefire_breakdown')).toBe(true);
  });

  it.each(scripts.map((s) => [s.id, s] as const))('%s: 8 to 15 injects, every one marked EXERCISE, every role needed', (_id, script) => {
    expect(script.injects.length).toBeGreaterThanOrEqual(8);
    expect(script.injects.length).toBeLessThanOrEqual(15);
    expect(script.rolesNeeded).toEqual(expect.arrayContaining(['advisor', 'commander', 'civilian_authority', 'analyst', 'investigator']));
    for (const inject of script.injects) {
      expect(inject.title).toMatch(/EXERCISE/);
      if (inject.kind === 'incident') {
        expect(inject.incident).toMatchObject({ exercise: true, origin: { dataset: EXERCISE_DATASET } });
        expect(inject.incident.title).toMatch(/^EXERCISE — /);
      }
      if (inject.kind === 'force_request') expect(inject.request.mission.name).toMatch(/^EXERCISE/);
    }
  });

  it.each(scripts.map((s) => [s.id, s] as const))('%s: plays on the demo terrain’s towns, zones and truce', (_id, script) => {
    for (const zone of script.terrain.zones) expect(demoZoneNames).toContain(zone.name);
    for (const agreement of script.terrain.agreements) {
      // The basin truce is the demo's; a local ceasefire is signed in the exercise itself, by an inject.
      const signedInPlay = script.injects.some((i) => i.kind === 'agreement' && i.agreement === agreement.ref && i.effect === 'in_force');
      expect(agreement.name === exerciseAgreement().name || signedInPlay).toBe(true);
    }
    for (const inject of script.injects) {
      if (inject.kind === 'incident') expect(nearestTownKm(inject.incident.location)).toBeLessThan(1);
      if (inject.kind === 'force_request') expect(nearestTownKm(inject.request.location!)).toBeLessThan(15);
      if (inject.kind === 'ceasefire_breakdown') expect(EXERCISE_TRUCE.parties).toContain(inject.violatingParty);
    }
  });

  it('repeat the demo scenario’s towns exactly', () => {
    for (const town of Object.values(TOWNS)) {
      expect(EXERCISE_TOWNS.find((t) => t.name === town.name)).toMatchObject(town);
    }
  });

  it.each(scripts.map((s) => [s.id, s] as const))('%s: every force request is assessable by the engine, and the expected practice fits its verdicts', (_id, script) => {
    const requests = script.injects.filter((i): i is ForceRequestInject => i.kind === 'force_request');
    expect(requests.length).toBeGreaterThanOrEqual(3);
    for (const inject of requests) {
      const assessment = assess(inject.request);
      expect(VERDICTS).toContain(assessment.ihl.verdict);
      expect(VERDICTS).toContain(assessment.humanSecurity.verdict);
      expect(assessment.humanSecurity.trace.length).toBeGreaterThan(0);
      // Where the script expects a refusal, human security prohibits the force, or permits it only once non-violent
      // means have been tried (and the request says they have not: negotiation, not force, is the answer).
      if (inject.expectedPractice.includes('deny')) {
        const hs = assessment.humanSecurity;
        const nonViolentFirst = inject.request.alternatives.nonViolentMeansTried === 'no' && hs.conditions.some((c) => /non-violent means first/.test(c));
        expect(hs.verdict === 'prohibited' || nonViolentFirst).toBe(true);
      }
      // Where arrest is expected, lethal force is prohibited under human security.
      if (inject.expectedPractice.includes('arrest') && inject.request.means.lethal === 'yes') expect(assessment.humanSecurity.verdict).toBe('prohibited');
    }
  });
});
