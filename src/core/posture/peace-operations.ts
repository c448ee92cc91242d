import type { PeaceOperationLocationYear } from './geo-pko.js';

/**
 * What a UN peace operation deployed, year by year, from Geo-PKO's mission–year–location table, and how much of its
 * footprint carried protective capacity. Two kinds of figure, never added together:
 *
 * - **Troops** (personnel, estimated by Geo-PKO from unit symbols at standard unit sizes): each place's yearly mean
 *   troops, split into infantry, reserve and the rest (engineers, medical, aviation, logistics, signals and other
 *   enablers, which the table does not break down), summed over the mission's places.
 * - **Presence** (places): how many of the mission's places had a mission, sector or lower-level HQ, UN police, a
 *   medical unit, aviation or military observers on any map that year.
 *
 * The **protective share** of a mission-year is the share of its places with at least one protective element — a
 * medical unit, UN police or military observers — on a map that year. Aviation is counted apart: the table joins
 * helicopter support (evacuation, mobility) with other aviation and cannot tell transport from armed helicopters.
 */
export const PRESENCE_KINDS = ['missionHq', 'sectorHq', 'otherHq', 'police', 'medical', 'aviation', 'observers'] as const;
export type PresenceKind = (typeof PRESENCE_KINDS)[number];

/** The elements that make a place count towards the protective share. */
export const PROTECTIVE_KINDS = ['medical', 'police', 'observers'] as const satisfies readonly PresenceKind[];

export const PRESENCE_LABELS: Record<PresenceKind, string> = {
  missionHq: 'Mission HQ',
  sectorHq: 'Sector HQ',
  otherHq: 'Lower-level HQ',
  police: 'UN police',
  medical: 'Medical unit',
  aviation: 'Aviation',
  observers: 'Military observers',
};

export const TROOP_PARTS = ['infantry', 'reserve', 'other', 'typeUnknown'] as const;
export type TroopPart = (typeof TROOP_PARTS)[number];

export const TROOP_PART_LABELS: Record<TroopPart, string> = {
  infantry: 'Infantry',
  reserve: 'Reserve',
  other: 'Other troops (enablers)',
  typeUnknown: 'Type not given',
};

export interface PeaceOperationYear {
  year: number;
  /** Places the mission was at that year (a place in two countries counts in each). */
  locations: number;
  countries: string[];
  troops: {
    /** The sum of the places' yearly mean troops (`ave.no.troops`) where Geo-PKO gives one. */
    total: number;
    infantry: number;
    reserve: number;
    /** Per place: its mean troops less its infantry and reserve, never below 0. */
    other: number;
    /** The troops of places whose infantry or reserve figure is not given. */
    typeUnknown: number;
  };
  /** Places with no troop figure (`NA`): not counted in the troops, never as 0 troops. */
  locationsWithoutTroopFigure: number;
  /**
   * Places whose infantry and reserve together exceed their mean troops — the table takes each mean over the maps that
   * gave that figure, not always the same maps. Their `other` is 0, so the parts add up to more than the total.
   */
  locationsWithTroopTypesAboveTotal: number;
  locationsWith: Record<PresenceKind, number>;
  /** Places with a medical unit, UN police or military observers. */
  protectiveLocations: number;
  /** `protectiveLocations` over `locations`: 0 to 1. */
  protectiveShare: number;
  /** Infantry over the troops whose type is given (infantry, reserve, other); null without any. */
  infantryShare: number | null;
}

const presenceOf = (place: PeaceOperationLocationYear): Record<PresenceKind, boolean> => ({
  missionHq: place.hqLevel === 3,
  sectorHq: place.hqLevel === 2,
  otherHq: place.hqLevel === 1,
  police: place.police === true,
  medical: place.medical === true,
  aviation: (place.aviation ?? 0) > 0,
  observers: place.observers === true,
});

export const isProtective = (place: PeaceOperationLocationYear): boolean => {
  const presence = presenceOf(place);
  return PROTECTIVE_KINDS.some((kind) => presence[kind]);
};

