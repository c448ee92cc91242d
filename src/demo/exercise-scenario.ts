import type { IncidentInput } from '../core/incident.schema.js';
import {
  themesOfCategory,
  type ActorType,
  type AgeGroup,
  type CasualtyKind,
  type Category,
  type DatePrecision,
  type InformationCredibility,
  type LocationPrecision,
  type PersonStatus,
  type Sex,
  type SourceReliability,
  type SourceType,
  type Theme,
  type ViolenceType,
} from '../core/taxonomy.js';
import { mulberry32 } from '../core/seeded-random.js';

/**
 * The exercise scenario a new installation shows on first start: a fictional armed conflict played out on the real
 * terrain of the Lake Chad basin (real towns of Nigeria, Niger, Chad and Cameroon with their real admin1/admin2
 * names), so that maps, filters, trends and casualty totals have something plausible to show.
 *
 * Every armed actor, force, organisation and person in it is invented and named with "(EXERCISE)"; every incident is
 * marked `exercise: true`, titled "EXERCISE — …" and comes from the data set {@link EXERCISE_DATASET}. No real
 * event is described.
 *
 * The generator is pure and deterministic: the same seed always gives the same incidents (no Math.random, no clock,
 * no I/O), and every incident it returns passes `incidentInputSchema`.
 */

export interface ScenarioOptions {
  /** Seed of the pseudo-random generator; the same seed gives the same scenario. */
  seed?: number;
  /** Number of incidents; default 6000. */
  incidents?: number;
}

export const EXERCISE_DATASET = 'haven-exercise';

/** The period the scenario covers (inclusive ISO dates). */
export const EXERCISE_PERIOD = { start: '2023-01-01', end: '2025-12-31' } as const;

/** The fictional "Lake Chad Basin Humanitarian Truce (EXERCISE)": incidents fall to a fraction while it holds. */
export const EXERCISE_CEASEFIRE = { start: '2024-06-01', end: '2024-08-31' } as const;

const DEFAULT_SEED = 1;
const DEFAULT_INCIDENTS = 6000;
const TRUCE_NAME = 'Lake Chad Basin Humanitarian Truce (EXERCISE)';

// ---------------------------------------------------------------------------------------------------------------
// Pseudo-random numbers

