import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateEscalation, type PastAction } from '../../../src/core/courses-of-action/escalation-estimate.js';
import {
  PROTECTIVE_ACTION_STATUSES,
  precisionForRadiusKm,
  protectiveActionInputSchema,
  protectiveActionUpdateSchema,
  resolveActionPoint,
  statusChangeRefusal,
} from '../../../src/core/courses-of-action/protective-action-log.js';
import { LOCATION_UNCERTAINTY_KM } from '../../../src/core/location-uncertainty.js';
import { LOCATION_PRECISIONS } from '../../../src/core/taxonomy.js';
import { HAND_REGISTER } from './hand-register.js';

const SITE_ID = '0193a3b4-0000-7000-8000-000000000001';
const ZONE_ID = '0193a3b4-0000-7000-8000-000000000002';

const carriedOut = {
  kind: 'patrol',
  description: 'Day patrol of the villages',
  location: { lat: 11.85, lon: 13.16, precision: 'exact' },
  startDate: '2024-06-01',
  endDate: '2024-06-02',
  unit: '2nd Company',
  status: 'carried_out',
};

const pathsOf = (input: unknown, schema = protectiveActionInputSchema) => {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
};

describe('a protective action in the log', () => {
  it('accepts an action carried out, real by default', () => {
    const parsed = protectiveActionInputSchema.parse(carriedOut);
    expect(parsed.exercise).toBe(false);
    expect(parsed.kind).toBe('patrol');
  });

  it('names the field at fault', () => {
    expect(pathsOf({ ...carriedOut, location: undefined })).toEqual(['location']);
    expect(pathsOf({ ...carriedOut, unit: undefined })).toEqual(['unit']);
    expect(pathsOf({ ...carriedOut, startDate: undefined, endDate: undefined })).toEqual(['startDate']);
    expect(pathsOf({ ...carriedOut, endDate: '2024-05-31' })).toEqual(['endDate']);
    expect(pathsOf({ ...carriedOut, status: 'planned', startDate: undefined })).toEqual(['startDate']);
    expect(pathsOf({ ...carriedOut, kind: 'air_strike' })).toEqual(['kind']);
    expect(pathsOf({ ...carriedOut, location: { lat: 95, lon: 13, precision: 'exact' } })).toEqual(['location.lat']);
    expect(pathsOf({ ...carriedOut, siteId: 'the clinic' })).toEqual(['siteId']);
    expect(pathsOf({ ...carriedOut, casualties: 3 })).toEqual(['']);
    expect(pathsOf(carriedOut, protectiveActionUpdateSchema)).toEqual(['version']);
    expect(pathsOf({ ...carriedOut, version: 2 }, protectiveActionUpdateSchema)).toEqual([]);
  });

  it('is accepted exactly when it says where, its days are in order, and an action carried out says when it started and who did it', () => {
    const day = fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.record({
          location: fc.boolean(),
          site: fc.boolean(),
          zone: fc.boolean(),
          status: fc.constantFrom(...PROTECTIVE_ACTION_STATUSES),
          startDate: fc.option(day, { nil: undefined }),
          endDate: fc.option(day, { nil: undefined }),
          unit: fc.option(fc.constant('A unit'), { nil: undefined }),
        }),
        (a) => {
          const input = {
            kind: 'corridor',
            description: 'Corridor for the convoy',
            status: a.status,
            ...(a.location && { location: { lat: 1, lon: 2, precision: 'within_25km' } }),
            ...(a.site && { siteId: SITE_ID }),
            ...(a.zone && { zoneId: ZONE_ID }),
            ...(a.startDate !== undefined && { startDate: a.startDate }),
            ...(a.endDate !== undefined && { endDate: a.endDate }),
            ...(a.unit !== undefined && { unit: a.unit }),
          };
          const somewhere = a.location || a.site || a.zone;
          const inOrder = a.endDate === undefined || (a.startDate !== undefined && a.startDate <= a.endDate);
          const complete = a.status !== 'carried_out' || (a.startDate !== undefined && a.unit !== undefined);
          expect(protectiveActionInputSchema.safeParse(input).success).toBe(somewhere && inOrder && complete);
        },
      ),
    );
  });
});

