import type { Insertable } from 'kysely';
import { totalOf } from '../core/casualty-totals.js';
import type { IncidentData } from '../core/incident.schema.js';
import type { VerificationStatus } from '../core/verification.js';
import type {
  IncidentActorsTable,
  IncidentCasualtiesTable,
  IncidentCategoriesTable,
  IncidentSensitiveTable,
  IncidentSourcesTable,
  IncidentsTable,
  IncidentThemesTable,
} from './database.js';

/** Everything written for one incident: the validated data plus what the application decides. */
export interface IncidentWrite {
  id: string;
  data: IncidentData;
  verificationStatus: VerificationStatus;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

type Child<T> = Omit<T, 'incident_seq'>;

/** One incident as table rows; children lack their incident's seq until it is known. */
export interface IncidentRows {
  main: Insertable<IncidentsTable>;
  themes: Child<IncidentThemesTable>[];
  categories: Child<IncidentCategoriesTable>[];
  actors: Child<IncidentActorsTable>[];
  casualties: Child<IncidentCasualtiesTable>[];
  sources: Child<IncidentSourcesTable>[];
  sensitive: Child<IncidentSensitiveTable>[];
}

export const CHILD_TABLES = ['incident_themes', 'incident_categories', 'incident_actors', 'incident_casualties', 'incident_sources', 'incident_sensitive'] as const;

/** Seals the sensitive JSON of one incident (envelope encryption); see store/sensitive-envelope.ts. */
export type SensitiveSealer = (plaintext: string, incidentId: string) => Child<IncidentSensitiveTable>;

export function incidentRows(write: IncidentWrite, seal: SensitiveSealer): IncidentRows {
  const { data } = write;
  const killed = totalOf(data.casualties, 'killed');
  const injured = totalOf(data.casualties, 'injured');
  const { victims, witnesses, sourceIdentities } = data.sensitive;
  return {
    main: {
      id: write.id,
      title: data.title,
      narrative: data.narrative,
      date_earliest: data.dateEarliest,
      date_latest: data.dateLatest,
      date_precision: data.datePrecision,
      lat: data.location.lat,
      lon: data.location.lon,
      location_precision: data.location.precision,
      country: data.location.country,
      admin1: data.location.admin1 ?? null,
      admin2: data.location.admin2 ?? null,
      place_name: data.location.placeName ?? null,
      violence_type: data.violenceType ?? null,
      verification_status: write.verificationStatus,
      origin_dataset: data.origin.dataset,
      origin_external_id: data.origin.externalId ?? null,
      origin_event_type: data.origin.eventType ?? null,
      exercise: data.exercise ? 1 : 0,
      killed_low: killed.low,
      killed_best: killed.best,
      killed_high: killed.high,
      injured_low: injured.low,
      injured_best: injured.best,
      injured_high: injured.high,
      version: write.version,
      created_at: write.createdAt,
      created_by: write.createdBy,
      updated_at: write.updatedAt,
      updated_by: write.updatedBy,
    },
    themes: data.themes.map((theme) => ({ theme })),
    categories: [...new Set(data.categories)].map((category) => ({ category })),
    actors: data.actors.map((a, position) => ({ position, name: a.name, actor_type: a.actorType, role: a.role })),
    casualties: data.casualties.flatMap((c) => {
      const key = { kind: c.kind, status: c.status, population_group: c.group ?? 'all' };
      return [
        { ...key, sex: 'all', age_group: 'all', low: c.low, best: c.best, high: c.high },
        ...c.breakdown.map((b) => ({ ...key, sex: b.sex, age_group: b.ageGroup, low: b.low, best: b.best, high: b.high })),
      ];
    }),
    sources: data.sources.map((s, position) => ({
      position,
      ref: s.ref,
      source_type: s.sourceType,
      description: s.description,
      url: s.url ?? null,
      published_on: s.publishedOn ?? null,
      reliability: s.reliability,
      credibility: s.credibility,
    })),
    // Only records that name someone pay for encryption; the rest (most of a large import) store nothing.
    sensitive: victims.length || witnesses.length || sourceIdentities.length ? [seal(JSON.stringify(data.sensitive), write.id)] : [],
  };
}