class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    // Mix the seed once so that neighbouring seeds (1, 2, 3 …) start far apart.
    this.next = mulberry32(Math.imul((Math.trunc(seed) >>> 0) ^ 0x9e3779b9, 0x85ebca6b));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Picks from [value, weight] pairs. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /**
   * A heavy-tailed count (Lomax / Pareto II): most draws are a handful, a few are large. `scale` sets the typical
   * size, `alpha` the tail (smaller is heavier), `cap` the largest value.
   */
  heavy(scale: number, alpha: number, cap: number): number {
    const x = Math.floor(scale * (Math.pow(1 - this.next(), -1 / alpha) - 1));
    return Math.min(x, cap);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Terrain: real places, approximate coordinates

type CountryCode = 'NGA' | 'NER' | 'TCD' | 'CMR';
/** `lake`: the shores and islands; `mainland`: the Mandara mountains, Sambisa and the roads south of the lake. */
type Zone = 'lake' | 'mainland';

export interface ExerciseTown {
  readonly name: string;
  readonly country: CountryCode;
  readonly admin1: string;
  readonly admin2: string;
  readonly lat: number;
  readonly lon: number;
  /** Relative share of incidents around the town. */
  readonly weight: number;
  readonly zone: Zone;
}

const town = (
  name: string,
  country: CountryCode,
  admin1: string,
  admin2: string,
  lat: number,
  lon: number,
  weight: number,
  zone: Zone,
): ExerciseTown => ({ name, country, admin1, admin2, lat, lon, weight, zone });

/** The towns incidents cluster around (real towns, real admin names, coordinates to about a kilometre). */
export const EXERCISE_TOWNS: readonly ExerciseTown[] = [
  town('Maiduguri', 'NGA', 'Borno', 'Maiduguri Metropolitan', 11.846, 13.157, 5, 'mainland'),
  town('Konduga', 'NGA', 'Borno', 'Konduga', 11.651, 13.418, 5, 'mainland'),
  town('Bama', 'NGA', 'Borno', 'Bama', 11.522, 13.686, 6, 'mainland'),
  town('Gwoza', 'NGA', 'Borno', 'Gwoza', 11.086, 13.690, 7, 'mainland'),
  town('Dikwa', 'NGA', 'Borno', 'Dikwa', 12.036, 13.917, 5, 'lake'),
  town('Monguno', 'NGA', 'Borno', 'Monguno', 12.670, 13.612, 6, 'lake'),
  town('Baga', 'NGA', 'Borno', 'Kukawa', 13.115, 13.840, 6, 'lake'),
  town('Damasak', 'NGA', 'Borno', 'Mobbar', 13.106, 12.508, 4, 'lake'),
  town('Damboa', 'NGA', 'Borno', 'Damboa', 11.155, 12.757, 5, 'mainland'),
  town('Gamboru', 'NGA', 'Borno', 'Ngala', 12.371, 14.210, 4, 'lake'),
  town('Rann', 'NGA', 'Borno', 'Kala/Balge', 12.283, 14.467, 3, 'lake'),
  town('Damaturu', 'NGA', 'Yobe', 'Damaturu', 11.747, 11.961, 2, 'mainland'),
  town('Geidam', 'NGA', 'Yobe', 'Geidam', 12.895, 11.927, 3, 'lake'),
  town('Mubi', 'NGA', 'Adamawa', 'Mubi North', 10.268, 13.264, 1.5, 'mainland'),
  town('Diffa', 'NER', 'Diffa', 'Diffa', 13.315, 12.611, 3, 'lake'),
  town('Chétimari', 'NER', 'Diffa', 'Diffa', 13.190, 12.420, 1.5, 'lake'),
  town('Bosso', 'NER', 'Diffa', 'Bosso', 13.698, 13.308, 4, 'lake'),
  town('Mainé-Soroa', 'NER', 'Diffa', 'Mainé-Soroa', 13.211, 12.024, 1.5, 'lake'),
  town("N'Guigmi", 'NER', 'Diffa', "N'Guigmi", 14.253, 13.111, 1.5, 'lake'),
  town('Bol', 'TCD', 'Lac', 'Mamdi', 13.459, 14.714, 2, 'lake'),
  town('Baga Sola', 'TCD', 'Lac', 'Kaya', 13.533, 14.317, 2, 'lake'),
  town('Ngouboua', 'TCD', 'Lac', 'Kaya', 13.527, 14.017, 2.5, 'lake'),
  town('Kousséri', 'CMR', 'Far North', 'Logone-et-Chari', 12.077, 15.031, 1.5, 'lake'),
  town('Fotokol', 'CMR', 'Far North', 'Logone-et-Chari', 12.367, 14.233, 3, 'lake'),
  town('Mora', 'CMR', 'Far North', 'Mayo-Sava', 11.046, 14.140, 4, 'mainland'),
  town('Kolofata', 'CMR', 'Far North', 'Mayo-Sava', 11.167, 14.008, 3.5, 'mainland'),
  town('Mokolo', 'CMR', 'Far North', 'Mayo-Tsanaga', 10.740, 13.802, 2, 'mainland'),
  town('Maroua', 'CMR', 'Far North', 'Diamaré', 10.591, 14.316, 1, 'mainland'),
];

/** Approximate centroids of the districts (LGAs, départements) the towns lie in. */
const ADMIN2_CENTROIDS: Readonly<Record<string, readonly [number, number]>> = {
  'NGA/Maiduguri Metropolitan': [11.84, 13.15],
  'NGA/Konduga': [11.55, 13.35],
  'NGA/Bama': [11.45, 13.85],
  'NGA/Gwoza': [11.0, 13.75],
  'NGA/Dikwa': [12.0, 13.95],
  'NGA/Monguno': [12.6, 13.5],
  'NGA/Kukawa': [13.0, 13.6],
  'NGA/Mobbar': [13.25, 12.65],
  'NGA/Damboa': [11.25, 12.55],
  'NGA/Ngala': [12.3, 14.15],
  'NGA/Kala/Balge': [12.15, 14.45],
  'NGA/Damaturu': [11.8, 12.05],
  'NGA/Geidam': [13.05, 11.85],
  'NGA/Mubi North': [10.4, 13.3],
  'NER/Diffa': [13.45, 12.55],
  'NER/Bosso': [13.9, 13.25],
  'NER/Mainé-Soroa': [13.6, 11.95],
  "NER/N'Guigmi": [15.0, 13.0],
  'TCD/Mamdi': [13.45, 14.6],
  'TCD/Kaya': [13.75, 14.15],
  'CMR/Logone-et-Chari': [12.1, 14.8],
  'CMR/Mayo-Sava': [11.1, 14.2],
  'CMR/Mayo-Tsanaga': [10.8, 13.75],
  'CMR/Diamaré': [10.6, 14.35],
};

/** Approximate centroids of the states, regions and provinces, with what each country calls them. */
const ADMIN1: Readonly<Record<string, { centroid: readonly [number, number]; label: string }>> = {
  Borno: { centroid: [11.85, 13.1], label: 'Borno State' },
  Yobe: { centroid: [12.3, 11.45], label: 'Yobe State' },
  Adamawa: { centroid: [9.35, 12.4], label: 'Adamawa State' },
  Diffa: { centroid: [15.2, 12.85], label: 'Diffa Region' },
  Lac: { centroid: [13.55, 14.35], label: 'Lac Province' },
  'Far North': { centroid: [11.1, 14.45], label: 'Far North Region' },
};

const COUNTRIES: Readonly<Record<CountryCode, { name: string; centroid: readonly [number, number]; admin2Label: string }>> = {
  NGA: { name: 'Nigeria', centroid: [9.08, 8.68], admin2Label: 'LGA' },
  NER: { name: 'Niger', centroid: [17.61, 8.08], admin2Label: 'department' },
  TCD: { name: 'Chad', centroid: [15.45, 18.73], admin2Label: 'department' },
  CMR: { name: 'Cameroon', centroid: [7.37, 12.35], admin2Label: 'department' },
};

// ---------------------------------------------------------------------------------------------------------------
// Fictional actors

interface ActorDef {
  name: string;
  actorType: ActorType;
  /** A party to the truce: its acts of violence during the ceasefire are violations. */
  party: boolean;
  /** How the platform's user counts this actor's dead: the stabilisation force is "own", national forces "allied". */
  status: PersonStatus;
}

const actor = (name: string, actorType: ActorType, party: boolean, status: PersonStatus): ActorDef => ({
  name: `${name} (EXERCISE)`,
  actorType,
  party,
  status,
});

const NLF = actor('Northern Liberation Front', 'non_state_armed_group', true, 'opposing_force');
const SDB = actor('Sahel Dawn Brigades', 'non_state_armed_group', true, 'opposing_force');
const CSF = actor('Combined Stabilisation Force', 'international_force', true, 'own_force');
const STATE_FORCES: Readonly<Record<CountryCode, ActorDef>> = {
  NGA: actor('West Shore Defence Forces', 'state_force', true, 'allied_force'),
  NER: actor('North Shore National Guard', 'state_force', true, 'allied_force'),
  TCD: actor('East Shore Armed Forces', 'state_force', true, 'allied_force'),
  CMR: actor('South Shore Rapid Response Brigade', 'state_force', true, 'allied_force'),
};
const MILITIAS: Readonly<Record<CountryCode, ActorDef>> = {
  NGA: actor('Lake Defence Militia', 'militia', true, 'allied_force'),
  NER: actor('Island Vigilance Committees', 'militia', true, 'allied_force'),
  TCD: actor('Island Vigilance Committees', 'militia', true, 'allied_force'),
  CMR: actor('Hill Villages Self-Defence Groups', 'militia', true, 'allied_force'),
};
/** The truce's parties, by the names incidents give them: the exercise agreement binds exactly these. */
export const EXERCISE_TRUCE = {
  name: TRUCE_NAME,
  ...EXERCISE_CEASEFIRE,
  parties: [...new Set([NLF, SDB, CSF, ...Object.values(STATE_FORCES), ...Object.values(MILITIAS)].filter((a) => a.party).map((a) => a.name))],
} as const;

const SMUGGLERS = actor('Lakeside Smuggling Network', 'criminal_group', false, 'unknown');
const BANDITS = actor('Highway Bandit Gangs', 'criminal_group', false, 'unknown');
const UNKNOWN_ARMED = actor('Unidentified armed men', 'unknown', false, 'unknown');
const CAMP_COMMITTEE = actor('Camp management committee members', 'other', false, 'unknown');

const CIVILIAN_TARGETS = [
  'Villagers',
  'Farmers',
  'Fishers and traders',
  'Displaced families',
  'Herders',
  'Travellers on the main road',
  'Woodcutters and firewood collectors',
].map((n) => actor(n, 'civilians', false, 'civilian'));
const AID_ORGS = ['Lake Relief Consortium', 'Frontline Health Partners', 'Joint Food Assistance Programme', 'Clean Water Alliance'].map(
  (n) => actor(n, 'humanitarian', false, 'civilian'),
);
const PUPILS = actor('Pupils and teachers', 'civilians', false, 'civilian');
const PATIENTS = actor('Patients and health workers', 'civilians', false, 'civilian');
const WOMEN = actor("Women's community groups", 'civilians', false, 'civilian');
const CHILDREN = actor('Children of the area', 'civilians', false, 'civilian');

type ActorIn = NonNullable<IncidentInput['actors']>[number];
type CasualtyIn = NonNullable<IncidentInput['casualties']>[number];
type BreakdownIn = NonNullable<CasualtyIn['breakdown']>[number];
type SourceIn = NonNullable<IncidentInput['sources']>[number];
type SensitiveIn = NonNullable<IncidentInput['sensitive']>;

// ---------------------------------------------------------------------------------------------------------------
// Time: seasonality, escalation, the truce

const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2023, 0, 1);
const DAYS = Math.round((Date.UTC(2026, 0, 1) - START_MS) / DAY_MS); // 1096
const dayOf = (iso: string): number => Math.round((Date.parse(`${iso}T00:00:00Z`) - START_MS) / DAY_MS);
const isoOf = (day: number): string => new Date(START_MS + day * DAY_MS).toISOString().slice(0, 10);
const CEASEFIRE_START = dayOf(EXERCISE_CEASEFIRE.start);
const CEASEFIRE_END = dayOf(EXERCISE_CEASEFIRE.end);
const inCeasefire = (day: number): boolean => day >= CEASEFIRE_START && day <= CEASEFIRE_END;

/** Relative activity by calendar month: high in the dry season (Nov–May), low while the rains flood roads (Jun–Oct). */
const SEASON = [1.25, 1.3, 1.35, 1.3, 1.15, 0.85, 0.65, 0.55, 0.7, 0.9, 1.1, 1.2] as const;

/** Relative incident rate of every day of the period. */
function dailyIntensity(rng: Rng): number[] {
  // Week-to-week noise and a few flare-ups (offensives, reprisal waves) outside the truce.
  const weekNoise = Array.from({ length: Math.ceil(DAYS / 7) }, () => Math.exp(0.2 * rng.normal()));
  const flares: { from: number; to: number }[] = [];
  while (flares.length < 7) {
    const from = rng.int(0, DAYS - 12);
    const to = from + rng.int(4, 10);
    if (to >= CEASEFIRE_START - 7 && from <= CEASEFIRE_END + 7) continue;
    flares.push({ from, to });
  }
  const rates: number[] = [];
  for (let day = 0; day < DAYS; day++) {
    const month = new Date(START_MS + day * DAY_MS).getUTCMonth();
    let rate = (SEASON[month] ?? 1) * (0.8 + (0.5 * day) / DAYS) * (weekNoise[Math.floor(day / 7)] ?? 1);
    if (inCeasefire(day)) rate *= 0.15;
    else if (day > CEASEFIRE_END && day <= CEASEFIRE_END + 21) rate *= 1.4; // the truce collapses
    if (flares.some((f) => day >= f.from && day <= f.to)) rate *= 2.2;
    rates.push(rate);
  }
  return rates;
}

