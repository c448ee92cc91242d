import { keyedRows, pointFromCells, validateRow, type CellIssue, type KeyedRow, type MappedRow } from './place-record.js';
import { zoneInputSchema, type ZoneData, type ZoneStatus } from './zone.schema.js';

/**
 * Zone imports: GeoJSON features (properties are the zone's fields) and the compilation of humanitarian corridors
 * proposed and agreed in Ukraine, March–May 2022 (docs/formats/zones.md).
 */
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Maps a FeatureCollection (or a single Feature) of zones; never throws. */
export function mapZoneFeatures(collection: unknown, dataset?: string): MappedRow<ZoneData>[] {
  if (isObject(collection) && collection.type === 'Feature') return [mapZoneFeature(1, collection, dataset)];
  if (!isObject(collection) || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    return [{ row: 0, ok: false, rejections: [{ row: 0, field: 'type', message: 'expected a GeoJSON FeatureCollection with a "features" array' }] }];
  }
  return collection.features.map((feature: unknown, index) => mapZoneFeature(index + 1, feature, dataset));
}

export function mapZoneFeature(row: number, feature: unknown, dataset?: string): MappedRow<ZoneData> {
  if (!isObject(feature) || feature.type !== 'Feature') return { row, ok: false, rejections: [{ row, field: 'type', message: 'is not a GeoJSON Feature' }] };
  const props = isObject(feature.properties) ? feature.properties : {};
  const source = isObject(props.source) ? props.source : {};
  const candidate = { ...props, geometry: feature.geometry, source: { ...source, dataset: dataset ?? source.dataset ?? 'geojson' } };
  return validateRow(zoneInputSchema, row, candidate, [], (path) => (path.startsWith('geometry') ? 'geometry' : `properties.${path}`));
}

export const CORRIDORS_DATASET = 'peacerep-ukraine-corridors-2022';
/** The width given to a corridor the source draws only as origin and destination: a road and the land either side. */
export const CORRIDOR_DEFAULT_WIDTH_KM = 10;
/** Neither the source nor its news reports reliably name who committed to a corridor; it only holds if both sides hold fire. */
export const CORRIDOR_PARTIES = ['Russian Federation', 'Ukraine'] as const;

const CORRIDOR_COLUMNS = ['HC_ID', 'date', 'proposal', 'status_result', 'From', 'To', 'from_latitude', 'from_longitude', 'to_latitude', 'to_longitude'];

/**
 * The outcome columns as a zone status. `status_result` is the compilation's verdict; where the outcome is unknown,
 * `proposal` tells an agreed corridor from one proposed by one side.
 */
export function corridorStatus(statusResult: string, proposal: string): ZoneStatus | undefined {
  switch (statusResult.trim().toLowerCase()) {
    case 'successful':
      return 'in_force';
    case 'unsuccessful/disrupted':
      return 'failed';
    case 'disputed':
      return 'disputed';
    case 'proposed route/outcome unknown':
      return proposal.trim().toLowerCase() === 'agreed' ? 'agreed' : 'proposed';
    default:
      return undefined;
  }
}

const PROPOSERS: Readonly<Record<string, string>> = { agreed: 'agreed by both sides', russia: 'proposed by Russia', ukraine: 'proposed by Ukraine' };

/** Maps the corridor file's rows (the first row is the header); never throws. */
export function mapUkraineCorridors(rows: readonly (readonly string[])[]): MappedRow<ZoneData>[] {
  const { header, rows: keyed } = keyedRows(rows);
  const missing = CORRIDOR_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    return [{ row: 1, ok: false, rejections: missing.map((column) => ({ row: 1, field: column, message: `the corridor file needs a "${column}" column; is this the right file?` })) }];
  }
  return keyed.map(mapCorridorRow);
}

export function mapCorridorRow({ row, cells }: KeyedRow): MappedRow<ZoneData> {
  const cell = (column: string) => cells[column] ?? '';
  const issues: CellIssue[] = [];
  const origin = pointFromCells({ column: 'from_latitude', text: cell('from_latitude') }, { column: 'from_longitude', text: cell('from_longitude') });
  for (const issue of origin.issues) issues.push({ field: issue.field, message: `the corridor's origin: ${issue.message}` });
  const destinationGiven = cell('to_latitude') !== '' || cell('to_longitude') !== '';
  const destination = destinationGiven ? pointFromCells({ column: 'to_latitude', text: cell('to_latitude') }, { column: 'to_longitude', text: cell('to_longitude') }) : undefined;
  for (const issue of destination?.issues ?? []) issues.push({ field: issue.field, message: `the corridor's destination: ${issue.message}` });
  if (cell('HC_ID') === '') issues.push({ field: 'HC_ID', message: 'the corridor has no id: it cannot be matched on re-import' });
  const status = corridorStatus(cell('status_result'), cell('proposal'));
  if (!status) issues.push({ field: 'status_result', message: `"${cell('status_result')}" is not an outcome this mapping knows (successful, unsuccessful/disrupted, disputed, proposed route/outcome unknown)` });

  const from = origin.point?.coordinates;
  const to = destination?.point?.coordinates;
  // A corridor whose destination is missing, or is its origin, is a place: the zone is a circle around it.
  const geometry = from && to && (from[0] !== to[0] || from[1] !== to[1]) ? { type: 'LineString', coordinates: [from, to] } : from && { type: 'Point', coordinates: from };
  const link = cell('Link')
    .split(/\s*;+\s*|\s+/)
    .find((l) => /^https?:\/\/\S+$/.test(l));
  const place = (name: string, region: string, country: string) => [name, region, country].filter(Boolean).join(', ');
  const text = cell('text');
  const candidate: Record<string, unknown> = {
    name: `Humanitarian corridor ${cell('From') || cell('from_name')} → ${cell('To') || cell('to_name') || 'destination not given'}`.slice(0, 500),
    kind: 'humanitarian_corridor',
    geometry,
    widthKm: CORRIDOR_DEFAULT_WIDTH_KM,
    validFrom: cell('date'),
    validTo: cell('date'),
    partiesBound: [...CORRIDOR_PARTIES],
    status,
    source: {
      dataset: CORRIDORS_DATASET,
      externalId: cell('HC_ID'),
      ...(cell('article_source_id') && { description: `PeaceRep compilation, article ${cell('article_source_id')}` }),
      ...(link && { url: link }),
    },
    notes: [
      PROPOSERS[cell('proposal').trim().toLowerCase()] ?? (cell('proposal') && `proposal: ${cell('proposal')}`),
      cell('status_extra') && `outcome: ${cell('status_extra')}`,
      `from ${place(cell('from_name') || cell('From'), cell('from_adm1_name'), cell('from_country_code'))}`,
      `to ${place(cell('to_name') || cell('To'), cell('to_adm1_name'), cell('to_country_code'))}${destinationGiven ? '' : ' (not placed)'}`,
      text && `report: ${text.length > 5000 ? `${text.slice(0, 5000)}…` : text}`,
    ]
      .filter(Boolean)
      .join('; '),
  };
  const columns: Record<string, string> = { validFrom: 'date', validTo: 'date', name: 'From', 'source.externalId': 'HC_ID', 'source.url': 'Link', geometry: 'from_latitude', status: 'status_result' };
  return validateRow(zoneInputSchema, row, candidate, issues, (path) => columns[path.startsWith('geometry') ? 'geometry' : path]);
}
