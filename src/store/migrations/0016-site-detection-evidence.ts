import type { Kysely, Migration } from 'kysely';

/**
 * Site detections carry their evidence (coding, the words of the text that matched, the distances, the settlement
 * the point stands for, how many sites were in reach), as JSON, so a reviewer sees why in seconds. Incidents get an
 * index on their point: detection counts the incidents that share an incident's exact point (a gazetteer point).
 */
export function siteDetectionEvidenceMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('detections').addColumn('evidence', 'text').execute();
      await db.schema.createIndex('incidents_point').on('incidents').columns(['lat', 'lon']).execute();
    },
  };
}
