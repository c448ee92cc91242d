import { alpha3FromName, isCountryCode } from '../countries.js';
import type { FieldIssue } from '../errors.js';
import type { Carried, CarriedField } from '../incident-merge.js';
import type { CasualtyCount, Incident, IncidentInput } from '../incident.schema.js';
import {
  AGE_GROUPS,
  CASUALTY_GROUPS,
  CASUALTY_KINDS,
  CATEGORY_DEFINITIONS,
  DATE_PRECISIONS,
  LOCATION_PRECISIONS,
  PERSON_STATUSES,
  SEXES,
  THEMES,
  VIOLENCE_TYPES,
  type AgeGroup,
  type CasualtyGroup,
  type CasualtyKind,
  type Category,
  type PersonStatus,
  type Sex,
  type Theme,
  type ViolenceType,
} from '../taxonomy.js';
import type { DateReadOptions } from './dates.js';
import { endBeforeStart, readDateCell } from './date-order.js';
import { hxlPattern, matches, modernise, parseHashtagSpec, type HxlColumn } from './hxl-tags.js';
import { carriedWhereChanged, columnIssue, type MappedRecord } from './mapped-record.js';
import { restoreFormula } from './spreadsheet-safety.js';

/**
 * HXL rows into incidents; the tags read are documented in docs/formats/hxl.md. Columns are chosen by hashtag and
 * attributes only.
 */
export class HxlIncidentMapping {
  private readonly columns: HxlColumn[];

  constructor(
    columns: readonly HxlColumn[],
    private readonly dataset: string,
    /** How numeric dates are read: the importer decides the order per file. */
    private readonly dates: DateReadOptions = {},
  ) {
    this.columns = columns.map(modernise);
  }

  /** The columns dates are read from (start, then end), for deciding the file's date order. */
  dateColumns(): HxlColumn[] {
    return [this.dateStartColumn(), this.first('#date+end')].filter((c): c is HxlColumn => c !== undefined);
  }

  /**
   * The columns that show the file is an aggregate table (counts per area and period) rather than a list of
   * incidents; empty when it is not. A table is aggregate when it counts events (`#event+num`) or gives its dates as
   * periods only (`#date+month`, `#date+year`) beside counts, and names no event (`#event+id`).
   */
  aggregateColumns(): HxlColumn[] {
    if (this.first('#event+id') || this.first('#event+code')) return [];
    const COUNTING = ['num', 'count', 'total'];
    const PERIODS = ['month', 'year', 'week', 'quarter'];
    const eventCounts = this.columns.filter((c) => (c.tag === '#event' || c.tag === '#fatality') && COUNTING.some((a) => c.attributes.has(a)));
    const periods = this.columns.filter((c) => c.tag === '#date' && PERIODS.some((a) => c.attributes.has(a)));
    const start = this.dateStartColumn();
    const periodOnly = periods.length > 0 && (!start || periods.includes(start));
    const counts = this.columns.filter((c) => !periods.includes(c) && (c.tag === '#affected' || c.tag === '#fatality' || COUNTING.some((a) => c.attributes.has(a))));
    if (eventCounts.length) return [...eventCounts, ...periods];
    if (periodOnly && counts.length) return [...periods, ...counts];
    return [];
  }

  /** The modern spec a column is read as (legacy tags are rewritten). */
  specOf(column: HxlColumn): string {
    return modernise(column).spec;
  }

  /** What the file lacks to describe incidents at all: checked once, before any row is read. */
  missingColumns(): string[] {
    const missing: string[] = [];
    if (!this.first('#geo+lat') || !this.first('#geo+lon')) missing.push('#geo+lat and #geo+lon (the location)');
    if (!this.dateStartColumn()) missing.push('#date (+start or +occurred: when it happened)');
    if (!this.first('#country+code') && !this.first('#country')) missing.push('#country+code (ISO 3166-1 alpha-3) or #country+name');
    if (!this.columns.some((c) => c.tag === '#affected') && !this.first('#event')) missing.push('#event or #affected+killed/+injured/… (what happened)');
    return missing;
  }

