import type { PlaceSource } from '../core/places/place-source.js';

/** Where a site, zone or agreement came from, as the registers' tables keep it: four columns, absent as null. */
export interface PlaceSourceColumns {
  source_dataset: string;
  source_external_id: string | null;
  source_description: string | null;
  source_url: string | null;
}

export const placeSourceOf = (r: PlaceSourceColumns): PlaceSource => ({
  dataset: r.source_dataset,
  ...(r.source_external_id !== null && { externalId: r.source_external_id }),
  ...(r.source_description !== null && { description: r.source_description }),
  ...(r.source_url !== null && { url: r.source_url }),
});

export const placeSourceColumns = (source: PlaceSource): PlaceSourceColumns => ({
  source_dataset: source.dataset,
  source_external_id: source.externalId ?? null,
  source_description: source.description ?? null,
  source_url: source.url ?? null,
});
