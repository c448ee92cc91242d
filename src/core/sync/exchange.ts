import type { IncidentData } from '../incident.schema.js';

/**
 * Rules for what travels between instances and how a change is set against what is held, pure so they can be tested
 * alone. What `sync_state` keeps per peer and record is this instance's own data as it stood when it was last
 * exchanged with the peer (sent, or received and merged without conflict): in the clean cases both sides then hold
 * exactly that, so it is the base of the next change in either direction. After a conflict the state is left as it
 * was, so the next exchange still starts from the last version truly held in common.
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
