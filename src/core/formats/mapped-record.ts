import type { FieldIssue } from '../errors.js';
import type { IncidentInput } from '../incident.schema.js';

/**
 * One record of an external file, mapped into the incident model. Problems the mapping itself finds (a date it
 * cannot read, a country it does not know) name the source column; the incident schema then checks the rest.
 */
export interface MappedRecord {
  input: IncidentInput;
  issues: FieldIssue[];
  /** Haven's own id, when the file is a Haven export: kept so a round trip gives the same incidents. */
  id?: string;
}

export const columnIssue = (column: string, message: string): FieldIssue => ({ path: column, code: 'unreadable', message });
