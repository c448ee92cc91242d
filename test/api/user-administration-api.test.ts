import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERNAME_MAX_FAILURES } from '../../src/core/sign-in-policy.js';
import type { UserAccount } from '../../src/core/user-account.schema.js';
import { DATABASES } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';

const OWN_PASSWORD = 'my very own passphrase';

describe.each(DATABASES)('user administration over HTTP on %s', (kind) => {
  let h: ApiHarness;
  let nextUser = 0;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  const login = (username: string, password: string) => h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  async function sessionFor(username: string, password: string): Promise<string> {
    const response = await login(username, password);
    expect(response.statusCode, response.body).toBe(200);
    return `haven_session=${response.cookies.find((c) => c.name === 'haven_session')!.value}`;
  }
  const asCookie = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    h.app.inject({ method, url, headers: { cookie }, ...(payload !== undefined && { payload: payload as Record<string, unknown> }) });
  const accountOf = async (id: string) => (await h.call({ method: 'GET', url: `/api/v1/users/${id}`, as: 'administrator' })).json<UserAccount>();
  async function newMember(role = 'analyst') {
    const username = `member-${++nextUser}`;
    const created = await h.call({ method: 'POST', url: '/api/v1/users', as: 'administrator', payload: { username, displayName: `Member ${nextUser}`, role } });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json<{ id: string; oneTimePassword: string }>();
    return { id: body.id, username, oneTimePassword: body.oneTimePassword };
  }
  const auditActions = async (id: string) => {
    const entries = (await h.call({ method: 'GET', url: `/api/v1/audit?entityType=user&entityId=${id}`, as: 'administrator' })).json<{ items: { action: string; userId: string | null }[] }>().items;
    return entries.map((e) => ({ action: e.action, by: e.userId }));
  };

  it('creates a user with a one-time password, answered once, that must be changed before anything else', async () => {
    const member = await newMember();
    expect(member.oneTimePassword).toMatch(/^\S{20,}$/);
    // The login's own answer says a change is due, as the session's account does.
    const signIn = await login(member.username, member.oneTimePassword);
    expect(signIn.json().user).toMatchObject({ username: member.username, mustChangePassword: true });
    const cookie = `haven_session=${signIn.cookies.find((c) => c.name === 'haven_session')!.value}`;
    expect((await asCookie(cookie, 'GET', '/api/v1/auth/me')).json()).toMatchObject({ username: member.username, mustChangePassword: true });
    const blocked = await asCookie(cookie, 'GET', '/api/v1/incidents');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');
    const changed = await asCookie(cookie, 'POST', '/api/v1/auth/password', { currentPassword: member.oneTimePassword, newPassword: OWN_PASSWORD });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await asCookie(cookie, 'GET', '/api/v1/incidents')).statusCode).toBe(200);
    expect(await accountOf(member.id)).toMatchObject({ mustChangePassword: false, activeSessions: 1, disabled: false, totp: 'none' });
    expect((await accountOf(member.id)).lastSignInAt).not.toBeNull();
    expect((await login(member.username, OWN_PASSWORD)).json().user.mustChangePassword).toBe(false);
    // A password the administrator gave is theirs to hand over: no one-time password is answered.
    const chosen = await h.call({ method: 'POST', url: '/api/v1/users', as: 'administrator', payload: { username: 'given-password', displayName: 'Given', role: 'viewer', password: OWN_PASSWORD } });
    expect(chosen.json()).not.toHaveProperty('oneTimePassword');
  });

  it('lists the team with role, status, last sign-in, second factor, lock-out and sessions; only for user managers', async () => {
    const listed = await h.call({ method: 'GET', url: '/api/v1/users', as: 'administrator' });
    expect(listed.statusCode).toBe(200);
    const accounts = listed.json<UserAccount[]>();
    expect(accounts.map((a) => a.username)).toEqual([...accounts.map((a) => a.username)].sort());
    expect(accounts.find((a) => a.username === 'member-1')).toMatchObject({ role: 'analyst', disabled: false, mustChangePassword: false, lockedUntil: null });
    for (const role of ['viewer', 'commander', 'auditor'] as const) expect((await h.call({ method: 'GET', url: '/api/v1/users', as: role })).statusCode).toBe(403);
  });

  it("changes a role from the user's next request, refuses an unknown role, and keeps the last administrator", async () => {
    const member = await newMember('analyst');
    const cookie = await sessionFor(member.username, member.oneTimePassword);
    await asCookie(cookie, 'POST', '/api/v1/auth/password', { currentPassword: member.oneTimePassword, newPassword: OWN_PASSWORD });
    const incident = validIncident();
    const asAnalyst = await h.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { cookie }, payload: incident });
    expect(asAnalyst.statusCode, asAnalyst.body).toBe(201);
    const changed = await h.call({ method: 'PUT', url: `/api/v1/users/${member.id}/role`, as: 'administrator', payload: { role: 'viewer' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ role: 'viewer' });
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { cookie }, payload: incident })).statusCode).toBe(403);
    const unknown = await h.call({ method: 'PUT', url: `/api/v1/users/${member.id}/role`, as: 'administrator', payload: { role: 'general' } });
    expect(unknown.statusCode).toBe(400);
    const lastAdministrator = await h.call({ method: 'PUT', url: `/api/v1/users/${h.users.administrator.id}/role`, as: 'administrator', payload: { role: 'viewer' } });
    expect(lastAdministrator.statusCode).toBe(409);
    expect(lastAdministrator.json().error.message).toContain('last active administrator');
    expect((await h.call({ method: 'PUT', url: `/api/v1/users/${member.id}/role`, as: 'commander', payload: { role: 'administrator' } })).statusCode).toBe(403);
    expect(await auditActions(member.id)).toContainEqual({ action: 'user.role_change', by: h.users.administrator.id });
  });

  it('resets a password: sessions end, the one-time password works once chosen anew, and nobody resets their own', async () => {
    const member = await newMember();
    const cookie = await sessionFor(member.username, member.oneTimePassword);
    await asCookie(cookie, 'POST', '/api/v1/auth/password', { currentPassword: member.oneTimePassword, newPassword: OWN_PASSWORD });
    const reset = await h.call({ method: 'POST', url: `/api/v1/users/${member.id}/password-reset`, as: 'administrator', payload: {} });
    expect(reset.statusCode, reset.body).toBe(200);
    const issued = reset.json<{ oneTimePassword: string; sessionsEnded: number; account: UserAccount }>();
    expect(issued).toMatchObject({ sessionsEnded: 1, account: { mustChangePassword: true, activeSessions: 0 } });
    expect((await asCookie(cookie, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login(member.username, OWN_PASSWORD)).statusCode).toBe(401);
    const fresh = await sessionFor(member.username, issued.oneTimePassword);
    expect((await asCookie(fresh, 'GET', '/api/v1/incidents')).json().error.code).toBe('password_change_required');
    const self = await h.call({ method: 'POST', url: `/api/v1/users/${h.users.administrator.id}/password-reset`, as: 'administrator', payload: {} });
    expect(self.statusCode).toBe(409);
    expect(await auditActions(member.id)).toContainEqual({ action: 'user.password_reset', by: h.users.administrator.id });
  });

  it('unlocks a user locked out by failed sign-ins', async () => {
    const member = await newMember();
    for (let i = 0; i < USERNAME_MAX_FAILURES; i++) await login(member.username, 'not the password at all');
    expect((await login(member.username, member.oneTimePassword)).statusCode).toBe(429);
    expect((await accountOf(member.id)).lockedUntil).not.toBeNull();
    const unlocked = await h.call({ method: 'POST', url: `/api/v1/users/${member.id}/unlock`, as: 'administrator', payload: {} });
    expect(unlocked.statusCode, unlocked.body).toBe(200);
    expect(unlocked.json()).toMatchObject({ wasLocked: true, account: { lockedUntil: null } });
    expect((await login(member.username, member.oneTimePassword)).statusCode).toBe(200);
    expect((await h.call({ method: 'POST', url: `/api/v1/users/${member.id}/unlock`, as: 'administrator', payload: {} })).json()).toMatchObject({ wasLocked: false });
    expect(await auditActions(member.id)).toContainEqual({ action: 'user.unlock', by: h.users.administrator.id });
  });

  it('disables and enables a user, never the last active administrator', async () => {
    const member = await newMember();
    await sessionFor(member.username, member.oneTimePassword);
    expect((await h.call({ method: 'POST', url: `/api/v1/users/${member.id}/disable`, as: 'administrator', payload: {} })).json()).toEqual({ disabled: true, sessionsEnded: 1 });
    expect(await accountOf(member.id)).toMatchObject({ disabled: true, activeSessions: 0 });
    expect((await login(member.username, member.oneTimePassword)).statusCode).toBe(401);
    expect((await h.call({ method: 'POST', url: `/api/v1/users/${member.id}/enable`, as: 'administrator', payload: {} })).json()).toEqual({ disabled: false, sessionsEnded: 0 });
    const unknown = await h.call({ method: 'GET', url: '/api/v1/users/7d1f1f7e-0000-4000-8000-000000000000', as: 'administrator' });
    expect(unknown.statusCode).toBe(404);
  });
});