  map(cells: readonly string[], contentId: string): MappedRecord {
    const issues: FieldIssue[] = [];
    const value = (column: HxlColumn | undefined) => (column ? restoreFormula((cells[column.index] ?? '').trim()) : '');
    const text = (pattern: string) => value(this.first(pattern));

    const startColumn = this.dateStartColumn();
    const startColumnName = startColumn?.spec ?? '#date';
    const { window: start, issue: startIssue } = readDateCell(startColumnName, value(startColumn), this.dates);
    if (startIssue) issues.push(startIssue);
    const endText = text('#date+end');
    const endRead = endText ? readDateCell('#date+end', endText, this.dates) : undefined;
    const end = endRead ? endRead.window : start;
    if (endRead?.issue) issues.push(endRead.issue);
    const reversed = endRead?.window && start && endBeforeStart(startColumnName, start, '#date+end', endRead.window, endText);
    if (reversed) issues.push(reversed);

    const lat = Number(text('#geo+lat'));
    const lon = Number(text('#geo+lon'));
    if (text('#geo+lat') === '' || !Number.isFinite(lat)) issues.push(columnIssue('#geo+lat', `"${text('#geo+lat')}" is not a latitude`));
    if (text('#geo+lon') === '' || !Number.isFinite(lon)) issues.push(columnIssue('#geo+lon', `"${text('#geo+lon')}" is not a longitude`));
    const code = text('#country+code').toUpperCase();
    const name = text('#country+name') || text('#country-code');
    const country = code && isCountryCode(code) ? code : name ? alpha3FromName(name) : undefined;
    if (!country) issues.push(columnIssue(code ? '#country+code' : '#country', `"${code || name}" is not a country Haven knows`));

    const precisionText = text('#geo+precision');
    const precision = LOCATION_PRECISIONS.find((p) => p === precisionText) ?? LOCATION_PRECISIONS[Number(precisionText) - 1] ?? 'within_25km';
    const datePrecisionText = text('#date+precision');
    const datePrecision = DATE_PRECISIONS.find((p) => p === datePrecisionText) ?? (end && start && end.latest !== start.earliest && start.precision === 'day' ? 'days' : (start?.precision ?? 'day'));

    const violenceText = text('#event+type+violence');
    // Haven's names, or UCDP's codes 1–3.
    const violenceType: ViolenceType | undefined = VIOLENCE_TYPES.find((v) => v === violenceText) ?? UCDP_VIOLENCE[violenceText];
    if (violenceText && !violenceType) issues.push(columnIssue('#event+type+violence', `"${violenceText}" is not a type of violence (${VIOLENCE_TYPES.join(', ')}, or UCDP's 1–3)`));
    const categories = this.list(cells, '#event+category')
      .concat(this.list(cells, '#event+type-violence'))
      .map((c) => categoryOf(c))
      .filter((c): c is Category => c !== undefined);
    const themes = new Set<Theme>(this.list(cells, '#event+theme').filter((t): t is Theme => (THEMES as readonly string[]).includes(t)));
    for (const category of categories) if (!CATEGORY_DEFINITIONS[category].themes.some((t) => themes.has(t))) themes.add(CATEGORY_DEFINITIONS[category].themes[0]);
    // Every incident needs a theme or a type of violence: armed clashes among combatants may touch no theme.
    if (themes.size === 0 && !violenceType) themes.add('protection_of_civilians');

    const description = this.all('#description').map(value).filter(Boolean).join('\n\n');
    const place = text('#loc+name') || text('#adm2+name') || text('#adm1+name') || text('#adm2') || text('#adm1');
    const title = text('#event+name') || text('#event+title') || description.split('\n')[0]?.slice(0, 200) || `Incident${place ? ` in ${place}` : ''}${start ? `, ${start.earliest}` : ''}`;
    const externalId = text('#event+id') || text('#event+code') || contentId;
    // Haven's own export names the record's origin: its #event+id is then Haven's id, and the row the same record again.
    const originDataset = text('#meta+origin+dataset');
    const havenId = originDataset ? text('#event+id') : '';
    const exerciseText = text('#meta+exercise');

    const input: IncidentInput = {
      title: title.length >= 3 ? title : `Incident ${title}`,
      narrative: description,
      dateEarliest: start?.earliest ?? '',
      dateLatest: end?.latest ?? start?.latest ?? '',
      datePrecision,
      location: {
        lat,
        lon,
        precision,
        country: country ?? '',
        ...(text('#adm1+name') || text('#adm1-code') ? { admin1: text('#adm1+name') || text('#adm1-code') } : {}),
        ...(text('#adm2+name') || text('#adm2-code') ? { admin2: text('#adm2+name') || text('#adm2-code') } : {}),
        ...(text('#loc+name') ? { placeName: text('#loc+name') } : {}),
      },
      themes: [...themes],
      categories: [...new Set(categories)],
      ...(violenceType && { violenceType }),
      actors: this.all('#group').flatMap((c) =>
        value(c)
          .split(';')
          .map((name) => name.trim())
          .filter(Boolean)
          .map((name) => ({
            name,
            actorType: 'unknown' as const,
            role: c.attributes.has('perpetrator') ? ('perpetrator' as const) : c.attributes.has('target') ? ('target' as const) : ('other' as const),
          })),
      ),
      casualties: this.casualties(cells, issues),
      sources: [
        {
          ref: 'HXL',
          sourceType: 'dataset',
          description: text('#meta+source') || `HXL data set ${this.dataset}`,
          // An HXL file carries no grading: say so rather than invent one.
          reliability: 'F',
          credibility: 6,
        },
      ],
      origin: originDataset
        ? { dataset: originDataset, ...(text('#meta+origin+id') && { externalId: text('#meta+origin+id') }), ...(text('#meta+origin+type') && { eventType: text('#meta+origin+type') }) }
        : { dataset: this.dataset, externalId },
      ...(exerciseText && { exercise: exerciseText === 'true' }),
    };
    // An empty cell, or a column the file lacks, carries nothing: an update keeps what the record holds there. The
    // title made up from the place and date, the default theme and precision, and the source note are only written
    // when a row creates a record.
    const carried = new Set<CarriedField>(['dateEarliest', 'dateLatest', 'datePrecision', 'location', 'origin']);
    if (LOCATION_PRECISIONS.find((p) => p === precisionText) ?? LOCATION_PRECISIONS[Number(precisionText) - 1]) carried.add('location.precision');
    for (const part of ['admin1', 'admin2', 'placeName'] as const) if (input.location[part]) carried.add(`location.${part}`);
    if (text('#event+name') || text('#event+title')) carried.add('title');
    if (description) carried.add('narrative');
    if (this.list(cells, '#event+theme').some((t) => (THEMES as readonly string[]).includes(t))) carried.add('themes');
    if (categories.length) carried.add('categories');
    if (input.actors?.length) carried.add('actors');
    for (const cell of input.casualties ?? []) carried.add(`casualties.${cell.kind}`);
    if (violenceType) carried.add('violenceType');
    if (exerciseText) carried.add('exercise');
    if (!havenId) return { input, issues, carried };
    // HXL holds less than Haven (actor types, graded sources, breakdowns): an update takes only what the file changed.
    const carriedGiven = (stored: Incident): Carried => {
      const link = '';
      return carriedWhereChanged(
        HXL_EXPORT_FIELDS,
        (spec) => {
          const column = this.columns.find((c) => c.spec === spec);
          return column ? value(column) : undefined;
        },
        (spec) => HXL_EXPORT_GETTERS.get(spec)!(stored, link),
      );
    };
    return { input, issues, carried, carriedGiven, id: havenId };
  }

