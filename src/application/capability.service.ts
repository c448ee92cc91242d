import { assessCapability } from '../core/capabilities/capability-assessment.js';
import { capabilityUpdateSchema, type CapabilityRecord } from '../core/capabilities/capability-api.schema.js';
import { capabilitySchema } from '../core/capabilities/capability.schema.js';
import { DomainError, notFound } from '../core/errors.js';
import { registeredSystemOf, type RegisteredSystem } from '../core/use-of-force/registered-system.js';
import type { Db } from '../store/database.js';
import type { Audience } from '../store/record-visibility.js';
import type { StoredCapability } from '../store/capability.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { changedFields } from './place-upsert.js';
import { parseInput } from './validation.js';

const ENTITY = 'capability';

/** Whom a system named in a stored request is read for: every reader of the request, so no restricted system. */
const STORED_SYSTEM_AUDIENCE: Audience = 'everyone';

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
    const current = await ctx.store.capabilities.find(trx, id, audienceOf(actor));
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
  const stored = await ctx.store.capabilities.find(ctx.store.connection.db, id, audienceOf(actor));
  if (!stored) throw notFound('capability', id);
  return recordOf(stored);
}

export async function listCapabilities(ctx: AppContext, actor: Actor): Promise<{ items: CapabilityRecord[] }> {
  requirePermission(actor, 'posture:read');
  return { items: (await ctx.store.capabilities.list(ctx.store.connection.db, audienceOf(actor))).map(recordOf) };
}

/**
 * How a force request's system is read. `preview` (POST /force/assessments, shown only to the one asking): as the
 * actor may read the register, a restricted system they are named on included. `store` (a new request): the
 * assessment is stored and shown to every reader of the request, so a restricted system is refused at the field —
 * naming it would show its record to all of them. `reassess` (a stored request assessed again, a judgement): as every
 * reader of the request may read the register; a system missing to them, gone or restricted since, is not read and
 * the engine asks for it instead, so the request's history holds and nothing restricted is signed into it.
 */
export type RegisteredSystemUse = 'preview' | 'store' | 'reassess';

const unknownSystem = (capabilityId: string) =>
  new DomainError('validation_failed', `request.means.capabilityId: no system ${capabilityId} in the capability register`, [
    { path: 'request.means.capabilityId', code: 'unknown_capability', message: 'no system with this id in the capability register' },
  ]);

/** The system a force request names, as the assessment reads it: the record in the register now, read as `use` says. */
export async function registeredSystemFor(ctx: AppContext, db: Db, actor: Actor, capabilityId: string | undefined, use: RegisteredSystemUse): Promise<RegisteredSystem | undefined> {
  if (capabilityId === undefined) return undefined;
  requirePermission(actor, 'posture:read');
  if (use === 'reassess') {
    const shared = await ctx.store.capabilities.find(db, capabilityId, STORED_SYSTEM_AUDIENCE);
    return shared && registeredSystemOf(shared);
  }
  const stored = await ctx.store.capabilities.find(db, capabilityId, audienceOf(actor));
  if (!stored) throw unknownSystem(capabilityId);
  if (use === 'store' && !(await ctx.store.capabilities.find(db, capabilityId, STORED_SYSTEM_AUDIENCE))) {
    throw new DomainError(
      'validation_failed',
      `request.means.capabilityId: ${stored.capability.name} is restricted in the capability register, and a request's assessment is stored and shown to every reader of the request — its record would be shown to all of them; enter the means' facts in the request instead, or ask for the restriction to be lifted`,
      [{ path: 'request.means.capabilityId', code: 'restricted_capability', message: 'this system is restricted: its record would be shown to every reader of the request' }],
    );
  }
  return registeredSystemOf(stored);
}
