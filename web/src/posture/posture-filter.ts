import { MILEX_MEASURES, type MilexMeasure } from '../../../src/core/spending/military-expenditure.js';
import { splitEntityList } from '../../../src/core/spending/spending-api.schema.js';

/** What the Posture area shows: some countries (or former states), one measure, a period of years. */
export interface PostureView {
  /** ISO 3166-1 alpha-3 codes for today's countries, SIPRI's names for former states and bodies (USSR). */
  entities?: readonly string[] | undefined;
  measure?: MilexMeasure | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

const MAX_ENTITIES = 40;
const yearOf = (text: string | null): number | undefined => (text !== null && /^\d{4}$/.test(text) && Number(text) >= 1900 && Number(text) <= 2200 ? Number(text) : undefined);

/** Reads the area's part of a link (`?view=posture&entities=NGA,TCD,USSR&measure=shareOfGdp&from=1985&to=2025`); what does not parse is dropped. */
export function postureFromParams(params: URLSearchParams): PostureView {
  const view: PostureView = {};
  const entities = splitEntityList(params.get('entities') ?? '').filter((e) => e.length <= 100);
  if (entities.length > 0) view.entities = [...new Set(entities)].slice(0, MAX_ENTITIES);
  const measure = params.get('measure');
  if (measure && (MILEX_MEASURES as readonly string[]).includes(measure)) view.measure = measure as MilexMeasure;
  const from = yearOf(params.get('from'));
  const to = yearOf(params.get('to'));
  if (from !== undefined) view.from = from;
  if (to !== undefined && (from === undefined || to >= from)) view.to = to;
  return view;
}

export function postureToParams(view: PostureView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.entities && view.entities.length > 0) params.set('entities', view.entities.join(','));
  if (view.measure) params.set('measure', view.measure);
  if (view.from !== undefined) params.set('from', String(view.from));
  if (view.to !== undefined) params.set('to', String(view.to));
  return params;
}

/** The period shown when the link gives none: the latest 30 years held (or fewer, when less is held). */
export function periodOfPosture(view: PostureView, held: { firstYear: number; lastYear: number } | undefined): { from: number; to: number } {
  const to = view.to ?? held?.lastYear ?? new Date().getUTCFullYear();
  const from = view.from ?? Math.max(held?.firstYear ?? to - 29, to - 29);
  return { from: Math.min(from, to), to };
}
