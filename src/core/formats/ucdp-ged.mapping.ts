import { totalOf } from '../casualty-totals.js';
import { alpha3FromName, countryName, countryRefusal } from '../countries.js';
import type { Carried, CarriedField } from '../incident-merge.js';
import type { Incident, IncidentInput } from '../incident.schema.js';
import { DATE_PRECISIONS, LOCATION_PRECISIONS, fromUcdpCode, ucdpCodeOf, type ActorType, type PersonStatus } from '../taxonomy.js';
import { parseDateWindow, type DateReadOptions } from './dates.js';
import { endBeforeStart, readDateCell } from './date-order.js';
import { carriedWhereChanged, columnIssue, type MappedRecord } from './mapped-record.js';
import { restoreFormulaCells } from './spreadsheet-safety.js';

/**
 * A minimal mapping of one UCDP GED event (a CSV row as a record of strings) into Haven's incident model. The full
 * importer builds on it; the field meanings are in UCDP's GED codebook.
 */
export const GED_DATASET = 'ucdp-ged';

export type GedRow = Record<string, string | undefined>;

// GED names a country as it is now, with its name at the time in brackets ("Russia (Soviet Union)"); the one alias
// table in core/countries.ts knows GED's names.
// A data set names few countries, many times over: remember each answer.
const countryCodes = new Map<string, string | undefined>();

export function gedCountryCode(name: string): string | undefined {
  if (countryCodes.has(name)) return countryCodes.get(name);
  const code = alpha3FromName(name);
  if (countryCodes.size < 10_000) countryCodes.set(name, code);
  return code;
}

const int = (value: string | undefined): number => {
  const n = Number(value ?? '');
  return Number.isFinite(n) ? Math.trunc(n) : Number.NaN;
};

function actorTypeOf(name: string): ActorType {
  if (name === 'Civilians') return 'civilians';
  if (/^Government of /.test(name)) return 'state_force';
  return 'non_state_armed_group';
}

/**
 * Split GED's event-level low and high over the per-status best counts, in proportion, so each cell keeps
 * low ≤ best ≤ high and the cells add up to the event's totals. Where GED's own bounds do not bracket its best
 * estimate (it happens), the bound is widened to the best: uncertainty is never narrowed, only made consistent.
 */
function spread(cells: { status: PersonStatus; best: number }[], low: number, high: number) {
  const total = cells.reduce((s, c) => s + c.best, 0);
  const lowTotal = Math.min(low, total);
  const highTotal = Math.max(high, total);
  const out = cells.map((c) => ({ ...c, low: total ? Math.floor((c.best * lowTotal) / total) : 0, high: total ? Math.ceil((c.best * highTotal) / total) : 0 }));
  // Rounding leaves a small remainder: give it to the largest cells, which can absorb it within their bounds.
  let lowLeft = lowTotal - out.reduce((s, c) => s + c.low, 0);
  for (const c of [...out].sort((a, b) => b.best - a.best)) {
    if (lowLeft <= 0) break;
    const room = c.best - c.low;
    const take = Math.min(room, lowLeft);
    c.low += take;
    lowLeft -= take;
  }
  let highOver = out.reduce((s, c) => s + c.high, 0) - highTotal;
  for (const c of [...out].sort((a, b) => b.high - b.best - (a.high - a.best))) {
    if (highOver <= 0) break;
    const take = Math.min(c.high - c.best, highOver);
    c.high -= take;
    highOver -= take;
  }
  if (total === 0 && highTotal > 0) {
    const unknown = out.find((c) => c.status === 'unknown');
    if (unknown) unknown.high = highTotal;
  }
  return out;
}

/** A GED row read from CSV: the apostrophe Haven's export puts before formula-like text is removed first. */
export const mapGedCsvRow = (row: GedRow, options: DateReadOptions = {}): MappedRecord => mapGedRow(restoreFormulaCells(row), options);

