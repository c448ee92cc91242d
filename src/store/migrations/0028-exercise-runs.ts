import type { Kysely, Migration } from 'kysely';

/**
 * Exercises played from shipped scripts (docs/exercises.md). An exercise is one row with its clock as it stands (run,
 * status, speed, elapsed exercise time at the last change and that change's wall clock); every change of the clock is
 * kept, run by run, so any wall time maps to the exercise minute it was even after pauses and changes of speed. The
 * injects released in each run (one row per run and inject: releasing twice is refused by the key), the records play
 * created (incidents, force requests) with the run and inject they came from, and what players recorded besides the
 * workflow (actions, and the outcomes of force requests). Wall times in epoch milliseconds are doubles: exact for
 * whole milliseconds and read back as numbers on both databases.
 */
export function exerciseRunsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('exercises')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('script_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('run', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('speed', 'integer', (c) => c.notNull())
        .addColumn('elapsed_ms', 'double precision', (c) => c.notNull())
        .addColumn('changed_at_wall_ms', 'double precision')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_by_name', 'text', (c) => c.notNull())
        .addColumn('created_by_role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('exercises_created').on('exercises').columns(['created_at', 'id']).execute();
      await db.schema
        .createTable('exercise_clock_changes')
        .addColumn('exercise_id', 'text', (c) => c.notNull().references('exercises.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('run', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('speed', 'integer', (c) => c.notNull())
        .addColumn('elapsed_ms', 'double precision', (c) => c.notNull())
        .addColumn('changed_at_wall_ms', 'double precision')
        .addColumn('by_user', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('exercise_clock_changes_pk', ['exercise_id', 'seq'])
        .execute();
      await db.schema
        .createTable('exercise_releases')
        .addColumn('exercise_id', 'text', (c) => c.notNull().references('exercises.id'))
        .addColumn('run', 'integer', (c) => c.notNull())
        .addColumn('inject_id', 'text', (c) => c.notNull())
        .addColumn('released_at', 'text', (c) => c.notNull())
        .addColumn('released_at_wall_ms', 'double precision', (c) => c.notNull())
        .addColumn('at_minute', 'double precision', (c) => c.notNull())
        // One release per inject and run: a second reader releasing the same inject at the same time is refused here.
        .addPrimaryKeyConstraint('exercise_releases_pk', ['exercise_id', 'run', 'inject_id'])
        .execute();
      await db.schema
        .createTable('exercise_records')
        .addColumn('exercise_id', 'text', (c) => c.notNull().references('exercises.id'))
        .addColumn('run', 'integer', (c) => c.notNull())
        .addColumn('inject_id', 'text')
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        // A record belongs to one exercise run.
        .addPrimaryKeyConstraint('exercise_records_pk', ['entity_type', 'entity_id'])
        .execute();
      await db.schema.createIndex('exercise_records_run').on('exercise_records').columns(['exercise_id', 'run']).execute();
      await db.schema
        .createTable('exercise_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('exercise_id', 'text', (c) => c.notNull().references('exercises.id'))
        .addColumn('run', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('inject_id', 'text')
        .addColumn('force_request_id', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('by_user', 'text', (c) => c.notNull())
        .addColumn('by_name', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('at_minute', 'double precision', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('exercise_actions_run').on('exercise_actions').columns(['exercise_id', 'run', 'at']).execute();
    },
  };
}
