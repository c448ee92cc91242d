import { DomainError } from '../core/errors.js';
import type { StoredAuditEntry } from '../store/audit.repository.js';
import type { Audience } from '../store/record-visibility.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { parseInput } from './validation.js';
import { auditQuerySchema, type AuditChanges, type AuditLogEntry, type AuditLogPage, type AuditQuery } from '../core/audit-log-entry.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export type { AuditLogEntry, AuditLogPage as AuditPage, AuditQuery };

const cursorOf = (id: number) => Buffer.from(`audit:${id}`).toString('base64url');
function idOfCursor(cursor: string): number {
  const match = /^audit:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new DomainError('validation_failed', 'the cursor is not one this log gave', [{ path: 'cursor', code: 'invalid_cursor', message: 'is not a cursor of the audit log' }]);
  return Number(match[1]);
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
/** Times as the log writes them (toISOString), so they compare as text. */
const instant = (v: string) => (DAY.test(v) ? v : new Date(v).toISOString());

const ID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const REDACTED = '[restricted]';

function idsIn(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') for (const m of value.matchAll(ID_PATTERN)) into.add(m[0].toLowerCase());
  else if (Array.isArray(value)) for (const v of value) idsIn(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) idsIn(v, into);
}

/** The changes without any mention of a hidden record: dropped from lists of ids, blanked in text. */
function withoutHidden(value: unknown, hidden: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return value.replace(ID_PATTERN, (id) => (hidden.has(id.toLowerCase()) ? REDACTED : id));
  if (Array.isArray(value)) return value.filter((v) => !(typeof v === 'string' && hidden.has(v.toLowerCase()))).map((v) => withoutHidden(v, hidden));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutHidden(v, hidden)]));
  return value;
}

/**
 * Entries as the audience may read them. Entries about a record hidden from the reader are not read at all (the store
 * leaves them out); an entry about something else that names a hidden record (a case's links, say) shows without it.
 */
async function shownTo(ctx: AppContext, entries: StoredAuditEntry[], audience: Audience): Promise<AuditLogEntry[]> {
  const named = new Set<string>();
  for (const e of entries) idsIn(e.changes, named);
  const hidden = await ctx.store.restrictions.hiddenAmong(ctx.store.connection.db, [...named], audience);
  return entries.map((e) => ({
    id: e.id,
    at: e.at,
    userId: e.userId,
    username: e.username,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    changes: hidden.size === 0 ? e.changes : (withoutHidden(e.changes, hidden) as AuditChanges),
  }));
}

/**
 * The audit log for those who oversee (audit:read): who did what to which record, and when — sensitive exports,
 * restrictions, group changes, every edit — newest first. The entries of a restricted record are there only for those
 * who may see the record; sensitive details were never written to the log.
 */
export async function listAuditEntries(ctx: AppContext, actor: Actor, input: unknown): Promise<AuditLogPage> {
  requirePermission(actor, 'audit:read');
  const query = parseInput(auditQuerySchema, input ?? {}, 'audit query');
  const audience = audienceOf(actor);
  const to = query.to && (DAY.test(query.to) ? { toExclusive: nextDay(query.to) } : { to: instant(query.to) });
  const { entries, more } = await ctx.store.audit.list(
    ctx.store.connection.db,
    {
      entityType: query.entityType,
      entityId: query.entityId,
      actor: query.actor,
      action: query.action,
      ...(query.from && { from: instant(query.from) }),
      ...to,
      ...(query.cursor && { beforeId: idOfCursor(query.cursor) }),
      limit: query.limit,
    },
    audience,
  );
  return { items: await shownTo(ctx, entries, audience), nextCursor: more && entries.length > 0 ? cursorOf(entries.at(-1)!.id) : null };
}
