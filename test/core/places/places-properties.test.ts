import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greatCircleKm } from '../../../src/core/great-circle.js';
import { boundingBoxOf, radiusKmOf, representativePointOf, type Position } from '../../../src/core/places/geometry.js';
import { mapSiteCsv, siteCsvMappingSchema } from '../../../src/core/places/site-csv.mapping.js';
import { mapSiteFeature, siteToFeature } from '../../../src/core/places/site-geojson.mapping.js';
import { mapSiteHxl } from '../../../src/core/places/site-hxl.mapping.js';
import { mapSitePreset, plainText, SITE_PRESETS } from '../../../src/core/places/site-presets.js';
import { CULTURAL_PROTECTION_LEVELS, PROTECTION_BASES, SITE_CATEGORIES, SITE_STATUSES, siteContentOf, siteIndexBox, siteInputSchema, type Site } from '../../../src/core/places/site.schema.js';
import { mapUkraineCorridors, mapZoneFeature } from '../../../src/core/places/zone-import.mapping.js';
import { ZONE_KINDS, ZONE_STATUSES, zoneContentOf, zoneIndexBox, zoneInputSchema, zoneToFeature, type Zone } from '../../../src/core/places/zone.schema.js';

const anything = fc.anything({ withBigInt: false, withDate: true, withNullPrototype: true, withSparseArray: true, withMap: true, withSet: true });
const lon = fc.double({ min: -179, max: 179, noNaN: true });
const lat = fc.double({ min: -85, max: 85, noNaN: true });
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** A small square around a centre: closed, within range, not crossing 180°. */
const squareIn = (minLon: number, maxLon: number) =>
  fc.record({ lon: fc.double({ min: minLon, max: maxLon, noNaN: true }), lat: fc.double({ min: -80, max: 80, noNaN: true }), size: fc.double({ min: 0.001, max: 2, noNaN: true }) }).map(({ lon: x, lat: y, size }): Position[] => {
    const ring: Position[] = [
      [x - size, y - size],
      [x + size, y - size],
      [x + size, y + size],
      [x - size, y + size],
    ];
    return [...ring, ring[0]!];
  });
const square = squareIn(-170, 170);
const siteGeometry = fc.oneof(
  fc.tuple(lon, lat).map(([x, y]) => ({ type: 'Point' as const, coordinates: [x, y] as Position })),
  square.map((ring) => ({ type: 'Polygon' as const, coordinates: [ring] })),
  // The parts of one MultiPolygon lie within 180° of longitude of each other.
  fc.array(squareIn(0, 170), { minLength: 1, maxLength: 3 }).map((rings) => ({ type: 'MultiPolygon' as const, coordinates: rings.map((r) => [r]) })),
);

const siteInput = fc.record(
  {
    name: text,
    category: fc.constantFrom(...SITE_CATEGORIES),
    culturalProtection: fc.constantFrom(...CULTURAL_PROTECTION_LEVELS),
    geometry: siteGeometry,
    country: fc.constantFrom('UKR', 'SSD', 'MMR', 'AFG'),
    admin1: text,
    protectionBasis: fc.uniqueArray(fc.constantFrom(...PROTECTION_BASES), { maxLength: 4 }),
    status: fc.constantFrom(...SITE_STATUSES),
    source: fc.record({ dataset: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/), externalId: text, url: fc.webUrl() }, { requiredKeys: ['dataset'] }),
    notes: text,
  },
  { requiredKeys: ['name', 'category', 'geometry', 'source'] },
);