  private casualties(cells: readonly string[], issues: FieldIssue[]): CasualtyCount[] {
    type Cell = { kind: CasualtyKind; status: PersonStatus; group?: CasualtyGroup; sex?: Sex; ageGroup?: AgeGroup; low?: number; best?: number; high?: number };
    const found = new Map<string, Cell>();
    for (const column of this.columns) {
      if (column.tag !== '#affected') continue;
      const kind = CASUALTY_KINDS.find((k) => column.attributes.has(k) || (k === 'abducted' && column.attributes.has('kidnapped')));
      if (!kind) continue;
      const raw = (cells[column.index] ?? '').trim();
      if (raw === '') continue;
      const n = Number(raw.replace(/[ ,]/g, ''));
      if (!Number.isInteger(n) || n < 0) {
        issues.push(columnIssue(column.spec, `"${raw}" is not a count of people`));
        continue;
      }
      const status = PERSON_STATUSES.find((s) => column.attributes.has(s)) ?? (column.attributes.has('civilians') ? 'civilian' : 'unknown');
      const sex = column.attributes.has('f') ? 'female' : column.attributes.has('m') ? 'male' : undefined;
      const ageGroup = column.attributes.has('children') ? 'child' : column.attributes.has('adults') ? 'adult' : column.attributes.has('elderly') ? 'elderly' : undefined;
      const group = CASUALTY_GROUPS.find((g) => column.attributes.has(g));
      const key = [kind, status, group ?? '', sex ?? '', ageGroup ?? ''].join('/');
      const cell: Cell = found.get(key) ?? { kind, status, ...(group && { group }), ...(sex && { sex }), ...(ageGroup && { ageGroup }) };
      if (column.attributes.has('min') || column.attributes.has('low')) cell.low = n;
      else if (column.attributes.has('max') || column.attributes.has('high')) cell.high = n;
      else cell.best = n;
      found.set(key, cell);
    }
    const totals = new Map<string, CasualtyCount>();
    for (const cell of found.values()) {
      if (cell.sex || cell.ageGroup) continue;
      const best = cell.best ?? cell.low ?? cell.high ?? 0;
      totals.set(`${cell.kind}/${cell.status}/${cell.group ?? ''}`, { kind: cell.kind, status: cell.status, ...(cell.group && { group: cell.group }), low: Math.min(cell.low ?? best, best), best, high: Math.max(cell.high ?? best, best), breakdown: [] });
    }
    for (const cell of found.values()) {
      if (!cell.sex && !cell.ageGroup) continue;
      const best = cell.best ?? cell.low ?? cell.high ?? 0;
      const key = `${cell.kind}/${cell.status}/${cell.group ?? ''}`;
      const total = totals.get(key) ?? { kind: cell.kind, status: cell.status, ...(cell.group && { group: cell.group }), low: 0, best: 0, high: 0, breakdown: [] };
      if (!totals.has(key)) totals.set(key, total);
      const part = { sex: cell.sex ?? SEXES[2], ageGroup: cell.ageGroup ?? AGE_GROUPS[3], low: Math.min(cell.low ?? best, best), best, high: Math.max(cell.high ?? best, best) };
      total.breakdown.push(part);
    }
    // Where only a breakdown is given, its sum is the total.
    for (const total of totals.values()) {
      if (total.best === 0 && total.breakdown.length) {
        total.low = total.breakdown.reduce((s, b) => s + b.low, 0);
        total.best = total.breakdown.reduce((s, b) => s + b.best, 0);
        total.high = total.breakdown.reduce((s, b) => s + b.high, 0);
      }
    }
    return [...totals.values()];
  }

