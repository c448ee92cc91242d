import { alpha3FromAlpha2 } from '../countries.js';
import { countryFromCell, keyedRow, pointFromCells, readRecords, validateRow, type CellIssue, type KeyedRow, type MappedRow, type RecordReader } from './place-record.js';
import { siteInputSchema, type ProtectionBasis, type SiteCategory, type SiteData, type SiteStatus } from './site.schema.js';

/**
 * Mappings for real public lists of protected places, each documented field by field in docs/formats/sites.md.
 * A preset reads the file's own header names; the legal choices (category, basis) are explained there.
 */
export const SITE_PRESETS = ['unesco-whc', 'ss-moh-health', 'wri-gppd', 'ukraine-nuclear-2022'] as const;
export type SitePreset = (typeof SITE_PRESETS)[number];

/** The data set each preset's sites are filed under: the nuclear status list shares GPPD's ids, so its rows update GPPD's. */
export const PRESET_DATASETS: Readonly<Record<SitePreset, string>> = {
  'unesco-whc': 'unesco-whc',
  'ss-moh-health': 'ss-moh-health-facilities',
  'wri-gppd': 'wri-gppd',
  'ukraine-nuclear-2022': 'wri-gppd',
};

/** The columns a preset cannot work without: a file lacking one is the wrong file, refused before any row is read. */
const REQUIRED_COLUMNS: Readonly<Record<SitePreset, readonly string[]>> = {
  'unesco-whc': ['unique_number', 'id_no', 'name_en', 'category', 'danger', 'latitude', 'longitude', 'iso_code'],
  'ss-moh-health': ['#idGeo', 'Facility', 'type', 'Ext Ref', 'State', 'Deleted', 'latitude', 'longitude'],
  'wri-gppd': ['country', 'name', 'gppd_idnr', 'primary_fuel', 'latitude', 'longitude'],
  'ukraine-nuclear-2022': ['gppd_idnr', 'name', 'number_of_reactors_in_operation', 'number_of_reactors_total', 'latitude', 'longitude'],
};

type Candidate = { candidate: Record<string, unknown>; issues: CellIssue[] };
type PresetRow = (cells: Record<string, string>) => Candidate;

/** The list's English names carry inline HTML (`Fujian <em>Tulou</em>`): the name is kept as text. */
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', quot: '"', apos: "'", '#39': "'", lt: '<', gt: '>', nbsp: ' ' };
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|quot|apos|#39|lt|gt|nbsp);/g, (_, entity: string) => ENTITIES[entity] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

const sentence = (parts: readonly (string | false | undefined)[]) => parts.filter((p): p is string => typeof p === 'string' && p !== '').join('; ');
const isUrl = (text: string) => /^https?:\/\/\S+$/.test(text);

/** Coordinates from the file's latitude and longitude columns. */
function placed(cells: Record<string, string>, lat = 'latitude', lon = 'longitude') {
  return pointFromCells({ column: lat, text: cells[lat] }, { column: lon, text: cells[lon] });
}

/**
 * UNESCO World Heritage List (2021 export). Cultural and mixed sites are cultural property; natural sites are filed as
 * `other` (the Hague Convention and AP I art. 53 protect cultural objects, not nature), all with their listing status.
 */
