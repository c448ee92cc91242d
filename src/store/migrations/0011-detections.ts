import type { Kysely, Migration } from 'kysely';

/**
 * Detections: what the monitoring found (attacks near protected sites, incidents in corridors and safe havens,
 * ceasefire violations, escalations), each with the key that makes detection idempotent and its review, and the
 * incidents it rests on. Site, zone and agreement are plain ids, so a register entry can be removed without
 * erasing what was found while it existed.
 */
export function detectionsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('detections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('grade', 'text')
        .addColumn('site_id', 'text')
        .addColumn('zone_id', 'text')
        .addColumn('agreement_id', 'text')
        .addColumn('party', 'text')
        .addColumn('commitment', 'text')
        .addColumn('distance_km', 'double precision')
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('date_earliest', 'text', (c) => c.notNull())
        .addColumn('date_latest', 'text', (c) => c.notNull())
        .addColumn('detected_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('lapsed_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reviewed_by', 'text')
        .addColumn('reviewed_at', 'text')
        .addColumn('review_reason', 'text')
        .execute();
      await db.schema.createIndex('detections_kind_status_date').on('detections').columns(['kind', 'status', 'date_earliest']).execute();
      await db.schema.createIndex('detections_status_date').on('detections').columns(['status', 'date_earliest']).execute();
      await db.schema.createIndex('detections_date').on('detections').columns(['date_earliest', 'id']).execute();
      await db.schema.createIndex('detections_agreement').on('detections').columns(['agreement_id', 'party', 'date_earliest']).execute();
      await db.schema.createIndex('detections_site').on('detections').columns(['site_id']).execute();
      await db.schema.createIndex('detections_zone').on('detections').columns(['zone_id']).execute();

      await db.schema
        .createTable('detection_incidents')
        .addColumn('detection_id', 'text', (c) => c.notNull().references('detections.id').onDelete('cascade'))
        .addColumn('incident_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('detection_incidents_pk', ['detection_id', 'incident_id'])
        .execute();
      await db.schema.createIndex('detection_incidents_incident').on('detection_incidents').columns(['incident_id', 'detection_id']).execute();
    },
  };
}
