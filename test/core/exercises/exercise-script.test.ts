import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.js';
import { injectsInOrder, parseExerciseScript, type ExerciseScriptInput } from '../../../src/core/exercises/exercise-script.schema.js';
import { LAKE_CHAD_EXERCISE } from '../../../src/core/exercises/scripts/lake-chad.js';

/** A deep copy to spoil: the shipped script stays as it is. */
const copy = (): ExerciseScriptInput => structuredClone(LAKE_CHAD_EXERCISE);

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseExerciseScript(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return [...(error as DomainError).issues];
  }
  throw new Error('the script was accepted');
}

const injectIndex = (id: string) => LAKE_CHAD_EXERCISE.injects.findIndex((i) => i.id === id);

describe('an exercise script', () => {
  it('rejects a force request whose facts call for a practice the script leaves out, naming the inject and the field', () => {
    const script = copy();
    const index = injectIndex('sleeping-fighter');
    const inject = script.injects[index]!;
    if (inject.kind !== 'force_request') throw new Error('expected a force request');
    inject.expectedPractice = ['warning', 'civilian_approval'];
    expect(issuesOf(script)).toEqual([
      expect.objectContaining({ path: `injects.${index}.expectedPractice`, message: expect.stringMatching(/^inject sleeping-fighter: arrest is feasible/) }),
    ]);
  });

  it('rejects a bad field inside an inject’s payload, naming the inject by its id and the field by its path', () => {
    const script = copy();
    const index = injectIndex('market-strike');
    const inject = script.injects[index]!;
    if (inject.kind !== 'force_request') throw new Error('expected a force request');
    (inject.request as { purpose: string }).purpose = 'punish_the_enemy';
    const [issue] = issuesOf(script);
    expect(issue).toMatchObject({ path: `injects.${index}.request.purpose`, message: expect.stringMatching(/^inject market-strike: /) });
  });

  it('keeps exercise material marked: an incident without the exercise flag and a mission without EXERCISE are refused', () => {
    const script = copy();
    const incidentIndex = injectIndex('camp-attack-bama');
    const incident = script.injects[incidentIndex]!;
    if (incident.kind !== 'incident') throw new Error('expected an incident');
    incident.incident.exercise = false;
    const requestIndex = injectIndex('checkpoint-posture');
    const request = script.injects[requestIndex]!;
    if (request.kind !== 'force_request') throw new Error('expected a force request');
    request.request.mission = { ...request.request.mission, name: 'Lake Shield' };
    const paths = issuesOf(script).map((i) => i.path);
    expect(paths).toContain(`injects.${incidentIndex}.incident.exercise`);
    expect(paths).toContain(`injects.${requestIndex}.request.mission.name`);
    expect(issuesOf({ ...copy(), exercise: false }).map((i) => i.path)).toEqual(['exercise']);
  });

  it('refuses duplicate inject ids, references to zones and agreements the terrain does not list, and messages to roles nobody plays', () => {
    const script = copy();
    script.injects[1] = { ...script.injects[1]!, id: script.injects[0]!.id };
    const breach = injectIndex('truce-breach-dikwa');
    script.injects[breach] = { ...(script.injects[breach] as Extract<ExerciseScriptInput['injects'][number], { kind: 'ceasefire_breakdown' }>), agreement: 'no-such-truce' };
    script.rolesNeeded = ['advisor', 'commander', 'civilian_authority', 'analyst'];
    const issues = issuesOf(script);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['injects.1.id', `injects.${breach}.agreement`, `injects.${injectIndex('detainee-allegation')}.toRole`]));
    expect(issues.find((i) => i.path === `injects.${breach}.agreement`)?.message).toMatch(/no-such-truce, which the terrain does not list/);
  });

  it('refuses an inject after the end, whichever it is, naming it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LAKE_CHAD_EXERCISE.injects.length - 1 }), fc.integer({ min: 1, max: 10_000 }), (index, beyond) => {
        const script = copy();
        script.injects[index] = { ...script.injects[index]!, atMinute: script.durationMinutes + beyond };
        const issues = issuesOf(script);
        expect(issues).toEqual([expect.objectContaining({ path: `injects.${index}.atMinute`, message: expect.stringContaining(`inject ${script.injects[index]?.id}:`) })]);
      }),
    );
  });

  it('orders injects by minute, and by script order within a minute, without losing any', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 240 }), { minLength: 1, maxLength: 15 }), (minutes) => {
        const script = copy();
        script.injects = minutes.map((atMinute, i) => ({ ...LAKE_CHAD_EXERCISE.injects[i % LAKE_CHAD_EXERCISE.injects.length]!, id: `i${i}`, atMinute }));
        // Copies of the script's own injects, so roles and references stay valid whatever is picked.
        const ordered = injectsInOrder(parseExerciseScript(script));
        expect(ordered.map((i) => i.id).sort()).toEqual(script.injects.map((i) => i.id).sort());
        for (let k = 1; k < ordered.length; k++) {
          const [a, b] = [ordered[k - 1]!, ordered[k]!];
          expect(a.atMinute <= b.atMinute).toBe(true);
          if (a.atMinute === b.atMinute) expect(Number(a.id.slice(1)) < Number(b.id.slice(1))).toBe(true);
        }
      }),
    );
  });
});
