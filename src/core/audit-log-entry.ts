/** One entry of the audit log as the auditor reads it (GET /api/v1/audit, haven audit list, the web app's Audit area). */
export interface AuditLogEntry {
  id: number;
  at: string;
  userId: string | null;
  username: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes: Record<string, unknown>;
}
