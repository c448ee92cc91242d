import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_SPEED,
  exerciseElapsedMsAt,
  exerciseTimeAt,
  injectsDue,
  newExerciseClock,
  pauseClock,
  resumeClock,
  rewindClock,
  setClockSpeed,
  startClock,
  type ExerciseClockState,
  type ReleasedInject,
} from '../../../src/core/exercises/exercise-clock.js';
import { injectsInOrder, parseExerciseScript, type ExerciseScript } from '../../../src/core/exercises/exercise-script.schema.js';
import { LAKE_CHAD_EXERCISE } from '../../../src/core/exercises/scripts/lake-chad.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-01T09:00:00Z');

/** A small script of messages at the given minutes, in the order given (not necessarily sorted). */
function scriptAt(minutes: number[]): ExerciseScript {
  return parseExerciseScript({
    id: 'clock-test',
    title: 'EXERCISE clock test',
    exercise: true,
    terrain: { name: 'Test terrain' },
    learningObjectives: ['Release every inject once, in order.'],
    rolesNeeded: ['commander'],
    durationMinutes: 1000,
    injects: minutes.map((atMinute, i) => ({
      id: `m${i}`,
      atMinute,
      kind: 'message',
      title: `EXERCISE message ${i}`,
      from: 'Facilitator',
      toRole: 'commander',
      text: `Message number ${i}`,
    })),
  });
}

describe('the exercise clock', () => {
  it('runs at its speed from the start, stands still while paused and runs on from where it stood', () => {
    let clock = startClock(newExerciseClock(), T0);
    expect(exerciseTimeAt(clock, T0 + 10 * MINUTE)).toBe(10);
    clock = pauseClock(clock, T0 + 10 * MINUTE);
    expect(exerciseTimeAt(clock, T0 + 50 * MINUTE)).toBe(10);
    clock = resumeClock(clock, T0 + 50 * MINUTE);
    clock = setClockSpeed(clock, 6, T0 + 55 * MINUTE);
    // 10 before the pause, 5 at ×1 after it, then 5 wall minutes at ×6.
    expect(exerciseTimeAt(clock, T0 + 60 * MINUTE)).toBe(45);
  });

  it('starts a new run from zero on a rewind, keeping the speed', () => {
    let clock = startClock(newExerciseClock(10), T0);
    clock = rewindClock(clock, T0 + 5 * MINUTE);
    expect(clock).toMatchObject({ run: 2, status: 'not_started', speed: 10 });
    expect(exerciseTimeAt(clock, T0 + 9 * MINUTE)).toBe(0);
    clock = startClock(clock, T0 + 10 * MINUTE);
    expect(exerciseTimeAt(clock, T0 + 11 * MINUTE)).toBe(10);
  });

  it('refuses transitions that make no sense, a speed outside ×1…×60, and a wall clock that runs back', () => {
    const fresh = newExerciseClock();
    expect(() => pauseClock(fresh, T0)).toThrow(/cannot be paused/);
    expect(() => resumeClock(startClock(fresh, T0), T0)).toThrow(/cannot be resumed/);
    expect(() => startClock(startClock(fresh, T0), T0)).toThrow(/already started/);
    expect(() => setClockSpeed(fresh, MAX_SPEED + 1, T0)).toThrow(/from 1 to 60/);
    expect(() => setClockSpeed(fresh, 0, T0)).toThrow(/from 1 to 60/);
    expect(() => setClockSpeed(fresh, 2.5, T0)).toThrow(/whole number/);
    expect(() => pauseClock(startClock(fresh, T0), T0 - 1)).toThrow(/cannot be dated before/);
  });

  it('releases nothing before the start, and the due injects in minute order, not twice in a run', () => {
    const script = scriptAt([30, 5, 5, 60]);
    const clock = newExerciseClock();
    expect(injectsDue(script, clock, T0 + 100 * MINUTE, [])).toEqual([]);
    const running = startClock(clock, T0);
    const due = injectsDue(script, running, T0 + 30 * MINUTE, []);
    expect(due.map((d) => d.inject.id)).toEqual(['m1', 'm2', 'm0']);
    const released: ReleasedInject[] = due.map((d) => ({ injectId: d.inject.id, run: d.run }));
    expect(injectsDue(script, running, T0 + 30 * MINUTE, released)).toEqual([]);
    // A release in another run does not count in this one.
    const rewound = startClock(rewindClock(running, T0 + 31 * MINUTE), T0 + 31 * MINUTE);
    expect(injectsDue(script, rewound, T0 + 36 * MINUTE, released).map((d) => [d.inject.id, d.run])).toEqual([
      ['m1', 2],
      ['m2', 2],
    ]);
  });
});

// -- properties ------------------------------------------------------------------------------------------------

