import type { PlaceImportReport as ZoneImportReport, SiteImportReport } from '../../../src/core/places/place-import-report.schema.js';
import type { SiteCategory } from '../../../src/core/places/site.schema.js';
import type { ZoneKind } from '../../../src/core/places/zone.schema.js';

/** What the place registers' API takes (src/api/routes/places.routes.ts), as the web app sends it; the answers are the core schemas' types. */

/** What either register import answers, as the import dialog shows it: the zone report, or the site report with its preset and composed names. */
export type PlaceImportReport = ZoneImportReport & Partial<Pick<SiteImportReport, 'preset' | 'namesComposed'>>;

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
