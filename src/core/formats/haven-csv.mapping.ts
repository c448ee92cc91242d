import type { CarriedField } from '../incident-merge.js';
import type { Incident, IncidentInput } from '../incident.schema.js';
import { columnIssue, type MappedRecord } from './mapped-record.js';
import { neutraliseFormula, restoreFormula } from './spreadsheet-safety.js';

/**
 * Haven's own flat CSV: one row per incident, readable in a spreadsheet, and complete — nested parts (actors,
 * casualties, sources) travel as JSON cells — so export then import gives the same incidents. Sensitive details are
 * part of it only in an export made with a grant, as a `sensitive` JSON column.
 */
export const HAVEN_CSV_COLUMNS = [
  'id',
  'url',
  'title',
  'narrative',
  'date_earliest',
  'date_latest',
  'date_precision',
  'lat',
  'lon',
  'location_precision',
  'country',
  'admin1',
  'admin2',
  'place_name',
  'themes',
  'categories',
  'violence_type',
  'verification_status',
  'killed_low',
  'killed_best',
  'killed_high',
  'injured_low',
  'injured_best',
  'injured_high',
  'actors',
  'casualties',
  'sources',
  'origin_dataset',
  'origin_external_id',
  'origin_event_type',
  'exercise',
  'created_at',
  'updated_at',
  'version',
] as const;
export type HavenCsvColumn = (typeof HAVEN_CSV_COLUMNS)[number];

/** Columns that hold free text (and so could carry a formula); numbers and codes are written by Haven itself. */
const TEXT_COLUMNS = new Set<HavenCsvColumn>(['title', 'narrative', 'admin1', 'admin2', 'place_name', 'actors', 'sources', 'origin_external_id', 'origin_dataset', 'origin_event_type']);

export function incidentToHavenCsvRow(incident: Incident, link: string): Record<HavenCsvColumn, string> {
  const row: Record<HavenCsvColumn, string> = {
    id: incident.id,
    url: link,
    title: incident.title,
    narrative: incident.narrative,
    date_earliest: incident.dateEarliest,
    date_latest: incident.dateLatest,
    date_precision: incident.datePrecision,
    lat: String(incident.location.lat),
    lon: String(incident.location.lon),
    location_precision: incident.location.precision,
    country: incident.location.country,
    admin1: incident.location.admin1 ?? '',
    admin2: incident.location.admin2 ?? '',
    place_name: incident.location.placeName ?? '',
    themes: incident.themes.join(';'),
    categories: incident.categories.join(';'),
    violence_type: incident.violenceType ?? '',
    verification_status: incident.verificationStatus,
    killed_low: String(incident.killed.low),
    killed_best: String(incident.killed.best),
    killed_high: String(incident.killed.high),
    injured_low: String(incident.injured.low),
    injured_best: String(incident.injured.best),
    injured_high: String(incident.injured.high),
    actors: JSON.stringify(incident.actors),
    casualties: JSON.stringify(incident.casualties),
    sources: JSON.stringify(incident.sources),
    origin_dataset: incident.origin.dataset,
    origin_external_id: incident.origin.externalId ?? '',
    origin_event_type: incident.origin.eventType ?? '',
    exercise: incident.exercise ? 'true' : 'false',
    created_at: incident.createdAt,
    updated_at: incident.updatedAt,
    version: String(incident.version),
  };
  for (const column of TEXT_COLUMNS) row[column] = neutraliseFormula(row[column]);
  return row;
}

function json(row: Record<string, string | undefined>, column: string, issues: MappedRecord['issues']): unknown {
  const text = restoreFormula(row[column] ?? '');
  if (text === '') return [];
  try {
    return JSON.parse(text);
  } catch {
    issues.push(columnIssue(column, 'is not valid JSON'));
    return [];
  }
}

/** The fields a column carries when its cell is not empty (an empty cell, or a missing column, carries nothing). */
const CARRIED_BY_COLUMN: readonly [HavenCsvColumn | 'sensitive', CarriedField[]][] = [
  ['narrative', ['narrative']],
  ['admin1', ['location.admin1']],
  ['admin2', ['location.admin2']],
  ['place_name', ['location.placeName']],
  ['themes', ['themes']],
  ['categories', ['categories']],
  ['violence_type', ['violenceType']],
  ['actors', ['actors']],
  ['casualties', ['casualties', 'casualties.breakdown']],
  ['sources', ['sources']],
  ['exercise', ['exercise']],
  ['sensitive', ['sensitive']],
];

/**
 * A Haven CSV row. The `sensitive` column is there only in an export made with a grant (`includeSensitive`); a row
 * whose cell is empty carries no sensitive details, so an import keeps the stored ones.
 */
export function havenCsvRowToIncident(row: Record<string, string | undefined>): MappedRecord {
  const issues: MappedRecord['issues'] = [];
  const text = (column: HavenCsvColumn | 'sensitive') => restoreFormula(row[column] ?? '');
  const optional = (column: HavenCsvColumn) => (text(column) === '' ? undefined : text(column));
  const list = (column: HavenCsvColumn) => text(column).split(';').filter(Boolean);
  const sensitive = text('sensitive') === '' ? undefined : json(row, 'sensitive', issues);
  const input = {
    title: text('title'),
    narrative: text('narrative'),
    dateEarliest: text('date_earliest'),
    dateLatest: text('date_latest'),
    datePrecision: text('date_precision'),
    location: {
      lat: Number(text('lat') || Number.NaN),
      lon: Number(text('lon') || Number.NaN),
      precision: text('location_precision'),
      country: text('country'),
      ...(optional('admin1') !== undefined && { admin1: text('admin1') }),
      ...(optional('admin2') !== undefined && { admin2: text('admin2') }),
      ...(optional('place_name') !== undefined && { placeName: text('place_name') }),
    },
    themes: list('themes'),
    categories: list('categories'),
    ...(optional('violence_type') !== undefined && { violenceType: text('violence_type') }),
    actors: json(row, 'actors', issues),
    casualties: json(row, 'casualties', issues),
    sources: json(row, 'sources', issues),
    ...(sensitive !== undefined && { sensitive }),
    origin: {
      dataset: text('origin_dataset') || 'manual',
      ...(optional('origin_external_id') !== undefined && { externalId: text('origin_external_id') }),
      // Files exported before Haven kept the source's event type have no such column: they import as before.
      ...(optional('origin_event_type') !== undefined && { eventType: text('origin_event_type') }),
    },
    exercise: text('exercise') === 'true',
  } as IncidentInput;
  const carried = new Set<CarriedField>(['title', 'dateEarliest', 'dateLatest', 'datePrecision', 'location', 'location.precision', 'origin']);
  for (const [column, fields] of CARRIED_BY_COLUMN) if (text(column) !== '') for (const field of fields) carried.add(field);
  const id = optional('id');
  return { input, issues, carried, ...(id !== undefined && { id }) };
}