/** A GED row with the problems the mapping finds named by GED column. */
export function mapGedRow(row: GedRow, options: DateReadOptions = {}): MappedRecord {
  if (row.haven_id?.trim()) return mapHavenGedRow(row, row.haven_id.trim(), options);
  const issues: MappedRecord['issues'] = [];
  const input = gedRowToIncident(row, options);
  // GED's own columns are named in every date problem; the incident schema never sees an unread date.
  const start = readDateCell('date_start', row.date_start ?? '', options);
  const end = readDateCell('date_end', row.date_end ?? '', options);
  for (const problem of [start.issue, end.issue]) if (problem) issues.push(problem);
  const reversed = start.window && end.window && endBeforeStart('date_start', start.window, 'date_end', end.window, row.date_end ?? '');
  if (reversed) issues.push(reversed);
  if (!gedCountryCode((row.country ?? '').trim())) issues.push(columnIssue('country', countryRefusal(row.country ?? '')));
  if (!fromUcdpCode(DATE_PRECISIONS, int(row.date_prec))) issues.push(columnIssue('date_prec', `"${row.date_prec ?? ''}" is not a GED date precision (1–5)`));
  if (!fromUcdpCode(LOCATION_PRECISIONS, int(row.where_prec))) issues.push(columnIssue('where_prec', `"${row.where_prec ?? ''}" is not a GED location precision (1–7)`));
  for (const column of ['deaths_a', 'deaths_b', 'deaths_civilians', 'deaths_unknown', 'low', 'high']) {
    const n = int(row[column]);
    if (!Number.isInteger(n) || n < 0) issues.push(columnIssue(column, `"${row[column] ?? ''}" is not a count`));
  }
  if (!['1', '2', '3'].includes((row.type_of_violence ?? '').trim())) {
    issues.push(columnIssue('type_of_violence', `"${row.type_of_violence ?? ''}" is not a GED type of violence (1 state-based, 2 non-state, 3 one-sided)`));
  }
  if (!row.id?.trim()) issues.push(columnIssue('id', 'is empty; GED ids make re-imports update instead of duplicate'));
  return { input, issues, carried: gedCarried(row) };
}

/** Which GED columns stand for which of Haven's fields, for a row of Haven's own GED-shaped export. */
const GED_COLUMN_FIELDS: readonly (readonly [readonly GedExportColumn[], readonly CarriedField[]])[] = [
  [['where_description'], ['title']],
  [['haven_exercise'], ['exercise']],
  [['date_start', 'date_end', 'year'], ['dateEarliest', 'dateLatest']],
  [['date_prec'], ['datePrecision']],
  [['latitude', 'longitude', 'geom_wkt', 'country'], ['location']],
  [['where_prec'], ['location.precision']],
  [['adm_1'], ['location.admin1']],
  [['adm_2'], ['location.admin2']],
  [['where_coordinates'], ['location.placeName']],
  [['type_of_violence'], ['violenceType']],
  [['side_a', 'side_b', 'dyad_name'], ['actors']],
  [['deaths_a', 'deaths_b', 'deaths_civilians', 'deaths_unknown', 'best', 'high', 'low'], ['casualties.killed']],
];

/**
 * A row of Haven's own GED-shaped export (it has `haven_id`): the same record again, keyed by Haven's id and its
 * origin from `haven_origin_dataset` / `haven_origin_external_id`. The title is `where_description` (where the export
 * writes it) and an empty `type_of_violence` (violence that is not organised armed violence) is read as `other`. GED holds
 * less than Haven does, so an update takes only the fields whose cells differ from what the stored record exports as.
 */
function mapHavenGedRow(row: GedRow, havenId: string, options: DateReadOptions): MappedRecord {
  const violence = (row.type_of_violence ?? '').trim();
  const base = mapGedRow({ ...row, haven_id: '', ...(violence === '' && { type_of_violence: '0' }) }, options);
  const issues = base.issues.filter((i) => !(violence === '' && i.path === 'type_of_violence'));
  const { violenceType: _composed, ...composed } = base.input;
  const dataset = (row.haven_origin_dataset ?? '').trim() || 'manual';
  const externalId = (row.haven_origin_external_id ?? '').trim();
  const eventType = (row.haven_origin_event_type ?? '').trim();
  const title = (row.where_description ?? '').trim();
  const input: IncidentInput = {
    ...composed,
    // Haven writes no code for violence GED does not list: such a row creates a record of violence type `other`.
    violenceType: violence === '' ? 'other' : base.input.violenceType,
    ...(title.length >= 3 && { title }),
    narrative: '',
    origin: { dataset, ...(externalId && { externalId }), ...(eventType && { eventType }) },
    exercise: (row.haven_exercise ?? '').trim() === 'true',
  };
  const carried = new Set(base.carried);
  if (violence === '') carried.delete('violenceType');
  if (title.length >= 3) carried.add('title');
  if ((row.haven_exercise ?? '').trim() !== '') carried.add('exercise');
  const carriedGiven = (stored: Incident) => {
    const exported = incidentToGedRow(stored);
    return carriedWhereChanged(GED_COLUMN_FIELDS, (column) => row[column], (column) => exported[column as GedExportColumn]);
  };
  return { input, issues, carried, carriedGiven, id: havenId };
}