const unescoRow: PresetRow = (cells) => {
  const { point, issues } = placed(cells);
  const kind = cells.category ?? '';
  const natural = kind === 'Natural';
  const codes = (cells.iso_code ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  const country = codes.length === 1 ? alpha3FromAlpha2(codes[0]!) : undefined;
  if (codes.length === 1 && !country) issues.push({ field: 'iso_code', message: `"${codes[0]}" is not an ISO 3166-1 alpha-2 country code` });
  const bases: ProtectionBasis[] = natural ? ['world_heritage_convention'] : ['hague_1954', 'world_heritage_convention'];
  const area = Number(cells.area_hectares);
  return {
    issues,
    candidate: {
      name: plainText(cells.name_en ?? ''),
      category: natural ? 'other' : 'cultural_property',
      culturalProtection: cells.danger === '1' ? 'world_heritage_in_danger' : 'world_heritage',
      geometry: point,
      ...(country && { country }),
      protectionBasis: bases,
      status: 'unknown',
      source: { dataset: PRESET_DATASETS['unesco-whc'], externalId: cells.unique_number, ...(cells.id_no && { url: `https://whc.unesco.org/en/list/${cells.id_no}` }) },
      notes: sentence([
        `${kind} World Heritage site`,
        cells.date_inscribed && `inscribed ${cells.date_inscribed}`,
        cells.danger === '1' && `on the List of World Heritage in Danger (${cells.danger_list || 'listed'})`,
        codes.length > 1 && `transboundary: ${cells.states_name_en}`,
        codes.length === 0 && cells.states_name_en,
        cells.area_hectares && Number.isFinite(area) && area > 0 && `${area} ha`,
      ]),
    },
  };
};

const SS_HOSPITALS = new Set(['County Hospital', 'State Hospital', 'Teaching Hospital', 'Specialized Hospital/Clinic']);
/** Offices and training schools of the health system: civilian objects, but not places where care is given. */
const SS_NOT_CARE = new Set(['County Health Department', 'Ministry of Health', 'Health Training Institutions']);

/** South Sudan Ministry of Health facility list (southsudanhealth.info). */
const southSudanRow: PresetRow = (cells) => {
  const { point, issues } = placed(cells);
  const type = cells.type ?? '';
  const care = !SS_NOT_CARE.has(type);
  const bases: ProtectionBasis[] = !care ? ['api_art52_civilian_object'] : SS_HOSPITALS.has(type) ? ['api_art12_medical_unit', 'gc_iv_art18_hospital'] : ['api_art12_medical_unit'];
  const externalId = cells['Ext Ref'] || (cells['#idGeo'] ? `idGeo-${cells['#idGeo']}` : '');
  if (externalId === '') issues.push({ field: 'Ext Ref', message: 'neither Ext Ref nor #idGeo is given: the row cannot be matched on re-import' });
  const deleted = (cells.Deleted ?? '') !== '';
  return {
    issues,
    candidate: {
      name: cells.Facility,
      category: care ? 'health_facility' : 'other',
      geometry: point,
      country: 'SSD',
      ...(cells.State && { admin1: cells.State }),
      protectionBasis: bases,
      status: 'unknown',
      source: { dataset: PRESET_DATASETS['ss-moh-health'], externalId, url: 'https://www.southsudanhealth.info' },
      notes: sentence([
        type,
        [cells.Payam && `${cells.Payam} payam`, cells.County].filter(Boolean).join(', '),
        cells['Alternate Names'] && `also known as ${cells['Alternate Names']}`,
        deleted && 'marked Deleted in the ministry list',
      ]),
    },
  };
};

/** Global Power Plant Database (WRI): works containing dangerous forces are told apart from other power plants. */
function gppdCategory(fuel: string): { category: SiteCategory; bases: ProtectionBasis[] } {
  if (/^nuclear/i.test(fuel)) return { category: 'nuclear_power_station', bases: ['api_art56_dangerous_forces'] };
  if (/^hydro/i.test(fuel)) return { category: 'dam_or_dyke', bases: ['api_art56_dangerous_forces'] };
  return { category: 'power', bases: ['api_art52_civilian_object'] };
}

const gppdRow: PresetRow = (cells) => {
  const { point, issues } = placed(cells);
  const fuel = cells.primary_fuel ?? '';
  const { category, bases } = gppdCategory(fuel);
  const country = countryFromCell(cells.country ?? '');
  if (!country) issues.push({ field: 'country', message: `"${cells.country ?? ''}" is not a country code` });
  return {
    issues,
    candidate: {
      name: cells.name,
      category,
      geometry: point,
      ...(country && { country }),
      protectionBasis: bases,
      status: 'unknown',
      source: {
        dataset: PRESET_DATASETS['wri-gppd'],
        externalId: cells.gppd_idnr,
        description: sentence(['Global Power Plant Database (WRI)', cells.source && `via ${cells.source}`]),
        ...(cells.url && isUrl(cells.url) && { url: cells.url }),
      },
      notes: sentence([
        fuel && `${fuel} power plant`,
        cells.capacity_mw && `${cells.capacity_mw} MW`,
        cells.commissioning_year && `commissioned ${cells.commissioning_year}`,
        cells.owner && `owner ${cells.owner}`,
      ]),
    },
  };
};

/** Ukraine's nuclear plants and their 2022 status (NEA, IAEA), keyed by GPPD id so each updates its GPPD row. */
const ukraineNuclearRow: PresetRow = (cells) => {
  const { point, issues } = placed(cells);
  const operating = Number(cells.number_of_reactors_in_operation);
  const total = Number(cells.number_of_reactors_total);
  const status: SiteStatus = !Number.isFinite(operating) || cells.number_of_reactors_in_operation === '' ? 'unknown' : operating > 0 ? 'functioning' : 'closed';
  const sourceUrl = cells.additional_info_source_url ?? '';
  return {
    issues,
    candidate: {
      name: cells.name,
      category: 'nuclear_power_station',
      geometry: point,
      country: 'UKR',
      protectionBasis: ['api_art56_dangerous_forces'],
      status,
      source: {
        dataset: PRESET_DATASETS['ukraine-nuclear-2022'],
        externalId: cells.gppd_idnr,
        description: sentence(['Ukraine nuclear power plants, status 2022', cells.addition_info_source]),
        ...(isUrl(sourceUrl) && { url: sourceUrl }),
      },
      notes: sentence([
        cells.primary_fuel,
        Number.isFinite(operating) && Number.isFinite(total) && cells.number_of_reactors_total !== '' && `${operating} of ${total} reactors in operation${cells.date_recording_reactors ? ` (${cells.date_recording_reactors})` : ''}`,
        cells.inspection_info,
        cells.other_events && `${cells.other_events}${cells.date_events ? ` (${cells.date_events})` : ''}`,
      ]),
    },
  };
};

const PRESET_ROWS: Readonly<Record<SitePreset, PresetRow>> = {
  'unesco-whc': unescoRow,
  'ss-moh-health': southSudanRow,
  'wri-gppd': gppdRow,
  'ukraine-nuclear-2022': ukraineNuclearRow,
};

/** Which source column a site field comes from, per preset, for rejections. */
const PRESET_COLUMNS: Readonly<Record<SitePreset, Readonly<Record<string, string>>>> = {
  'unesco-whc': { name: 'name_en', geometry: 'latitude', country: 'iso_code', 'source.externalId': 'unique_number' },
  'ss-moh-health': { name: 'Facility', geometry: 'latitude', admin1: 'State', 'source.externalId': 'Ext Ref' },
  'wri-gppd': { name: 'name', geometry: 'latitude', country: 'country', 'source.externalId': 'gppd_idnr', 'source.url': 'url' },
  'ukraine-nuclear-2022': { name: 'name', geometry: 'latitude', 'source.externalId': 'gppd_idnr', 'source.url': 'additional_info_source_url' },
};

/** The source column a preset reads the external id from (named when two rows share one). */
export const presetExternalIdColumn = (preset: SitePreset): string => PRESET_COLUMNS[preset]['source.externalId'] ?? 'source.externalId';

/** Maps the rows of a preset's file (the first row is the header); never throws. */
export function mapSitePreset(preset: SitePreset, rows: readonly (readonly string[])[]): MappedRow<SiteData>[] {
  return readRecords(sitePresetReader(preset), rows);
}

/** Reads a preset's file record by record; a header without a column the preset needs refuses the file. */
export function sitePresetReader(preset: SitePreset): RecordReader<SiteData> {
  let header: string[] | undefined;
  const read: RecordReader<SiteData>['read'] = (record, index) => {
    if (!header) {
      header = record.map((h) => h.trim());
      const missing = REQUIRED_COLUMNS[preset].filter((column) => !header!.includes(column));
      if (missing.length === 0) return {};
      return { stop: true, mapped: { row: 1, ok: false, rejections: missing.map((column) => ({ row: 1, field: column, message: `the ${preset} preset needs a "${column}" column; is this the right file?` })) } };
    }
    const keyed = keyedRow(header, record, index);
    return keyed ? { mapped: mapPresetRow(preset, keyed) } : {};
  };
  return { read, end: () => undefined };
}

export function mapPresetRow(preset: SitePreset, { row, cells }: KeyedRow): MappedRow<SiteData> {
  const { candidate, issues } = PRESET_ROWS[preset](cells);
  const columns = PRESET_COLUMNS[preset];
  return validateRow(siteInputSchema, row, candidate, issues, (path) => columns[path.startsWith('geometry') ? 'geometry' : path]);
}
