import { sql } from 'kysely';
import { z } from 'zod';
import type { Permission } from '../core/access-control.js';
import { openRecord, sealRecord, type MasterKey, type MasterKeyring, type SealedRecord, type SensitiveCipher } from './sensitive-envelope.js';
import type { Db } from './database.js';

export interface SignInThrottle {
  subject: string;
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
  lockouts: number;
}

/** Failed sign-ins per username and per client address. */
export class SignInThrottleRepository {
  async find(db: Db, subject: string): Promise<SignInThrottle | undefined> {
    const row = await db.selectFrom('sign_in_throttles').selectAll().where('subject', '=', subject).executeTakeFirst();
    return row && { subject: row.subject, failures: Number(row.failures), windowStartedAt: row.window_started_at, lockedUntil: row.locked_until, lockouts: Number(row.lockouts) };
  }

  /**
   * Reserves one attempt for the subject, in one statement: it is counted (as a failure until it is released) only
   * if the subject is not locked and fewer than `max` attempts are counted in the window; a window over restarts the
   * count. The upsert locks the row, so parallel sign-ins, on any connection, never reserve more than `max`. False
   * when refused.
   */
  async reserve(db: Db, subject: string, at: { now: string; windowStart: string; max: number }): Promise<boolean> {
    const t = 'sign_in_throttles';
    const inWindow = sql<boolean>`${sql.ref(`${t}.window_started_at`)} > ${at.windowStart}`;
    const row = await db
      .insertInto(t)
      .values({ subject, failures: 1, window_started_at: at.now, locked_until: null, lockouts: 0 })
      .onConflict((oc) =>
        oc
          .column('subject')
          .doUpdateSet({
            failures: sql`case when ${inWindow} then ${sql.ref(`${t}.failures`)} + 1 else 1 end`,
            window_started_at: sql`case when ${inWindow} then ${sql.ref(`${t}.window_started_at`)} else ${at.now} end`,
          })
          .where((eb) => eb.and([eb.or([eb(`${t}.locked_until`, 'is', null), eb(`${t}.locked_until`, '<=', at.now)]), eb.or([eb(`${t}.window_started_at`, '<=', at.windowStart), eb(`${t}.failures`, '<', at.max)])])),
      )
      .returning('subject')
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Gives back an attempt reserved by `reserve` that turned out not to be a failure. */
  async release(db: Db, subject: string): Promise<void> {
    await db
      .updateTable('sign_in_throttles')
      .set((eb) => ({ failures: eb('failures', '-', 1) }))
      .where('subject', '=', subject)
      .where('failures', '>', 0)
      .execute();
  }

  /**
   * Locks the subject if its count is full and nobody locked it since `seenLockouts` was read: true for the one
   * caller that locks it, so a lock-out is taken (and audited) once however many failures end at the same time.
   */
  async lock(db: Db, subject: string, at: { now: string; max: number; seenLockouts: number; lockedUntil: string }): Promise<boolean> {
    const result = await db
      .updateTable('sign_in_throttles')
      .set({ locked_until: at.lockedUntil, lockouts: at.seenLockouts + 1, failures: 0, window_started_at: at.now })
      .where('subject', '=', subject)
      .where('failures', '>=', at.max)
      .where('lockouts', '=', at.seenLockouts)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at.now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(db: Db, subject: string): Promise<void> {
    await db.deleteFrom('sign_in_throttles').where('subject', '=', subject).execute();
  }

  /** Rows whose window and lock-out are both over long ago say nothing any more. */
  async deleteStale(db: Db, before: string): Promise<void> {
    await db
      .deleteFrom('sign_in_throttles')
      .where('window_started_at', '<', before)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
      .execute();
  }
}

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  scopes: Permission[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  /** The sync peer (instance id) the token was made for, or null for an ordinary token. */
  syncPeer: string | null;
}

const toToken = (r: { id: string; user_id: string; name: string; scopes: string; created_at: string; expires_at: string | null; last_used_at: string | null; sync_peer: string | null }): ApiToken => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  scopes: JSON.parse(r.scopes) as Permission[],
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  syncPeer: r.sync_peer,
});

