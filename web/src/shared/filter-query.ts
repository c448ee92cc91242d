import { incidentFilterSchema, type IncidentFilter } from '../../../src/core/incident-filter.schema.js';

/** The filter the user controls; the map's viewport is sent separately, so the filter's own box is not used. */
export type Filter = Omit<IncidentFilter, 'bbox'>;

/** In the order they appear in a shared link. */
const KEYS = ['q', 'from', 'to', 'themes', 'categories', 'countries', 'actor', 'statuses', 'minDeaths', 'exercise', 'hasConflicts'] as const satisfies readonly (keyof Filter)[];

/** The filter as query parameters, lists comma-separated: the form the API and a shared link both use. */
export function filterToParams(filter: Filter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filter[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  return params;
}

/**
 * Reads a filter from query parameters with the core's schema. A parameter that does not parse (an edited link) is
 * dropped rather than failing the whole view.
 */
export function filterFromParams(params: URLSearchParams): Filter {
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value !== null && value !== '') raw[key] = value;
  }
  for (let attempt = 0; attempt <= KEYS.length; attempt++) {
    const parsed = incidentFilterSchema.safeParse(raw);
    if (parsed.success) {
      const { bbox: _viewportNotFilter, ...filter } = parsed.data;
      return filter;
    }
    const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')));
    for (const key of bad) delete raw[key];
  }
  return {};
}

export const filterIsEmpty = (filter: Filter): boolean => filterToParams(filter).size === 0;
