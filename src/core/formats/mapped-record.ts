import type { FieldIssue } from '../errors.js';
import type { Carried, CarriedField } from '../incident-merge.js';
import type { Incident, IncidentData, IncidentInput } from '../incident.schema.js';

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
  /**
   * For a row that is Haven's own projection of a record into a lossy format (the GED-shaped and HXL exports): what it
   * carries once the stored record is known — only the fields whose cells differ from what that record exports as. So
   * re-importing an export changes nothing, and a cell edited in the file updates the field it stands for. On an
   * update it replaces `carried`.
   */
  carriedGiven?: (stored: Incident) => Carried;
  /** `input` as the incident schema returned it, when the mapper has already checked it: the import does not check it again. */
  checked?: IncidentData;
}

export const columnIssue = (column: string, message: string): FieldIssue => ({ path: column, code: 'unreadable', message });

/**
 * What a row of Haven's own export carries, given what the stored record exports as: the fields of every group of
 * columns where a cell differs (`inFile` is undefined for a column the file lacks: it carries nothing).
 */
export function carriedWhereChanged(
  groups: readonly (readonly [readonly string[], readonly CarriedField[]])[],
  inFile: (column: string) => string | undefined,
  exported: (column: string) => string,
): Carried {
  const carried = new Set<CarriedField>(['origin']);
  for (const [columns, fields] of groups) {
    const changed = columns.some((column) => {
      const value = inFile(column);
      return value !== undefined && value.trim() !== exported(column).trim();
    });
    if (changed) for (const field of fields) carried.add(field);
  }
  return carried;
}