type Op = { kind: 'pause' | 'resume' | 'wait' } | { kind: 'speed'; speed: number } | { kind: 'rewind' };
const opArb: fc.Arbitrary<{ op: Op; waitMs: number }> = fc.record({
  op: fc.oneof(
    fc.constant<Op>({ kind: 'pause' }),
    fc.constant<Op>({ kind: 'resume' }),
    fc.constant<Op>({ kind: 'wait' }),
    fc.integer({ min: 1, max: MAX_SPEED }).map((speed): Op => ({ kind: 'speed', speed })),
  ),
  waitMs: fc.integer({ min: 0, max: 30 * MINUTE }),
});

/** Applies an operation if the clock allows it (an illegal one is skipped, as a facilitator's refused click). */
function apply(clock: ExerciseClockState, op: Op, wall: number): ExerciseClockState {
  switch (op.kind) {
    case 'pause':
      return clock.status === 'running' ? pauseClock(clock, wall) : clock;
    case 'resume':
      return clock.status === 'paused' ? resumeClock(clock, wall) : clock;
    case 'speed':
      return setClockSpeed(clock, op.speed, wall);
    case 'rewind':
      return rewindClock(clock, wall);
    case 'wait':
      return clock;
  }
}

describe('the exercise clock, whatever the facilitator does', () => {
  it('never runs backward within a run, and stands still while paused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_SPEED }), fc.array(opArb, { maxLength: 40 }), (speed, ops) => {
        let wall = T0;
        let clock = startClock(newExerciseClock(speed), wall);
        let last = exerciseElapsedMsAt(clock, wall);
        for (const { op, waitMs } of ops) {
          const before = exerciseElapsedMsAt(clock, wall + waitMs);
          expect(before).toBeGreaterThanOrEqual(last);
          if (clock.status === 'paused') expect(before).toBe(last);
          wall += waitMs;
          clock = apply(clock, op, wall);
          // A change of state never moves the time it reads at that instant.
          expect(exerciseElapsedMsAt(clock, wall)).toBe(before);
          last = before;
        }
      }),
    );
  });

  it('runs at exactly its speed while running', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_SPEED }),
        fc.array(opArb, { maxLength: 20 }),
        fc.integer({ min: 0, max: 10 * MINUTE }),
        (speed, ops, span) => {
          let wall = T0;
          let clock = startClock(newExerciseClock(), wall);
          for (const { op, waitMs } of ops) {
            wall += waitMs;
            clock = apply(clock, op, wall);
          }
          clock = setClockSpeed(clock, speed, wall);
          const now = exerciseElapsedMsAt(clock, wall);
          const later = exerciseElapsedMsAt(clock, wall + span);
          expect(later - now).toBe(clock.status === 'running' ? span * speed : 0);
        },
      ),
    );
  });

  it('releases every inject exactly once per run, in minute order, whatever the sequence of pauses, resumes, speeds and rewinds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 240 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.oneof({ weight: 9, arbitrary: opArb }, { weight: 1, arbitrary: fc.record({ op: fc.constant<Op>({ kind: 'rewind' }), waitMs: fc.constant(0) }) }), { maxLength: 60 }),
        (minutes, ops) => {
          const script = scriptAt(minutes);
          const expectedOrder = injectsInOrder(script).map((i) => i.id);
          let wall = T0;
          let clock = startClock(newExerciseClock(), wall);
          const released: ReleasedInject[] = [];
          const release = () => {
            for (const due of injectsDue(script, clock, wall, released)) released.push({ injectId: due.inject.id, run: due.run });
          };
          for (const { op, waitMs } of ops) {
            wall += waitMs;
            release();
            clock = apply(clock, op, wall);
            if (clock.status === 'not_started') clock = startClock(clock, wall);
          }
          // Let the last run play to its end.
          if (clock.status === 'paused') clock = resumeClock(clock, wall);
          wall += 1000 * MINUTE;
          release();
          for (let run = 1; run <= clock.run; run++) {
            const ids = released.filter((r) => r.run === run).map((r) => r.injectId);
            // Each run releases a prefix of the order (a rewind may cut it short), never an inject twice; the last run all.
            expect(ids).toEqual(expectedOrder.slice(0, ids.length));
            if (run === clock.run) expect(ids).toEqual(expectedOrder);
          }
        },
      ),
    );
  });

  it('releases the shipped Lake Chad exercise in its minute order at ×60', () => {
    const script = parseExerciseScript(LAKE_CHAD_EXERCISE);
    let clock = startClock(newExerciseClock(60), T0);
    const released: ReleasedInject[] = [];
    for (let wallMinute = 0; wallMinute <= 5; wallMinute++) {
      for (const due of injectsDue(script, clock, T0 + wallMinute * MINUTE, released)) released.push({ injectId: due.inject.id, run: due.run });
      if (wallMinute === 2) clock = pauseClock(clock, T0 + 2 * MINUTE);
      if (wallMinute === 3) clock = resumeClock(clock, T0 + 3 * MINUTE);
    }
    const minutes = released.map((r) => script.injects.find((i) => i.id === r.injectId)!.atMinute);
    expect(released).toHaveLength(script.injects.length);
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
  });
});
