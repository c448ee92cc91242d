import type { FieldIssue } from '../errors.js';
import type { Carried } from '../incident-merge.js';
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
  /**
   * The fields the file really carries for this record. `input` is complete enough to create a record (a mapper may
   * make up a title, or default a precision); an update takes only the carried fields and keeps the rest as stored.
   * An empty cell carries nothing: it never erases a stored value.
   */
  carried?: Carried;
}

export const columnIssue = (column: string, message: string): FieldIssue => ({ path: column, code: 'unreadable', message });