/**
 * What a GED row carries for an update: when and where, the type of violence, the sides and the deaths. The title,
 * narrative, themes, categories and the source note are composed by this mapping (Haven's own GED-shaped export
 * writes the title where GED has its place description): they are written when a row creates a record, and an update
 * keeps what the record holds.
 */
function gedCarried(row: GedRow): Carried {
  const carried = new Set<CarriedField>(['dateEarliest', 'dateLatest', 'datePrecision', 'location', 'location.precision', 'violenceType', 'casualties.killed', 'origin']);
  if (row.adm_1?.trim()) carried.add('location.admin1');
  if (row.adm_2?.trim()) carried.add('location.admin2');
  if (row.where_coordinates?.trim()) carried.add('location.placeName');
  if (row.side_a?.trim() || row.side_b?.trim()) carried.add('actors');
  return carried;
}

/**
 * GED's type of violence in UCDP's words, kept as the source's own classification: `violenceType` holds the same
 * distinction in Haven's terms, but an analyst may change it; the origin keeps what UCDP said.
 */
const GED_EVENT_TYPE: Record<number, string> = { 1: 'State-based conflict', 2: 'Non-state conflict', 3: 'One-sided violence' };

/** GED writes `2014-06-30` (or with a time); a spreadsheet may have rewritten it as `6/30/2014 0:00` or an Excel serial. */
const gedDate = (text: string | undefined, options: DateReadOptions) => parseDateWindow(text ?? '', options)?.earliest ?? (text ?? '').trim();

export function gedRowToIncident(row: GedRow, options: DateReadOptions = {}): IncidentInput {
  const type = int(row.type_of_violence);
  const violenceType = type === 1 ? 'state_based' : type === 2 ? 'non_state' : type === 3 ? 'one_sided' : undefined;
  const sideA = (row.side_a ?? '').trim();
  const sideB = (row.side_b ?? '').trim();
  const civilians = int(row.deaths_civilians);
  const cells = spread(
    [
      { status: 'civilian' as const, best: civilians },
      { status: 'combatant' as const, best: int(row.deaths_a) + int(row.deaths_b) },
      { status: 'unknown' as const, best: int(row.deaths_unknown) },
    ],
    int(row.low),
    int(row.high),
  );
  const oneSided = violenceType === 'one_sided';
  const place = (row.where_coordinates ?? '').trim();
  const title = `${(row.dyad_name ?? `${sideA} - ${sideB}`).trim()}${place ? `, ${place}` : ''}`;
  const narrative = [row.where_description, row.source_headline, row.source_article ? `Sources: ${row.source_article}` : undefined]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join('\n\n');
  const country = gedCountryCode((row.country ?? '').trim());

  return {
    title: title.length > 300 ? `${title.slice(0, 299)}…` : title,
    narrative,
    dateEarliest: gedDate(row.date_start, options),
    dateLatest: gedDate(row.date_end, options),
    datePrecision: fromUcdpCode(DATE_PRECISIONS, int(row.date_prec)) ?? ('' as never),
    location: {
      lat: Number(row.latitude),
      lon: Number(row.longitude),
      precision: fromUcdpCode(LOCATION_PRECISIONS, int(row.where_prec)) ?? ('' as never),
      country: country ?? (row.country ?? ''),
      ...(row.adm_1?.trim() && { admin1: row.adm_1.trim() }),
      ...(row.adm_2?.trim() && { admin2: row.adm_2.trim() }),
      ...(place && { placeName: place }),
    },
    themes: civilians > 0 || oneSided ? ['protection_of_civilians'] : [],
    categories: civilians > 0 || oneSided ? ['killing'] : [],
    ...(violenceType && { violenceType }),
    actors: [sideA, sideB]
      .filter(Boolean)
      .map((name, i) => ({ name, actorType: actorTypeOf(name), role: oneSided ? (i === 0 ? 'perpetrator' : 'target') : 'other' })),
    casualties: cells.filter((c) => c.best > 0 || c.high > 0).map((c) => ({ kind: 'killed', status: c.status, low: c.low, best: c.best, high: c.high })),
    sources: [
      {
        ref: 'GED',
        sourceType: 'dataset',
        description: `UCDP GED event ${row.id}${row.relid ? ` (${row.relid})` : ''}; ${row.number_of_sources ?? '?'} source(s) coded by UCDP`,
        // UCDP codes only what it judges reliable; clear events are graded higher than unclear ones.
        reliability: 'B',
        credibility: row.event_clarity === '1' ? 2 : 3,
      },
    ],
    origin: { dataset: GED_DATASET, externalId: String(row.id ?? ''), ...(GED_EVENT_TYPE[type] && { eventType: GED_EVENT_TYPE[type] }) },
  };
}

