import type { Selectable } from 'kysely';
import type { Capability } from '../core/capabilities/capability.schema.js';
import type { CapabilitiesTable, Db } from './database.js';
import { capabilityVisibleTo, type Audience } from './record-visibility.js';

export interface StoredCapability {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  capability: Capability;
}

const toStored = (r: Selectable<CapabilitiesTable>): StoredCapability => ({
  id: r.id,
  version: Number(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  capability: JSON.parse(r.content) as Capability,
});

/**
 * The capability register: few enough systems to read whole, by name. A system restricted to named users and groups
 * (a classified capability) is read only for an audience that may see it: to everyone else it does not exist.
 */
export class CapabilityRepository {
  async insert(db: Db, stored: StoredCapability, actorId: string): Promise<void> {
    const { capability } = stored;
    await db
      .insertInto('capabilities')
      .values({ id: stored.id, name: capability.name, purpose: capability.purpose, content: JSON.stringify(capability), version: stored.version, created_at: stored.createdAt, created_by: actorId, updated_at: stored.updatedAt, updated_by: actorId })
      .execute();
  }

  /** False when the stored version is not `expectedVersion`. */
  async update(db: Db, stored: StoredCapability, expectedVersion: number, actorId: string): Promise<boolean> {
    const { capability } = stored;
    const result = await db
      .updateTable('capabilities')
      .set({ name: capability.name, purpose: capability.purpose, content: JSON.stringify(capability), version: stored.version, updated_at: stored.updatedAt, updated_by: actorId })
      .where('id', '=', stored.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async find(db: Db, id: string, audience: Audience): Promise<StoredCapability | undefined> {
    const row = await db.selectFrom('capabilities').selectAll().where('id', '=', id).where(capabilityVisibleTo(audience)).executeTakeFirst();
    return row && toStored(row);
  }

  async list(db: Db, audience: Audience): Promise<StoredCapability[]> {
    return (await db.selectFrom('capabilities').selectAll().where(capabilityVisibleTo(audience)).orderBy('name').orderBy('id').execute()).map(toStored);
  }

  /** Who added the system: they stay on its list when it is restricted. */
  async recordedBy(db: Db, id: string): Promise<string | undefined> {
    return (await db.selectFrom('capabilities').select('created_by').where('id', '=', id).executeTakeFirst())?.created_by;
  }
}