/** `n` days drawn from the intensity, in ascending order. */
function sampleDays(rng: Rng, rates: readonly number[], n: number): number[] {
  const cumulative: number[] = [];
  let total = 0;
  for (const r of rates) cumulative.push((total += r));
  const days: number[] = [];
  for (let i = 0; i < n; i++) {
    const target = rng.float() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? Infinity) > target) hi = mid;
      else lo = mid + 1;
    }
    days.push(lo);
  }
  return days.sort((a, b) => a - b);
}

interface DateWindow {
  dateEarliest: string;
  dateLatest: string;
  datePrecision: DatePrecision;
}

/** A reporting window around the day; windows stay inside the period and never straddle the truce's bounds. */
function dateWindow(rng: Rng, day: number): DateWindow {
  const precision = rng.weighted<DatePrecision>([
    ['day', 78],
    ['days', 7],
    ['week', 9],
    ['month', 6],
  ]);
  let from = day;
  let to = day;
  if (precision === 'days') {
    from = day - rng.int(1, 4);
  } else if (precision === 'week') {
    const weekday = (new Date(START_MS + day * DAY_MS).getUTCDay() + 6) % 7; // Monday = 0
    from = day - weekday;
    to = from + 6;
  } else if (precision === 'month') {
    const date = new Date(START_MS + day * DAY_MS);
    from = dayOf(isoOf(day).slice(0, 8) + '01');
    to = Math.round((Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) - START_MS) / DAY_MS) - 1;
  }
  const straddles = (bound: number) => from < bound && to >= bound;
  if (from < 0 || to >= DAYS || straddles(CEASEFIRE_START) || straddles(CEASEFIRE_END + 1)) {
    return { dateEarliest: isoOf(day), dateLatest: isoOf(day), datePrecision: 'day' };
  }
  return { dateEarliest: isoOf(from), dateLatest: isoOf(to), datePrecision: precision };
}

// ---------------------------------------------------------------------------------------------------------------
// Space: scatter around the town according to the precision

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

interface Placed {
  location: IncidentInput['location'];
  /** "in Bama", "near Bama", "in Kukawa LGA" … for the title. */
  where: string;
}

function place(rng: Rng, t: ExerciseTown): Placed {
  const precision = rng.weighted<LocationPrecision>([
    ['exact', 46],
    ['within_25km', 34],
    ['admin2', 10],
    ['admin1', 8],
    ['country', 2],
  ]);
  const country = COUNTRIES[t.country];
  const admin1 = ADMIN1[t.admin1];
  if (precision === 'exact' || precision === 'within_25km') {
    const km = precision === 'exact' ? 2.9 * Math.pow(rng.float(), 0.8) : 2 + 22 * Math.sqrt(rng.float());
    const bearing = rng.float() * 2 * Math.PI;
    const lat = t.lat + (km * Math.cos(bearing)) / 110.574;
    const lon = t.lon + (km * Math.sin(bearing)) / (111.32 * Math.cos((t.lat * Math.PI) / 180));
    const direction = COMPASS[Math.round((bearing / (2 * Math.PI)) * 8) % 8] ?? 'N';
    return {
      location: {
        lat: round4(lat),
        lon: round4(lon),
        precision,
        country: t.country,
        admin1: t.admin1,
        admin2: t.admin2,
        placeName: precision === 'exact' ? t.name : `${Math.max(1, Math.round(km))} km ${direction} of ${t.name}`,
      },
      where: precision === 'exact' ? `in ${t.name}` : `near ${t.name}`,
    };
  }
  if (precision === 'admin2') {
    const [lat, lon] = ADMIN2_CENTROIDS[`${t.country}/${t.admin2}`] ?? [t.lat, t.lon];
    const label = `${t.admin2} ${country.admin2Label}`;
    return {
      location: { lat, lon, precision, country: t.country, admin1: t.admin1, admin2: t.admin2, placeName: label },
      where: `in ${label}`,
    };
  }
  if (precision === 'admin1') {
    const [lat, lon] = admin1?.centroid ?? [t.lat, t.lon];
    const label = admin1?.label ?? t.admin1;
    return { location: { lat, lon, precision, country: t.country, admin1: t.admin1, placeName: label }, where: `in ${label}` };
  }
  const [lat, lon] = country.centroid;
  return { location: { lat, lon, precision: 'country', country: t.country }, where: `in ${country.name}` };
}

// ---------------------------------------------------------------------------------------------------------------
// What happened: incident templates

interface Ctx {
  rng: Rng;
  town: ExerciseTown;
  /** Fraction of the period elapsed, 0…1. */
  progress: number;
}

interface Draft {
  /** Title core, e.g. "Armed group raid on a village". */
  what: string;
  /** Narrative sentence(s) without date and place. */
  story: string;
  themes: Theme[];
  categories: Category[];
  violenceType?: ViolenceType;
  perpetrator: ActorDef;
  targets: ActorDef[];
  casualties: CasualtyIn[];
  /** Armed violence: a breach of the truce when a party commits it while the truce holds. */
  violent: boolean;
  /** Who victims named in the sensitive details would be. */
  victim?: { sex?: Sex; ageGroup?: AgeGroup };
}

interface Template {
  weight: number;
  /** Days on which the template can occur (default: any). */
  active?: (day: number) => boolean;
  build(ctx: Ctx): Draft;
}

/** The armed group dominant around the town: Sahel Dawn on the lake, the Front inland, each present in both. */
function insurgent(ctx: Ctx): ActorDef {
  const lakeShare = ctx.town.zone === 'lake' ? 0.65 + 0.15 * ctx.progress : 0.2;
  return ctx.rng.chance(lakeShare) ? SDB : NLF;
}

function security(ctx: Ctx, csfShare = 0.2): ActorDef {
  return ctx.rng.chance(csfShare) ? CSF : STATE_FORCES[ctx.town.country];
}

function estimate(rng: Rng, best: number): { low: number; best: number; high: number } {
  if (best === 0 || rng.chance(0.45)) return { low: best, best, high: best };
  const low = best - Math.floor(best * 0.35 * rng.float());
  const high = best + Math.ceil(best * 0.6 * rng.float());
  return { low, best, high };
}

const BREAKDOWN_SHARES: readonly (readonly [readonly [Sex, AgeGroup], number])[] = [
  [['male', 'adult'], 45],
  [['female', 'adult'], 20],
  [['male', 'child'], 10],
  [['female', 'child'], 8],
  [['male', 'elderly'], 4],
  [['female', 'elderly'], 3],
  [['unknown', 'unknown'], 10],
];

