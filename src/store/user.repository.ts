import type { Role, User } from '../core/access-control.js';
import type { Db, UsersTable } from './database.js';

export interface StoredUser extends User {
  passwordHash: string;
  disabled: boolean;
}

const toUser = (r: UsersTable): StoredUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  createdAt: r.created_at,
  passwordHash: r.password_hash,
  disabled: r.disabled === 1,
});

export class UserRepository {
  async insert(db: Db, user: StoredUser): Promise<void> {
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

  async setPassword(db: Db, id: string, passwordHash: string): Promise<void> {
    await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
  }

  async setDisabled(db: Db, id: string, disabled: boolean): Promise<void> {
    await db.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', id).execute();
  }
}
