import { DomainError } from '../errors.js';
import { injectsInOrder, type ExerciseScript, type Inject } from './exercise-script.schema.js';

/**
 * The exercise clock: a pure state machine the facilitator drives. Exercise time runs from the start of a run at
 * `speed` times the wall clock, stands still while paused, and starts again from zero on a rewind, which begins a new
 * run (run numbers keep the runs' records apart). Times are milliseconds: wall-clock epoch milliseconds in,
 * exercise milliseconds since the start of the run out. No clock is read here: the caller passes the wall clock.
 */

export const MIN_SPEED = 1;
export const MAX_SPEED = 60;
const MS_PER_MINUTE = 60_000;

export type ClockStatus = 'not_started' | 'running' | 'paused';

export interface ExerciseClockState {
  /** The run, from 1; a rewind starts the next. */
  run: number;
  status: ClockStatus;
  /** Exercise time per wall-clock time, a whole number from 1 to 60. */
  speed: number;
  /** Exercise milliseconds elapsed at the last change of state. */
  elapsedMs: number;
  /** The wall clock at the last change of state (null before the start): time runs on from here while running. */
  changedAtWallMs: number | null;
}

const refuse = (message: string) => new DomainError('invalid_transition', message);

export function newExerciseClock(speed = MIN_SPEED): ExerciseClockState {
  checkSpeed(speed);
  return { run: 1, status: 'not_started', speed, elapsedMs: 0, changedAtWallMs: null };
}

