import { DomainError, notFound, type FieldIssue } from '../core/errors.js';
import { agreementContentOf, agreementFilterSchema, agreementInputSchema, agreementUpdateSchema, type Agreement } from '../core/places/agreement.schema.js';
import type { Db } from '../store/database.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { changedFields } from './place-upsert.js';
import { parseInput } from './validation.js';

const ENTITY = 'agreement';

async function assertZonesExist(ctx: AppContext, db: Db, zoneIds: readonly string[]): Promise<void> {
  const issues: FieldIssue[] = [];
  for (const [i, id] of zoneIds.entries()) {
    if (!(await ctx.store.zones.find(db, id))) issues.push({ path: `zoneIds.${i}`, code: 'unknown_zone', message: `there is no zone ${id}` });
  }
  if (issues.length > 0) throw new DomainError('validation_failed', `the agreement names zones that do not exist: ${issues.map((i) => i.message).join('; ')}`, issues);
}

export async function createAgreement(ctx: AppContext, actor: Actor, input: unknown): Promise<Agreement> {
  requirePermission(actor, 'place:write');
  const content = agreementContentOf(parseInput(agreementInputSchema, input, 'agreement'));
  const at = ctx.now().toISOString();
  const agreement: Agreement = { ...content, id: ctx.newId(), version: 1, createdAt: at, updatedAt: at };
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    await assertZonesExist(ctx, trx, content.zoneIds);
    await ctx.store.agreements.insert(trx, agreement, actor.id);
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'agreement.create', entityType: ENTITY, entityId: agreement.id, changes: { agreement: { before: null, after: content } } });
    return agreement;
  });
}

export async function getAgreement(ctx: AppContext, actor: Actor, id: string): Promise<Agreement> {
  requirePermission(actor, 'monitoring:read');
  const agreement = await ctx.store.agreements.find(ctx.store.connection.db, id);
  if (!agreement) throw notFound('agreement', id);
  return agreement;
}

export async function updateAgreement(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<Agreement> {
  requirePermission(actor, 'place:write');
  const { version, ...data } = parseInput(agreementUpdateSchema, input, 'agreement');
  const content = agreementContentOf(data);
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const current = await ctx.store.agreements.find(trx, id);
    if (!current) throw notFound('agreement', id);
    const conflict = (now: number) =>
      new DomainError('conflict', `agreement ${id} was changed by someone else (now version ${now}, your change is based on ${version}); reload and try again`, [
        { path: 'version', code: 'stale_version', message: `the agreement is now at version ${now}` },
      ]);
    if (current.version !== version) throw conflict(current.version);
    await assertZonesExist(ctx, trx, content.zoneIds);
    const at = ctx.now().toISOString();
    const next: Agreement = { ...content, id, version: version + 1, createdAt: current.createdAt, updatedAt: at };
    if (!(await ctx.store.agreements.update(trx, next, version, actor.id))) throw conflict(version + 1);
    const { id: _i, version: _v, createdAt: _c, updatedAt: _u, ...before } = current;
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'agreement.update', entityType: ENTITY, entityId: id, changes: changedFields(before, content) });
    return next;
  });
}

export async function listAgreements(ctx: AppContext, actor: Actor, filter: unknown): Promise<Agreement[]> {
  requirePermission(actor, 'monitoring:read');
  return ctx.store.agreements.list(ctx.store.connection.db, parseInput(agreementFilterSchema, filter, 'filter'));
}
