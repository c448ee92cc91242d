import { sensitiveDetailsSchema, type IncidentData } from '../core/incident.schema.js';
import { REDACTED, type ConflictResolution, type ConflictStatus, type IncidentConflict } from '../core/incident-conflict.schema.js';
import type { Db } from './database.js';
import { incidentVisibleTo, type Audience } from './record-visibility.js';
import type { SealedRecord, SensitiveCipher } from './sensitive-envelope.js';

/**
 * What an edit made against an older version needs (issue 18): the data of every superseded version of an incident,
 * and the conflicts such edits left for a person to resolve. Sensitive details are sealed exactly as the incident's
 * own (store/sensitive-envelope.ts), each row with its own data key, so key rotation re-wraps them like the rest.
 * The sealed context names the incident and the row, so a ciphertext moved to another row fails to open.
 */

const versionContext = (incidentId: string, version: number) => `${incidentId}/version/${version}`;
const conflictContext = (incidentId: string, conflictId: string) => `${incidentId}/conflict/${conflictId}`;

export interface SupersededVersion {
  seq: number;
  incidentId: string;
  version: number;
  data: IncidentData;
  updatedAt: string;
  updatedBy: string;
  supersededAt: string;
}

export interface NewConflict {
  id: string;
  seq: number;
  incidentId: string;
  path: string;
  sensitive: boolean;
  base: unknown;
  held: unknown;
  proposed: unknown;
  baseVersion: number | null;
  heldVersion: number;
  proposedBy: string;
  proposedAt: string;
  origin: string;
}

/** A conflict's three values (and the resolved one), absent members meaning the field was absent. */
export interface ConflictValues {
  base?: unknown;
  held?: unknown;
  proposed?: unknown;
  resolved?: unknown;
}

/** A conflict as stored, with its values opened (for the service that resolves it). */
export interface StoredConflict {
  id: string;
  seq: number;
  incidentId: string;
  path: string;
  sensitive: boolean;
  values: ConflictValues;
  baseVersion: number | null;
  heldVersion: number;
  status: ConflictStatus;
}

type SealedColumns = { payload: string | null; iv: string | null; tag: string | null; wrapped_key: string | null; key_id: string | null };

const sealedOf = (row: SealedColumns): SealedRecord | undefined =>
  row.payload !== null && row.iv !== null && row.tag !== null && row.wrapped_key !== null && row.key_id !== null
    ? { ciphertext: row.payload, iv: row.iv, tag: row.tag, wrappedKey: row.wrapped_key, keyId: row.key_id }
    : undefined;

const nobodyNamed = (data: IncidentData) => data.sensitive.victims.length + data.sensitive.witnesses.length + data.sensitive.sourceIdentities.length === 0;

export class IncidentHistoryRepository {
  constructor(private readonly cipher: SensitiveCipher) {}

  private seal(plaintext: string, context: string) {
    const sealed = this.cipher.seal(plaintext, context);
    return { payload: sealed.ciphertext, iv: sealed.iv, tag: sealed.tag, wrapped_key: sealed.wrappedKey, key_id: sealed.keyId };
  }

  /** Keeps the data of a version an update or a verification change is about to replace. */
  async recordSuperseded(db: Db, superseded: SupersededVersion): Promise<void> {
    const { sensitive, ...open } = superseded.data;
    const sealed = nobodyNamed(superseded.data)
      ? { payload: null, iv: null, tag: null, wrapped_key: null, key_id: null }
      : this.seal(JSON.stringify(sensitive), versionContext(superseded.incidentId, superseded.version));
    await db
      .insertInto('incident_versions')
      .values({
        incident_seq: superseded.seq,
        version: superseded.version,
        data: JSON.stringify(open),
        ...sealed,
        updated_at: superseded.updatedAt,
        updated_by: superseded.updatedBy,
        superseded_at: superseded.supersededAt,
      })
      .execute();
  }

  /** The data an incident had at a superseded version, sensitive part included; undefined when not kept. */
  async dataOfVersion(db: Db, seq: number, incidentId: string, version: number): Promise<IncidentData | undefined> {
    const row = await db.selectFrom('incident_versions').selectAll().where('incident_seq', '=', seq).where('version', '=', version).executeTakeFirst();
    if (!row) return undefined;
    const sealed = sealedOf(row);
    const sensitive = sealed ? sensitiveDetailsSchema.parse(JSON.parse(this.cipher.open(sealed, versionContext(incidentId, version)))) : { victims: [], witnesses: [], sourceIdentities: [] };
    return { ...(JSON.parse(row.data) as Omit<IncidentData, 'sensitive'>), sensitive };
  }

  async addConflicts(db: Db, conflicts: readonly NewConflict[]): Promise<void> {
    if (conflicts.length === 0) return;
    await db
      .insertInto('incident_conflicts')
      .values(
        conflicts.map((c) => {
          const values = JSON.stringify({ base: c.base, held: c.held, proposed: c.proposed } satisfies ConflictValues);
          const sealed = c.sensitive ? this.seal(values, conflictContext(c.incidentId, c.id)) : { payload: values, iv: null, tag: null, wrapped_key: null, key_id: null };
          return {
            id: c.id,
            incident_seq: c.seq,
            path: c.path,
            sensitive: c.sensitive ? 1 : 0,
            ...sealed,
            base_version: c.baseVersion,
            held_version: c.heldVersion,
            proposed_by: c.proposedBy,
            proposed_at: c.proposedAt,
            origin: c.origin,
            status: 'open',
            resolved_by: null,
            resolved_at: null,
            resolution: null,
          };
        }),
      )
      .execute();
  }