/** A sex/age breakdown of `total` people whose low counts add up to at most the total. */
function breakdown(rng: Rng, total: number, shares = BREAKDOWN_SHARES): BreakdownIn[] {
  const counts = new Map<string, { sex: Sex; ageGroup: AgeGroup; n: number }>();
  for (let i = 0; i < total; i++) {
    const [sex, ageGroup] = rng.weighted(shares);
    const key = `${sex}/${ageGroup}`;
    const entry = counts.get(key) ?? { sex, ageGroup, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  return [...counts.values()].map(({ sex, ageGroup, n }) => {
    const e = estimate(rng, n);
    return { sex, ageGroup, low: Math.min(e.low, n), best: n, high: e.high };
  });
}

/** A casualty count, or nothing when the best estimate is zero. Killed/injured civilians sometimes get a breakdown. */
function count(rng: Rng, kind: CasualtyKind, status: PersonStatus, best: number, shares = BREAKDOWN_SHARES): CasualtyIn[] {
  if (best <= 0) return [];
  const e = estimate(rng, best);
  const detailed = status === 'civilian' && (kind === 'killed' || kind === 'injured') && best >= 2 && best <= 200 && rng.chance(0.35);
  return [{ kind, status, ...e, breakdown: detailed ? breakdown(rng, best, shares) : [] }];
}

const CHILD_SHARES: typeof BREAKDOWN_SHARES = [
  [['male', 'child'], 50],
  [['female', 'child'], 40],
  [['unknown', 'child'], 10],
];

/** Categories that follow from the counts: killing, injury, abduction, displacement. */
function harmCategories(casualties: readonly CasualtyIn[]): Category[] {
  const categories: Category[] = [];
  const civilian = (kind: CasualtyKind) => casualties.some((c) => c.kind === kind && c.status === 'civilian' && c.best > 0);
  if (civilian('killed')) categories.push('killing');
  if (civilian('injured')) categories.push('injury');
  if (civilian('abducted')) categories.push('abduction');
  if (civilian('displaced')) categories.push('forced_displacement');
  const childVictims = casualties.some(
    (c) => (c.kind === 'killed' || c.kind === 'injured') && (c.breakdown ?? []).some((b) => b.ageGroup === 'child' && b.best > 0),
  );
  if (childVictims) categories.push('killing_or_maiming_of_children');
  return categories;
}

const TEMPLATES: readonly Template[] = [
  {
    weight: 20,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.15) ? UNKNOWN_ARMED : insurgent(ctx);
      const casualties = [
        ...count(rng, 'killed', 'civilian', rng.chance(0.85) ? 1 + rng.heavy(1.6, 1.35, 90) : 0),
        ...count(rng, 'injured', 'civilian', rng.heavy(1.5, 1.4, 70)),
        ...count(rng, 'abducted', 'civilian', rng.chance(0.15) ? 1 + rng.heavy(2, 1.3, 60) : 0),
        ...count(rng, 'displaced', 'civilian', rng.chance(0.2) ? 20 + rng.heavy(40, 1.1, 4000) : 0),
      ];
      const burnt = casualties.length === 0 || rng.chance(0.35);
      return {
        what: rng.pick(['Armed raid on a village', 'Gunmen attack a settlement', 'Night raid on a farming community', 'Attack on a market']),
        story: `Fighters attributed to ${perpetrator.name} attacked civilians${burnt ? ' and set homes and granaries on fire' : ''}.`,
        themes: ['protection_of_civilians'],
        categories: [...harmCategories(casualties), ...(burnt ? (['destruction_of_homes_or_services'] as const) : [])],
        violenceType: 'one_sided',
        perpetrator,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties,
        violent: true,
      };
    },
  },
  {
    weight: 14,
    build(ctx) {
      const { rng } = ctx;
      const group = insurgent(ctx);
      const force = security(ctx);
      const insurgentsAttack = rng.chance(0.6);
      const civilianHarm = rng.chance(0.55);
      const casualties = [
        ...count(rng, 'killed', group.status, rng.heavy(2.5, 1.3, 120)),
        ...count(rng, 'killed', force.status, rng.heavy(1, 1.5, 60)),
        ...count(rng, 'injured', force.status, rng.heavy(1.5, 1.5, 60)),
        ...count(rng, 'killed', 'unknown', rng.chance(0.1) ? 1 + rng.heavy(2, 1.5, 40) : 0),
        ...(civilianHarm
          ? [...count(rng, 'killed', 'civilian', rng.heavy(1, 1.5, 30)), ...count(rng, 'injured', 'civilian', 1 + rng.heavy(1, 1.5, 30))]
          : count(rng, 'displaced', 'civilian', 30 + rng.heavy(60, 1.1, 6000))),
      ];
      const targets = [insurgentsAttack ? force : group];
      if (civilianHarm && rng.chance(0.5)) targets.push(rng.pick(CIVILIAN_TARGETS));
      return {
        what: insurgentsAttack
          ? rng.pick(['Armed group attack on a military base', 'Ambush on a patrol', 'Assault on a garrison town'])
          : rng.pick(['Offensive against armed group positions', 'Clearance operation', 'Clash between security forces and an armed group']),
        story:
          (insurgentsAttack ? `${group.name} attacked ${force.name}` : `${force.name} attacked positions held by ${group.name}`) +
          (civilianHarm ? '; civilians were caught in the fighting.' : '; residents fled the fighting.'),
        themes: ['protection_of_civilians'],
        categories: harmCategories(casualties),
        violenceType: 'state_based',
        perpetrator: insurgentsAttack ? group : force,
        targets,
        casualties,
        violent: true,
      };
    },
  },
  {
    weight: 5,
    build(ctx) {
      const { rng } = ctx;
      const force = security(ctx, 0.15);
      const casualties = [
        ...count(rng, 'killed', 'civilian', rng.heavy(2, 1.3, 80)),
        ...count(rng, 'injured', 'civilian', 1 + rng.heavy(2, 1.4, 80)),
        ...count(rng, 'killed', 'opposing_force', rng.chance(0.5) ? rng.heavy(3, 1.3, 60) : 0),
      ];
      const destroyed = rng.chance(0.5);
      return {
        what: rng.pick(['Airstrike hits a village', 'Artillery fire on a settlement', 'Drone strike near a market']),
        story: `${force.name} struck an area it said was held by ${insurgent(ctx).name}; residents reported civilian casualties${destroyed ? ' and destroyed homes' : ''}.`,
        themes: ['protection_of_civilians'],
        categories: [...harmCategories(casualties), ...(destroyed ? (['destruction_of_homes_or_services'] as const) : [])],
        violenceType: 'state_based',
        perpetrator: force,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties,
        violent: true,
      };
    },
  },
  {
    weight: 5,
    build(ctx) {
      const { rng } = ctx;
      const group = insurgent(ctx);
      const militia = MILITIAS[ctx.town.country];
      const casualties = [
        ...count(rng, 'killed', 'opposing_force', rng.heavy(2, 1.4, 60)),
        ...count(rng, 'killed', militia.status, rng.heavy(2, 1.4, 60)),
        ...count(rng, 'killed', 'unknown', rng.chance(0.15) ? 1 + rng.heavy(1, 1.5, 20) : 0),
        ...(rng.chance(0.5)
          ? count(rng, 'injured', 'civilian', 1 + rng.heavy(1.5, 1.4, 40))
          : count(rng, 'displaced', 'civilian', 20 + rng.heavy(40, 1.1, 3000))),
      ];
      return {
        what: rng.pick(['Clash between an armed group and a militia', 'Militia repels an armed group attack']),
        story: `${group.name} and ${militia.name} fought near the town; residents fled or were hurt.`,
        themes: ['protection_of_civilians'],
        categories: harmCategories(casualties),
        violenceType: 'non_state',
        perpetrator: group,
        targets: [militia],
        casualties,
        violent: true,
      };
    },
  },
  {
    weight: 3,
    build(ctx) {
      const { rng } = ctx;
      const militia = MILITIAS[ctx.town.country];
      const casualties = rng.chance(0.5)
        ? count(rng, 'killed', 'civilian', 1 + rng.heavy(1, 1.5, 20))
        : count(rng, 'abducted', 'civilian', 1 + rng.heavy(1, 1.5, 20));
      return {
        what: rng.pick(['Militia reprisal against suspected collaborators', 'Summary killings by a militia', 'Militia detains villagers']),
        story: `Members of ${militia.name} seized civilians accused of supporting armed groups.`,
        themes: ['protection_of_civilians'],
        categories: harmCategories(casualties),
        violenceType: 'one_sided',
        perpetrator: militia,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties,
        violent: true,
      };
    },
  },
  {
    weight: 9,
    build(ctx) {
      const { rng } = ctx;
      const criminal = rng.chance(0.2);
      const perpetrator = criminal ? BANDITS : insurgent(ctx);
      const children = rng.chance(0.25);
      const abducted = 1 + rng.heavy(2, 1.2, 150);
      const casualties = [
        ...count(rng, 'abducted', 'civilian', abducted),
        ...count(rng, 'killed', 'civilian', rng.chance(0.25) ? 1 + rng.heavy(1, 1.5, 15) : 0),
      ];
      return {
        what: criminal ? 'Kidnapping for ransom on a road' : rng.pick(['Abduction of farmers', 'Abduction of travellers', 'Mass abduction from a village']),
        story: `${perpetrator.name} abducted ${abducted === 1 ? 'one person' : `${abducted} people`}${children ? ', children among them' : ''}; their whereabouts are unknown.`,
        themes: children ? ['protection_of_civilians', 'children_and_armed_conflict'] : ['protection_of_civilians'],
        categories: [...harmCategories(casualties), ...(children ? (['abduction_of_children'] as const) : [])],
        violenceType: criminal ? 'other' : 'one_sided',
        perpetrator,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties,
        violent: !criminal,
        victim: children ? { ageGroup: 'child' } : {},
      };
    },
  },
  {
    weight: 6,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.85) ? insurgent(ctx) : security(ctx, 0);
      const displaced = 30 + rng.heavy(40, 1.0, 8000);
      const casualties = [...count(rng, 'displaced', 'civilian', displaced), ...count(rng, 'killed', 'civilian', rng.chance(0.2) ? 1 + rng.heavy(1, 1.5, 10) : 0)];
      const destroyed = rng.chance(0.5);
      return {
        what: rng.pick(['Villagers forced to flee', 'Forced relocation of a community', 'Residents ordered to leave their villages']),
        story: `${perpetrator.name} ordered residents to leave; about ${displaced} people fled${destroyed ? ' and their homes were burnt' : ''}.`,
        themes: ['protection_of_civilians'],
        categories: [...harmCategories(casualties), ...(destroyed ? (['destruction_of_homes_or_services'] as const) : [])],
        violenceType: 'one_sided',
        perpetrator,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties,
        violent: true,
      };
    },
  },
  {
    weight: 4,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = insurgent(ctx);
      const object = rng.pick(['homes and granaries', 'the water point', 'a telecommunications mast', 'the market stalls', 'a bridge on the supply road']);
      const casualties = count(rng, 'injured', 'civilian', rng.chance(0.3) ? 1 + rng.heavy(1, 1.5, 10) : 0);
      return {
        what: `Destruction of ${object}`,
        story: `${perpetrator.name} destroyed ${object}, cutting residents off from essential services.`,
        themes: ['protection_of_civilians'],
        categories: ['destruction_of_homes_or_services', ...harmCategories(casualties)],
        violenceType: 'one_sided',
        perpetrator,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties,
        violent: true,
      };
    },
  },
  {
    weight: 5,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.4) ? UNKNOWN_ARMED : insurgent(ctx);
      const children = rng.chance(0.3);
      const shares = children ? CHILD_SHARES : BREAKDOWN_SHARES;
      const casualties = [
        ...count(rng, 'killed', 'civilian', rng.heavy(1, 1.5, 25), shares),
        ...count(rng, 'injured', 'civilian', 1 + rng.heavy(1.5, 1.4, 40), shares),
      ];
      return {
        what: children ? 'Children hurt by an explosive remnant of war' : rng.pick(['Roadside bomb hits a vehicle', 'Landmine blast on a farm track']),
        story: children
          ? 'Children handling an unexploded device were killed or injured.'
          : `An improvised explosive device attributed to ${perpetrator.name} exploded among civilians.`,
        themes: children ? ['protection_of_civilians', 'children_and_armed_conflict'] : ['protection_of_civilians'],
        categories: [...harmCategories(casualties), ...(children ? (['killing_or_maiming_of_children'] as const) : [])],
        violenceType: 'one_sided',
        perpetrator,
        targets: [children ? CHILDREN : rng.pick(CIVILIAN_TARGETS)],
        casualties,
        violent: true,
        victim: children ? { ageGroup: 'child' } : {},
      };
    },
  },
  {
    weight: 1.5,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = insurgent(ctx);
      const casualties = [
        ...count(rng, 'killed', 'civilian', 2 + rng.heavy(5, 1.2, 80)),
        ...count(rng, 'injured', 'civilian', 3 + rng.heavy(8, 1.2, 150)),
      ];
      const site = rng.pick(['a crowded market', 'a mosque at prayer time', 'a camp for displaced people', 'a bus station']);
      return {
        what: `Suicide bombing at ${site}`,
        story: `Bombers attributed to ${perpetrator.name} detonated explosives at ${site}.`,
        themes: ['protection_of_civilians'],
        categories: harmCategories(casualties),
        violenceType: 'one_sided',
        perpetrator,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties,
        violent: true,
      };
    },
  },
  {
    weight: 3,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = insurgent(ctx);
      const casualties = [
        ...count(rng, 'killed', 'civilian', rng.chance(0.4) ? 1 + rng.heavy(1, 1.5, 20) : 0, CHILD_SHARES),
        ...count(rng, 'abducted', 'civilian', rng.chance(0.2) ? 1 + rng.heavy(5, 1.2, 100) : 0),
      ];
      return {
        what: rng.pick(['Attack on a school', 'Primary school burnt down', 'Gunmen storm a secondary school']),
        story: `${perpetrator.name} attacked a school${casualties.length ? '; pupils and teachers were harmed' : ' and burnt classrooms'}.`,
        themes: ['children_and_armed_conflict', 'protection_of_civilians'],
        categories: ['attack_on_school', ...harmCategories(casualties), ...(casualties.some((c) => c.kind === 'abducted') ? (['abduction_of_children'] as const) : [])],
        violenceType: 'one_sided',
        perpetrator,
        targets: [PUPILS],
        casualties,
        violent: true,
        victim: { ageGroup: 'child' },
      };
    },
  },
  {
    weight: 2,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.8) ? insurgent(ctx) : security(ctx, 0);
      const casualties = [
        ...count(rng, 'killed', 'civilian', rng.chance(0.4) ? 1 + rng.heavy(1, 1.5, 15) : 0),
        ...count(rng, 'injured', 'civilian', rng.chance(0.5) ? 1 + rng.heavy(1, 1.5, 20) : 0),
      ];
      return {
        what: rng.pick(['Attack on a health centre', 'Clinic looted and burnt', 'Shelling damages a hospital']),
        story: `A health facility was attacked by ${perpetrator.name}; medicines were looted and services suspended.`,
        themes: ['children_and_armed_conflict', 'protection_of_civilians', 'humanitarian_space'],
        categories: ['attack_on_hospital', ...harmCategories(casualties)],
        violenceType: perpetrator.actorType === 'state_force' ? 'state_based' : 'one_sided',
        perpetrator,
        targets: [PATIENTS, rng.pick(AID_ORGS)],
        casualties,
        violent: true,
      };
    },
  },
  {
    weight: 2,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = insurgent(ctx);
      const n = 1 + rng.heavy(3, 1.2, 120);
      return {
        what: rng.pick(['Abduction of children', 'Children seized from a village']),
        story: `${perpetrator.name} abducted ${n} children.`,
        themes: ['children_and_armed_conflict', 'protection_of_civilians'],
        categories: ['abduction_of_children', 'abduction'],
        violenceType: 'one_sided',
        perpetrator,
        targets: [CHILDREN],
        casualties: count(rng, 'abducted', 'civilian', n),
        violent: true,
        victim: { ageGroup: 'child' },
      };
    },
  },
  {
    weight: 2.5,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.75) ? insurgent(ctx) : MILITIAS[ctx.town.country];
      return {
        what: rng.pick(['Recruitment of children', 'Children used as lookouts and porters', 'Boys forcibly enlisted']),
        story: `Reports indicate that ${perpetrator.name} recruited and used children.`,
        themes: ['children_and_armed_conflict'],
        categories: ['recruitment_or_use_of_children'],
        perpetrator,
        targets: [CHILDREN],
        casualties: [],
        violent: false,
        victim: { ageGroup: 'child', sex: 'male' },
      };
    },
  },
  {
    weight: 1,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.6) ? STATE_FORCES[ctx.town.country] : MILITIAS[ctx.town.country];
      const hospital = rng.chance(0.3);
      return {
        what: hospital ? 'Clinic occupied by an armed force' : 'School used as a military post',
        story: `${perpetrator.name} set up a post in a ${hospital ? 'clinic' : 'school'}, which stopped ${hospital ? 'care' : 'classes'}.`,
        themes: ['children_and_armed_conflict'],
        categories: ['military_use_of_school_or_hospital'],
        perpetrator,
        targets: [hospital ? PATIENTS : PUPILS],
        casualties: [],
        violent: false,
      };
    },
  },
  {
    weight: 0.8,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = STATE_FORCES[ctx.town.country];
      const n = 1 + rng.heavy(3, 1.3, 60);
      return {
        what: 'Children detained for alleged association with an armed group',
        story: `${perpetrator.name} detained ${n} children screened as suspected associates of armed groups.`,
        themes: ['children_and_armed_conflict'],
        categories: ['deprivation_of_liberty_of_children'],
        perpetrator,
        targets: [CHILDREN],
        casualties: [],
        violent: false,
        victim: { ageGroup: 'child' },
      };
    },
  },
  {
    weight: 4,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.weighted<ActorDef>([
        [insurgent(ctx), 50],
        [UNKNOWN_ARMED, 20],
        [MILITIAS[ctx.town.country], 15],
        [STATE_FORCES[ctx.town.country], 15],
      ]);
      const child = rng.chance(0.2);
      const casualties = count(rng, 'injured', 'civilian', rng.chance(0.3) ? 1 + rng.heavy(1, 2, 5) : 0);
      return {
        what: child ? 'Rape of a girl' : rng.pick(['Rape of women collecting firewood', 'Rape during a raid', 'Rape of a displaced woman']),
        story: `Survivors reported rape by members of ${perpetrator.name}; they were referred for medical and psychosocial care.`,
        themes: child ? ['conflict_related_sexual_violence', 'children_and_armed_conflict'] : ['conflict_related_sexual_violence'],
        categories: child ? ['rape', 'sexual_violence_against_children'] : ['rape'],
        violenceType: 'one_sided',
        perpetrator,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties: casualties.map((c) => ({ ...c, breakdown: [] })),
        violent: true,
        victim: { sex: 'female', ageGroup: child ? 'child' : 'adult' },
      };
    },
  },
  {
    weight: 2,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.5) ? insurgent(ctx) : rng.pick([STATE_FORCES[ctx.town.country], MILITIAS[ctx.town.country]]);
      return {
        what: rng.pick(['Sexual assault at a checkpoint', 'Sexual harassment and assault during a search operation']),
        story: `Women and girls reported sexual assault by members of ${perpetrator.name}.`,
        themes: ['conflict_related_sexual_violence'],
        categories: ['other_sexual_violence'],
        violenceType: 'one_sided',
        perpetrator,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties: [],
        violent: true,
        victim: { sex: 'female' },
      };
    },
  },
  {
    weight: 0.8,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = insurgent(ctx);
      const n = 1 + rng.heavy(3, 1.3, 80);
      return {
        what: 'Abducted women held as "wives" by an armed group',
        story: `Women who escaped from ${perpetrator.name} reported that ${n} women and girls were held and sexually enslaved.`,
        themes: ['conflict_related_sexual_violence', 'trafficking'],
        categories: ['sexual_slavery'],
        violenceType: 'one_sided',
        perpetrator,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties: count(rng, 'abducted', 'civilian', n),
        violent: true,
        victim: { sex: 'female' },
      };
    },
  },
  {
    weight: 2.5,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.8) ? insurgent(ctx) : BANDITS;
      const org = rng.pick(AID_ORGS);
      const kind = rng.weighted<CasualtyKind>([
        ['killed', 30],
        ['injured', 30],
        ['abducted', 40],
      ]);
      const casualties = count(rng, kind, 'civilian', 1 + rng.heavy(0.8, 1.8, 8));
      return {
        what: rng.pick(['Aid workers attacked', 'Humanitarian staff abducted', 'Attack on an aid compound']),
        story: `Staff of ${org.name} were attacked by ${perpetrator.name}; activities in the area were suspended.`,
        themes: ['humanitarian_space', 'protection_of_civilians'],
        categories: ['attack_on_aid_workers', ...harmCategories(casualties)],
        violenceType: perpetrator === BANDITS ? 'other' : 'one_sided',
        perpetrator,
        targets: [org],
        casualties,
        violent: perpetrator !== BANDITS,
      };
    },
  },
  {
    weight: 2,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.65) ? insurgent(ctx) : BANDITS;
      const org = rng.pick(AID_ORGS);
      const casualties = count(rng, 'injured', 'civilian', rng.chance(0.3) ? 1 + rng.heavy(1, 1.8, 6) : 0);
      return {
        what: rng.pick(['Humanitarian convoy ambushed', 'Food trucks looted on the supply road']),
        story: `A convoy of ${org.name} was stopped by ${perpetrator.name} and its cargo looted.`,
        themes: ['humanitarian_space'],
        categories: ['attack_on_convoy'],
        violenceType: perpetrator === BANDITS ? 'other' : 'one_sided',
        perpetrator,
        targets: [org],
        casualties,
        violent: perpetrator !== BANDITS,
      };
    },
  },
  {
    weight: 0.8,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.7) ? insurgent(ctx) : UNKNOWN_ARMED;
      const casualties = count(rng, 'injured', 'civilian', 1 + rng.heavy(1, 1.8, 6));
      return {
        what: 'Ambulance fired upon',
        story: `An ambulance of ${rng.pick(AID_ORGS).name} came under fire from ${perpetrator.name}.`,
        themes: ['humanitarian_space', 'protection_of_civilians'],
        categories: ['attack_on_medical_transport', ...harmCategories(casualties)],
        violenceType: 'one_sided',
        perpetrator,
        targets: [PATIENTS],
        casualties,
        violent: true,
      };
    },
  },
  {
    weight: 2,
    build(ctx) {
      const { rng } = ctx;
      const byState = rng.chance(0.4);
      const perpetrator = byState ? STATE_FORCES[ctx.town.country] : insurgent(ctx);
      const corridor = rng.chance(0.5);
      return {
        what: corridor ? 'Humanitarian corridor blocked' : 'Aid agencies denied access to an area',
        story: byState
          ? `${perpetrator.name} refused movement clearance to aid convoys, leaving communities without assistance.`
          : `${perpetrator.name} set up roadblocks and threatened aid agencies on the only road into the area.`,
        themes: ['humanitarian_space'],
        categories: [corridor ? 'obstruction_of_corridor' : 'denial_of_humanitarian_access'],
        perpetrator,
        targets: [rng.pick(AID_ORGS)],
        casualties: [],
        violent: false,
      };
    },
  },
  {
    weight: 1,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.5) ? insurgent(ctx) : STATE_FORCES[ctx.town.country];
      return {
        what: rng.pick(['Ban on fishing and farming cuts food supply', 'Blockade of a besieged town']),
        story: `Restrictions imposed by ${perpetrator.name} cut communities off from their fields, fishing grounds and markets.`,
        themes: ['protection_of_civilians', 'humanitarian_space'],
        categories: ['starvation_or_denial_of_access'],
        perpetrator,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties: count(rng, 'displaced', 'civilian', rng.chance(0.3) ? 50 + rng.heavy(100, 1.1, 5000) : 0),
        violent: false,
      };
    },
  },
  {
    weight: 2,
    build(ctx) {
      const { rng } = ctx;
      const site = rng.pick(['a historic mosque', 'a church', "a traditional ruler's palace", 'an old city wall', 'a shrine', 'a local museum collection']);
      const kind = rng.weighted<'destroy' | 'damage' | 'loot' | 'use'>([
        ['destroy', 30],
        ['damage', 35],
        ['loot', 20],
        ['use', 15],
      ]);
      const perpetrator =
        kind === 'loot' ? (rng.chance(0.5) ? SMUGGLERS : insurgent(ctx)) : kind === 'damage' && rng.chance(0.5) ? security(ctx) : insurgent(ctx);
      const drafts = {
        destroy: { what: `Destruction of ${site}`, category: 'cultural_property_destruction' },
        damage: { what: `Fighting damages ${site}`, category: 'cultural_property_damage' },
        loot: { what: `Looting of ${site}`, category: 'cultural_property_looting' },
        use: { what: `Armed group occupies ${site}`, category: 'military_use_of_cultural_property' },
      } as const;
      const violenceType: ViolenceType | undefined =
        kind === 'use' ? undefined : perpetrator === SMUGGLERS ? 'other' : perpetrator.actorType === 'non_state_armed_group' && kind !== 'damage' ? 'one_sided' : 'state_based';
      return {
        what: drafts[kind].what,
        story: `Community leaders reported that ${site} was ${kind === 'use' ? 'used as a base' : kind === 'loot' ? 'looted' : kind === 'damage' ? 'damaged' : 'destroyed'}; ${perpetrator.name} is held responsible.`,
        themes: ['cultural_property'],
        categories: [drafts[kind].category],
        ...(violenceType ? { violenceType } : {}),
        perpetrator,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties: [],
        violent: kind !== 'loot' && kind !== 'use' && perpetrator.party,
      };
    },
  },
  {
    weight: 2.5,
    build(ctx) {
      const { rng } = ctx;
      const category = rng.pick(['trafficking_in_persons', 'forced_labour', 'smuggling_related_abuse'] as const);
      const victims = 1 + rng.heavy(3, 1.3, 80);
      const what = {
        trafficking_in_persons: 'Displaced young people trafficked across the border',
        forced_labour: 'Displaced men forced to work on fishing islands',
        smuggling_related_abuse: 'Migrants abused by smugglers on the desert route',
      }[category];
      return {
        what,
        story: `Protection monitors reported that about ${victims} people were exploited by the ${SMUGGLERS.name}.`,
        themes: ['trafficking'],
        categories: [category],
        violenceType: 'other',
        perpetrator: SMUGGLERS,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties: [],
        violent: false,
      };
    },
  },
  {
    weight: 3,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.7) ? STATE_FORCES[ctx.town.country] : MILITIAS[ctx.town.country];
      return {
        what: rng.pick(['Extortion at a checkpoint', 'Illegal tolls on fish traders', 'Bribes demanded for passage']),
        story: `Traders and displaced families reported paying ${perpetrator.name} to pass a checkpoint.`,
        themes: ['building_integrity'],
        categories: ['checkpoint_extortion'],
        violenceType: 'other',
        perpetrator,
        targets: [rng.pick(CIVILIAN_TARGETS)],
        casualties: [],
        violent: false,
      };
    },
  },
  {
    weight: 1,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = rng.chance(0.6) ? CAMP_COMMITTEE : MILITIAS[ctx.town.country];
      return {
        what: 'Food aid diverted from a displacement camp',
        story: `Residents reported that ${perpetrator.name} sold part of the distributed food rations.`,
        themes: ['building_integrity'],
        categories: ['diversion_of_aid_or_pay'],
        violenceType: 'other',
        perpetrator,
        targets: [actor('Displaced families', 'civilians', false, 'civilian')],
        casualties: [],
        violent: false,
      };
    },
  },
  {
    weight: 1.2,
    build(ctx) {
      const { rng } = ctx;
      const perpetrator = insurgent(ctx);
      return {
        what: rng.pick(["Armed group bans women from markets", 'Threats against women community leaders']),
        story: `${perpetrator.name} imposed restrictions and threats that target women and girls in particular.`,
        themes: ['women_peace_security'],
        categories: ['gender_specific_harm'],
        perpetrator,
        targets: [WOMEN],
        casualties: [],
        violent: false,
        victim: { sex: 'female', ageGroup: 'adult' },
      };
    },
  },
  {
    weight: 1.5,
    // The run-up to the truce: local committees are formed without women.
    active: (day) => day >= CEASEFIRE_START - 92 && day < CEASEFIRE_START,
    build(ctx) {
      const perpetrator = STATE_FORCES[ctx.town.country];
      return {
        what: 'Women excluded from the local truce committee',
        story: `Women's groups were left out of the committee that ${perpetrator.name} convened to prepare the ${TRUCE_NAME}.`,
        themes: ['women_peace_security'],
        categories: ['exclusion_from_agreements'],
        perpetrator,
        targets: [WOMEN],
        casualties: [],
        violent: false,
      };
    },
  },
  {
    weight: 25,
    // Exchanges of fire between the parties, recorded only while the truce holds.
    active: inCeasefire,
    build(ctx) {
      const { rng } = ctx;
      const group = insurgent(ctx);
      const force = security(ctx);
      const groupBreaks = rng.chance(0.6);
      const casualties = [
        ...count(rng, 'killed', group.status, rng.chance(0.4) ? rng.heavy(1.5, 1.5, 20) : 0),
        ...count(rng, 'killed', force.status, rng.chance(0.3) ? rng.heavy(1, 1.6, 15) : 0),
        ...count(rng, 'injured', force.status, rng.chance(0.4) ? 1 + rng.heavy(1, 1.6, 15) : 0),
      ];
      return {
        what: rng.pick(['Exchange of fire across the truce line', 'Patrol fired upon', 'Mortar rounds fired at a position']),
        story: `${groupBreaks ? group.name : force.name} opened fire on ${groupBreaks ? force.name : group.name}.`,
        themes: ['ceasefire'],
        categories: [],
        violenceType: 'state_based',
        perpetrator: groupBreaks ? group : force,
        targets: [groupBreaks ? force : group],
        casualties,
        violent: true,
      };
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Sources and sensitive details

const SOURCE_DESCRIPTIONS: Readonly<Record<Exclude<SourceType, 'dataset' | 'other'>, readonly string[]>> = {
  media: ['Local radio bulletin', 'Regional newspaper report', 'International wire service report', 'Community radio call-in programme'],
  ngo: ['Protection monitoring report by a partner NGO', 'Incident alert from a humanitarian NGO', 'Education cluster partner report'],
  un: ['UN protection cluster flash update', 'UN agency situation report', 'Monitoring and reporting mechanism (MRM) note'],
  government: ['Statement by the local administration', 'Police incident report', 'Ministry press release'],
  social_media: ['Post on a local messaging channel', 'Video shared on social media (unverified)', "Claim on an armed group's channel"],
  witness: ['Account of a witness interviewed by the field team', 'Account of a survivor referred by a partner'],
  own_force: ['Patrol report', 'Liaison officer report', 'Sector headquarters situation report'],
};

/** Admiralty gradings as "B2" etc., weighted per source type. */
const GRADINGS: Readonly<Record<keyof typeof SOURCE_DESCRIPTIONS, readonly (readonly [string, number])[]>> = {
  un: [['B2', 35], ['B1', 15], ['A2', 10], ['B3', 15], ['C3', 10], ['A1', 5], ['C2', 10]],
  ngo: [['B2', 30], ['C3', 25], ['B3', 15], ['C2', 10], ['B1', 5], ['F6', 5], ['D4', 5], ['C4', 5]],
  media: [['C3', 30], ['B2', 20], ['C2', 10], ['D4', 10], ['C4', 10], ['F6', 10], ['B3', 10]],
  government: [['C3', 25], ['B2', 15], ['D4', 15], ['C4', 15], ['B3', 10], ['F6', 10], ['E5', 5], ['D3', 5]],
  social_media: [['F6', 35], ['D4', 20], ['E5', 10], ['C3', 15], ['D3', 10], ['F3', 10]],
  witness: [['C3', 25], ['B2', 15], ['F6', 20], ['C2', 15], ['D3', 10], ['B3', 15]],
  own_force: [['B2', 35], ['A2', 20], ['B1', 15], ['A1', 10], ['B3', 10], ['C3', 10]],
};

function sources(rng: Rng, draft: Draft, latestDay: number): SourceIn[] {
  const n = rng.weighted([
    [1, 50],
    [2, 35],
    [3, 15],
  ]);
  const ownForce = draft.perpetrator === CSF || draft.targets.includes(CSF);
  const children = draft.themes.includes('children_and_armed_conflict');
  const types: (readonly [keyof typeof SOURCE_DESCRIPTIONS, number])[] = [
    ['media', 25],
    ['ngo', 18],
    ['un', children ? 30 : 12],
    ['government', 12],
    ['social_media', 12],
    ['witness', 14],
    ['own_force', ownForce ? 40 : 5],
  ];
  const list: SourceIn[] = [];
  for (let i = 0; i < n; i++) {
    const sourceType = rng.weighted(types);
    const grading = rng.weighted(GRADINGS[sourceType]);
    const reliability = grading.charAt(0) as SourceReliability;
    let credibility = Number(grading.charAt(1)) as InformationCredibility;
    if (credibility === 1 && n === 1) credibility = 2; // "confirmed by other sources" needs other sources
    list.push({
      ref: `S${i + 1}`,
      sourceType,
      description: rng.pick(SOURCE_DESCRIPTIONS[sourceType]),
      publishedOn: isoOf(Math.min(DAYS - 1, latestDay + rng.heavy(1, 1.5, 20))),
      reliability,
      credibility,
    });
  }
  return list;
}

const GIVEN_NAMES = ['Adama', 'Bintu', 'Falmata', 'Hauwa', 'Kaltumi', 'Yagana', 'Modu', 'Bukar', 'Ibrahim', 'Zara', 'Abakar', 'Mahamat', 'Halima', 'Issa'];
const FAMILY_NAMES = ['Exemplar', 'Testfield', 'Fictiva', 'Sampleton', 'Drillman', 'Mockari', 'Placeholda'];

/** Clearly invented people: an exercise surname and the "(EXERCISE)" mark. */
const fictionalName = (rng: Rng): string => `${rng.pick(GIVEN_NAMES)} ${rng.pick(FAMILY_NAMES)} (EXERCISE)`;

function sensitive(rng: Rng, draft: Draft, refs: readonly SourceIn[]): SensitiveIn {
  const victims = Array.from({ length: rng.int(1, 3) }, () => ({
    name: fictionalName(rng),
    ...(draft.victim?.sex ? { sex: draft.victim.sex } : {}),
    ...(draft.victim?.ageGroup ? { ageGroup: draft.victim.ageGroup } : {}),
    notes: 'Fictional person for the exercise; referred to services.',
  }));
  const witnesses = Array.from({ length: rng.int(0, 2) }, () => ({
    name: fictionalName(rng),
    contact: 'Reachable through the field team (EXERCISE)',
    notes: 'Fictional witness for the exercise.',
  }));
  const witnessSource = refs.find((s) => s.sourceType === 'witness');
  const sourceIdentities = witnessSource
    ? [{ sourceRef: witnessSource.ref, identity: `Community focal point ${rng.int(100, 999)} (EXERCISE)` }]
    : [];
  return { victims, witnesses, sourceIdentities };
}

// ---------------------------------------------------------------------------------------------------------------
// Assembly

const STATUS_WORDS: Readonly<Record<PersonStatus, readonly [string, string]>> = {
  civilian: ['civilian', 'civilians'],
  own_force: ['member of the own force', 'members of the own force'],
  allied_force: ['member of allied forces', 'members of allied forces'],
  opposing_force: ['opposing fighter', 'opposing fighters'],
  combatant: ['combatant', 'combatants'],
  unknown: ['person of unknown status', 'people of unknown status'],
};

function describeCasualties(casualties: readonly CasualtyIn[]): string {
  if (casualties.length === 0) return '';
  const parts = casualties.map((c) => {
    const range = c.low !== undefined && c.high !== undefined && (c.low !== c.best || c.high !== c.best) ? ` (${c.low}–${c.high})` : '';
    const [one, many] = STATUS_WORDS[c.status];
    return `${c.best}${range} ${c.best === 1 && !range ? one : many} ${c.kind}`;
  });
  return ` Reported: ${parts.join('; ')}.`;
}

function describeDate(w: DateWindow): string {
  if (w.datePrecision === 'day') return `On ${w.dateEarliest}`;
  if (w.datePrecision === 'month') return `During ${w.dateEarliest.slice(0, 7)}`;
  return `Between ${w.dateEarliest} and ${w.dateLatest}`;
}

function pickTown(rng: Rng, progress: number): ExerciseTown {
  // The lake front escalates over the period while the mainland front slowly calms.
  return rng.weighted(EXERCISE_TOWNS.map((t) => [t, t.weight * (t.zone === 'lake' ? 0.8 + 0.5 * progress : 1.1 - 0.2 * progress)] as const));
}

/** Generates the exercise scenario: `incidents` fictional incidents (default 6000), sorted by date, ids EX-000001 …. */
export function generateExerciseScenario(options: ScenarioOptions = {}): IncidentInput[] {
  const n = options.incidents ?? DEFAULT_INCIDENTS;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`incidents must be a non-negative whole number, not ${n}`);
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const days = sampleDays(rng, dailyIntensity(rng), n);

  return days.map((day, index): IncidentInput => {
    const progress = day / DAYS;
    const t = pickTown(rng, progress);
    const ctx: Ctx = { rng, town: t, progress };
    const truce = inCeasefire(day);
    const template = rng.weighted(TEMPLATES.filter((tp) => tp.active?.(day) ?? true).map((tp) => [tp, tp.weight] as const));
    const draft = template.build(ctx);

    let what = draft.what;
    let story = draft.story;
    if (truce && draft.violent) {
      // A breach of the truce names the violating party; an attack is attributed to one even where it usually is not.
      if (!draft.perpetrator.party) draft.perpetrator = insurgent(ctx);
      if (!draft.themes.includes('ceasefire')) {
        draft.themes.push('ceasefire');
        what = `Truce violation: ${what}`;
      }
      draft.categories.push('ceasefire_violation');
      story += ` The ${TRUCE_NAME} was in force; monitors name ${draft.perpetrator.name} as the violating party.`;
    }

    // Every category must belong to one of the incident's themes.
    const themes = new Set<Theme>(draft.themes);
    const categories = [...new Set(draft.categories)];
    for (const category of categories) {
      const owners = themesOfCategory(category);
      if (!owners.some((owner) => themes.has(owner))) themes.add(owners[0] ?? 'protection_of_civilians');
    }

    const window = dateWindow(rng, day);
    const { location, where } = place(rng, t);
    const actors: ActorIn[] = [draft.perpetrator, ...draft.targets]
      .filter((a, i, all) => all.findIndex((b) => b.name === a.name) === i)
      .slice(0, 3)
      .map((a, i) => ({ name: a.name, actorType: a.actorType, role: i === 0 ? 'perpetrator' : 'target' }));
    const refs = sources(rng, draft, dayOf(window.dateLatest));
    // Named victims only where there are people harmed: a few percent of all incidents.
    const hasVictims = draft.victim !== undefined || draft.casualties.some((c) => c.status === 'civilian');
    const withSensitive = hasVictims && rng.chance(0.045);

    const incident: IncidentInput = {
      title: `EXERCISE — ${what} ${where}`,
      narrative:
        `EXERCISE DATA: a fictional scenario on real terrain; it describes no real event. ` +
        `${describeDate(window)}, ${where}: ${story}${describeCasualties(draft.casualties)}`,
      ...window,
      location,
      themes: [...themes],
      categories,
      ...(draft.violenceType ? { violenceType: draft.violenceType } : {}),
      actors,
      casualties: draft.casualties,
      sources: refs,
      origin: { dataset: EXERCISE_DATASET, externalId: `EX-${String(index + 1).padStart(6, '0')}` },
      exercise: true,
    };
    if (withSensitive) incident.sensitive = sensitive(rng, draft, refs);
    return incident;
  });
}