function checkSpeed(speed: number): void {
  if (!Number.isInteger(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
    throw new DomainError('validation_failed', `the speed must be a whole number from ${MIN_SPEED} to ${MAX_SPEED}, not ${speed}`, [
      { path: 'speed', message: `must be a whole number from ${MIN_SPEED} to ${MAX_SPEED}`, code: 'too_big' },
    ]);
  }
}

/** A change of state may not be dated before the previous one: the wall clock it is given never runs back. */
function checkWall(state: ExerciseClockState, wallMs: number): void {
  if (!Number.isFinite(wallMs)) throw new DomainError('validation_failed', 'the wall clock must be a time in milliseconds');
  if (state.changedAtWallMs !== null && wallMs < state.changedAtWallMs) {
    throw refuse(`the clock last changed at ${new Date(state.changedAtWallMs).toISOString()}; a change cannot be dated before it`);
  }
}

/** Exercise milliseconds elapsed in the run at a wall-clock time (a time before the last change reads as that change). */
export function exerciseElapsedMsAt(state: ExerciseClockState, wallMs: number): number {
  if (state.status !== 'running' || state.changedAtWallMs === null) return state.elapsedMs;
  return state.elapsedMs + Math.max(0, wallMs - state.changedAtWallMs) * state.speed;
}

/** Minutes of exercise time elapsed in the run, the unit injects are scheduled in. */
export function exerciseTimeAt(state: ExerciseClockState, wallMs: number): number {
  return exerciseElapsedMsAt(state, wallMs) / MS_PER_MINUTE;
}

export function startClock(state: ExerciseClockState, wallMs: number): ExerciseClockState {
  if (state.status !== 'not_started') throw refuse(`run ${state.run} has already started; rewind for a new run`);
  checkWall(state, wallMs);
  return { ...state, status: 'running', changedAtWallMs: wallMs };
}

export function pauseClock(state: ExerciseClockState, wallMs: number): ExerciseClockState {
  if (state.status !== 'running') throw refuse(`the clock is ${state.status.replace('_', ' ')}, so it cannot be paused`);
  checkWall(state, wallMs);
  return { ...state, status: 'paused', elapsedMs: exerciseElapsedMsAt(state, wallMs), changedAtWallMs: wallMs };
}

export function resumeClock(state: ExerciseClockState, wallMs: number): ExerciseClockState {
  if (state.status !== 'paused') throw refuse(`the clock is ${state.status.replace('_', ' ')}, so it cannot be resumed`);
  checkWall(state, wallMs);
  return { ...state, status: 'running', changedAtWallMs: wallMs };
}

/** A new speed applies from now: the time already elapsed is kept, and only what follows runs faster or slower. */
export function setClockSpeed(state: ExerciseClockState, speed: number, wallMs: number): ExerciseClockState {
  checkSpeed(speed);
  checkWall(state, wallMs);
  if (state.status === 'not_started') return { ...state, speed };
  return { ...state, speed, elapsedMs: exerciseElapsedMsAt(state, wallMs), changedAtWallMs: wallMs };
}

/** Back to the start for a new run: time zero, not started, the next run number; the speed is kept. */
export function rewindClock(state: ExerciseClockState, wallMs: number): ExerciseClockState {
  checkWall(state, wallMs);
  return { run: state.run + 1, status: 'not_started', speed: state.speed, elapsedMs: 0, changedAtWallMs: wallMs };
}

/** A facilitator's command to the clock (the API's `POST /exercises/:id/clock`). */
export type ClockCommand = { action: 'start' | 'pause' | 'resume' | 'rewind' } | { action: 'speed'; speed: number };

/** The clock after a command; a command that makes no sense in the clock's state throws, as each step above does. */
export function applyClockCommand(clock: ExerciseClockState, command: ClockCommand, wallMs: number): ExerciseClockState {
  switch (command.action) {
    case 'start':
      return startClock(clock, wallMs);
    case 'pause':
      return pauseClock(clock, wallMs);
    case 'resume':
      return resumeClock(clock, wallMs);
    case 'rewind':
      return rewindClock(clock, wallMs);
    case 'speed':
      return setClockSpeed(clock, command.speed, wallMs);
  }
}

/** An inject released in a run (the store records these). */
export interface ReleasedInject {
  injectId: string;
  run: number;
}

export interface DueInject {
  inject: Inject;
  run: number;
}

/**
 * The injects due now and not yet released in this run, in release order (by minute, then script order). Releases of
 * other runs do not count: a rewound exercise releases every inject again.
 */
export function injectsDue(
  script: Pick<ExerciseScript, 'injects'>,
  state: ExerciseClockState,
  wallMs: number,
  alreadyReleased: Iterable<ReleasedInject>,
): DueInject[] {
  if (state.status === 'not_started') return [];
  const released = new Set<string>();
  for (const r of alreadyReleased) if (r.run === state.run) released.add(r.injectId);
  const elapsed = exerciseElapsedMsAt(state, wallMs);
  return injectsInOrder(script)
    .filter((inject) => inject.atMinute * MS_PER_MINUTE <= elapsed && !released.has(inject.id))
    .map((inject) => ({ inject, run: state.run }));
}

/**
 * The facilitator jumps the run forward to an exercise time (to play the next inject at once): the time jumps, the
 * status and speed are kept, and a not-started run starts. A jump backward is refused: that is what a rewind is for.
 */
export function jumpClockTo(state: ExerciseClockState, elapsedMs: number, wallMs: number): ExerciseClockState {
  checkWall(state, wallMs);
  const now = exerciseElapsedMsAt(state, wallMs);
  if (!Number.isFinite(elapsedMs) || elapsedMs < now) throw refuse('the clock only jumps forward; rewind for a new run');
  return { ...state, status: state.status === 'not_started' ? 'running' : state.status, elapsedMs, changedAtWallMs: wallMs };
}

/**
 * The exercise minute of a run at a wall-clock time, read over the run's clock changes (each the state right after a
 * change, as the store keeps them): the last change at or before the time gives it, so a wall time maps to the right
 * minute even after pauses, jumps and changes of speed. Before the run's first change (or with none) it is minute 0;
 * changes of other runs are ignored.
 */
export function exerciseMinuteAtWall(changes: readonly ExerciseClockState[], run: number, wallMs: number): number {
  let current: ExerciseClockState | undefined;
  for (const change of changes) {
    if (change.run !== run || change.changedAtWallMs === null) continue;
    if (change.changedAtWallMs > wallMs) continue;
    if (!current || change.changedAtWallMs >= (current.changedAtWallMs ?? -Infinity)) current = change;
  }
  return current ? exerciseTimeAt(current, wallMs) : 0;
}
