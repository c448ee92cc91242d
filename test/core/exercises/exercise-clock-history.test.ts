import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyClockCommand,
  exerciseMinuteAtWall,
  exerciseTimeAt,
  jumpClockTo,
  newExerciseClock,
  pauseClock,
  resumeClock,
  rewindClock,
  setClockSpeed,
  startClock,
  type ExerciseClockState,
} from '../../../src/core/exercises/exercise-clock.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-01T09:00:00Z');

/** A clock as the store starts one: created at T0, the creation its first change. */
const created = (): ExerciseClockState => ({ ...newExerciseClock(), changedAtWallMs: T0 });

describe('the exercise minute of a wall time, over the clock’s changes', () => {
  it('reads through a pause, a change of speed, a jump and a rewind', () => {
    const history = [created()];
    const change = (next: ExerciseClockState): ExerciseClockState => {
      history.push(next);
      return next;
    };
    let clock = change(startClock(history[0]!, T0 + MINUTE));
    clock = change(pauseClock(clock, T0 + 11 * MINUTE)); // minute 10
    clock = change(resumeClock(clock, T0 + 31 * MINUTE));
    clock = change(setClockSpeed(clock, 10, T0 + 36 * MINUTE)); // minute 15, then ×10
    clock = change(jumpClockTo(clock, 100 * MINUTE, T0 + 37 * MINUTE)); // minute 25 jumps to 100
    clock = change(rewindClock(clock, T0 + 40 * MINUTE)); // minute 130 when run 1 ends
    change(startClock(clock, T0 + 41 * MINUTE));

    const at = (run: number, wallMinutes: number) => exerciseMinuteAtWall(history, run, T0 + wallMinutes * MINUTE);
    expect(at(1, 0.5)).toBe(0); // created, not started
    expect(at(1, 6)).toBe(5);
    expect(at(1, 20)).toBe(10); // paused
    expect(at(1, 33)).toBe(12);
    expect(at(1, 36.5)).toBe(20); // half a wall minute at ×10
    expect(at(1, 38)).toBe(110);
    expect(at(2, 40.5)).toBe(0); // run 2, rewound, not started
    expect(at(2, 43)).toBe(20); // ×10 kept by the rewind
    // Before a run's first change, and with no changes at all: minute 0.
    expect(at(2, 20)).toBe(0);
    expect(exerciseMinuteAtWall([], 1, T0)).toBe(0);
  });

  it('refuses a jump backward', () => {
    const clock = startClock(created(), T0);
    expect(() => jumpClockTo(clock, 5 * MINUTE, T0 + 10 * MINUTE)).toThrow(/only jumps forward/);
  });

  type Op = { kind: 'start' | 'pause' | 'resume' | 'rewind' } | { kind: 'speed'; speed: number } | { kind: 'jump'; byMinutes: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.constantFrom<Op>({ kind: 'start' }, { kind: 'pause' }, { kind: 'resume' }, { kind: 'rewind' }),
    fc.integer({ min: 1, max: 60 }).map((speed): Op => ({ kind: 'speed', speed })),
    fc.integer({ min: 0, max: 90 }).map((byMinutes): Op => ({ kind: 'jump', byMinutes })),
  );
  /** Applies an operation if it makes sense in the clock's state (a refused one is skipped, as the API refuses it). */
  function apply(clock: ExerciseClockState, o: Op, wall: number): ExerciseClockState | undefined {
    try {
      if (o.kind === 'jump') return jumpClockTo(clock, exerciseTimeAt(clock, wall) * MINUTE + o.byMinutes * MINUTE, wall);
      return applyClockCommand(clock, o.kind === 'speed' ? { action: 'speed', speed: o.speed } : { action: o.kind }, wall);
    } catch {
      return undefined;
    }
  }

  it('agrees with the clock as it stood at every wall time, and never runs back within a run (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(op, fc.integer({ min: 0, max: 30 * MINUTE })), { maxLength: 25 }),
        fc.array(fc.integer({ min: 0, max: 800 * MINUTE }), { minLength: 1, maxLength: 20 }),
        (ops, probes) => {
          const history = [created()];
          let wall = T0;
          for (const [o, gap] of ops) {
            wall += gap;
            const next = apply(history.at(-1)!, o, wall);
            if (next) history.push(next);
          }
          /** The clock as it stood at a wall time: the last change at or before it. */
          const stateAt = (t: number) => history.filter((s) => s.changedAtWallMs! <= t).at(-1)!;
          const sorted = probes.map((p) => T0 + p).sort((a, b) => a - b);
          const previous = new Map<number, number>();
          for (const t of sorted) {
            const state = stateAt(t);
            const minute = exerciseMinuteAtWall(history, state.run, t);
            expect(minute).toBeCloseTo(exerciseTimeAt(state, t), 9);
            expect(minute).toBeGreaterThanOrEqual(previous.get(state.run) ?? 0);
            previous.set(state.run, minute);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
