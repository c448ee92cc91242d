import type { Db } from './database.js';

/** Sessions are stored by the SHA-256 of their token, so a stolen database holds no usable cookie. */
export class SessionRepository {
  async insert(db: Db, session: { tokenHash: string; userId: string; createdAt: string; expiresAt: string }): Promise<void> {
    await db
      .insertInto('sessions')
      .values({ token_hash: session.tokenHash, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt })
      .execute();
  }

  async findUserId(db: Db, tokenHash: string, now: string): Promise<string | undefined> {
    return (await this.findLive(db, tokenHash, now))?.userId;
  }

  /** A session that has not reached its absolute expiry, with when it was last used (or created). */
  async findLive(db: Db, tokenHash: string, now: string): Promise<{ userId: string; lastSeenAt: string } | undefined> {
    const row = await db
      .selectFrom('sessions')
      .select(['user_id', 'created_at', 'last_seen_at'])
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row && { userId: row.user_id, lastSeenAt: row.last_seen_at ?? row.created_at };
  }

  async touch(db: Db, tokenHash: string, at: string): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
  }

  /** Ends every session of a user but the one kept (hash), returning how many ended. */
  async deleteForUser(db: Db, userId: string, keepTokenHash?: string): Promise<number> {
    let query = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepTokenHash) query = query.where('token_hash', '!=', keepTokenHash);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async delete(db: Db, tokenHash: string): Promise<void> {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpired(db: Db, now: string): Promise<void> {
    await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }
}