  private conflictQuery(db: Db) {
    return db
      .selectFrom('incident_conflicts as c')
      .innerJoin('incidents', 'incidents.seq', 'c.incident_seq')
      .leftJoin('users as proposer', 'proposer.id', 'c.proposed_by')
      .leftJoin('users as resolver', 'resolver.id', 'c.resolved_by')
      .selectAll('c')
      .select(['incidents.id as incident_id', 'incidents.title as incident_title', 'proposer.username as proposed_by_name', 'resolver.username as resolved_by_name']);
  }

  private openValues(row: SealedColumns & { payload: string; id: string }, incidentId: string): ConflictValues {
    const sealed = sealedOf(row);
    return JSON.parse(sealed ? this.cipher.open(sealed, conflictContext(incidentId, row.id)) : row.payload) as ConflictValues;
  }

  private view(row: Awaited<ReturnType<ReturnType<IncidentHistoryRepository['conflictQuery']>['execute']>>[number], includeSensitive: boolean): IncidentConflict {
    const sensitive = row.sensitive === 1;
    const redacted = sensitive && !includeSensitive;
    // Without clearance a sensitive conflict's values are never decrypted, only marked as withheld.
    const values: ConflictValues = redacted ? { base: REDACTED, held: REDACTED, proposed: REDACTED, ...(row.status === 'resolved' && { resolved: REDACTED }) } : this.openValues(row, row.incident_id);
    return {
      id: row.id,
      incidentId: row.incident_id,
      incidentTitle: row.incident_title,
      path: row.path,
      sensitive,
      redacted,
      ...('base' in values && { base: values.base }),
      ...('held' in values && { held: values.held }),
      ...('proposed' in values && { proposed: values.proposed }),
      baseVersion: row.base_version,
      heldVersion: row.held_version,
      proposedBy: { id: row.proposed_by, username: row.proposed_by_name ?? row.proposed_by },
      proposedAt: row.proposed_at,
      origin: row.origin,
      status: row.status as ConflictStatus,
      resolvedBy: row.resolved_by === null ? null : { id: row.resolved_by, username: row.resolved_by_name ?? row.resolved_by },
      resolvedAt: row.resolved_at,
      resolution: row.resolution as ConflictResolution | null,
      ...('resolved' in values && { resolved: values.resolved }),
    };
  }

  /** An incident's conflicts of a status, oldest first (the order they arose in), then by field. */
  async conflictsOf(db: Db, seq: number, status: ConflictStatus, includeSensitive: boolean): Promise<IncidentConflict[]> {
    const rows = await this.conflictQuery(db).where('c.incident_seq', '=', seq).where('c.status', '=', status).orderBy('c.proposed_at').orderBy('c.path').orderBy('c.id').execute();
    return rows.map((r) => this.view(r, includeSensitive));
  }

  /** The conflicts queue across the register, newest first, only on incidents the audience may see. */
  async queue(db: Db, status: ConflictStatus, limit: number, includeSensitive: boolean, audience: Audience): Promise<IncidentConflict[]> {
    const rows = await this.conflictQuery(db)
      .where('c.status', '=', status)
      .where(incidentVisibleTo(audience))
      .orderBy(status === 'open' ? 'c.proposed_at' : 'c.resolved_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => this.view(r, includeSensitive));
  }

  /** One conflict of an incident, values opened (the caller checks clearance first); undefined when not found. */
  async findConflict(db: Db, seq: number, conflictId: string): Promise<StoredConflict | undefined> {
    const row = await this.conflictQuery(db).where('c.incident_seq', '=', seq).where('c.id', '=', conflictId).executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      seq: row.incident_seq,
      incidentId: row.incident_id,
      path: row.path,
      sensitive: row.sensitive === 1,
      values: this.openValues(row, row.incident_id),
      baseVersion: row.base_version,
      heldVersion: row.held_version,
      status: row.status as ConflictStatus,
    };
  }

  /**
   * Marks an open conflict resolved, its values kept with the one chosen (sealed afresh when sensitive). Conditional on
   * the conflict being open still: returns false when someone resolved it first.
   */
  async markResolved(db: Db, conflict: StoredConflict, resolution: { by: string; at: string; resolution: ConflictResolution; value: unknown }): Promise<boolean> {
    const values = JSON.stringify({ ...conflict.values, resolved: resolution.value } satisfies ConflictValues);
    const sealed = conflict.sensitive ? this.seal(values, conflictContext(conflict.incidentId, conflict.id)) : { payload: values, iv: null, tag: null, wrapped_key: null, key_id: null };
    const result = await db
      .updateTable('incident_conflicts')
      .set({ ...sealed, status: 'resolved', resolved_by: resolution.by, resolved_at: resolution.at, resolution: resolution.resolution })
      .where('id', '=', conflict.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** How many open conflicts each of these incidents (by id) has; absent: none. */
  async openConflictCounts(db: Db, incidentIds: readonly string[]): Promise<Map<string, number>> {
    if (incidentIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('incident_conflicts as c')
      .innerJoin('incidents', 'incidents.seq', 'c.incident_seq')
      .select(['incidents.id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('c.status', '=', 'open')
      .where('incidents.id', 'in', [...incidentIds])
      .groupBy('incidents.id')
      .execute();
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }
}
