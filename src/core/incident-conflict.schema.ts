import { z } from 'zod';

/**
 * A conflict: a field of an incident changed on both sides since the version an update was based on (issue 18). The
 * value held stays; the base, held and proposed values are kept until a person resolves it (keeps what is held, takes
 * the proposed value, or enters another). Values under `sensitive` are shown only to readers cleared for them.
 */

export const CONFLICT_STATUSES = ['open', 'resolved'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];

/** How a conflict was resolved: the value held kept, the proposed one taken, or another value entered. */
export const CONFLICT_RESOLUTIONS = ['kept_held', 'took_proposed', 'entered_value'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

/** Whether a field path lies in the incident's sensitive details (names of victims, witnesses, sources). */
export const isSensitivePath = (path: string): boolean => path === 'sensitive' || path.startsWith('sensitive.');

/** What a reader without clearance sees in place of a sensitive value. */
export const REDACTED = { redacted: true } as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at a dotted path of a document (undefined where absent). */
export function valueAtPath(document: unknown, path: string): unknown {
  let at: unknown = document;
  for (const key of path.split('.')) {
    if (!isRecord(at)) return undefined;
    at = at[key];
  }
  return at;
}

/**
 * A copy of a document with the value at a dotted path replaced (removed when `value` is undefined); objects on the
 * way are created where missing. The document itself is not changed.
 */
export function withValueAtPath<T extends Record<string, unknown>>(document: T, path: string, value: unknown): T {
  const [key, ...rest] = path.split('.') as [string, ...string[]];
  const copy: Record<string, unknown> = { ...document };
  if (rest.length === 0) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  } else {
    const inner = copy[key];
    copy[key] = withValueAtPath(isRecord(inner) ? inner : {}, rest.join('.'), value);
  }
  return copy as T;
}

const userStampSchema = z.object({ id: z.string(), username: z.string() });

/** A value of a conflict: any JSON value; absent where the field was absent; `{ redacted: true }` where not cleared. */
const conflictValueSchema = z.unknown().describe('the field value (absent: the field was absent); { redacted: true } for a sensitive value the reader is not cleared to see');

export const incidentConflictSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  incidentTitle: z.string(),
  /** Dotted path of the field (`title`, `location.placeName`, `sensitive.victims`). */
  path: z.string(),
  sensitive: z.boolean(),
  /** True when the values are withheld from this reader (a sensitive path, no clearance). */
  redacted: z.boolean(),
  base: conflictValueSchema.optional(),
  held: conflictValueSchema.optional(),
  proposed: conflictValueSchema.optional(),
  /** The version the update was based on (null when the update came with its own base, e.g. from a sync peer). */
  baseVersion: z.number().int().nullable(),
  /** The version that held the kept value when the conflict was found. */
  heldVersion: z.number().int(),
  proposedBy: userStampSchema,
  proposedAt: z.string(),
  /** Where the update came from: `edit`, an outbox, a sync peer's name. */
  origin: z.string(),
  status: z.enum(CONFLICT_STATUSES),
  resolvedBy: userStampSchema.nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.enum(CONFLICT_RESOLUTIONS).nullable(),
  /** The value the field was given on resolution (absent: the field was left absent). */
  resolved: conflictValueSchema.optional(),
});
export type IncidentConflict = z.output<typeof incidentConflictSchema>;

/** What an update against an older version did: the fields it changed and the conflicts it left for a person. */
export const mergeReportSchema = z.object({
  basedOn: z.number().int().nullable(),
  applied: z.array(z.string()),
  conflicts: z.array(incidentConflictSchema),
});
export type MergeReport = z.output<typeof mergeReportSchema>;

/** GET /incidents/conflicts: the queue, newest first. */
export const conflictQuerySchema = z.object({
  status: z.enum(CONFLICT_STATUSES).default('open').describe('open (default) or resolved'),
  limit: z.coerce.number({ error: 'must be a number' }).pipe(z.number().int().min(1).max(1000)).default(200),
});
export type ConflictQuery = z.output<typeof conflictQuerySchema>;

export const conflictListSchema = z.object({ items: z.array(incidentConflictSchema) });
export type ConflictList = z.output<typeof conflictListSchema>;

export const conflictParamsSchema = z.object({
  id: z.uuid('must be an incident id'),
  conflictId: z.uuid('must be a conflict id'),
});

/**
 * How a person resolves a conflict: keep what is held now, take the proposed value, or enter a value (any JSON; the
 * incident with it must still be a valid incident).
 */
export const conflictResolutionInputSchema = z.union(
  [
    z.strictObject({ keep: z.literal('held') }),
    z.strictObject({ take: z.literal('proposed') }),
    z.strictObject({ value: z.custom<unknown>((v) => v !== undefined, 'give the value (use { "take": "proposed" } or { "keep": "held" } otherwise)') }),
  ],
  { error: 'give exactly one of { "keep": "held" }, { "take": "proposed" } or { "value": … }' },
);
export type ConflictResolutionInput = z.output<typeof conflictResolutionInputSchema>;
