import { describe, it, expect } from 'vitest';
import { incidentInputSchema, type IncidentInput } from '../../src/core/incident.schema.js';
import { THEMES } from '../../src/core/taxonomy.js';
import {
  EXERCISE_CEASEFIRE,
  EXERCISE_DATASET,
  EXERCISE_PERIOD,
  EXERCISE_TOWNS,
  generateExerciseScenario,
} from '../../src/demo/exercise-scenario.js';

const scenario = generateExerciseScenario();
/** Seasonality and the truce are properties of the model, not of one lucky seed. */
const otherSeeds = [2, 3, 12345].map((seed) => generateExerciseScenario({ seed }));

const DAY_MS = 86_400_000;
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from) + 1;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const share = (items: IncidentInput[], predicate: (i: IncidentInput) => boolean): number =>
  items.filter(predicate).length / items.length;

function kmBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

const nearestTownKm = (i: IncidentInput): number => Math.min(...EXERCISE_TOWNS.map((t) => kmBetween(i.location, t)));

/** Incidents per day whose earliest date falls in [from, to]. */
function dailyRate(items: IncidentInput[], from: string, to: string): number {
  return items.filter((i) => i.dateEarliest >= from && i.dateEarliest <= to).length / daysBetween(from, to);
}

const inTruce = (iso: string): boolean => iso >= EXERCISE_CEASEFIRE.start && iso <= EXERCISE_CEASEFIRE.end;