/** One mission-year from its places. */
export function peaceOperationYear(year: number, places: readonly PeaceOperationLocationYear[]): PeaceOperationYear {
  const troops = { total: 0, infantry: 0, reserve: 0, other: 0, typeUnknown: 0 };
  const locationsWith = Object.fromEntries(PRESENCE_KINDS.map((k) => [k, 0])) as Record<PresenceKind, number>;
  let withoutFigure = 0;
  let aboveTotal = 0;
  let protective = 0;
  for (const place of places) {
    const presence = presenceOf(place);
    for (const kind of PRESENCE_KINDS) if (presence[kind]) locationsWith[kind]++;
    if (isProtective(place)) protective++;
    if (place.averageTroops === null) {
      withoutFigure++;
      continue;
    }
    troops.total += place.averageTroops;
    if (place.infantry === null || place.reserve === null) {
      troops.typeUnknown += place.averageTroops;
      continue;
    }
    troops.infantry += place.infantry;
    troops.reserve += place.reserve;
    const rest = place.averageTroops - place.infantry - place.reserve;
    if (rest < 0) aboveTotal++;
    troops.other += Math.max(0, rest);
  }
  const typed = troops.infantry + troops.reserve + troops.other;
  return {
    year,
    locations: places.length,
    countries: [...new Set(places.map((p) => p.country))].sort((a, b) => a.localeCompare(b)),
    troops,
    locationsWithoutTroopFigure: withoutFigure,
    locationsWithTroopTypesAboveTotal: aboveTotal,
    locationsWith,
    protectiveLocations: protective,
    protectiveShare: places.length === 0 ? 0 : protective / places.length,
    infantryShare: typed === 0 ? null : troops.infantry / typed,
  };
}

/**
 * A mission's years, in order, from every place-year held for it. `missingYears` are the years between its first and
 * last with no map in Geo-PKO: a gap in the series, not a year without peacekeepers.
 */
export function missionSeries(places: readonly PeaceOperationLocationYear[], mission: string, from?: number, to?: number): { years: PeaceOperationYear[]; missingYears: number[] } {
  const byYear = new Map<number, PeaceOperationLocationYear[]>();
  for (const place of places) {
    if (place.mission !== mission) continue;
    if ((from !== undefined && place.year < from) || (to !== undefined && place.year > to)) continue;
    const list = byYear.get(place.year) ?? [];
    list.push(place);
    byYear.set(place.year, list);
  }
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const missingYears: number[] = [];
  for (let year = years[0] ?? 0; years.length > 0 && year <= years[years.length - 1]!; year++) if (!byYear.has(year)) missingYears.push(year);
  return { years: years.map((year) => peaceOperationYear(year, byYear.get(year)!)), missingYears };
}

export interface PeaceOperationSummary {
  mission: string;
  countries: string[];
  countryCodes: string[];
  firstYear: number;
  lastYear: number;
  /** Years with at least one place held. */
  years: number;
  /** Distinct places over all its years. */
  locations: number;
}

/** Every mission held, by name. */
export function missionsOf(places: readonly Pick<PeaceOperationLocationYear, 'mission' | 'year' | 'country' | 'countryCode' | 'location'>[]): PeaceOperationSummary[] {
  const byMission = new Map<string, Pick<PeaceOperationLocationYear, 'mission' | 'year' | 'country' | 'countryCode' | 'location'>[]>();
  for (const place of places) {
    const list = byMission.get(place.mission) ?? [];
    list.push(place);
    byMission.set(place.mission, list);
  }
  return [...byMission.entries()]
    .map(([mission, rows]) => {
      const years = rows.map((r) => r.year);
      return {
        mission,
        countries: [...new Set(rows.map((r) => r.country))].sort((a, b) => a.localeCompare(b)),
        countryCodes: [...new Set(rows.flatMap((r) => (r.countryCode ? [r.countryCode] : [])))].sort(),
        firstYear: Math.min(...years),
        lastYear: Math.max(...years),
        years: new Set(years).size,
        locations: new Set(rows.map((r) => `${r.country}\u0000${r.location}`)).size,
      };
    })
    .sort((a, b) => a.mission.localeCompare(b.mission));
}
