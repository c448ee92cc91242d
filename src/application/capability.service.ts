import { assessCapability } from '../core/capabilities/capability-assessment.js';
import { capabilityUpdateSchema, type CapabilityRecord } from '../core/capabilities/capability-api.schema.js';
import { capabilitySchema } from '../core/capabilities/capability.schema.js';
import { DomainError, notFound } from '../core/errors.js';
import { registeredSystemOf, type RegisteredSystem } from '../core/use-of-force/registered-system.js';
import type { Db } from '../store/database.js';
import type { StoredCapability } from '../store/capability.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { changedFields } from './place-upsert.js';
import { parseInput } from './validation.js';

const ENTITY = 'capability';

/** A stored system with its assessment, made afresh from the rules each time it is read. */
const recordOf = (stored: StoredCapability): CapabilityRecord => ({ ...stored, assessment: assessCapability(stored.capability) });

/** Add a system to the register (audited with all its fields). */
export async function createCapability(ctx: AppContext, actor: Actor, input: unknown): Promise<CapabilityRecord> {
  requirePermission(actor, 'posture:write');
  const capability = parseInput(capabilitySchema, input, 'capability');
  const at = ctx.now().toISOString();
  const stored: StoredCapability = { id: ctx.newId(), version: 1, createdAt: at, updatedAt: at, capability };
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    await ctx.store.capabilities.insert(trx, stored, actor.id);
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'capability.create', entityType: ENTITY, entityId: stored.id, changes: { capability: { before: null, after: capability } } });
  });
  return recordOf(stored);
}

/** Replace a system's record, based on the version read (409 when someone changed it since); the changed fields are audited. */
export async function updateCapability(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<CapabilityRecord> {
  requirePermission(actor, 'posture:write');
  const { version, capability } = parseInput(capabilityUpdateSchema, input, 'capability');
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const current = await ctx.store.capabilities.find(trx, id);
    if (!current) throw notFound('capability', id);
    const stale = () => new DomainError('conflict', `capability ${id} was changed by someone else (now version ${current.version}, your change is based on ${version}); reload and try again`, [{ path: 'version', code: 'stale_version', message: `the record is now at version ${current.version}` }]);
    if (current.version !== version) throw stale();
    const at = ctx.now().toISOString();
    const next: StoredCapability = { ...current, version: version + 1, updatedAt: at, capability };
    if (!(await ctx.store.capabilities.update(trx, next, version, actor.id))) throw stale();
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'capability.update', entityType: ENTITY, entityId: id, changes: changedFields(current.capability, capability) });
    return recordOf(next);
  });
}

export async function getCapability(ctx: AppContext, actor: Actor, id: string): Promise<CapabilityRecord> {
  requirePermission(actor, 'posture:read');
  const stored = await ctx.store.capabilities.find(ctx.store.connection.db, id);
  if (!stored) throw notFound('capability', id);
  return recordOf(stored);
}

export async function listCapabilities(ctx: AppContext, actor: Actor): Promise<{ items: CapabilityRecord[] }> {
  requirePermission(actor, 'posture:read');
  return { items: (await ctx.store.capabilities.list(ctx.store.connection.db)).map(recordOf) };
}

/**
 * The system a force request names, as the assessment reads it: the record in the register now, read as the actor may
 * read the register. `refuse` (a new request): a name that is not in the register is the requester's error, named at
 * the field. `ask` (a stored request assessed again): the engine asks for it instead, so the request's history holds.
 */
export async function registeredSystemFor(ctx: AppContext, db: Db, actor: Actor, capabilityId: string | undefined, missing: 'refuse' | 'ask'): Promise<RegisteredSystem | undefined> {
  if (capabilityId === undefined) return undefined;
  requirePermission(actor, 'posture:read');
  const stored = await ctx.store.capabilities.find(db, capabilityId);
  if (stored) return registeredSystemOf(stored);
  if (missing === 'ask') return undefined;
  throw new DomainError('validation_failed', `request.means.capabilityId: no system ${capabilityId} in the capability register`, [
    { path: 'request.means.capabilityId', code: 'unknown_capability', message: 'no system with this id in the capability register' },
  ]);
}
