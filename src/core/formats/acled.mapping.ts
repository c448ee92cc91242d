import { alpha3FromName, alpha3FromNumeric } from '../countries.js';
import type { ActorType, Category, LocationPrecision, Theme, ViolenceType } from '../taxonomy.js';
import type { CarriedField } from '../incident-merge.js';
import type { IncidentInput } from '../incident.schema.js';
import { addDays, parseDateWindow, type DateOrder, type DateWindow } from './dates.js';
import { readDateCell } from './date-order.js';
import { columnIssue, type MappedRecord } from './mapped-record.js';

/** ACLED events into incidents; field by field in docs/formats/acled.md. */
export const ACLED_DATASET = 'acled';

export type AcledRow = Record<string, string | undefined>;

/** ACLED's interaction codes (inter1/inter2), numeric in older exports, named in newer ones. */
const INTER: Record<string, ActorType> = {
  '1': 'state_force',
  '2': 'non_state_armed_group',
  '3': 'militia',
  '4': 'militia',
  '5': 'civilians',
  '6': 'civilians',
  '7': 'civilians',
  '8': 'international_force',
  'state forces': 'state_force',
  'rebel group': 'non_state_armed_group',
  'political militia': 'militia',
  'identity militia': 'militia',
  rioters: 'civilians',
  protesters: 'civilians',
  civilians: 'civilians',
  'external/other forces': 'international_force',
};

/** Sub-event types that are themselves a kind of harm in Haven's taxonomy. */
const SUB_EVENT_HARM: Record<string, { themes: Theme[]; categories: Category[] }> = {
  'sexual violence': { themes: ['conflict_related_sexual_violence'], categories: ['other_sexual_violence'] },
  'abduction/forced disappearance': { themes: ['protection_of_civilians'], categories: ['abduction'] },
  'looting/property destruction': { themes: ['protection_of_civilians'], categories: ['destruction_of_homes_or_services'] },
  attack: { themes: ['protection_of_civilians'], categories: [] },
};

/** ACLED `geo_precision` 1 (the named town), 2 (near it, or part of a region), 3 (a larger region). */
const GEO_PRECISION: Record<string, LocationPrecision> = { '1': 'exact', '2': 'within_25km', '3': 'admin1' };

function dateWindow(date: DateWindow, timePrecision: string): DateWindow {
  // time_precision 2: within a week of the date given; 3: within its month.
  if (timePrecision === '2') return { earliest: addDays(date.earliest, -3), latest: addDays(date.earliest, 3), precision: 'week' };
  if (timePrecision === '3') {
    const month = parseDateWindow(date.earliest.slice(0, 7))!;
    return month;
  }
  return date;
}

export function acledRowToIncident(row: AcledRow, options: { fatalityRange?: (fatalities: number) => { low: number; high: number }; order?: DateOrder } = {}): MappedRecord {
  const issues = [];
  const get = (column: string) => (row[column] ?? '').trim();
  // Numeric dates are read in the order the importer found for the file (day-first when not said).
  const { window: parsed, issue: dateIssue } = readDateCell('event_date', get('event_date'), options.order ? { order: options.order } : {});
  if (dateIssue) issues.push(dateIssue);
  const when = parsed && dateWindow(parsed, get('time_precision'));

  const iso = get('iso');
  const country = (iso && alpha3FromNumeric(iso.padStart(3, '0'))) || alpha3FromName(get('country'));
  if (!country) issues.push(columnIssue('iso', `neither iso "${iso}" nor country "${get('country')}" is a country Haven knows`));
  const fatalities = Number(get('fatalities') || '0');
  if (!Number.isInteger(fatalities) || fatalities < 0) issues.push(columnIssue('fatalities', `"${get('fatalities')}" is not a count`));

  const eventType = get('event_type').toLowerCase();
  const subEvent = get('sub_event_type').toLowerCase();
  const civilianTargeting = get('civilian_targeting') !== '';
  const actor1Type = INTER[get('inter1').toLowerCase()] ?? 'unknown';
  const actor2Type = INTER[get('inter2').toLowerCase()] ?? 'unknown';
  const armed = (t: ActorType) => t === 'state_force' || t === 'non_state_armed_group' || t === 'militia' || t === 'international_force';

  let violenceType: ViolenceType = 'other';
  if (eventType === 'violence against civilians' || civilianTargeting) violenceType = 'one_sided';
  else if (eventType === 'battles' || eventType === 'explosions/remote violence') {
    violenceType = actor1Type === 'state_force' || actor2Type === 'state_force' ? 'state_based' : 'non_state';
  }
  const harm = SUB_EVENT_HARM[subEvent];
  const themes = new Set<Theme>(harm?.themes ?? []);
  const categories = new Set<Category>(harm?.categories ?? []);
  if (civilianTargeting || eventType === 'violence against civilians') {
    themes.add('protection_of_civilians');
    if (fatalities > 0) categories.add('killing');
  }

  const range = options.fatalityRange?.(fatalities) ?? { low: fatalities, high: fatalities };
  const status = civilianTargeting ? 'civilian' : 'unknown';
  const oneSided = violenceType === 'one_sided';
  const actors = [
    [get('actor1'), actor1Type, oneSided ? 'perpetrator' : 'other'],
    ...get('assoc_actor_1').split(';').map((a) => [a.trim(), actor1Type, oneSided ? 'perpetrator' : 'other']),
    [get('actor2'), actor2Type, oneSided ? 'target' : 'other'],
    ...get('assoc_actor_2').split(';').map((a) => [a.trim(), actor2Type, oneSided ? 'target' : 'other']),
  ].filter(([name]) => name) as [string, ActorType, 'perpetrator' | 'target' | 'other'][];

  const place = get('location');
  const id = get('event_id_cnty');
  const input: IncidentInput = {
    title: `${get('sub_event_type') || get('event_type') || 'Event'}${place ? `, ${place}` : ''}`,
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
    actors: actors.map(([name, actorType, role]) => ({ name, actorType: armed(actorType) || actorType !== 'unknown' ? actorType : 'unknown', role })),
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
    origin: { dataset: ACLED_DATASET, externalId: id },
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