  private dateStartColumn(): HxlColumn | undefined {
    return this.first('#date+start') ?? this.first('#date+occurred') ?? this.first('#date-end-reported') ?? this.first('#date+reported');
  }

  private first(pattern: string): HxlColumn | undefined {
    const p = hxlPattern(pattern);
    return this.columns.find((c) => matches(c, p));
  }

  private all(pattern: string): HxlColumn[] {
    const p = hxlPattern(pattern);
    return this.columns.filter((c) => matches(c, p));
  }

  private list(cells: readonly string[], pattern: string): string[] {
    return this.all(pattern)
      .flatMap((c) => (cells[c.index] ?? '').split(/[;,|]/))
      .map((s) => s.trim())
      .filter(Boolean);
  }
}

const UCDP_VIOLENCE: Record<string, ViolenceType> = { '1': 'state_based', '2': 'non_state', '3': 'one_sided' };

const CATEGORY_BY_LABEL = new Map(Object.entries(CATEGORY_DEFINITIONS).map(([id, d]) => [d.label.toLowerCase(), id as Category]));

function categoryOf(text: string): Category | undefined {
  const key = text.trim().toLowerCase();
  return key in CATEGORY_DEFINITIONS ? (key as Category) : CATEGORY_BY_LABEL.get(key);
}

type Getter = (incident: Incident, link: string) => string;
/** Header text, hashtag, value, and the fields the column stands for on re-import. */
type HxlExportColumn = readonly [string, string, Getter, readonly CarriedField[]];

/**
 * Every kind × status × (everyone, then each group) × bound: a group count is `#affected+killed+civilian+health_worker`,
 * read back as a part of `#affected+killed+civilian`. Wide, but no count is lost on a round trip.
 */
