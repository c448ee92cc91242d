import { z } from 'zod';
import { cursorPageSchema } from './api-contract.schema.js';

/**
 * What an audit entry records, field by field. Most actions change fields: each is a pair, the value before and after
 * (null where there was none, or is none now: a creation, a deletion). Some record facts that change no field: how
 * many sessions a password change ended, an export's purpose and recipient, a lockout's length. Values are JSON: the
 * log stores them as text.
 */
/** Any JSON value. Not z.json(): its recursion becomes $refs that the OpenAPI document does not hold. */
export type JsonValue = z.output<ReturnType<typeof z.json>>;
const jsonValueSchema = z.custom<JsonValue>((value) => value !== undefined, 'must be a JSON value');
export const fieldChangeSchema = z.strictObject({ before: jsonValueSchema, after: jsonValueSchema }).describe('a field: its value before and after');
export type FieldChange = z.output<typeof fieldChangeSchema>;
export const auditFactSchema = jsonValueSchema.describe('a fact the action recorded (a count, a purpose, a filter): not a before/after pair');
export type AuditFact = z.output<typeof auditFactSchema>;
/** Read back, every entry fits: a value that is not exactly a pair is a fact. */
export const auditChangesSchema = z.record(z.string(), z.union([fieldChangeSchema, auditFactSchema]));
export type AuditChanges = z.output<typeof auditChangesSchema>;

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value of `changes` that is a before/after pair (anything else is a fact). */
export const isFieldChange = (value: unknown): value is FieldChange =>
  isPlainObject(value) && 'before' in value && 'after' in value && Object.keys(value).length === 2;

/**
 * What a writer may put in `changes`: pairs with both sides given (null, not undefined, for "none"), and facts that
 * cannot be mistaken for half a pair. Checked on every write, shallowly: the values themselves are whatever the
 * action's record holds, and the log stores them as JSON text (so undefined properties inside them drop out).
 */
export type AuditChangesInput = Record<string, { before: unknown; after: unknown } | AuditFactInput>;
// A fact object that looks like half a pair is refused when written (auditChangesInputSchema), not by its type.
type AuditFactInput = string | number | boolean | null | readonly unknown[] | Readonly<Record<string, unknown>>;

/** Why a value cannot go in `changes`, or nothing when it can. */
function changeProblem(value: unknown): string | undefined {
  if (value === undefined) return 'must be given: null when there is none';
  if (!isPlainObject(value) || !('before' in value || 'after' in value)) return undefined;
  if (!isFieldChange(value)) return 'a before/after pair has exactly those two keys';
  if (value.before === undefined || value.after === undefined) return 'a before/after pair gives both sides: null when there is none';
  return undefined;
}
export const auditChangesInputSchema = z.custom<AuditChangesInput>(isPlainObject, 'must be an object of fields').superRefine((changes, ctx) => {
  for (const key in changes) {
    const problem = key === '' ? 'a field has a name' : changeProblem(changes[key]);
    if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
  }
});

/** One entry of the audit log as the auditor reads it (GET /api/v1/audit, an incident's audit trail, haven audit list, the web app's Audit area). */
export const auditLogEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  changes: auditChangesSchema,
});
export type AuditLogEntry = z.output<typeof auditLogEntrySchema>;
/** A record's audit trail, oldest first (GET /incidents/:id/audit). */
export const auditTrailSchema = z.array(auditLogEntrySchema);

/** A page of the log, newest first (GET /api/v1/audit). */
export const auditLogPageSchema = cursorPageSchema(auditLogEntrySchema);
export type AuditLogPage = z.output<typeof auditLogPageSchema>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const moment = z
  .string()
  .trim()
  .refine((v) => (DAY.test(v) || /^\d{4}-\d{2}-\d{2}T/.test(v)) && !Number.isNaN(Date.parse(v)), 'use a day (YYYY-MM-DD) or an ISO 8601 time');

/** What the audit log may be searched by: the record (type, id), who, what, when; paged newest first. */
export const auditQuerySchema = z
  .object({
    entityType: z
      .string()
      .trim()
      .max(64)
      .regex(/^[a-z_]+$/, 'use lower-case letters and underscores (incident, case, evidence, group, user, export …)')
      .optional(),
    entityId: z.string().trim().min(1).max(200).optional(),
    actor: z.string().trim().min(1).max(200).optional(),
    action: z
      .string()
      .trim()
      .max(100)
      .regex(/^[a-z_]+(\.[a-z_]+)*$/, 'an action (group.members) or a family of actions (group)')
      .optional(),
    from: moment.optional(),
    to: moment.optional(),
    cursor: z.string().trim().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from.slice(0, 10) <= q.to.slice(0, 10), { message: 'from must not be after to', path: ['to'] });
export type AuditQuery = z.input<typeof auditQuerySchema>;
