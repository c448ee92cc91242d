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
    const row = await db
      .selectFrom('sessions')
      .select('user_id')
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row?.user_id;
  }

  async delete(db: Db, tokenHash: string): Promise<void> {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpired(db: Db, now: string): Promise<void> {
    await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }
}
