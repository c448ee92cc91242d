import type { Db } from './database.js';
import { idsGrantedTo, idsHiddenFrom, RESTRICTABLE_TYPES, type Audience, type RestrictableType } from './record-visibility.js';

export interface Principal {
  kind: 'user' | 'group';
  id: string;
}

export interface StoredGroup {
  id: string;
  name: string;
  description: string;
  members: string[];
  createdAt: string;
}

/** Groups of users, and the records restricted to named users and groups. */
export class RestrictionRepository {
  async principalsOf(db: Db, entityType: string, entityId: string): Promise<Principal[]> {
    const rows = await db
      .selectFrom('record_restrictions')
      .select(['principal_kind', 'principal_id'])
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId)
      .orderBy('principal_kind')
      .orderBy('principal_id')
      .execute();
    return rows.map((r) => ({ kind: r.principal_kind, id: r.principal_id }));
  }

  /** Replace who may see a record; an empty list lifts the restriction. The caller flags the record itself. */
  async replace(db: Db, entityType: string, entityId: string, principals: readonly Principal[], grantedBy: string, at: string): Promise<void> {
    await db.deleteFrom('record_restrictions').where('entity_type', '=', entityType).where('entity_id', '=', entityId).execute();
    if (principals.length === 0) return;
    await db
      .insertInto('record_restrictions')
      .values(principals.map((p) => ({ entity_type: entityType, entity_id: entityId, principal_kind: p.kind, principal_id: p.id, granted_by: grantedBy, granted_at: at })))
      .execute();
  }

  /** Which of these ids are of restricted records (of any kind) hidden from the audience: to strip them from free text such as audit changes. */
  async hiddenAmong(db: Db, ids: readonly string[], audience: Audience): Promise<Set<string>> {
    const hidden = new Set<string>();
    if (audience === 'system' || ids.length === 0) return hidden;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      for (const type of RESTRICTABLE_TYPES) {
        const rows = await db
          .selectFrom('record_restrictions')
          .select('entity_id')
          .distinct()
          .where('entity_type', '=', type)
          .where('entity_id', 'in', chunk)
          .where('entity_id', 'in', idsHiddenFrom(type, audience))
          .execute();
        for (const row of rows) hidden.add(row.entity_id);
      }
    }
    return hidden;
  }

  /** How many restricted records of each kind name the group: what joining it would let a member read. */
  async restrictedGrantedToGroup(db: Db, groupId: string): Promise<Partial<Record<RestrictableType, number>>> {
    const rows = await db
      .selectFrom('record_restrictions')
      .select((eb) => ['entity_type', eb.fn.countAll<number | string>().as('n')])
      .where('principal_kind', '=', 'group')
      .where('principal_id', '=', groupId)
      .groupBy('entity_type')
      .orderBy('entity_type')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.entity_type, Number(r.n)]));
  }

  /** Whether the user may see any restricted record of the type (caches shared by everyone must then not serve them). */
  async seesAnyRestricted(db: Db, entityType: string, userId: string): Promise<boolean> {
    const row = await db.selectNoFrom((eb) => eb.exists(idsGrantedTo(entityType, userId)).as('granted')).executeTakeFirstOrThrow();
    return Boolean(row.granted);
  }

  async createGroup(db: Db, group: { id: string; name: string; description: string; createdAt: string }): Promise<void> {
    await db.insertInto('user_groups').values({ id: group.id, name: group.name, description: group.description, created_at: group.createdAt }).execute();
  }

  async setMembers(db: Db, groupId: string, userIds: readonly string[]): Promise<void> {
    await db.deleteFrom('group_members').where('group_id', '=', groupId).execute();
    if (userIds.length > 0) await db.insertInto('group_members').values(userIds.map((user_id) => ({ group_id: groupId, user_id }))).execute();
  }

  async findGroupsByName(db: Db, names: readonly string[]): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const rows = await db.selectFrom('user_groups').select(['id', 'name']).where('name', 'in', names).execute();
    return new Map(rows.map((r) => [r.name, r.id]));
  }

  async listGroups(db: Db): Promise<StoredGroup[]> {
    const groups = await db.selectFrom('user_groups').selectAll().orderBy('name').execute();
    const members = await db
      .selectFrom('group_members')
      .innerJoin('users', 'users.id', 'group_members.user_id')
      .select(['group_members.group_id', 'users.username'])
      .orderBy('users.username')
      .execute();
    return groups.map((g) => ({
      id: g.id,
      name: g.name,
      description: g.description,
      createdAt: g.created_at,
      members: members.filter((m) => m.group_id === g.id).map((m) => m.username),
    }));
  }

  async findGroup(db: Db, id: string): Promise<StoredGroup | undefined> {
    return (await this.listGroups(db)).find((g) => g.id === id);
  }
}
