import { hasPermission, type Permission } from '../core/access-control.js';
import { groupMembersSchema, newGroupSchema, restrictionSchema, type RecordRestriction } from '../core/restriction.schema.js';
import { DomainError, notFound, type FieldIssue } from '../core/errors.js';
import type { Db } from '../store/database.js';
import type { Principal, StoredGroup } from '../store/restriction.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { parseInput } from './validation.js';

export type { RecordRestriction };

async function userIdsOf(ctx: AppContext, db: Db, usernames: readonly string[], path: string): Promise<string[]> {
  const ids: string[] = [];
  const issues: FieldIssue[] = [];
  for (const [index, username] of usernames.entries()) {
    const user = await ctx.store.users.findByUsername(db, username);
    if (user) ids.push(user.id);
    else issues.push({ path: `${path}.${index}`, code: 'unknown_user', message: `there is no user ${username}` });
  }
  if (issues.length > 0) throw new DomainError('validation_failed', issues.map((i) => i.message).join('; '), issues);
  return ids;
}

async function describe(ctx: AppContext, db: Db, principals: readonly Principal[]): Promise<RecordRestriction> {
  const users: string[] = [];
  const groups: string[] = [];
  const allGroups = principals.some((p) => p.kind === 'group') ? await ctx.store.restrictions.listGroups(db) : [];
  for (const p of principals) {
    if (p.kind === 'user') users.push((await ctx.store.users.findById(db, p.id))?.username ?? p.id);
    else groups.push(allGroups.find((g) => g.id === p.id)?.name ?? p.id);
  }
  return { restricted: principals.length > 0, users: users.sort(), groups: groups.sort() };
}

/** The kinds of record that can be restricted: who may restrict them, and how to find one the actor may see. */
export const RESTRICTABLE = ['incident', 'case', 'evidence', 'capability'] as const;
export type RestrictableKind = (typeof RESTRICTABLE)[number];

interface Found {
  /** Who recorded the record (created the incident, opened the case, received the item): they stay on its list. */
  recordedBy: string | undefined;
  /** Flag it restricted or not, where the kind keeps a flag. */
  flag?: (restricted: boolean) => Promise<void>;
}

interface Kind {
  noun: string;
  read: Permission;
  restrict: Permission;
  /** The record if the actor may see it. */
  find(ctx: AppContext, db: Db, actor: Actor, id: string): Promise<Found | undefined>;
}

const KINDS: Record<RestrictableKind, Kind> = {
  incident: {
    noun: 'incident',
    read: 'incident:read',
    restrict: 'incident:restrict',
    async find(ctx, db, actor, id) {
      const key = await ctx.store.incidents.findKeyById(db, id, audienceOf(actor));
      return key && { recordedBy: await ctx.store.incidents.recordedBy(db, key.seq), flag: (restricted) => ctx.store.incidents.setRestricted(db, key.seq, restricted) };
    },
  },
  case: {
    noun: 'case',
    read: 'case:read',
    restrict: 'case:write',
    async find(ctx, db, actor, id) {
      const row = await ctx.store.cases.find(db, id, audienceOf(actor));
      return row && { recordedBy: row.openedBy.id };
    },
  },
  evidence: {
    noun: 'evidence item',
    read: 'evidence:read',
    restrict: 'evidence:write',
    async find(ctx, db, actor, id) {
      const row = await ctx.store.evidence.find(db, id, audienceOf(actor));
      return row && { recordedBy: row.received_by };
    },
  },
  capability: {
    noun: 'capability',
    read: 'posture:read',
    restrict: 'posture:write',
    async find(ctx, db, actor, id) {
      const row = await ctx.store.capabilities.find(db, id, audienceOf(actor));
      return row && { recordedBy: await ctx.store.capabilities.recordedBy(db, id) };
    },
  },
};

/** Who may see a record, for those who may see it. */
export async function recordRestriction(ctx: AppContext, actor: Actor, kind: RestrictableKind, id: string): Promise<RecordRestriction> {
  const k = KINDS[kind];
  requirePermission(actor, k.read);
  const db = ctx.store.connection.db;
  if (!(await k.find(ctx, db, actor, id))) throw notFound(k.noun, id);
  return describe(ctx, db, await ctx.store.restrictions.principalsOf(db, kind, id));
}

/**
 * Restrict a record (an incident, a case, an evidence item, a system of the capability register) to named users and
 * groups, or lift the restriction with empty lists. For everyone else the record then does not exist: 404, and absent
 * from lists, counts, the map and exports.
 *
 * Who may restrict whose record (docs/security.md): anyone holding the kind's permission (incident:restrict,
 * case:write, evidence:write, posture:write) who can see the record — so a restricted record's list is changed or lifted only by
 * someone on it. The person restricting stays on the list, so nobody locks themselves out by mistake, and so does the
 * person who recorded it: nobody can take a record away from whoever recorded it.
 */
