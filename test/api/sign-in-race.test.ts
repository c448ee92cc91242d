import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { USERNAME_MAX_FAILURES } from '../../src/core/sign-in-policy.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, PASSWORD, type ApiHarness } from '../support/api-harness.js';

// Every password verification the server makes, counted (and still made).
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});

describe.each(DATABASES)('lock-out under parallel sign-ins on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  const login = (username: string, password: string) =>
    h.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.9.8.7', payload: { username, password } });

  it('reserves each attempt before the password is verified: 30 at once verify at most 5 passwords, and the right one, after them, is refused', async () => {
    const user = await createUserAsOperator(h.ctx, { username: 'raced-user', displayName: 'Raced', role: 'analyst', password: PASSWORD });
    const RIGHT_AT = 20;
    vi.mocked(verify).mockClear();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login(user.username, i === RIGHT_AT ? PASSWORD : `wrong guess number ${i}`)));

    expect(vi.mocked(verify).mock.calls.length).toBeLessThanOrEqual(USERNAME_MAX_FAILURES);
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(USERNAME_MAX_FAILURES);
    expect(statuses.every((s) => s === 401 || s === 429), statuses.join(' ')).toBe(true);
    expect(answers[RIGHT_AT]!.statusCode, answers[RIGHT_AT]!.body).toBe(429);

    // Locked once, and still locked for the right password.
    expect((await login(user.username, PASSWORD)).statusCode).toBe(429);
    const audit = await h.ctx.store.audit.forEntity(h.ctx.store.connection.db, 'user', user.id);
    expect(audit.filter((e) => e.action === 'session.lockout')).toHaveLength(1);
  });
});
