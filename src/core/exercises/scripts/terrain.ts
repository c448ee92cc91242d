import type { IncidentInput } from '../../incident.schema.js';
import type { ForceRequestInput } from '../../use-of-force/force-request.schema.js';
import type { ActorType, Category, PersonStatus, SourceType, Theme, ViolenceType } from '../../taxonomy.js';

/**
 * The demo terrain the shipped exercises play on: the towns, zones and truce of the Lake Chad exercise scenario
 * (src/demo/exercise-scenario.ts and exercise-places.ts), repeated here because the core does not read the demo; a test
 * holds the two in step.
 */

export interface ExerciseTerrainTown {
  name: string;
  admin1: string;
  admin2: string;
  lat: number;
  lon: number;
}

export const TOWNS = {
  maiduguri: { name: 'Maiduguri', admin1: 'Borno', admin2: 'Maiduguri Metropolitan', lat: 11.846, lon: 13.157 },
  konduga: { name: 'Konduga', admin1: 'Borno', admin2: 'Konduga', lat: 11.651, lon: 13.418 },
  bama: { name: 'Bama', admin1: 'Borno', admin2: 'Bama', lat: 11.522, lon: 13.686 },
  gwoza: { name: 'Gwoza', admin1: 'Borno', admin2: 'Gwoza', lat: 11.086, lon: 13.69 },
  dikwa: { name: 'Dikwa', admin1: 'Borno', admin2: 'Dikwa', lat: 12.036, lon: 13.917 },
  monguno: { name: 'Monguno', admin1: 'Borno', admin2: 'Monguno', lat: 12.67, lon: 13.612 },
  rann: { name: 'Rann', admin1: 'Borno', admin2: 'Kala/Balge', lat: 12.283, lon: 14.467 },
} as const satisfies Record<string, ExerciseTerrainTown>;

/** The scenario's zones and truce, by the names exercise-places.ts gives them. */
export const TERRAIN_NAMES = {
  southCorridor: 'Maiduguri–Bama–Gwoza humanitarian corridor (EXERCISE)',
  lakeCorridor: 'Maiduguri–Monguno–Baga humanitarian corridor (EXERCISE)',
  rannHaven: 'Rann safe haven (EXERCISE)',
  truce: 'Lake Chad Basin Humanitarian Truce (EXERCISE)',
} as const;

/** Armed parties of the scenario, as its incidents name them. */
export const PARTIES = {
  lakeFront: 'Northern Liberation Front (EXERCISE)',
  sahelDawn: 'Sahel Dawn Brigades (EXERCISE)',
  stabilisationForce: 'Combined Stabilisation Force (EXERCISE)',
  westShore: 'West Shore Defence Forces (EXERCISE)',
  lakeMilitia: 'Lake Defence Militia (EXERCISE)',
} as const;

export const EXERCISE_DATASET = 'haven-exercise';

/** The mission every shipped exercise plays, as the demo's force requests name it. */
export const EXERCISE_MISSION: ForceRequestInput['mission'] = {
  name: 'EXERCISE Lake Shield',
  mandate: 'Protection of civilians under a Security Council mandate (exercise)',
  civilianApprovalRequired: true,
  treatiesBinding: ['ccw_protocol_iii', 'ccw_protocol_iv', 'cluster_munitions_convention', 'ottawa_convention'],
  hardLimits: { maxExpectedCivilianDeaths: 5 },
};

export const NO_HARM = { low: 0, best: 0, high: 0 };

export interface IncidentSketch {
  scriptId: string;
  injectId: string;
  title: string;
  narrative: string;
  date: string;
  town: ExerciseTerrainTown;
  themes: Theme[];
  categories: Category[];
  violenceType?: ViolenceType;
  perpetrator: { name: string; actorType: ActorType };
  target: { name: string; actorType: ActorType };
  casualties: { kind: 'killed' | 'injured' | 'abducted' | 'displaced'; status: PersonStatus; best: number }[];
  source: { sourceType: SourceType; description: string };
}

/** An exercise incident at a town of the terrain, marked as exercise in its title, narrative, origin and flag. */
export function exerciseIncident(s: IncidentSketch): IncidentInput {
  return {
    title: `EXERCISE — ${s.title}`,
    narrative: `EXERCISE DATA: a fictional inject on real terrain; it describes no real event. ${s.narrative}`,
    dateEarliest: s.date,
    dateLatest: s.date,
    datePrecision: 'day',
    location: { lat: s.town.lat, lon: s.town.lon, precision: 'within_25km', country: 'NGA', admin1: s.town.admin1, admin2: s.town.admin2, placeName: s.town.name },
    themes: s.themes,
    categories: s.categories,
    ...(s.violenceType ? { violenceType: s.violenceType } : {}),
    actors: [
      { ...s.perpetrator, role: 'perpetrator' },
      { ...s.target, role: 'target' },
    ],
    casualties: s.casualties.map((c) => ({ kind: c.kind, status: c.status, best: c.best })),
    sources: [{ ref: 'S1', sourceType: s.source.sourceType, description: s.source.description, reliability: 'B', credibility: 2 }],
    origin: { dataset: EXERCISE_DATASET, externalId: `exercise/${s.scriptId}/${s.injectId}` },
    exercise: true,
  };
}