const casualtyColumns = CASUALTY_KINDS.flatMap((kind) =>
  PERSON_STATUSES.flatMap((status) =>
    [undefined, ...CASUALTY_GROUPS].flatMap((group) =>
      (['best', 'min', 'max'] as const).map((bound): HxlExportColumn => [
        `${kind} ${status.replace('_', ' ')}${group ? ` (${group.replace('_', ' ')}s)` : ''}${bound === 'best' ? '' : ` (${bound === 'min' ? 'low' : 'high'})`}`,
        `#affected+${kind}+${status}${group ? `+${group}` : ''}${bound === 'best' ? '' : `+${bound}`}`,
        (i) => {
          const cell = i.casualties.find((c) => c.kind === kind && c.status === status && c.group === group);
          return cell ? String(bound === 'best' ? cell.best : bound === 'min' ? cell.low : cell.high) : '';
        },
        [`casualties.${kind}`],
      ]),
    ),
  ),
);

/**
 * The columns Haven writes; its own importer reads them all back. The record's origin travels as `#meta+origin+dataset`
 * and `#meta+origin+id` (HXL's #meta is for data about the record; the attributes are Haven's), so an export
 * re-imports as the same records, and `#event+id` is then Haven's id.
 */
export const HXL_EXPORT_COLUMNS: readonly HxlExportColumn[] = [
  ['Incident id', '#event+id', (i) => i.id, []],
  ['Title', '#event+name', (i) => i.title, ['title']],
  ['Narrative', '#description', (i) => i.narrative, ['narrative']],
  ['Date (earliest)', '#date+start', (i) => i.dateEarliest, ['dateEarliest']],
  ['Date (latest)', '#date+end', (i) => i.dateLatest, ['dateLatest']],
  ['Date precision', '#date+precision', (i) => i.datePrecision, ['datePrecision']],
  ['Latitude', '#geo+lat', (i) => String(i.location.lat), ['location']],
  ['Longitude', '#geo+lon', (i) => String(i.location.lon), ['location']],
  ['Location precision', '#geo+precision', (i) => i.location.precision, ['location.precision']],
  ['Country', '#country+code', (i) => i.location.country, ['location']],
  ['Admin 1', '#adm1+name', (i) => i.location.admin1 ?? '', ['location.admin1']],
  ['Admin 2', '#adm2+name', (i) => i.location.admin2 ?? '', ['location.admin2']],
  ['Place', '#loc+name', (i) => i.location.placeName ?? '', ['location.placeName']],
  ['Themes', '#event+theme', (i) => i.themes.join(';'), ['themes']],
  ['Categories', '#event+category', (i) => i.categories.join(';'), ['categories']],
  ['Type of violence', '#event+type+violence', (i) => i.violenceType ?? '', ['violenceType']],
  ['Perpetrators', '#group+perpetrator', (i) => actorNames(i, 'perpetrator'), ['actors']],
  ['Targets', '#group+target', (i) => actorNames(i, 'target'), ['actors']],
  ['Other actors', '#group+other', (i) => actorNames(i, 'other'), ['actors']],
  ...casualtyColumns,
  ['Verification', '#status+verification', (i) => i.verificationStatus, []],
  ['Sources', '#meta+source', (i) => i.sources.map((s) => `${s.description} [${s.reliability}${s.credibility}]`).join('; '), []],
  ['Origin data set', '#meta+origin+dataset', (i) => i.origin.dataset, []],
  ['Origin id', '#meta+origin+id', (i) => i.origin.externalId ?? '', []],
  ['Origin event type', '#meta+origin+type', (i) => i.origin.eventType ?? '', []],
  ['Exercise', '#meta+exercise', (i) => (i.exercise ? 'true' : 'false'), ['exercise']],
  ['Link', '#meta+url', (_i, link) => link, []],
];

function actorNames(incident: Incident, role: 'perpetrator' | 'target' | 'other'): string {
  return incident.actors
    .filter((a) => a.role === role)
    .map((a) => a.name)
    .join(';');
}

/** The export's columns by their normalised spec (attributes sorted, as a file's columns are read). */
const specOf = (tag: string) => parseHashtagSpec(tag, 0)!.spec;
const HXL_EXPORT_GETTERS = new Map(HXL_EXPORT_COLUMNS.map(([, tag, get]) => [specOf(tag), get]));
const HXL_EXPORT_FIELDS = HXL_EXPORT_COLUMNS.filter(([, , , fields]) => fields.length > 0).map(([, tag, , fields]) => [[specOf(tag)], fields] as const);
