import { alpha3FromNumeric, lookUpCountry } from '../countries.js';
import type { ActorRole, ActorType, Category, LocationPrecision, PersonStatus, Theme, ViolenceType } from '../taxonomy.js';
import type { CarriedField } from '../incident-merge.js';
import type { IncidentInput } from '../incident.schema.js';
import { addDays, parseDateWindow, type DateOrder, type DateWindow } from './dates.js';
import { readDateCell } from './date-order.js';
import { columnIssue, type MappedRecord } from './mapped-record.js';

/**
 * ACLED events into incidents, every column set ACLED has published: the current one (event and sub-event types,
 * inter codes named or numeric, civilian_targeting, assoc_actor_1/2, numeric iso), that of 2019–2022 (numeric inter
 * codes, no civilian_targeting) and the legacy version 6/7 files (UPPERCASE headers, ALLY_ACTOR_1/2, the old event
 * types, GWNO and no ISO). The row's keys are lower case (the file's header, lower-cased). Field by field, with the
 * reasons, in docs/formats/acled.md.
 */
export const ACLED_DATASET = 'acled';

export type AcledRow = Record<string, string | undefined>;

/** ACLED's actor types ("inter" codes, 1–8; 0 where there is no second actor), by number and by name. */
export const ACLED_INTER_CODES = {
  1: 'State forces',
  2: 'Rebel group',
  3: 'Political militia',
  4: 'Identity militia',
  5: 'Rioters',
  6: 'Protesters',
  7: 'Civilians',
  8: 'External/Other forces',
} as const;
type InterCode = keyof typeof ACLED_INTER_CODES;

const INTER_ACTOR_TYPE: Record<InterCode, ActorType> = {
  1: 'state_force',
  2: 'non_state_armed_group',
  3: 'militia',
  4: 'militia',
  5: 'civilians',
  6: 'civilians',
  7: 'civilians',
  8: 'international_force',
};

/** Names ACLED has given its actor types, in its current files and its older codebooks, to their code. */
const INTER_BY_NAME = new Map<string, InterCode>([
  ...Object.entries(ACLED_INTER_CODES).map(([code, name]) => [name.toLowerCase(), Number(code) as InterCode] as const),
  ['state force', 1],
  ['government or mutinous force', 1],
  ['rebel groups', 2],
  ['rebel force', 2],
  ['political militias', 3],
  ['identity militias', 4],
  ['ethnic militia', 4],
  ['communal militia', 4],
  ['rioter', 5],
  ['protester', 6],
  ['civilian', 7],
  ['external/other force', 8],
  ['outside/external force', 8],
]);

/** What kind of event an ACLED event type is, whatever the version that named it. */
type EventKind = 'battle' | 'remote' | 'civilians' | 'demonstration' | 'strategic';

const EVENT_KIND: Record<string, EventKind> = {
  // Current and 2019–2022 event types.
  battles: 'battle',
  'explosions/remote violence': 'remote',
  'violence against civilians': 'civilians',
  protests: 'demonstration',
  riots: 'demonstration',
  'strategic developments': 'strategic',
  // Version 6/7 event types.
  'battle-no change of territory': 'battle',
  'battle-government regains territory': 'battle',
  'battle-non-state actor overtakes territory': 'battle',
  'remote violence': 'remote',
  'riots/protests': 'demonstration',
  'strategic development': 'strategic',
  'headquarters or base established': 'strategic',
  'non-violent transfer of territory': 'strategic',
};

/** Sub-event types that are themselves a kind of harm in Haven's taxonomy. */
const SUB_EVENT_HARM: Record<string, { themes: Theme[]; categories: Category[] }> = {
  'sexual violence': { themes: ['conflict_related_sexual_violence'], categories: ['other_sexual_violence'] },
  'abduction/forced disappearance': { themes: ['protection_of_civilians'], categories: ['abduction'] },
  'looting/property destruction': { themes: ['protection_of_civilians'], categories: ['destruction_of_homes_or_services'] },
};

/** ACLED `geo_precision` 1 (the named town), 2 (near it, or part of a region), 3 (a larger region). */
const GEO_PRECISION: Record<string, LocationPrecision> = { '1': 'exact', '2': 'within_25km', '3': 'admin1' };

/** ACLED names a state's own forces "Military Forces of …", "Police Forces of …" (with the years of the government). */
const STATE_FORCE_NAME = /^(military|police|naval|air) forces of /i;