describe('generateExerciseScenario', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateExerciseScenario({ seed: 7, incidents: 300 })).toEqual(generateExerciseScenario({ seed: 7, incidents: 300 }));
    expect(generateExerciseScenario()).toEqual(scenario);
    expect(generateExerciseScenario({ seed: 8, incidents: 300 })).not.toEqual(generateExerciseScenario({ seed: 7, incidents: 300 }));
    expect(otherSeeds[0]).not.toEqual(scenario);
  });

  it('produces thousands of incidents by default and the requested number otherwise', () => {
    expect(scenario.length).toBeGreaterThanOrEqual(5000);
    expect(generateExerciseScenario({ incidents: 25 })).toHaveLength(25);
    expect(generateExerciseScenario({ incidents: 0 })).toEqual([]);
    expect(() => generateExerciseScenario({ incidents: -1 })).toThrow(RangeError);
    expect(() => generateExerciseScenario({ incidents: 1.5 })).toThrow(RangeError);
  });

  it('generates only incidents that pass the input schema', () => {
    for (const items of [scenario, otherSeeds[2] ?? []]) {
      const failures = items.flatMap((incident) => {
        const result = incidentInputSchema.safeParse(incident);
        return result.success ? [] : [`${incident.origin?.externalId}: ${JSON.stringify(result.error.issues.slice(0, 2))}`];
      });
      expect(failures.slice(0, 5)).toEqual([]);
    }
  });

  it('marks every incident as exercise data with a unique, stable external id', () => {
    const ids = new Set<string>();
    for (const incident of scenario) {
      expect(incident.exercise).toBe(true);
      expect(incident.title.startsWith('EXERCISE — ')).toBe(true);
      expect(incident.narrative).toMatch(/^EXERCISE DATA/);
      expect(incident.origin?.dataset).toBe(EXERCISE_DATASET);
      expect(incident.origin?.externalId).toMatch(/^EX-\d{6}$/);
      ids.add(incident.origin?.externalId ?? '');
      const actors = incident.actors ?? [];
      expect(actors.length).toBeGreaterThanOrEqual(1);
      expect(actors.length).toBeLessThanOrEqual(3);
      expect(actors[0]?.role).toBe('perpetrator');
      for (const a of actors) expect(a.name).toContain('(EXERCISE)');
      for (const v of incident.sensitive?.victims ?? []) expect(v.name).toContain('(EXERCISE)');
      for (const w of incident.sensitive?.witnesses ?? []) expect(w.name).toContain('(EXERCISE)');
      expect(incident.dateEarliest >= EXERCISE_PERIOD.start && incident.dateLatest <= EXERCISE_PERIOD.end).toBe(true);
    }
    expect(ids.size).toBe(scenario.length);
    expect(scenario[0]?.origin?.externalId).toBe('EX-000001');
  });

  it('drops to a fraction during the ceasefire, and what happens then is recorded as a violation by a named party', () => {
    for (const items of [scenario, ...otherSeeds]) {
      const before = dailyRate(items, '2024-03-01', '2024-05-31');
      const during = dailyRate(items, EXERCISE_CEASEFIRE.start, EXERCISE_CEASEFIRE.end);
      expect(during).toBeGreaterThan(0);
      expect(during).toBeLessThan(0.4 * before);

      const violations = items.filter((i) => i.categories?.includes('ceasefire_violation'));
      expect(violations.length).toBeGreaterThan(0);
      for (const v of violations) {
        expect(inTruce(v.dateEarliest) && inTruce(v.dateLatest)).toBe(true);
        expect(v.themes).toContain('ceasefire');
        const perpetrator = v.actors?.find((a) => a.role === 'perpetrator');
        expect(perpetrator?.actorType).toMatch(/state_force|non_state_armed_group|militia|international_force/);
      }
      const duringTruce = items.filter((i) => inTruce(i.dateEarliest));
      expect(violations.length / duringTruce.length).toBeGreaterThan(0.5);
    }
  });

  it('has more incidents per day in the dry season (Nov–May) than in the rains (Jun–Oct)', () => {
    for (const items of [scenario, ...otherSeeds]) {
      const tally = { dry: { incidents: 0, days: 0 }, rainy: { incidents: 0, days: 0 } };
      const seasonOf = (iso: string) => {
        const month = Number(iso.slice(5, 7));
        return month >= 6 && month <= 10 ? 'rainy' : 'dry';
      };
      for (let d = dayNumber(EXERCISE_PERIOD.start); d <= dayNumber(EXERCISE_PERIOD.end); d++) {
        const iso = new Date(d * DAY_MS).toISOString().slice(0, 10);
        if (!inTruce(iso)) tally[seasonOf(iso)].days++;
      }
      for (const i of items) if (!inTruce(i.dateEarliest)) tally[seasonOf(i.dateEarliest)].incidents++;
      const dry = tally.dry.incidents / tally.dry.days;
      const rainy = tally.rainy.incidents / tally.rainy.days;
      expect(dry).toBeGreaterThan(1.2 * rainy);
    }
  });

  it('escalates slowly: the last year has more incidents than the first', () => {
    const year = (y: string) => scenario.filter((i) => i.dateEarliest.startsWith(y)).length;
    expect(year('2025')).toBeGreaterThan(year('2023'));
  });

  it('mixes location and date precisions, with windows that match the date precision', () => {
    const locationPrecisions = new Set(scenario.map((i) => i.location.precision));
    const datePrecisions = new Set(scenario.map((i) => i.datePrecision));
    expect(locationPrecisions.size).toBeGreaterThanOrEqual(4);
    expect(datePrecisions.size).toBeGreaterThanOrEqual(3);
    expect(share(scenario, (i) => i.location.precision === 'exact' || i.location.precision === 'within_25km')).toBeGreaterThan(0.6);
    const country = share(scenario, (i) => i.location.precision === 'country');
    expect(country).toBeGreaterThan(0.005);
    expect(country).toBeLessThan(0.05);
    expect(share(scenario, (i) => i.datePrecision === 'day')).toBeGreaterThan(0.6);

    for (const i of scenario) {
      const span = daysBetween(i.dateEarliest, i.dateLatest);
      if (i.datePrecision === 'day') expect(span).toBe(1);
      if (i.datePrecision === 'week') expect(span).toBe(7);
      if (i.datePrecision === 'month') {
        expect(i.dateEarliest.slice(8)).toBe('01');
        expect(i.dateLatest.slice(0, 7)).toBe(i.dateEarliest.slice(0, 7));
        const nextDay = new Date((dayNumber(i.dateLatest) + 1) * DAY_MS).toISOString();
        expect(nextDay.slice(8, 10)).toBe('01');
      }
    }
  });

  it('clusters incidents around towns, at a distance that matches the location precision', () => {
    const nearest = scenario.map(nearestTownKm);
    const centre = {
      lat: scenario.reduce((s, i) => s + i.location.lat, 0) / scenario.length,
      lon: scenario.reduce((s, i) => s + i.location.lon, 0) / scenario.length,
    };
    const spread = median(scenario.map((i) => kmBetween(i.location, centre)));
    expect(median(nearest)).toBeLessThan(15);
    expect(median(nearest)).toBeLessThan(0.1 * spread);

    scenario.forEach((incident, index) => {
      const km = nearest[index] ?? Infinity;
      if (incident.location.precision === 'exact') expect(km).toBeLessThan(3.1);
      if (incident.location.precision === 'within_25km') expect(km).toBeLessThan(25.1);
    });
  });

  it('spreads over the taxonomy, mostly protection of civilians', () => {
    const themeCounts = new Map<string, number>();
    for (const i of scenario) for (const t of i.themes ?? []) themeCounts.set(t, (themeCounts.get(t) ?? 0) + 1);
    for (const theme of THEMES) expect(themeCounts.get(theme) ?? 0).toBeGreaterThan(0);
    const poc = themeCounts.get('protection_of_civilians') ?? 0;
    for (const [theme, n] of themeCounts) if (theme !== 'protection_of_civilians') expect(poc).toBeGreaterThan(n);

    expect(new Set(scenario.flatMap((i) => i.categories ?? [])).size).toBeGreaterThanOrEqual(25);
    const violence = new Set(scenario.map((i) => i.violenceType));
    for (const v of ['state_based', 'non_state', 'one_sided'] as const) expect(violence).toContain(v);
  });

  it('has heavy-tailed casualty counts, counting every side', () => {
    const civiliansKilled = scenario
      .flatMap((i) => i.casualties ?? [])
      .filter((c) => c.kind === 'killed' && c.status === 'civilian')
      .map((c) => c.best);
    expect(median(civiliansKilled)).toBeLessThanOrEqual(5);
    expect(Math.max(...civiliansKilled)).toBeGreaterThanOrEqual(20);

    const all = scenario.flatMap((i) => i.casualties ?? []);
    const statuses = new Set(all.map((c) => c.status));
    for (const s of ['civilian', 'opposing_force', 'own_force', 'unknown'] as const) expect(statuses).toContain(s);
    const kinds = new Set(all.map((c) => c.kind));
    for (const k of ['killed', 'injured', 'abducted', 'displaced'] as const) expect(kinds).toContain(k);
    expect(all.some((c) => (c.breakdown ?? []).length > 0)).toBe(true);
    expect(all.some((c) => c.low !== undefined && c.high !== undefined && c.low < c.best && c.best < c.high)).toBe(true);
  });

  it('grades sources with a realistic Admiralty mix', () => {
    const sources = scenario.flatMap((i) => i.sources ?? []);
    for (const i of scenario) {
      const refs = (i.sources ?? []).map((s) => s.ref);
      expect(refs.length).toBeGreaterThanOrEqual(1);
      expect(refs.length).toBeLessThanOrEqual(3);
      expect(refs).toEqual(refs.map((_, k) => `S${k + 1}`));
    }
    const grades = new Map<string, number>();
    for (const s of sources) grades.set(`${s.reliability}${s.credibility}`, (grades.get(`${s.reliability}${s.credibility}`) ?? 0) + 1);
    const ranked = [...grades.entries()].sort((a, b) => b[1] - a[1]).map(([g]) => g);
    expect(ranked.slice(0, 3)).toEqual(expect.arrayContaining(['B2', 'C3']));
    expect(grades.get('F6') ?? 0).toBeGreaterThan(0);
    expect(new Set(sources.map((s) => s.reliability)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(sources.map((s) => s.sourceType)).size).toBeGreaterThanOrEqual(5);
  });

  it('gives a few percent of incidents sensitive details', () => {
    const sensitive = share(scenario, (i) => (i.sensitive?.victims ?? []).length > 0);
    expect(sensitive).toBeGreaterThan(0.01);
    expect(sensitive).toBeLessThan(0.06);
  });

  it('generates the default scenario quickly', () => {
    const started = performance.now();
    generateExerciseScenario({ seed: 99 });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
