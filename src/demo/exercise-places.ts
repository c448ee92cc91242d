import type { AgreementInput } from '../core/places/agreement.schema.js';
import type { SiteCategory, SiteInput } from '../core/places/site.schema.js';
import type { ZoneInput } from '../core/places/zone.schema.js';
import { EXERCISE_DATASET, EXERCISE_TOWNS, EXERCISE_TRUCE, type ExerciseTown } from './exercise-scenario.js';

/**
 * The exercise's protected sites, zones and truce: invented facilities at real towns of the Lake Chad basin (every
 * name marked "(EXERCISE)"), two humanitarian corridors and a safe haven that the truce opened, the stabilisation
 * force's area of operations, and the truce itself binding the scenario's armed parties. Pure data, deterministic.
 */

const KM_PER_DEGREE = 111.32;

/** A point `northKm` and `eastKm` away from a town: facilities sit in town, not on its centre point. */
function offset(town: ExerciseTown, northKm: number, eastKm: number): [number, number] {
  const lat = town.lat + northKm / KM_PER_DEGREE;
  const lon = town.lon + eastKm / (KM_PER_DEGREE * Math.cos((town.lat * Math.PI) / 180));
  return [Math.round(lon * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5];
}

const townNamed = (name: string): ExerciseTown => {
  const town = EXERCISE_TOWNS.find((t) => t.name === name);
  if (!town) throw new Error(`the exercise has no town ${name}`);
  return town;
};

interface FacilityKind {
  category: SiteCategory;
  label: string;
  northKm: number;
  eastKm: number;
  /** Only the larger towns have one. */
  minWeight: number;
}

const FACILITIES: readonly FacilityKind[] = [
  { category: 'health_facility', label: 'Primary Health Centre', northKm: 0.4, eastKm: 0.3, minWeight: 0 },
  { category: 'school', label: 'Government Primary School', northKm: -0.3, eastKm: 0.5, minWeight: 0 },
  { category: 'place_of_worship', label: 'Central Mosque', northKm: 0.1, eastKm: -0.2, minWeight: 3 },
  { category: 'water', label: 'Borehole and water point', northKm: -0.6, eastKm: -0.4, minWeight: 4 },
  { category: 'displacement_camp', label: 'Displacement camp', northKm: 1.5, eastKm: 1.2, minWeight: 5 },
  { category: 'humanitarian_premises', label: 'Humanitarian hub', northKm: 0.8, eastKm: -0.9, minWeight: 6 },
];

export function exerciseSites(): SiteInput[] {
  return EXERCISE_TOWNS.flatMap((town) =>
    FACILITIES.filter((f) => town.weight >= f.minWeight).map((f) => ({
      name: `${town.name} ${f.label} (EXERCISE)`,
      category: f.category,
      geometry: { type: 'Point' as const, coordinates: offset(town, f.northKm, f.eastKm) },
      country: town.country,
      admin1: town.admin1,
      status: 'functioning' as const,
      source: { dataset: EXERCISE_DATASET, externalId: `site/${town.name}/${f.category}`, description: 'Exercise scenario: invented facility at a real town' },
    })),
  );
}

/** A square around a point, `halfKm` from its centre to each side, as a closed ring. */
function squareAround(town: ExerciseTown, halfKm: number): [number, number][] {
  const corners: [number, number][] = [offset(town, -halfKm, -halfKm), offset(town, -halfKm, halfKm), offset(town, halfKm, halfKm), offset(town, halfKm, -halfKm)];
  return [...corners, corners[0]!];
}

const truceSource = (externalId: string) => ({ dataset: EXERCISE_DATASET, externalId, description: `Exercise scenario: ${EXERCISE_TRUCE.name}` });
const along = (...names: string[]) => names.map((n) => offset(townNamed(n), 0, 0));

/** Zones keyed by a short name, so the agreement can refer to the ones it opened. */
export function exerciseZones(): Record<'southCorridor' | 'lakeCorridor' | 'rannHaven' | 'operations', ZoneInput> {
  const parties = [...EXERCISE_TRUCE.parties];
  return {
    southCorridor: {
      name: 'Maiduguri–Bama–Gwoza humanitarian corridor (EXERCISE)',
      kind: 'humanitarian_corridor',
      geometry: { type: 'LineString', coordinates: along('Maiduguri', 'Konduga', 'Bama', 'Gwoza') },
      widthKm: 4,
      validFrom: EXERCISE_TRUCE.start,
      validTo: EXERCISE_TRUCE.end,
      partiesBound: parties,
      status: 'in_force',
      source: truceSource('zone/south-corridor'),
    },
    lakeCorridor: {
      name: 'Maiduguri–Monguno–Baga humanitarian corridor (EXERCISE)',
      kind: 'humanitarian_corridor',
      geometry: { type: 'LineString', coordinates: along('Maiduguri', 'Dikwa', 'Monguno', 'Baga') },
      widthKm: 4,
      validFrom: EXERCISE_TRUCE.start,
      validTo: EXERCISE_TRUCE.end,
      partiesBound: parties,
      status: 'in_force',
      source: truceSource('zone/lake-corridor'),
    },
    rannHaven: {
      name: 'Rann safe haven (EXERCISE)',
      kind: 'safe_haven',
      geometry: { type: 'Polygon', coordinates: [squareAround(townNamed('Rann'), 4)] },
      validFrom: EXERCISE_TRUCE.start,
      partiesBound: parties,
      status: 'in_force',
      source: truceSource('zone/rann-haven'),
      notes: 'Declared with the truce and kept after it ended.',
    },
    operations: {
      name: 'Combined Stabilisation Force area of operations (EXERCISE)',
      kind: 'area_of_operations',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [12.3, 10.2],
            [14.9, 10.2],
            [14.9, 14.3],
            [12.3, 14.3],
            [12.3, 10.2],
          ],
        ],
      },
      validFrom: '2023-01-01',
      partiesBound: [],
      status: 'in_force',
      source: { dataset: EXERCISE_DATASET, externalId: 'zone/area-of-operations', description: 'Exercise scenario' },
    },
  };
}

/** The truce: everywhere the parties fight (no zone named), with its corridors' humanitarian access as a commitment. */
export function exerciseAgreement(): AgreementInput {
  return {
    name: EXERCISE_TRUCE.name,
    kind: 'ceasefire',
    parties: [...EXERCISE_TRUCE.parties],
    signedOn: '2024-05-28',
    validFrom: EXERCISE_TRUCE.start,
    validTo: EXERCISE_TRUCE.end,
    zoneIds: [],
    commitments: [
      { code: 'cessation_of_hostilities', description: 'No attacks by any party anywhere in the basin while the truce holds.' },
      { code: 'humanitarian_access', description: 'Convoys pass the Maiduguri–Gwoza and Maiduguri–Baga corridors unhindered.' },
    ],
    source: { dataset: EXERCISE_DATASET, externalId: 'agreement/truce', description: 'Exercise scenario' },
  };
}