describe('where an action is placed', () => {
  it('takes the point given over its site or zone, then the site, then the zone’s centroid', () => {
    const site = { lat: 11.9, lon: 13.2, radiusKm: 0.3 };
    const zone = { geometry: { type: 'Polygon' as const, coordinates: [[[13, 11], [13.2, 11], [13.2, 11.2], [13, 11.2], [13, 11]] as [number, number][]] } };
    expect(resolveActionPoint({ lat: 1, lon: 2, precision: 'admin2' }, site, zone)).toEqual({ lat: 1, lon: 2, precision: 'admin2', from: 'location' });
    expect(resolveActionPoint(undefined, site, zone)).toEqual({ lat: 11.9, lon: 13.2, precision: 'exact', from: 'site' });
    // The square's centre, and its corner about 15.5 km away: within 25 km.
    expect(resolveActionPoint(undefined, undefined, zone)).toEqual({ lat: 11.1, lon: 13.1, precision: 'within_25km', from: 'zone' });
    // A corridor drawn as a line: its half-width adds to its reach (10 km of line, 100 km wide: 55 km, admin1).
    const line = { geometry: { type: 'LineString' as const, coordinates: [[13, 11], [13.0917, 11]] as [number, number][] }, widthKm: 100 };
    expect(resolveActionPoint(undefined, undefined, line)?.precision).toBe('admin1');
    expect(resolveActionPoint(undefined, undefined, undefined)).toBeUndefined();
  });

  it('is never said to be more precise than the place is large', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2000, noNaN: true }), fc.double({ min: 0, max: 2000, noNaN: true }), (a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        expect(LOCATION_UNCERTAINTY_KM[precisionForRadiusKm(small)]).toBeGreaterThanOrEqual(small);
        expect(LOCATION_PRECISIONS.indexOf(precisionForRadiusKm(small))).toBeLessThanOrEqual(LOCATION_PRECISIONS.indexOf(precisionForRadiusKm(large)));
      }),
    );
    expect([0, 1, 1.01, 25, 26, 50, 51, 250, 251, 501].map(precisionForRadiusKm)).toEqual(['exact', 'exact', 'within_25km', 'within_25km', 'admin2', 'admin2', 'admin1', 'admin1', 'region', 'country']);
  });
});

describe('status changes', () => {
  it('lets a planned action be carried out or cancelled, and neither be undone', () => {
    const allowed = PROTECTIVE_ACTION_STATUSES.flatMap((from) => PROTECTIVE_ACTION_STATUSES.filter((to) => statusChangeRefusal(from, to) === undefined).map((to) => `${from}→${to}`));
    expect(allowed).toEqual(['planned→planned', 'planned→carried_out', 'planned→cancelled', 'carried_out→carried_out', 'cancelled→cancelled']);
  });
});

describe('carried-out protective actions in the escalation estimate', () => {
  // The hand register's six comparable patrols (hand-register.ts), as the log would give them.
  const patrols = HAND_REGISTER.pastActions.filter((a) => a.kind === 'patrol');

  it('are compared with actions of the same protective kind only', () => {
    expect(patrols.length).toBeGreaterThanOrEqual(6);
    expect(estimateEscalation('patrol', HAND_REGISTER, { weeks: 2 }).status).toBe('estimated');
    // The same days and cells as corridors instead: a patrol says nothing about a corridor, nor about force.
    const asCorridors: PastAction[] = patrols.map((a) => ({ ...a, kind: 'corridor' }));
    const register = { ...HAND_REGISTER, pastActions: asCorridors };
    expect(estimateEscalation('patrol', register, { weeks: 2 })).toMatchObject({ status: 'not_enough_data', have: 0 });
    expect(estimateEscalation('corridor', register, { weeks: 2 }).status).toBe('estimated');
    expect(estimateEscalation('force_protection', register, { weeks: 2 })).toMatchObject({ status: 'not_enough_data', have: 0 });
  });
});
