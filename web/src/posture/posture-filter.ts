import { MILEX_MEASURES, type MilexMeasure } from '../../../src/core/spending/military-expenditure.js';
import { splitEntityList } from '../../../src/core/spending/spending-api.schema.js';

/** The Posture area's sections: military expenditure (the default), and the capability register. */
export const POSTURE_SECTIONS = ['spending', 'capabilities'] as const;
export type PostureSection = (typeof POSTURE_SECTIONS)[number];

/** In the capability register, `capability=new` opens the form for a new system. */
export const NEW_CAPABILITY = 'new';

/**
 * What the Posture area shows: in its spending section, some countries (or former states), one measure, a period of
 * years; in its capability register, the system that is open. The spending part is kept while the register is shown.
 */
export interface PostureView {
  /** ISO 3166-1 alpha-3 codes for today's countries, SIPRI's names for former states and bodies (USSR). */
  entities?: readonly string[] | undefined;
  measure?: MilexMeasure | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /** Absent: military expenditure. */
  section?: 'capabilities' | undefined;
  /** The system open in the register (its id, or NEW_CAPABILITY). */
  capability?: string | undefined;
}

export const sectionOf = (view: PostureView): PostureSection => view.section ?? 'spending';

/** The spending section's part of the view: what its charts are drawn from. */
export const spendingPartOf = ({ entities, measure, from, to }: PostureView): PostureView => ({ entities, measure, from, to });

const MAX_ENTITIES = 40;
/** The longest id the API takes (capabilityParamsSchema). */
const MAX_ID_LENGTH = 100;
const yearOf = (text: string | null): number | undefined => (text !== null && /^\d{4}$/.test(text) && Number(text) >= 1900 && Number(text) <= 2200 ? Number(text) : undefined);

/**
 * Reads the area's part of a link (`?view=posture&entities=NGA,TCD,USSR&measure=shareOfGdp&from=1985&to=2025`, or
 * `?view=posture&section=capabilities&capability=<id>`); what does not parse is dropped. A capability named opens the
 * register, with or without `section`.
 */
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
  const capability = params.get('capability')?.trim();
  if (capability && capability.length <= MAX_ID_LENGTH) view.capability = capability;
  if (params.get('section') === 'capabilities' || view.capability !== undefined) view.section = 'capabilities';
  return view;
}

export function postureToParams(view: PostureView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.entities && view.entities.length > 0) params.set('entities', view.entities.join(','));
  if (view.measure) params.set('measure', view.measure);
  if (view.from !== undefined) params.set('from', String(view.from));
  if (view.to !== undefined) params.set('to', String(view.to));
  if (view.section) params.set('section', view.section);
  if (view.capability) params.set('capability', view.capability);
  return params;
}

/** The period shown when the link gives none: the latest 30 years held (or fewer, when less is held). */
export function periodOfPosture(view: PostureView, held: { firstYear: number; lastYear: number } | undefined): { from: number; to: number } {
  const to = view.to ?? held?.lastYear ?? new Date().getUTCFullYear();
  const from = view.from ?? Math.max(held?.firstYear ?? to - 29, to - 29);
  return { from: Math.min(from, to), to };
}
