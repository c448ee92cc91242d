import type { ClockStatus, ExerciseClockState } from '../core/exercises/exercise-clock.js';
import type { Db, ExerciseActionsTable, ExercisesTable } from './database.js';

/** An exercise as held: its script, its clock as it stands and who started it. */
export interface StoredExercise {
  id: string;
  scriptId: string;
  title: string;
  clock: ExerciseClockState;
  version: number;
  createdBy: { id: string; name: string; role: string };
  createdAt: string;
  updatedAt: string;
}

export interface StoredClockChange {
  seq: number;
  action: string;
  state: ExerciseClockState;
  byUser: string;
  at: string;
}

export interface StoredRelease {
  run: number;
  injectId: string;
  releasedAt: string;
  releasedAtWallMs: number;
  atMinute: number;
}

export type ExerciseEntityType = 'incident' | 'force_request';

export interface StoredExerciseRecord {
  exerciseId: string;
  run: number;
  injectId: string | null;
  entityType: ExerciseEntityType;
  entityId: string;
}

/** A player's entry: an action, or the outcome of a force request; `content` is what the service validated. */
export interface StoredExerciseEntry {
  id: string;
  exerciseId: string;
  run: number;
  type: 'action' | 'outcome';
  injectId: string | null;
  forceRequestId: string | null;
  role: string;
  by: { id: string; name: string };
  at: string;
  atMinute: number;
  content: unknown;
}

const clockOf = (r: { run: number; status: string; speed: number; elapsed_ms: number; changed_at_wall_ms: number | null }): ExerciseClockState => ({
  run: r.run,
  status: r.status as ClockStatus,
  speed: r.speed,
  elapsedMs: Number(r.elapsed_ms),
  changedAtWallMs: r.changed_at_wall_ms === null ? null : Number(r.changed_at_wall_ms),
});

