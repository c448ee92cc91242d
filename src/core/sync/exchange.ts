import type { IncidentData } from '../incident.schema.js';

/**
 * Rules for what travels between instances and how a change is set against what is held, pure so they can be tested
 * alone. What `sync_state` keeps per peer and record is what the peer holds, as far as this instance knows: the data
 * it sent the peer, or the data the peer sent it. That is the base of the next change in either direction, so a field
 * changed only here since then travels, and a field the peer changed is not sent back. An incident with an open
 * conflict waits here until a person resolves it, then travels as resolved.
 */

/** The data as it leaves when the exporting user may not read sensitive details: without them. */
export function withoutSensitive(data: IncidentData): Omit<IncidentData, 'sensitive'> {
  const { sensitive: _sensitive, ...rest } = data;
  return rest;
}

/**
 * A change whose sender could not read sensitive details carries none; a side that never saw them cannot have
 * changed them, so both its base and its proposal take the sensitive details held here (as an edit by a user without
 * clearance keeps them).
 */
export function alignSensitive(change: { base: IncidentData | null; proposed: IncidentData }, held: IncidentData, sensitiveIncluded: boolean): { base: IncidentData | null; proposed: IncidentData } {
  if (!sensitiveIncluded) {
    return { base: change.base && { ...change.base, sensitive: held.sensitive }, proposed: { ...change.proposed, sensitive: held.sensitive } };
  }
  return change;
}
