import { z } from 'zod';
import { CONSENT_RECIPIENTS, CONSENT_USES, consentGaps, personCount, type ConsentRecipient, type ConsentUse } from '../core/consent.js';
import { DomainError } from '../core/errors.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { streamIncidents } from './incident-stream.service.js';
import { parseInput } from './validation.js';

export const sensitiveExportRequestSchema = z.object({
  purpose: z.enum(CONSENT_USES, { error: `must be one of ${CONSENT_USES.join(', ')}` }),
  recipient: z.enum(CONSENT_RECIPIENTS, { error: `must be one of ${CONSENT_RECIPIENTS.join(', ')}` }),
});

/** Formats that can carry the sensitive block (as a JSON column or property); HXL and GED shapes have no place for it. */
export const SENSITIVE_EXPORT_FORMATS = ['csv', 'geojson'] as const;

/** Leave to export sensitive details: which incidents were checked against consent, for what use and recipient. */
export interface SensitiveExportGrant {
  purpose: ConsentUse;
  recipient: ConsentRecipient;
  /** Incidents whose every named person consented; only these carry sensitive details in the export. */
  incidentIds: ReadonlySet<string>;
  auditId: string;
}

/** At most this many offending persons are listed in a refusal; the message gives the full count. */
const MAX_LISTED = 500;

/**
 * Checks, before a byte is written, that a sensitive export is permitted and within the consent of every person it
 * would include. Any person whose consent does not cover the purpose and recipient refuses the whole export (the
 * refusal lists each incident and person record, by position, never by name): a partial export would quietly give
 * a recipient less than they think they hold, and the analyst should settle consent first. An allowed export is
 * written to the audit log (who, purpose, recipient, how many incidents and persons).
 */
export async function authoriseSensitiveExport(ctx: AppContext, actor: Actor, filter: Readonly<Record<string, unknown>>, format: string, request: unknown): Promise<SensitiveExportGrant> {
  requirePermission(actor, 'incident:export_sensitive');
  requirePermission(actor, 'incident:read_sensitive');
  const { purpose, recipient } = parseInput(sensitiveExportRequestSchema, request, 'sensitive export');
  if (!(SENSITIVE_EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new DomainError('validation_failed', `sensitive details can be exported only as ${SENSITIVE_EXPORT_FORMATS.join(' or ')}`, [
      { path: 'format', code: 'invalid_value', message: `${format} has no place for sensitive details` },
    ]);
  }
  const gaps = [];
  const incidentIds = new Set<string>();
  let persons = 0;
  for await (const incident of streamIncidents(ctx, actor, filter, 1000, { includeSensitive: true })) {
    const sensitive = incident.sensitive;
    if (!sensitive || personCount(sensitive) === 0) continue;
    const issues = consentGaps(incident.id, sensitive, purpose, recipient);
    if (issues.length > 0) gaps.push(...issues);
    else {
      incidentIds.add(incident.id);
      persons += personCount(sensitive);
    }
  }
  if (gaps.length > 0) {
    throw new DomainError(
      'forbidden',
      `export refused: ${gaps.length} person record${gaps.length === 1 ? ' has' : 's have'} not consented to ${purpose} shared with ${recipient}; ` +
        'record their consent, narrow the filter, or export without sensitive details',
      gaps.slice(0, MAX_LISTED),
    );
  }
  const auditId = ctx.newId();
  await ctx.store.audit.append(ctx.store.connection.db, {
    at: ctx.now().toISOString(),
    userId: actor.id,
    action: 'incident.export_sensitive',
    entityType: 'export',
    entityId: auditId,
    changes: { purpose, recipient, format, incidents: incidentIds.size, persons, filter },
  });
  return { purpose, recipient, incidentIds, auditId };
}
