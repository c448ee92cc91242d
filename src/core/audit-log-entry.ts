import { z } from 'zod';
import { cursorPageSchema } from './api-contract.schema.js';

/**
 * One entry of the audit log as the auditor reads it (GET /api/v1/audit, an incident's audit trail, haven audit list,
 * the web app's Audit area). `changes` is JSON whose fields depend on the action: before/after pairs for an edit,
 * counts for a session change, a run's report for a detection run.
 */
export const auditLogEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  // Free-form by design (the action decides its fields); typing it per action is not done yet.
  changes: z.record(z.string(), z.unknown()),
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