describe('protected-site schema and mappings', () => {
  it('never throws on any input: it accepts, or rejects with at least one issue that has a message', () => {
    fc.assert(
      fc.property(anything, (value) => {
        const result = siteInputSchema.safeParse(value);
        if (!result.success) for (const issue of result.error.issues) expect(issue.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips any valid site through GeoJSON: exported and read back, it is the same site', () => {
    fc.assert(
      fc.property(siteInput, fc.uuid(), fc.nat(100), (input, id, version) => {
        const parsed = siteInputSchema.safeParse(input);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        const content = siteContentOf(parsed.data!);
        const site: Site = { ...content, id, version: version + 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' };
        const back = mapSiteFeature(1, JSON.parse(JSON.stringify(siteToFeature(site))));
        expect(back.ok).toBe(true);
        if (back.ok) expect(siteContentOf(back.value)).toEqual(content);
      }),
      { numRuns: 500 },
    );
  });

  it('derives a representative point inside the box and a radius that reaches every vertex and no further', () => {
    fc.assert(
      fc.property(siteGeometry, (geometry) => {
        const centre = representativePointOf(geometry);
        const [w, s, e, n] = boundingBoxOf(geometry);
        expect(centre.lon).toBeGreaterThanOrEqual(w - 1e-6);
        expect(centre.lon).toBeLessThanOrEqual(e + 1e-6);
        expect(centre.lat).toBeGreaterThanOrEqual(s - 1e-6);
        expect(centre.lat).toBeLessThanOrEqual(n + 1e-6);
        const radius = radiusKmOf(geometry, centre);
        const vertices = geometry.type === 'Point' ? [geometry.coordinates] : geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
        const farthest = Math.max(...vertices.map(([x, y]) => greatCircleKm(centre, { lon: x, lat: y })));
        expect(radius).toBeGreaterThanOrEqual(geometry.type === 'Point' ? 0 : farthest);
        expect(radius - farthest).toBeLessThanOrEqual(0.001 + 1e-9);
        // The index box holds the whole geometry.
        const [iw, is, ie, inn] = siteIndexBox({ geometry, ...centre, radiusKm: radius });
        expect(iw <= w && is <= s && ie >= e && inn >= n).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses open rings, short rings and out-of-range positions with the path at fault', () => {
    const open = siteInputSchema.safeParse({ name: 'x', category: 'school', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, source: { dataset: 'd' } });
    expect(open.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['geometry.coordinates.0', 'a ring must be closed: its last position must repeat its first']]);
    const short = siteInputSchema.safeParse({ name: 'x', category: 'school', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, source: { dataset: 'd' } });
    expect(short.error?.issues[0]?.message).toMatch(/at least four positions/);
    const far = siteInputSchema.safeParse({ name: 'x', category: 'school', geometry: { type: 'Point', coordinates: [10, 91] }, source: { dataset: 'd' } });
    expect(far.error?.issues.map((i) => i.path.join('.'))).toEqual(['geometry.coordinates.1']);
    const line = siteInputSchema.safeParse({ name: 'x', category: 'school', geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, source: { dataset: 'd' } });
    expect(line.error?.issues[0]?.message).toMatch(/Point, Polygon or MultiPolygon/);
  });

  const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '12.5', '-7,25', '200', 'NaN', 'Clinic', 'school', 'UKR', 'ua', 'x'));
  const rows = fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 20 });
  const mapping = siteCsvMappingSchema.parse({ dataset: 'prop', columns: { name: 'a', lat: 'b', lon: 'c', category: 'd', externalId: 'e', country: 'f', status: 'g' }, categoryValues: { clinic: 'health_facility' } });

  it('the CSV mapping never throws: every row is a site or rejections that name the row and a field', () => {
    fc.assert(
      fc.property(rows, (body) => {
        const result = mapSiteCsv([['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], ...body], mapping);
        for (const r of result) {
          if (r.ok) continue;
          expect(r.rejections.length).toBeGreaterThan(0);
          for (const rejection of r.rejections) {
            expect(rejection.row).toBe(r.row);
            expect(rejection.field.length).toBeGreaterThan(0);
            expect(rejection.message.length).toBeGreaterThan(0);
          }
        }
        // One result per non-empty data row, numbered as a spreadsheet numbers them (the header is row 1).
        const nonEmpty = body.map((r, i) => ({ r, row: i + 2 })).filter(({ r }) => r.some((c) => c.trim() !== ''));
        expect(result.map((r) => r.row)).toEqual(nonEmpty.map((x) => x.row));
      }),
      { numRuns: 1000 },
    );
  });

  it('the presets, the HXL mapping and the corridor mapping never throw on any rows', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 40 }), { maxLength: 10 }), fc.constantFrom(...SITE_PRESETS), (body, preset) => {
        expect(() => mapSitePreset(preset, body)).not.toThrow();
        expect(() => mapSiteHxl(body, { dataset: 'hxl' })).not.toThrow();
        expect(() => mapSiteHxl([['#loc+name', '#geo+lat', '#geo+lon', '#loc+type'], ...body], { dataset: 'hxl', categoryValues: { clinic: 'health_facility' } })).not.toThrow();
        expect(() => mapUkraineCorridors(body)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('keeps World Heritage names as text, without their inline HTML', () => {
    expect(plainText('Genoa: <i>Le Strade Nuove</i> and the system of the<i> Palazzi dei Rolli</i>')).toBe('Genoa: Le Strade Nuove and the system of the Palazzi dei Rolli');
    expect(plainText('Fujian <em>Tulou</em> &amp; more')).toBe('Fujian Tulou & more');
  });

  it('maps a CSV row whose coordinates are missing to a rejection naming the row and the column', () => {
    const [clinic, noLat, unknownKind] = mapSiteCsv(
      [
        ['e', 'a', 'd', 'b', 'c', 'f', 'g'],
        ['1', 'Clinic A', 'Clinic', '9.5', '31.6', 'SSD', 'open'],
        ['2', 'Clinic B', 'Clinic', '', '31.6', 'SSD', ''],
        ['3', 'Shop', 'Shop', '9.5', '31.6', 'SSD', ''],
      ],
      mapping,
    );
    expect(clinic).toMatchObject({ ok: true, value: { category: 'health_facility', country: 'SSD', status: 'functioning', geometry: { type: 'Point', coordinates: [31.6, 9.5] } } });
    expect(noLat).toMatchObject({ ok: false, rejections: [{ row: 3, field: 'b' }] });
    expect(unknownKind).toMatchObject({ ok: false, rejections: [{ row: 4, field: 'd' }] });
  });
});

const zoneGeometry = fc.oneof(
  fc.tuple(lon, lat).map(([x, y]) => ({ type: 'Point' as const, coordinates: [x, y] as Position })),
  fc.array(fc.tuple(fc.double({ min: 10, max: 40, noNaN: true }), lat), { minLength: 2, maxLength: 6 }).map((c) => ({ type: 'LineString' as const, coordinates: c })),
  square.map((ring) => ({ type: 'Polygon' as const, coordinates: [ring] })),
);

describe('zone schema and mappings', () => {
  it('never throws on any input', () => {
    fc.assert(fc.property(anything, (value) => void zoneInputSchema.safeParse(value)), { numRuns: 2000 });
  });

  it('round-trips any valid zone through its GeoJSON Feature', () => {
    const zoneInput = fc.record({
      name: text,
      kind: fc.constantFrom(...ZONE_KINDS),
      geometry: zoneGeometry,
      widthKm: fc.double({ min: 0.1, max: 100, noNaN: true }),
      from: day,
      to: day,
      partiesBound: fc.array(text, { maxLength: 3 }),
      status: fc.constantFrom(...ZONE_STATUSES),
      source: fc.record({ dataset: fc.constant('zones'), externalId: text }),
    });
    fc.assert(
      fc.property(zoneInput, fc.uuid(), ({ from, to, ...rest }, id) => {
        const [validFrom, validTo] = [from, to].sort() as [string, string];
        const data = zoneInputSchema.parse({ ...rest, validFrom, validTo });
        const zone: Zone = { ...zoneContentOf(data), id, version: 3, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
        const back = mapZoneFeature(1, JSON.parse(JSON.stringify(zoneToFeature(zone))));
        expect(back.ok).toBe(true);
        if (back.ok) expect(zoneContentOf(back.value)).toEqual(zoneContentOf(data));
        // The index box holds every place within half the width of the geometry's vertices.
        const [w, s, e, n] = zoneIndexBox(zone);
        const [gw, gs, ge, gn] = boundingBoxOf(zone.geometry);
        expect(w <= gw && s <= gs && e >= ge && n >= gn).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('needs a width for a line or a point, and validity in order', () => {
    const base = { name: 'Corridor', kind: 'humanitarian_corridor', validFrom: '2022-03-05', status: 'agreed', source: { dataset: 'd' } };
    const line = zoneInputSchema.safeParse({ ...base, geometry: { type: 'LineString', coordinates: [[30, 50], [31, 51]] } });
    expect(line.error?.issues.map((i) => i.path.join('.'))).toEqual(['widthKm']);
    const backwards = zoneInputSchema.safeParse({ ...base, validTo: '2022-03-01', geometry: { type: 'Polygon', coordinates: [[[30, 50], [31, 50], [31, 51], [30, 50]]] } });
    expect(backwards.error?.issues.map((i) => i.path.join('.'))).toEqual(['validTo']);
  });

  it('maps corridor rows: a line between the points, a point without a destination, and a rejection without an origin', () => {
    const header = ['HC_ID', 'date', 'proposal', 'status_result', 'From', 'To', 'from_latitude', 'from_longitude', 'to_latitude', 'to_longitude', 'Link'];
    const [line, point, none, odd] = mapUkraineCorridors([
      header,
      ['1', '2022-03-05', 'Agreed', 'successful', 'Mariupol', 'Zaporizhzhia', '47.09', '37.54', '47.85', '35.11', 'https://example.org/a ;;; https://example.org/b'],
      ['2', '2022-03-06', 'Ukraine', 'proposed route/outcome unknown', 'Irpin', '', '50.52', '30.25', '', '', ''],
      ['3', '2022-03-07', 'Russia', 'disputed', 'Sumy', 'Poltava', '', '34.8', '49.6', '34.5', ''],
      ['4', '2022-03-07', 'Russia', 'lost', 'Sumy', 'Poltava', '50.9', '34.8', '49.6', '34.5', ''],
    ]);
    expect(line).toMatchObject({ ok: true, value: { status: 'in_force', geometry: { type: 'LineString', coordinates: [[37.54, 47.09], [35.11, 47.85]] }, widthKm: 10, validFrom: '2022-03-05', validTo: '2022-03-05', source: { externalId: '1', url: 'https://example.org/a' } } });
    expect(point).toMatchObject({ ok: true, value: { status: 'proposed', geometry: { type: 'Point', coordinates: [30.25, 50.52] } } });
    expect(none).toMatchObject({ ok: false, rejections: [{ row: 4, field: 'from_latitude' }] });
    expect(odd).toMatchObject({ ok: false, rejections: [{ row: 5, field: 'status_result' }] });
  });
});