export async function restrictRecord(ctx: AppContext, actor: Actor, kind: RestrictableKind, id: string, input: unknown): Promise<RecordRestriction> {
  const k = KINDS[kind];
  requirePermission(actor, k.restrict);
  const wanted = parseInput(restrictionSchema, input, 'restriction');
  const at = ctx.now().toISOString();
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const found = await k.find(ctx, trx, actor, id);
    if (!found) throw notFound(k.noun, id);
    const userIds = await userIdsOf(ctx, trx, wanted.users, 'users');
    const groupIds = await ctx.store.restrictions.findGroupsByName(trx, wanted.groups);
    const unknownGroups = wanted.groups.map((name, index) => ({ name, index })).filter((g) => !groupIds.has(g.name));
    if (unknownGroups.length > 0) {
      const issues = unknownGroups.map((g) => ({ path: `groups.${g.index}`, code: 'unknown_group', message: `there is no group ${g.name}` }));
      throw new DomainError('validation_failed', issues.map((i) => i.message).join('; '), issues);
    }
    const lifting = userIds.length === 0 && groupIds.size === 0;
    const recorder = found.recordedBy && (await ctx.store.users.findById(trx, found.recordedBy)) ? [found.recordedBy] : [];
    const principals: Principal[] = lifting
      ? []
      : [...new Set([...userIds, actor.id, ...recorder])].map((uid): Principal => ({ kind: 'user', id: uid })).concat([...groupIds.values()].map((gid): Principal => ({ kind: 'group', id: gid })));
    const before = await describe(ctx, trx, await ctx.store.restrictions.principalsOf(trx, kind, id));
    await ctx.store.restrictions.replace(trx, kind, id, principals, actor.id, at);
    await found.flag?.(!lifting);
    const after = await describe(ctx, trx, principals);
    await ctx.store.audit.append(trx, {
      at,
      userId: actor.id,
      action: `${kind}.restriction`,
      entityType: kind,
      entityId: id,
      changes: { restrictedTo: { before: before.restricted ? before : null, after: after.restricted ? after : null } },
    });
    return after;
  });
}

export async function listGroups(ctx: AppContext, actor: Actor): Promise<StoredGroup[]> {
  requirePermission(actor, 'user:manage');
  return ctx.store.restrictions.listGroups(ctx.store.connection.db);
}

export async function createGroup(ctx: AppContext, actor: Actor, input: unknown): Promise<StoredGroup> {
  requirePermission(actor, 'user:manage');
  const group = parseInput(newGroupSchema, input, 'group');
  const id = ctx.newId();
  const at = ctx.now().toISOString();
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    if ((await ctx.store.restrictions.findGroupsByName(trx, [group.name])).size > 0) {
      throw new DomainError('conflict', `a group named ${group.name} already exists`, [{ path: 'name', code: 'taken', message: 'is taken' }]);
    }
    const members = await userIdsOf(ctx, trx, group.members, 'members');
    await ctx.store.restrictions.createGroup(trx, { id, name: group.name, description: group.description, createdAt: at });
    await ctx.store.restrictions.setMembers(trx, id, members);
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'group.create', entityType: 'group', entityId: id, changes: { name: { before: null, after: group.name }, members: { before: null, after: group.members } } });
  });
  return (await ctx.store.restrictions.findGroup(ctx.store.connection.db, id))!;
}

/**
 * Set a group's members. A group named on restricted records lets its members read them, so whoever manages users
 * must not use it to read them: adding oneself, or another account that manages users (who could add the first), to
 * such a group is refused — and the refused attempt is written to the audit log. Every change is audited, with how
 * many restricted records the group grants.
 */
export async function setGroupMembers(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<StoredGroup> {
  requirePermission(actor, 'user:manage');
  const { members } = parseInput(groupMembersSchema, input, 'members');
  const at = ctx.now().toISOString();
  const db = ctx.store.connection.db;
  const refusal = await db.transaction().execute(async (trx) => {
    const before = await ctx.store.restrictions.findGroup(trx, id);
    if (!before) throw notFound('group', id);
    const memberIds = await userIdsOf(ctx, trx, members, 'members');
    const grants = await ctx.store.restrictions.restrictedGrantedToGroup(trx, id);
    const changes = { members: { before: before.members, after: [...new Set(members)].sort() }, ...(Object.keys(grants).length > 0 && { grantsRestricted: grants }) };
    if (Object.keys(grants).length > 0) {
      const added = members.filter((name) => !before.members.includes(name));
      const managers: string[] = [];
      for (const name of added) {
        const user = await ctx.store.users.findByUsername(trx, name);
        if (user && (user.id === actor.id || hasPermission(user.role, 'user:manage'))) managers.push(name);
      }
      if (managers.length > 0) return { changes, managers };
    }
    await ctx.store.restrictions.setMembers(trx, id, [...new Set(memberIds)]);
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'group.members', entityType: 'group', entityId: id, changes });
    return undefined;
  });
  if (refusal) {
    // Written on its own: the refused change is not made, but the attempt stays on record.
    await ctx.store.audit.append(db, { at, userId: actor.id, action: 'group.members_refused', entityType: 'group', entityId: id, changes: { ...refusal.changes, refusedFor: refusal.managers } });
    throw new DomainError(
      'forbidden',
      `this group is named on restricted records: ${refusal.managers.join(', ')} manage${refusal.managers.length === 1 ? 's' : ''} users and cannot be added to it (a person named on the records restricts them to someone else instead); the attempt is logged`,
    );
  }
  return (await ctx.store.restrictions.findGroup(db, id))!;
}
