import { describe, expect, it } from 'vitest';
import { greatCircleKm } from '../../src/core/great-circle.js';
import { agreementInputSchema } from '../../src/core/places/agreement.schema.js';
import { siteInputSchema } from '../../src/core/places/site.schema.js';
import { zoneInputSchema } from '../../src/core/places/zone.schema.js';
import { exerciseAgreement, exerciseSites, exerciseZones } from '../../src/demo/exercise-places.js';
import { EXERCISE_CEASEFIRE, EXERCISE_TOWNS, generateExerciseScenario } from '../../src/demo/exercise-scenario.js';

describe('the exercise places', () => {
  it('are valid register entries with unique origins, every name marked EXERCISE', () => {
    const sites = exerciseSites();
    for (const site of sites) expect(siteInputSchema.safeParse(site).success, site.name).toBe(true);
    for (const zone of Object.values(exerciseZones())) expect(zoneInputSchema.safeParse(zone).success, zone.name).toBe(true);
    expect(agreementInputSchema.safeParse(exerciseAgreement()).success).toBe(true);
    const names = [...sites.map((s) => s.name), ...Object.values(exerciseZones()).map((z) => z.name), exerciseAgreement().name];
    for (const name of names) expect(name).toContain('(EXERCISE)');
    const origins = sites.map((s) => s.source.externalId);
    expect(new Set(origins).size).toBe(origins.length);
  });

  it('put each town a clinic and a school within a kilometre of its centre', () => {
    const sites = exerciseSites();
    for (const town of EXERCISE_TOWNS) {
      for (const category of ['health_facility', 'school'] as const) {
        const site = sites.find((s) => s.admin1 === town.admin1 && s.name.startsWith(`${town.name} `) && s.category === category);
        expect(site, `${town.name} ${category}`).toBeDefined();
        const [lon, lat] = site!.geometry.type === 'Point' ? site!.geometry.coordinates : [NaN, NaN];
        const km = greatCircleKm({ lat: town.lat, lon: town.lon }, { lat, lon });
        expect(km).toBeGreaterThan(0.1);
        expect(km).toBeLessThan(1);
      }
    }
  });

  it('bind, in the truce, exactly the parties the scenario names as violators, for the truce period', () => {
    const agreement = exerciseAgreement();
    expect([agreement.validFrom, agreement.validTo]).toEqual([EXERCISE_CEASEFIRE.start, EXERCISE_CEASEFIRE.end]);
    const violators = new Set(
      generateExerciseScenario()
        .filter((i) => i.categories?.includes('ceasefire_violation'))
        .map((i) => i.actors?.find((a) => a.role === 'perpetrator')?.name),
    );
    for (const violator of violators) expect(agreement.parties).toContain(violator);
  });
});
