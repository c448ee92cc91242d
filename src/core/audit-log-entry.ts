import { z } from 'zod';

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
