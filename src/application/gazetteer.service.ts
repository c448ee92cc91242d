import { createHash } from 'node:crypto';
import { labelLimitForZoom, placesToLabel, searchPlaces, type Gazetteer } from '../core/gazetteer/place-search.js';
import type { GazetteerPlace, PlaceLabelCollection, PlaceLabelsQuery, PlaceSearchQuery, PlaceSearchResult } from '../core/gazetteer/gazetteer.schema.js';
import { gazetteer, gazetteerRelease } from '../infrastructure/gazetteer-file.js';

/*
 * The GeoNames gazetteer (populated places of 1,000 people or more) for the map's place names and the incident form's
 * place search. Reference data, the same for everyone: no record, no restriction, nothing written, nothing to audit.
 * The places are read on the first question (about 0.7 s) and kept.
 */

const country = (g: Gazetteer, i: number) => g.country[i] || null;

export function searchGazetteer(query: PlaceSearchQuery): PlaceSearchResult {
  const g = gazetteer();
  const places = searchPlaces(g, { q: query.q, country: query.country, limit: query.limit }).map(
    ({ index: i, match }): GazetteerPlace => ({ geonameId: g.geonameId[i]!, name: g.name[i]!, country: country(g, i), lat: g.lat[i]!, lon: g.lon[i]!, population: g.population[i]!, match }),
  );
  return { places };
}

export function gazetteerLabels(query: PlaceLabelsQuery): PlaceLabelCollection {
  const g = gazetteer();
  const chosen = placesToLabel(g, query.bbox, query.limit ?? labelLimitForZoom(query.zoom));
  return {
    type: 'FeatureCollection',
    features: chosen.map((i, k) => ({
      type: 'Feature',
      id: g.geonameId[i]!,
      geometry: { type: 'Point', coordinates: [g.lon[i]!, g.lat[i]!] },
      properties: { name: g.name[i]!, population: g.population[i]!, country: country(g, i), rank: k + 1 },
    })),
  };
}

let release: string | undefined;

/** An entity tag for an answer: the same question about the same release of the data gets the same answer. */
export function gazetteerEtag(question: string): string {
  release ??= gazetteerRelease();
  return `"${createHash('sha256').update(release).update('\n').update(question).digest('base64url').slice(0, 27)}"`;
}