export const GED_EXPORT_COLUMNS = [
  'id',
  'year',
  'type_of_violence',
  'conflict_name',
  'dyad_name',
  'side_a',
  'side_b',
  'number_of_sources',
  'source_article',
  'where_prec',
  'where_coordinates',
  'where_description',
  'adm_1',
  'adm_2',
  'latitude',
  'longitude',
  'geom_wkt',
  'country',
  'event_clarity',
  'date_prec',
  'date_start',
  'date_end',
  'deaths_a',
  'deaths_b',
  'deaths_civilians',
  'deaths_unknown',
  'best',
  'high',
  'low',
  // Haven's own, after GED's columns (GED readers take columns by name and pass over these): the record's id and
  // origin, so the export re-imports as the same records.
  'haven_id',
  'haven_origin_dataset',
  'haven_origin_external_id',
  'haven_origin_event_type',
  'haven_exercise',
] as const;
type GedExportColumn = (typeof GED_EXPORT_COLUMNS)[number];

const VIOLENCE_CODE: Record<string, string> = { state_based: '1', non_state: '2', one_sided: '3' };

/**
 * An incident as a GED-shaped row, for tools that read GED. Lossy by nature: GED has no themes or grades, and its
 * sides a and b are the own and allied forces (a) against the opposing force and other combatants (b).
 */
export function incidentToGedRow(incident: Incident): Record<GedExportColumn, string> {
  const killed = (statuses: PersonStatus[]) => totalOf(incident.casualties, 'killed', statuses).best;
  const first = incident.actors.find((a) => a.role !== 'target');
  const second = incident.actors.find((a) => a !== first);
  const sideA = first?.name ?? '';
  const sideB = second?.name ?? '';
  return {
    id: incident.origin.dataset === GED_DATASET && incident.origin.externalId ? incident.origin.externalId : incident.id,
    year: incident.dateEarliest.slice(0, 4),
    type_of_violence: VIOLENCE_CODE[incident.violenceType ?? ''] ?? '',
    conflict_name: '',
    dyad_name: sideA && sideB ? `${sideA} - ${sideB}` : sideA,
    side_a: sideA,
    side_b: sideB,
    number_of_sources: String(incident.sources.length),
    source_article: incident.sources.map((s) => s.description).join('; '),
    where_prec: String(ucdpCodeOf(LOCATION_PRECISIONS, incident.location.precision)),
    where_coordinates: incident.location.placeName ?? '',
    where_description: incident.title,
    adm_1: incident.location.admin1 ?? '',
    adm_2: incident.location.admin2 ?? '',
    latitude: String(incident.location.lat),
    longitude: String(incident.location.lon),
    geom_wkt: `POINT (${incident.location.lon} ${incident.location.lat})`,
    country: countryName(incident.location.country),
    event_clarity: '1',
    date_prec: String(ucdpCodeOf(DATE_PRECISIONS, incident.datePrecision)),
    date_start: incident.dateEarliest,
    date_end: incident.dateLatest,
    deaths_a: String(killed(['own_force', 'allied_force'])),
    deaths_b: String(killed(['opposing_force', 'combatant'])),
    deaths_civilians: String(killed(['civilian'])),
    deaths_unknown: String(killed(['unknown'])),
    best: String(incident.killed.best),
    high: String(incident.killed.high),
    low: String(incident.killed.low),
    haven_id: incident.id,
    haven_origin_dataset: incident.origin.dataset,
    haven_origin_external_id: incident.origin.externalId ?? '',
    haven_origin_event_type: incident.origin.eventType ?? '',
    haven_exercise: incident.exercise ? 'true' : 'false',
  };
}
