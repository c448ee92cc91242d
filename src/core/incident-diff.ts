import type { Incident, IncidentData } from './incident.schema.js';

/** The part of a stored incident that a user or an importer supplies. */
export function dataOf(incident: Incident): IncidentData {
  return {
    title: incident.title,
    narrative: incident.narrative,
    dateEarliest: incident.dateEarliest,
    dateLatest: incident.dateLatest,
    datePrecision: incident.datePrecision,
    location: incident.location,
    themes: incident.themes,
    categories: incident.categories,
    ...(incident.violenceType !== undefined && { violenceType: incident.violenceType }),
    actors: incident.actors,
    casualties: incident.casualties,
    sources: incident.sources,
    sensitive: incident.sensitive ?? { victims: [], witnesses: [], sourceIdentities: [] },
    origin: incident.origin,
    exercise: incident.exercise,
  };
}

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

const SENSITIVE = '[sensitive: changed]';

/**
 * Field-by-field changes between two versions, for the audit record. Sensitive details are never copied into the
 * audit log: a change there is recorded as a fact, without the values.
 */
export function diffIncidentData(before: IncidentData | undefined, after: IncidentData): FieldChanges {
  const changes: FieldChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]) as Set<keyof IncidentData>;
  for (const key of keys) {
    const a = before?.[key];
    const b = after[key];
    if (JSON.stringify(normalise(a)) === JSON.stringify(normalise(b))) continue;
    changes[key] = key === 'sensitive' ? { before: SENSITIVE, after: SENSITIVE } : { before: a ?? null, after: b ?? null };
  }
  return changes;
}

/**
 * A canonical form for comparison: absent and undefined are the same, keys are sorted, and the order of themes and
 * categories carries no meaning.
 */
function normalise(value: unknown): unknown {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [...value].sort();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([x], [y]) => (x < y ? -1 : 1))
        .map(([k, v]) => [k, normalise(v)]),
    );
  }
  if (Array.isArray(value)) return value.map(normalise);
  return value;
}
