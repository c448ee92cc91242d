import type { SiteMapFeature } from '../../src/core/places/site-geojson.mapping.js';
import type { SiteCategory } from '../../src/core/places/site.schema.js';
import type { ZoneFeature, ZoneKind } from '../../src/core/places/zone.schema.js';

/** What the place registers' API takes and answers (src/api/routes/places.routes.ts), as the web app uses it. */

/** The zone register as GeoJSON (GET /zones). */
export interface ZoneFeatureCollection {
  type: 'FeatureCollection';
  features: ZoneFeature[];
}

/** Protected sites as points for the map (GET /sites/geojson). */
export interface SiteMapCollection {
  type: 'FeatureCollection';
  features: SiteMapFeature[];
}

export interface ZoneQuery {
  kind?: ZoneKind | undefined;
  /** Zones whose validity covers this day (YYYY-MM-DD). */
  activeOn?: string | undefined;
}

export interface SiteQuery {
  category?: SiteCategory | undefined;
  country?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** What a register import did: counts, and every rejected row with the field and the reason. */
export interface PlaceImportReport {
  format: string;
  preset?: string;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows rejected; `rejected` has one entry per issue, so a row may appear there more than once. */
  rejectedRows: number;
  rejected: { row: number; field: string; message: string }[];
  /** Site imports: unnamed sites given a name from their type and place. */
  namesComposed?: number;
}

export interface SiteImportOptions {
  format?: 'csv' | 'geojson' | 'hxl' | undefined;
  preset?: string | undefined;
  /** JSON text: a column mapping (CSV) or a property mapping (GeoJSON, HXL). */
  mapping?: string | undefined;
  dataset?: string | undefined;
}

export interface ZoneImportOptions {
  format?: 'geojson' | 'corridors-csv' | undefined;
  dataset?: string | undefined;
}