function dateWindow(date: DateWindow, timePrecision: string): DateWindow {
  // time_precision 2: within a week of the date given; 3: within its month.
  if (timePrecision === '2') return { earliest: addDays(date.earliest, -3), latest: addDays(date.earliest, 3), precision: 'week' };
  if (timePrecision === '3') return parseDateWindow(date.earliest.slice(0, 7)) ?? date;
  return date;
}

/** An inter code cell: a digit, or the type's name; empty (or 0, "no actor") is undefined. */
function interCode(text: string): InterCode | undefined | 'invalid' {
  const t = text.trim().toLowerCase();
  if (t === '' || t === '0') return undefined;
  if (/^[1-8]$/.test(t)) return Number(t) as InterCode;
  return INTER_BY_NAME.get(t) ?? 'invalid';
}

interface Side {
  names: string[];
  code: InterCode | undefined;
  /** A state's forces: inter code 1, or an external force (8) that ACLED names as a state's military or police. */
  state: boolean;
  type: ActorType;
}

function sideOf(actor: string, allies: string, code: InterCode | undefined): Side {
  const names = [actor, ...allies.split(';')].map((n) => n.trim()).filter(Boolean);
  const stateAbroad = code === 8 && STATE_FORCE_NAME.test(actor);
  return { names, code, state: code === 1 || stateAbroad, type: code === undefined ? 'unknown' : stateAbroad ? 'state_force' : INTER_ACTOR_TYPE[code] };
}