/** API tokens, stored by the SHA-256 of their secret. */
export class ApiTokenRepository {
  async insert(db: Db, token: ApiToken & { tokenHash: string }): Promise<void> {
    await db
      .insertInto('api_tokens')
      .values({
        id: token.id,
        user_id: token.userId,
        name: token.name,
        token_hash: token.tokenHash,
        scopes: JSON.stringify(token.scopes),
        created_at: token.createdAt,
        expires_at: token.expiresAt,
        last_used_at: token.lastUsedAt,
        sync_peer: token.syncPeer,
      })
      .execute();
  }

  async listForUser(db: Db, userId: string): Promise<ApiToken[]> {
    return (await db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute()).map(toToken);
  }

  async findLiveByHash(db: Db, tokenHash: string, now: string): Promise<ApiToken | undefined> {
    const row = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst();
    return row && toToken(row);
  }

  async touch(db: Db, id: string, at: string): Promise<void> {
    await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async delete(db: Db, userId: string, id: string): Promise<boolean> {
    const result = await db.deleteFrom('api_tokens').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

export interface TotpFactor {
  userId: string;
  secret: string;
  createdAt: string;
  confirmedAt: string | null;
  lastStep: number;
}

/** The TOTP second factor: one per user, pending until a first code confirms it. */
export class TotpRepository {
  constructor(private readonly cipher: SensitiveCipher) {}

  async find(db: Db, userId: string): Promise<TotpFactor | undefined> {
    const row = await db.selectFrom('totp_factors').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row && { userId: row.user_id, secret: this.openSecret(row.secret, row.user_id), createdAt: row.created_at, confirmedAt: row.confirmed_at, lastStep: Number(row.last_step) };
  }

  async save(db: Db, f: TotpFactor): Promise<void> {
    const values = { secret: this.sealSecret(f.secret, f.userId), created_at: f.createdAt, confirmed_at: f.confirmedAt, last_step: f.lastStep };
    await db
      .insertInto('totp_factors')
      .values({ user_id: f.userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
  }

  /**
   * Records the use of a code's time step only if it is later than the last one used: false when another request
   * used this step (or a later one) first, so a code never works twice, even in a race.
   */
  async claimStep(db: Db, userId: string, step: number): Promise<boolean> {
    const result = await db.updateTable('totp_factors').set({ last_step: step }).where('user_id', '=', userId).where('last_step', '<', step).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(db: Db, userId: string): Promise<boolean> {
    const result = await db.deleteFrom('totp_factors').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Key rotation: seal every secret with `to` (secrets stored before they were encrypted are sealed on the way). A
   * secret is a few bytes and there is one per user, so each is opened and sealed again rather than re-wrapped.
   */
  async resealAll(db: Db, keyring: MasterKeyring, to: MasterKey): Promise<number> {
    const rows = await db.selectFrom('totp_factors').select(['user_id', 'secret']).execute();
    let changed = 0;
    for (const row of rows) {
      const stored = parseSealedSecret(row.secret);
      if (stored?.keyId === to.id) continue;
      const secret = stored ? openRecord(stored, totpContext(row.user_id), keyring) : row.secret;
      const sealed = SEALED_PREFIX + JSON.stringify(sealRecord(secret, totpContext(row.user_id), to));
      const result = await db.updateTable('totp_factors').set({ secret: sealed }).where('user_id', '=', row.user_id).where('secret', '=', row.secret).executeTakeFirst();
      changed += Number(result.numUpdatedRows);
    }
    return changed;
  }

  private sealSecret(secret: string, userId: string): string {
    return SEALED_PREFIX + JSON.stringify(this.cipher.seal(secret, totpContext(userId)));
  }

  private openSecret(stored: string, userId: string): string {
    const sealed = parseSealedSecret(stored);
    // A secret enrolled before secrets were encrypted reads as it is until the next key rotation seals it.
    return sealed ? this.cipher.open(sealed, totpContext(userId)) : stored;
  }
}

/** Sealed secrets are stored as this prefix and the sealed record's JSON; a bare base32 string is a legacy secret. */
const SEALED_PREFIX = 'sealed:v1:';
/** The user id is authenticated with the secret, so a sealed secret copied to another user fails to open. */
const totpContext = (userId: string) => `totp/${userId}`;

const sealedRecordSchema = z.object({ ciphertext: z.string(), iv: z.string(), tag: z.string(), wrappedKey: z.string(), keyId: z.string() });

function parseSealedSecret(stored: string): SealedRecord | undefined {
  if (!stored.startsWith(SEALED_PREFIX)) return undefined;
  return sealedRecordSchema.parse(JSON.parse(stored.slice(SEALED_PREFIX.length)));
}
