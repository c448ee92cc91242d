import type { PlaceImportReport as ZoneImportReport, SiteImportReport } from '../../../src/core/places/place-import-report.schema.js';
import type { SiteFilterInput } from '../../../src/core/places/site.schema.js';

/** What either register import answers, as the import dialog shows it: the zone report, or the site report with its preset and composed names. */
export type PlaceImportReport = ZoneImportReport & Partial<Pick<SiteImportReport, 'preset' | 'namesComposed'>>;

/** GET /sites' query as the site list sends it: the schema's input, with the page bounds numbers (their input is `unknown`, coerced). */
export type SiteListQuery = Omit<SiteFilterInput, 'limit' | 'offset'> & { limit: number; offset: number };
