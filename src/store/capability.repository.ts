import type { Selectable } from 'kysely';
import type { Capability } from '../core/capabilities/capability.schema.js';
import type { CapabilitiesTable, Db } from './database.js';

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

/** The capability register: few enough systems to read whole, by name. */
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

  async find(db: Db, id: string): Promise<StoredCapability | undefined> {
    const row = await db.selectFrom('capabilities').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toStored(row);
  }

  async list(db: Db): Promise<StoredCapability[]> {
    return (await db.selectFrom('capabilities').selectAll().orderBy('name').orderBy('id').execute()).map(toStored);
  }
}
