import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoundingBox } from '../../../src/core/incident-filter.schema.js';
import { foldName, inBox, indexGazetteer, matchTier, MATCH_TIERS, placesToLabel, searchPlaces, type PlaceColumns } from '../../../src/core/gazetteer/place-search.js';

interface Place {
  name: string;
  country: string;
  lon: number;
  lat: number;
  population: number;
}

function columns(places: readonly Place[]): PlaceColumns {
  return {
    size: places.length,
    geonameId: Uint32Array.from(places, (_, i) => i + 1),
    name: places.map((p) => p.name),
    country: places.map((p) => p.country),
    lon: Float64Array.from(places, (p) => p.lon),
    lat: Float64Array.from(places, (p) => p.lat),
    population: Uint32Array.from(places, (p) => p.population),
  };
}

const LAKE_CHAD: Place[] = [
  { name: 'Maiduguri', country: 'NGA', lon: 13.157, lat: 11.847, population: 1_112_449 },
  { name: "N'Djamena", country: 'TCD', lon: 15.044, lat: 12.107, population: 721_081 },
  { name: 'Kousséri', country: 'CMR', lon: 15.031, lat: 12.077, population: 101_246 },
  { name: 'Bama', country: 'NGA', lon: 13.686, lat: 11.522, population: 118_121 },
  { name: 'Maiduguri Bye-pass', country: 'NGA', lon: 13.2, lat: 11.8, population: 1_500 },
  { name: 'New Maidu', country: 'NGA', lon: 13.3, lat: 11.9, population: 9_000 },
  { name: 'Maidu', country: 'NER', lon: 12.0, lat: 13.5, population: 2_000 },
  { name: 'Suva', country: 'FJI', lon: 178.44, lat: -18.14, population: 77_366 },
  { name: 'Apia', country: 'WSM', lon: -171.76, lat: -13.83, population: 40_407 },
];

describe('folding names', () => {
  it('ignores case, accents and apostrophes, and turns punctuation into single spaces', () => {
    expect(foldName("N'Djaména")).toBe('ndjamena');
    expect(foldName('N’DJAMENA')).toBe('ndjamena');
    expect(foldName('São  Paulo')).toBe('sao paulo');
    expect(foldName('Łódź')).toBe('lodz');
    expect(foldName('Zürich-Oerlikon')).toBe('zurich oerlikon');
    expect(foldName('Straße')).toBe('strasse');
  });
});

describe('searching places', () => {
  const gazetteer = indexGazetteer(columns(LAKE_CHAD));
  const names = (q: string, country?: string, limit = 10) => searchPlaces(gazetteer, { q, country, limit }).map((hit) => `${LAKE_CHAD[hit.index]!.name}:${hit.match}`);

  it('ranks an exact name above names that start with the query, and those above a later word, then by population', () => {
    expect(names('maidu')).toEqual(['Maidu:exact', 'Maiduguri:prefix', 'Maiduguri Bye-pass:prefix', 'New Maidu:word-prefix']);
  });

  it('matches regardless of accents and apostrophes, in the query or the name', () => {
    expect(names('ndjamena')).toEqual(["N'Djamena:exact"]);
    expect(names('KOUSSERI')).toEqual(['Kousséri:exact']);
    expect(names('kouss')).toEqual(['Kousséri:prefix']);
  });

  it('keeps to a country when asked, and to the limit', () => {
    expect(names('maidu', 'NER')).toEqual(['Maidu:exact']);
    expect(names('maidu', 'NGA', 2)).toEqual(['Maiduguri:prefix', 'Maiduguri Bye-pass:prefix']);
    expect(names('', undefined)).toEqual([]);
    expect(names('?!', undefined)).toEqual([]);
  });
});

describe('choosing places to label', () => {
  const gazetteer = indexGazetteer(columns(LAKE_CHAD));
  it('takes the most populous places in the box', () => {
    expect(placesToLabel(gazetteer, [12.5, 11, 16, 13], 3).map((i) => LAKE_CHAD[i]!.name)).toEqual(['Maiduguri', "N'Djamena", 'Bama']);
  });
  it('reads a box whose west is east of its east as crossing the antimeridian', () => {
    expect(placesToLabel(gazetteer, [170, -30, -160, 0], 5).map((i) => LAKE_CHAD[i]!.name)).toEqual(['Suva', 'Apia']);
    expect(placesToLabel(gazetteer, [-160, -30, 170, 0], 5)).toEqual([]);
  });
});

const placeArb = fc.record({
  name: fc.stringMatching(/^[A-Za-zÀ-ÿ' -]{1,12}$/),
  country: fc.constantFrom('NGA', 'TCD', 'CMR', 'NER'),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
  lat: fc.double({ min: -85, max: 85, noNaN: true }),
  population: fc.integer({ min: 1000, max: 5_000_000 }),
});
const boxArb = fc
  .tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -85, max: 85, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -85, max: 85, noNaN: true }))
  .map(([w, s, e, n]): BoundingBox => [w, Math.min(s, n), e, Math.max(s, n)]);

describe('properties', () => {
  it('every result matches the folded query, results come by tier then population, and nothing matching is left out before the limit', () => {
    fc.assert(
      fc.property(fc.array(placeArb, { maxLength: 60 }), fc.stringMatching(/^[A-Za-zÀ-ÿ' ]{1,4}$/), fc.integer({ min: 1, max: 20 }), (places, q, limit) => {
        const gazetteer = indexGazetteer(columns(places));
        const hits = searchPlaces(gazetteer, { q, limit });
        const fq = foldName(q);
        const tierOf = (i: number) => matchTier(foldName(places[i]!.name), fq);
        for (const hit of hits) expect(MATCH_TIERS[tierOf(hit.index)!]).toBe(hit.match);
        expect(new Set(hits.map((h) => h.index)).size).toBe(hits.length);
        for (let k = 1; k < hits.length; k++) {
          const [a, b] = [hits[k - 1]!, hits[k]!];
          const order = tierOf(a.index)! - tierOf(b.index)! || places[b.index]!.population - places[a.index]!.population;
          expect(order).toBeLessThanOrEqual(0);
        }
        const matching = places.filter((p) => fq !== '' && matchTier(foldName(p.name), fq) !== undefined).length;
        expect(hits.length).toBe(Math.min(limit, matching));
      }),
    );
  });

  it('labels: never a place outside the box, never a less populous place while a more populous one in the box is left out', () => {
    fc.assert(
      fc.property(fc.array(placeArb, { maxLength: 80 }), boxArb, fc.integer({ min: 0, max: 30 }), (places, box, limit) => {
        const chosen = placesToLabel(indexGazetteer(columns(places)), box, limit);
        const inside = places.map((p, i) => [p, i] as const).filter(([p]) => inBox(p.lon, p.lat, box));
        expect(chosen.length).toBe(Math.min(limit, inside.length));
        for (const i of chosen) expect(inBox(places[i]!.lon, places[i]!.lat, box)).toBe(true);
        const least = Math.min(...chosen.map((i) => places[i]!.population));
        for (const [p, i] of inside) if (!chosen.includes(i)) expect(p.population).toBeLessThanOrEqual(least);
      }),
    );
  });
});
