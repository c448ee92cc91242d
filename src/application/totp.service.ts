import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { DomainError, notFound } from '../core/errors.js';
import { totpConfirmationSchema, type TotpEnrolment } from '../core/account.schema.js';
import type { TotpFactor } from '../store/sign-in.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { requireSignedInPerson } from './sign-in-person.js';
import { parseInput } from './validation.js';

const PERIOD_SECONDS = 30;
const ISSUER = 'Haven';

const totpOf = (factor: TotpFactor, label: string) =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(factor.secret) });

/**
 * Checks a code against the factor, accepting the previous, current and next time step (clocks drift), and claims the
 * step so that the same code, or an older one, is refused afterwards.
 */
export async function acceptTotpCode(ctx: AppContext, factor: TotpFactor, code: string): Promise<boolean> {
  const timestamp = ctx.now().getTime();
  const delta = totpOf(factor, factor.userId).validate({ token: code, timestamp, window: 1 });
  if (delta === null) return false;
  const step = TOTP.counter({ period: PERIOD_SECONDS, timestamp }) + delta;
  return ctx.store.totp.claimStep(ctx.store.connection.db, factor.userId, step);
}

/** Whether the user has a confirmed second factor, and it if so. */
export async function confirmedTotpOf(ctx: AppContext, userId: string): Promise<TotpFactor | undefined> {
  const factor = await ctx.store.totp.find(ctx.store.connection.db, userId);
  return factor?.confirmedAt ? factor : undefined;
}

/** Starts (or restarts) enrolment: a new secret, pending until a code from it confirms it. */
export async function enrolTotp(ctx: AppContext, actor: Actor): Promise<TotpEnrolment> {
  requireSignedInPerson(actor);
  const db = ctx.store.connection.db;
  if (await confirmedTotpOf(ctx, actor.id)) {
    throw new DomainError('conflict', 'a second factor is already on; an administrator can reset it (haven user reset-totp)');
  }
  const factor: TotpFactor = { userId: actor.id, secret: new Secret({ size: 20 }).base32, createdAt: ctx.now().toISOString(), confirmedAt: null, lastStep: 0 };
  await ctx.store.totp.save(db, factor);
  const uri = totpOf(factor, actor.username).toString();
  return { secret: factor.secret, uri, qrCode: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 }) };
}

/** Turns the second factor on with a first code from the app; from then on signing in needs a code. */
export async function confirmTotp(ctx: AppContext, actor: Actor, input: unknown): Promise<{ enabled: true }> {
  requireSignedInPerson(actor);
  const { code } = parseInput(totpConfirmationSchema, input, 'confirmation');
  const db = ctx.store.connection.db;
  const factor = await ctx.store.totp.find(db, actor.id);
  if (!factor) throw new DomainError('conflict', 'start enrolment first (POST /api/v1/auth/totp/enrol)');
  if (factor.confirmedAt) throw new DomainError('conflict', 'the second factor is already on');
  if (!(await acceptTotpCode(ctx, factor, code))) {
    throw new DomainError('validation_failed', 'the code is wrong: check the time on your device and try the next code', [{ path: 'code', code: 'wrong_code', message: 'is not the code your app shows' }]);
  }
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    const claimed = await ctx.store.totp.find(trx, actor.id);
    await ctx.store.totp.save(trx, { ...factor, lastStep: claimed?.lastStep ?? factor.lastStep, confirmedAt: at });
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'user.totp_enable', entityType: 'user', entityId: actor.id, changes: { totp: { before: false, after: true } } });
  });
  return { enabled: true };
}

/** From the shell (`haven user reset-totp`), for a user who lost their device: the operator of the machine is trusted. */
export async function resetTotpAsOperator(ctx: AppContext, username: string): Promise<{ removed: boolean }> {
  const db = ctx.store.connection.db;
  const user = await ctx.store.users.findByUsername(db, username);
  if (!user) throw notFound('user', username);
  return db.transaction().execute(async (trx) => {
    const removed = await ctx.store.totp.delete(trx, user.id);
    if (removed) {
      await ctx.store.audit.append(trx, { at: ctx.now().toISOString(), userId: null, action: 'user.totp_reset', entityType: 'user', entityId: user.id, changes: { totp: { before: true, after: false } } });
    }
    return { removed };
  });
}