const toExercise = (r: ExercisesTable): StoredExercise => ({
  id: r.id,
  scriptId: r.script_id,
  title: r.title,
  clock: clockOf(r),
  version: r.version,
  createdBy: { id: r.created_by, name: r.created_by_name, role: r.created_by_role },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toEntry = (r: ExerciseActionsTable): StoredExerciseEntry => ({
  id: r.id,
  exerciseId: r.exercise_id,
  run: r.run,
  type: r.type as StoredExerciseEntry['type'],
  injectId: r.inject_id,
  forceRequestId: r.force_request_id,
  role: r.role,
  by: { id: r.by_user, name: r.by_name },
  at: r.at,
  atMinute: Number(r.at_minute),
  content: JSON.parse(r.content) as unknown,
});

export class ExerciseRepository {
  async insert(db: Db, e: StoredExercise): Promise<void> {
    await db
      .insertInto('exercises')
      .values({
        id: e.id,
        script_id: e.scriptId,
        title: e.title,
        run: e.clock.run,
        status: e.clock.status,
        speed: e.clock.speed,
        elapsed_ms: e.clock.elapsedMs,
        changed_at_wall_ms: e.clock.changedAtWallMs,
        version: e.version,
        created_by: e.createdBy.id,
        created_by_name: e.createdBy.name,
        created_by_role: e.createdBy.role,
        created_at: e.createdAt,
        updated_at: e.updatedAt,
      })
      .execute();
  }

  async find(db: Db, id: string): Promise<StoredExercise | undefined> {
    const row = await db.selectFrom('exercises').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toExercise(row);
  }

  /** Newest first. */
  async list(db: Db, limit: number): Promise<StoredExercise[]> {
    return (await db.selectFrom('exercises').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(toExercise);
  }

  /**
   * Takes the exercise's row for the rest of the transaction (an update that changes nothing: PostgreSQL locks the row,
   * SQLite has one writer), so two readers releasing injects at once release them one after the other, in order.
   */
  async lock(db: Db, id: string): Promise<void> {
    await db
      .updateTable('exercises')
      .set((eb) => ({ updated_at: eb.ref('updated_at') }))
      .where('id', '=', id)
      .execute();
  }

  /** Saves a new clock state over the version it was read at; false when someone else changed it first. */
  async updateClock(db: Db, id: string, expectedVersion: number, clock: ExerciseClockState, at: string): Promise<boolean> {
    const result = await db
      .updateTable('exercises')
      .set({ run: clock.run, status: clock.status, speed: clock.speed, elapsed_ms: clock.elapsedMs, changed_at_wall_ms: clock.changedAtWallMs, version: expectedVersion + 1, updated_at: at })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async addClockChange(db: Db, exerciseId: string, change: StoredClockChange): Promise<void> {
    const s = change.state;
    await db
      .insertInto('exercise_clock_changes')
      .values({ exercise_id: exerciseId, seq: change.seq, action: change.action, run: s.run, status: s.status, speed: s.speed, elapsed_ms: s.elapsedMs, changed_at_wall_ms: s.changedAtWallMs, by_user: change.byUser, at: change.at })
      .execute();
  }

  /** Every change of the clock, in order. */
  async clockChanges(db: Db, exerciseId: string): Promise<StoredClockChange[]> {
    const rows = await db.selectFrom('exercise_clock_changes').selectAll().where('exercise_id', '=', exerciseId).orderBy('seq').execute();
    return rows.map((r) => ({ seq: r.seq, action: r.action, state: clockOf(r), byUser: r.by_user, at: r.at }));
  }

  async addRelease(db: Db, exerciseId: string, r: StoredRelease): Promise<void> {
    await db
      .insertInto('exercise_releases')
      .values({ exercise_id: exerciseId, run: r.run, inject_id: r.injectId, released_at: r.releasedAt, released_at_wall_ms: r.releasedAtWallMs, at_minute: r.atMinute })
      .execute();
  }

  /** The releases of every run, in the order they were made. */
  async releases(db: Db, exerciseId: string): Promise<StoredRelease[]> {
    const rows = await db.selectFrom('exercise_releases').selectAll().where('exercise_id', '=', exerciseId).orderBy('run').orderBy('released_at_wall_ms').orderBy('at_minute').execute();
    return rows.map((r) => ({ run: r.run, injectId: r.inject_id, releasedAt: r.released_at, releasedAtWallMs: Number(r.released_at_wall_ms), atMinute: Number(r.at_minute) }));
  }

  async addRecord(db: Db, r: StoredExerciseRecord): Promise<void> {
    await db.insertInto('exercise_records').values({ exercise_id: r.exerciseId, run: r.run, inject_id: r.injectId, entity_type: r.entityType, entity_id: r.entityId }).execute();
  }

  async records(db: Db, exerciseId: string, run: number): Promise<StoredExerciseRecord[]> {
    const rows = await db.selectFrom('exercise_records').selectAll().where('exercise_id', '=', exerciseId).where('run', '=', run).execute();
    return rows.map((r) => ({ exerciseId: r.exercise_id, run: r.run, injectId: r.inject_id, entityType: r.entity_type as ExerciseEntityType, entityId: r.entity_id }));
  }

  /** The exercise run a record was created in, if any. */
  async recordOf(db: Db, entityType: ExerciseEntityType, entityId: string): Promise<StoredExerciseRecord | undefined> {
    const r = await db.selectFrom('exercise_records').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', entityId).executeTakeFirst();
    return r && { exerciseId: r.exercise_id, run: r.run, injectId: r.inject_id, entityType: r.entity_type as ExerciseEntityType, entityId: r.entity_id };
  }

  async addEntry(db: Db, e: StoredExerciseEntry): Promise<void> {
    await db
      .insertInto('exercise_actions')
      .values({
        id: e.id,
        exercise_id: e.exerciseId,
        run: e.run,
        type: e.type,
        inject_id: e.injectId,
        force_request_id: e.forceRequestId,
        role: e.role,
        by_user: e.by.id,
        by_name: e.by.name,
        at: e.at,
        at_minute: e.atMinute,
        content: JSON.stringify(e.content),
      })
      .execute();
  }

  async entries(db: Db, exerciseId: string, run: number): Promise<StoredExerciseEntry[]> {
    const rows = await db.selectFrom('exercise_actions').selectAll().where('exercise_id', '=', exerciseId).where('run', '=', run).orderBy('at').orderBy('id').execute();
    return rows.map(toEntry);
  }
}
