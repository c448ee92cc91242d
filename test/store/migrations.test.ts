import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES_IN_ORDER } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrator.js';
import { openStore } from '../../src/store/store.js';
import type { StoredUser } from '../../src/store/user.repository.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';

describe.each(DATABASES)('migrations on %s', (kind) => {
  let t: TestStore;
  const user: StoredUser = {
    id: randomUUID(),
    username: 'amira',
    displayName: 'Amira Haddad',
    role: 'analyst',
    createdAt: '2024-05-01T12:00:00.000Z',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    disabled: false,
    mustChangePassword: false,
    lastSignInAt: null,
  };

  beforeAll(async () => {
    t = await openTestStore(kind);
  });
  afterAll(() => t?.cleanup());

  it('creates every table', async () => {
    const tables = (await t.store.connection.db.introspection.getTables()).map((table) => table.name);
    expect(tables).toEqual(expect.arrayContaining([...TABLES_IN_ORDER]));
  });

  it('stores and reads back a user', async () => {
    const { db } = t.store.connection;
    await t.store.users.insert(db, user);
    expect(await t.store.users.findByUsername(db, 'amira')).toEqual(user);
    expect(await t.store.users.count(db)).toBe(1);
  });

  it('does nothing when opened again', async () => {
    const again = await openStore(t.url);
    try {
      const { db } = again.connection;
      expect((await migrateToLatest(db, again.connection.kind)).results).toEqual([]);
      expect(await again.users.findById(db, user.id)).toEqual(user);
      expect(await again.users.count(db)).toBe(1);
    } finally {
      await again.connection.close();
    }
  });
});