export function acledRowToIncident(row: AcledRow, options: { fatalityRange?: (fatalities: number) => { low: number; high: number }; order?: DateOrder } = {}): MappedRecord {
  const issues = [];
  // String(): GeoJSON properties shaped like ACLED rows may hold numbers where a CSV holds text.
  const get = (column: string) => String(row[column] ?? '').trim();
  // Numeric dates are read in the order the importer found for the file (day-first when not said).
  const { window: parsed, issue: dateIssue } = readDateCell('event_date', get('event_date'), options.order ? { order: options.order } : {});
  if (dateIssue) issues.push(dateIssue);
  const when = parsed && dateWindow(parsed, get('time_precision'));

  // The numeric ISO code where the file has one (current files), else the country's name (legacy files have no ISO).
  const iso = get('iso');
  const byIso = iso && /^\d{1,3}$/.test(iso) ? alpha3FromNumeric(iso.padStart(3, '0')) : undefined;
  const byName = lookUpCountry(get('country'));
  const country = byIso ?? ('code' in byName ? byName.code : undefined);
  if (!country) {
    const isoNote = iso ? `; iso ${iso} is not an ISO 3166-1 numeric code Haven knows either` : '';
    issues.push(columnIssue('country' in row || !iso ? 'country' : 'iso', `${'refused' in byName ? byName.refused : ''}${isoNote}`));
  }
  const fatalities = Number(get('fatalities') || '0');
  if (!Number.isInteger(fatalities) || fatalities < 0) issues.push(columnIssue('fatalities', `"${get('fatalities')}" is not a count`));

  const eventTypeText = get('event_type');
  const subEventText = get('sub_event_type');
  const kind = EVENT_KIND[eventTypeText.toLowerCase()];
  if (!kind) {
    issues.push(columnIssue('event_type', `"${eventTypeText}" is not an ACLED event type (current: Battles, Explosions/Remote violence, Violence against civilians, Protests, Riots, Strategic developments; or a version 6/7 type such as Battle-No change of territory)`));
  }
  const subEvent = subEventText.toLowerCase();

  // Actor types: the inter1/inter2 columns, or the two digits of the interaction code where those are missing.
  const interaction = get('interaction');
  const codes = [1, 2].map((n) => {
    const column = `inter${n}`;
    const text = get(column) || (/^\d{2}$/.test(interaction) ? interaction[n - 1]! : '');
    const code = interCode(text);
    if (code === 'invalid') {
      issues.push(columnIssue(get(column) ? column : 'interaction', `"${text}" is not an ACLED actor type (1–8, or a name such as "State forces")`));
      return undefined;
    }
    return code;
  });
  const first = sideOf(get('actor1'), get('assoc_actor_1') || get('ally_actor_1'), codes[0]);
  const second = sideOf(get('actor2'), get('assoc_actor_2') || get('ally_actor_2'), codes[1]);

  // civilian_targeting ("Civilian targeting") is in current files only; before it, civilians as a side (inter 7) said so.
  const civilianTargeting = get('civilian_targeting') !== '';
  const civiliansTargeted = civilianTargeting || (second.code === 7 && first.code !== 7) || (first.code === 7 && second.code !== 7);

  let violenceType: ViolenceType = 'other';
  if (kind === 'civilians') violenceType = 'one_sided';
  else if (kind === 'remote' && civiliansTargeted) violenceType = 'one_sided';
  else if (kind === 'battle' || kind === 'remote') violenceType = first.state || second.state ? 'state_based' : 'non_state';

  const harm = SUB_EVENT_HARM[subEvent];
  const themes = new Set<Theme>(harm?.themes ?? []);
  const categories = new Set<Category>(harm?.categories ?? []);
  // Civilians harmed: violence against civilians (the codebook: its fatalities are civilians), civilian targeting, or
  // an attack from afar on civilians.
  const civilianHarm = kind === 'civilians' || civilianTargeting || (kind === 'remote' && civiliansTargeted);
  if (civilianHarm) {
    themes.add('protection_of_civilians');
    if (fatalities > 0) categories.add('killing');
  }

  const range = options.fatalityRange?.(fatalities) ?? { low: fatalities, high: fatalities };
  const status: PersonStatus = civilianHarm ? 'civilian' : 'unknown';
  // One-sided: the side that is not the civilians is the perpetrator (actor 1 unless it is the civilians' side).
  const oneSided = violenceType === 'one_sided';
  const [perpetrators, targets] = first.code === 7 && second.code !== 7 && second.names.length ? [second, first] : [first, second];
  const actors = [perpetrators, targets].flatMap((side) => {
    const role: ActorRole = !oneSided ? 'other' : side === perpetrators ? 'perpetrator' : 'target';
    return side.names.map((name) => ({ name, actorType: side.type, role }));
  });

  const place = get('location');
  const id = get('event_id_cnty');
  const eventType = [eventTypeText, subEventText].filter(Boolean).join(' / ').slice(0, 120);
  const input: IncidentInput = {
    title: `${subEventText || eventTypeText || 'Event'}${place ? `, ${place}` : ''}`,
    narrative: [get('notes'), get('tags') ? `Tags: ${get('tags')}` : ''].filter(Boolean).join('\n\n'),
    dateEarliest: when?.earliest ?? '',
    dateLatest: when?.latest ?? '',
    datePrecision: when?.precision ?? 'day',
    location: {
      lat: Number(get('latitude') || Number.NaN),
      lon: Number(get('longitude') || Number.NaN),
      precision: GEO_PRECISION[get('geo_precision')] ?? 'region',
      country: country ?? '',
      ...(get('admin1') && { admin1: get('admin1') }),
      ...(get('admin2') && { admin2: get('admin2') }),
      ...(place && { placeName: place }),
    },
    themes: [...themes],
    categories: [...categories],
    violenceType,
    actors,
    casualties: fatalities > 0 || range.high > 0 ? [{ kind: 'killed', status, low: Math.min(range.low, fatalities), best: fatalities, high: Math.max(range.high, fatalities) }] : [],
    sources: [
      {
        ref: 'ACLED',
        sourceType: 'dataset',
        description: `ACLED event ${id}; ${get('source_scale') ? `${get('source_scale')} sources: ` : 'sources: '}${get('source') || 'not named'}`.slice(0, 1000),
        reliability: 'B',
        credibility: 3,
      },
    ],
    origin: { dataset: ACLED_DATASET, externalId: id, ...(eventType && { eventType }) },
  };
  // An update takes what ACLED records; the title, themes, categories and source note are composed here, so an update
  // keeps what the record holds (an analyst's grading and classification included).
  const carried = new Set<CarriedField>(['dateEarliest', 'dateLatest', 'datePrecision', 'location', 'violenceType', 'casualties.killed', 'origin']);
  if (GEO_PRECISION[get('geo_precision')]) carried.add('location.precision');
  if (get('admin1')) carried.add('location.admin1');
  if (get('admin2')) carried.add('location.admin2');
  if (place) carried.add('location.placeName');
  if (actors.length) carried.add('actors');
  if (input.narrative) carried.add('narrative');
  return { input, issues, carried };
}
