import { sql, type Selectable } from 'kysely';
import type { Role, User } from '../core/access-control.js';
import type { UserAccount } from '../core/user-account.schema.js';
import type { Db, UsersTable } from './database.js';

export interface StoredUser extends User {
  passwordHash: string;
  disabled: boolean;
  mustChangePassword: boolean;
  lastSignInAt: string | null;
}

const toUser = (r: Selectable<UsersTable>): StoredUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  createdAt: r.created_at,
  passwordHash: r.password_hash,
  disabled: r.disabled === 1,
  mustChangePassword: r.must_change_password === 1,
  lastSignInAt: r.last_sign_in_at,
});

export class UserRepository {
  async insert(db: Db, user: Omit<StoredUser, 'mustChangePassword' | 'lastSignInAt'> & { mustChangePassword?: boolean }): Promise<void> {
    await db
      .insertInto('users')
      .values({
        id: user.id,
        username: user.username,
        display_name: user.displayName,
        role: user.role,
        password_hash: user.passwordHash,
        created_at: user.createdAt,
        disabled: user.disabled ? 1 : 0,
        must_change_password: user.mustChangePassword ? 1 : 0,
      })
      .execute();
  }

  async findByUsername(db: Db, username: string): Promise<StoredUser | undefined> {
    const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row && toUser(row);
  }

  async findById(db: Db, id: string): Promise<StoredUser | undefined> {
    const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async list(db: Db): Promise<StoredUser[]> {
    return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
  }

  async count(db: Db): Promise<number> {
    const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** `mustChange`: a one-time password an administrator set, to be changed at the next sign-in. */
  async setPassword(db: Db, id: string, passwordHash: string, mustChange = false): Promise<void> {
    await db.updateTable('users').set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0 }).where('id', '=', id).execute();
  }

  async setRole(db: Db, id: string, role: Role): Promise<void> {
    await db.updateTable('users').set({ role }).where('id', '=', id).execute();
  }

  async recordSignIn(db: Db, id: string, at: string): Promise<void> {
    await db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', id).execute();
  }

  /** Enabled administrators other than `exceptId`: the last one may not be disabled nor lose the role. */
  async countOtherActiveAdministrators(db: Db, exceptId: string): Promise<number> {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('role', '=', 'administrator')
      .where('disabled', '=', 0)
      .where('id', '!=', exceptId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Users as an administrator manages them, with their second factor, sign-in lock-out (kept per lower-cased
   * username, see the sign-in throttle) and live sessions, in one statement.
   */
  async listAccounts(db: Db, now: string, id?: string): Promise<UserAccount[]> {
    let query = db
      .selectFrom('users as u')
      .leftJoin('totp_factors as t', 't.user_id', 'u.id')
      .leftJoin('sign_in_throttles as s', (join) => join.on('s.subject', '=', sql<string>`'username:' || lower(u.username)`).on('s.locked_until', '>', now))
      .selectAll('u')
      .select(['t.confirmed_at', 't.created_at as totp_created_at', 's.locked_until'])
      .select((eb) =>
        eb
          .selectFrom('sessions')
          .select((inner) => inner.fn.countAll<number | string>().as('n'))
          .whereRef('sessions.user_id', '=', 'u.id')
          .where('sessions.expires_at', '>', now)
          .as('active_sessions'),
      )
      .orderBy('u.username');
    if (id !== undefined) query = query.where('u.id', '=', id);
    return (await query.execute()).map((r) => {
      const { passwordHash: _hash, ...user } = toUser(r);
      return {
        ...user,
        totp: r.confirmed_at ? 'enabled' : r.totp_created_at ? 'enrolling' : 'none',
        lockedUntil: r.locked_until ?? null,
        activeSessions: Number(r.active_sessions ?? 0),
      };
    });
  }

  async setDisabled(db: Db, id: string, disabled: boolean): Promise<void> {
    await db.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', id).execute();
  }
}
