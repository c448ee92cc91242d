import { URI, type TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { authenticate, createUserAsOperator } from '../../src/application/auth.service.js';
import { listUserAccounts } from '../../src/application/user-administration.service.js';
import { resetTotpAsOperator } from '../../src/application/totp.service.js';
import type { Role } from '../../src/core/access-control.js';
import { DomainError } from '../../src/core/errors.js';
import { SESSION_IDLE_MINUTES, USERNAME_MAX_FAILURES, ADDRESS_MAX_FAILURES, FAILURE_WINDOW_MINUTES, LOCKOUT_BASE_MINUTES } from '../../src/core/sign-in-policy.js';
import { SESSION_TTL_HOURS } from '../../src/application/auth.service.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, PASSWORD, type ApiHarness } from '../support/api-harness.js';

const MINUTE = 60_000;
const OTHER_PASSWORD = 'a different long passphrase';

describe.each(DATABASES)('sign-in and session hardening over HTTP on %s', (kind) => {
  let h: ApiHarness;
  // The application's clock runs this far ahead of the real one; tests move it and put it back.
  let offset = 0;
  let nextUser = 0;
  let nextAddress = 0;

  beforeAll(async () => {
    h = await openApiHarness(kind);
    h.ctx.now = () => new Date(Date.now() + offset);
  });
  afterEach(() => {
    offset = 0;
  });
  afterAll(() => h?.close());

  const freshAddress = () => `10.0.${Math.floor(++nextAddress / 250)}.${nextAddress % 250}`;
  async function freshUser(role: Role = 'analyst') {
    const username = `person-${++nextUser}`;
    const user = await createUserAsOperator(h.ctx, { username, displayName: username, role, password: PASSWORD });
    return { ...user, address: freshAddress() };
  }
  const login = (username: string, password: string, options: { totp?: string; address?: string; headers?: Record<string, string> } = {}) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: options.address ?? '127.0.0.1',
      headers: options.headers ?? {},
      payload: { username, password, ...(options.totp && { totp: options.totp }) },
    });
  async function sessionFor(username: string, password = PASSWORD, address?: string): Promise<string> {
    const response = await login(username, password, { ...(address && { address }) });
    expect(response.statusCode, response.body).toBe(200);
    return `haven_session=${response.cookies.find((c) => c.name === 'haven_session')!.value}`;
  }
  const me = (cookie: string) => h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  const withoutRequestId = (body: string) => {
    const parsed = JSON.parse(body) as { error: Record<string, unknown> };
    delete parsed.error.requestId;
    return parsed;
  };

  describe('throttling and lock-out', () => {
    it('locks a username after repeated failures, with the same answer whether or not it exists, and audits it', async () => {
      const known = await freshUser();
      const unknown = { username: 'nobody-by-this-name', address: freshAddress() };
      const answers = [];
      for (const who of [known, unknown]) {
        for (let i = 0; i < USERNAME_MAX_FAILURES; i++) {
          expect((await login(who.username, 'not the password at all', { address: who.address })).statusCode).toBe(401);
        }
        // Even the right password is refused while locked.
        const locked = await login(who.username, PASSWORD, { address: who.address });
        expect(locked.statusCode).toBe(429);
        expect(locked.json().error.code).toBe('too_many_attempts');
        answers.push(withoutRequestId(locked.body));
      }
      expect(answers[0]).toEqual(answers[1]);

      const db = h.ctx.store.connection.db;
      expect((await h.ctx.store.audit.forEntity(db, 'user', known.id)).map((e) => e.action)).toContain('session.lockout');
      expect((await h.ctx.store.audit.forEntity(db, 'sign_in', `username:${unknown.username}`)).map((e) => e.action)).toContain('session.lockout');

      // The lock-out ends after its period.
      offset = (LOCKOUT_BASE_MINUTES + 1) * MINUTE;
      expect((await login(known.username, PASSWORD, { address: known.address })).statusCode).toBe(200);
    });

    it('resets the count on a successful sign-in', async () => {
      const user = await freshUser();
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < USERNAME_MAX_FAILURES - 1; i++) expect((await login(user.username, 'wrong wrong wrong', { address: user.address })).statusCode).toBe(401);
        expect((await login(user.username, PASSWORD, { address: user.address })).statusCode).toBe(200);
      }
    });

    it('forgets failures older than the window', async () => {
      const user = await freshUser();
      for (let i = 0; i < USERNAME_MAX_FAILURES - 1; i++) expect((await login(user.username, 'wrong wrong wrong', { address: user.address })).statusCode).toBe(401);
      offset = (FAILURE_WINDOW_MINUTES + 1) * MINUTE;
      expect((await login(user.username, 'wrong wrong wrong', { address: user.address })).statusCode).toBe(401);
      expect((await login(user.username, PASSWORD, { address: user.address })).statusCode).toBe(200);
    });

    it('locks a client address that tries many usernames', async () => {
      const address = freshAddress();
      for (let i = 0; i < ADDRESS_MAX_FAILURES; i++) expect((await login(`guess-${i}`, 'wrong wrong wrong', { address })).statusCode).toBe(401);
      const user = await freshUser();
      expect((await login(user.username, PASSWORD, { address })).statusCode).toBe(429);
      expect((await login(user.username, PASSWORD, { address: freshAddress() })).statusCode).toBe(200);
    });
  });

  describe('sessions', () => {
    it('ends a session left idle, and any session at its absolute expiry however busy', async () => {
      const user = await freshUser();
      const idle = await sessionFor(user.username);
      const busy = await sessionFor(user.username);
      expect((await me(idle)).statusCode).toBe(200);
      offset = (SESSION_IDLE_MINUTES + 1) * MINUTE;
      expect((await me(idle)).statusCode).toBe(401);
      // Used every 20 minutes, a session lives until its absolute expiry and no longer.
      for (offset = 0; offset < SESSION_TTL_HOURS * 60 * MINUTE; offset += 20 * MINUTE) expect((await me(busy)).statusCode, `at +${offset / MINUTE} min`).toBe(200);
      offset = SESSION_TTL_HOURS * 60 * MINUTE + MINUTE;
      expect((await me(busy)).statusCode).toBe(401);
    });

    it('revokes all my other sessions', async () => {
      const user = await freshUser();
      const mine = await sessionFor(user.username);
      const other = await sessionFor(user.username);
      const response = await h.app.inject({ method: 'POST', url: '/api/v1/auth/sessions/revoke-all', headers: { cookie: mine }, payload: {} });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().sessionsEnded).toBe(1);
      expect((await me(mine)).statusCode).toBe(200);
      expect((await me(other)).statusCode).toBe(401);
    });

    it("lets an administrator end a user's sessions, and disabling a user ends them too", async () => {
      const user = await freshUser();
      const session = await sessionFor(user.username);
      const revoked = await h.call({ method: 'DELETE', url: `/api/v1/users/${user.id}/sessions`, as: 'administrator', payload: {} });
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect((await me(session)).statusCode).toBe(401);

      const again = await sessionFor(user.username);
      const disabled = await h.call({ method: 'POST', url: `/api/v1/users/${user.id}/disable`, as: 'administrator', payload: {} });
      expect(disabled.statusCode, disabled.body).toBe(200);
      expect((await me(again)).statusCode).toBe(401);
      expect((await login(user.username, PASSWORD, { address: user.address })).statusCode).toBe(401);
      expect((await h.call({ method: 'POST', url: `/api/v1/users/${user.id}/enable`, as: 'administrator', payload: {} })).statusCode).toBe(200);
      expect((await login(user.username, PASSWORD, { address: user.address })).statusCode).toBe(200);

      const self = await h.call({ method: 'POST', url: `/api/v1/users/${h.users.administrator.id}/disable`, as: 'administrator', payload: {} });
      expect(self.statusCode).toBe(409);
      expect((await h.call({ method: 'DELETE', url: `/api/v1/users/${user.id}/sessions`, as: 'analyst', payload: {} })).statusCode).toBe(403);
    });

    it('changes the password only with the current one, and ends my other sessions', async () => {
      const user = await freshUser();
      const mine = await sessionFor(user.username);
      const other = await sessionFor(user.username);
      const change = (payload: object) => h.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie: mine }, payload });

      const wrong = await change({ currentPassword: 'not my password', newPassword: OTHER_PASSWORD });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['currentPassword']);
      const common = await change({ currentPassword: PASSWORD, newPassword: 'Password1234!' });
      expect(common.statusCode).toBe(400);
      expect(common.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['newPassword']);

      const done = await change({ currentPassword: PASSWORD, newPassword: OTHER_PASSWORD });
      expect(done.statusCode, done.body).toBe(200);
      expect((await me(mine)).statusCode).toBe(200);
      expect((await me(other)).statusCode).toBe(401);
      expect((await login(user.username, PASSWORD, { address: user.address })).statusCode).toBe(401);
      expect((await login(user.username, OTHER_PASSWORD, { address: user.address })).statusCode).toBe(200);
    });
  });

  describe('password policy', () => {
    it.each([
      ['too short', 'short pass'],
      ['one of the most common', 'password1234'],
      ['a repeated pattern', 'abcabcabcabc'],
      ['the username inside', 'my-new-colleague-2024'],
    ])('refuses a password that is %s, on its field', async (_why, password) => {
      const response = await h.call({ method: 'POST', url: '/api/v1/users', as: 'administrator', payload: { username: 'my-new-colleague', displayName: 'New', role: 'viewer', password } });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.issues.map((i: { path: string }) => i.path)).toContain('password');
    });

    it('accepts a long passphrase of your own', async () => {
      const response = await h.call({ method: 'POST', url: '/api/v1/users', as: 'administrator', payload: { username: 'passphrase-person', displayName: 'P', role: 'viewer', password: 'lanterns over the river at dusk' } });
      expect(response.statusCode, response.body).toBe(201);
    });
  });

  describe('TOTP second factor', () => {
    it('enrols with a QR code, then needs a code to sign in; a used code is refused; an operator can reset it', async () => {
      // The server's clock stands still in the middle of a 30-second step (moved only by `offset`), so a slow machine
      // cannot cross a step boundary between making a code and the server checking it.
      const base = Math.floor(Date.now() / 30_000) * 30_000 + 15_000;
      h.ctx.now = () => new Date(base + offset);
      onTestFinished(() => {
        h.ctx.now = () => new Date(Date.now() + offset);
      });
      const user = await freshUser();
      const session = await sessionFor(user.username);
      const post = (url: string, payload: object = {}) => h.app.inject({ method: 'POST', url, headers: { cookie: session }, payload });

      const enrolment = await post('/api/v1/auth/totp/enrol');
      expect(enrolment.statusCode, enrolment.body).toBe(200);
      const { uri, qrCode, secret } = enrolment.json<{ uri: string; qrCode: string; secret: string }>();
      expect(uri).toMatch(/^otpauth:\/\/totp\//);
      expect(qrCode).toMatch(/^data:image\/png;base64,/);
      const totp = URI.parse(uri) as TOTP;
      expect(totp.secret.base32).toBe(secret);
      const codeAt = (ms: number) => totp.generate({ timestamp: base + ms });

      expect((await post('/api/v1/auth/totp/confirm', { code: codeAt(10 * 60_000) })).statusCode).toBe(400);
      // Still pending: signing in needs no code yet.
      expect((await login(user.username, PASSWORD, { address: user.address })).statusCode).toBe(200);
      const confirmed = await post('/api/v1/auth/totp/confirm', { code: codeAt(0) });
      expect(confirmed.statusCode, confirmed.body).toBe(200);

      // The secret is never handed out again.
      expect((await post('/api/v1/auth/totp/enrol')).statusCode).toBe(409);
      expect((await me(session)).body).not.toContain(secret);
      // Nor kept in the clear: it is sealed with the master key like other sensitive data.
      const stored = await h.ctx.store.connection.db.selectFrom('totp_factors').select('secret').where('user_id', '=', user.id).executeTakeFirstOrThrow();
      expect(stored.secret).not.toContain(secret);

      const withoutCode = await login(user.username, PASSWORD, { address: user.address });
      expect(withoutCode.statusCode).toBe(401);
      expect(withoutCode.json().error.code).toBe('totp_required');
      // A wrong password says nothing about the second factor.
      expect((await login(user.username, 'wrong wrong wrong', { address: user.address })).json().error.code).toBe('unauthenticated');

      // Two steps on, the code of the step before is still accepted (clock drift) — once.
      offset = 60_000;
      const previousStep = codeAt(30_000);
      expect((await login(user.username, PASSWORD, { address: user.address, totp: previousStep })).statusCode).toBe(200);
      const reused = await login(user.username, PASSWORD, { address: user.address, totp: previousStep });
      expect(reused.statusCode).toBe(401);
      expect(reused.json().error.code).toBe('totp_required');
      expect(reused.json().error.issues[0].path).toBe('totp');
      offset = 120_000;
      expect((await login(user.username, PASSWORD, { address: user.address, totp: codeAt(120_000) })).statusCode).toBe(200);

      expect(await resetTotpAsOperator(h.ctx, user.username)).toEqual({ removed: true });
      expect((await login(user.username, PASSWORD, { address: user.address })).statusCode).toBe(200);
    });
  });

  describe('API tokens', () => {
    const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

    it('shows the secret once, stores only a hash, and restricts the user to its scopes at the edge and inside', async () => {
      const created = await h.call({ method: 'POST', url: '/api/v1/auth/tokens', as: 'administrator', payload: { name: 'nightly report', scopes: ['incident:read'] } });
      expect(created.statusCode, created.body).toBe(201);
      const { secret, token } = created.json<{ secret: string; token: { id: string; scopes: string[] } }>();
      expect(token.scopes).toEqual(['incident:read']);

      const listed = await h.call({ method: 'GET', url: '/api/v1/auth/tokens', as: 'administrator' });
      expect(listed.json().map((t: { id: string }) => t.id)).toContain(token.id);
      expect(listed.body).not.toContain(secret);
      const stored = await h.ctx.store.connection.db.selectFrom('api_tokens').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(secret);

      expect((await h.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: bearer(secret) })).statusCode).toBe(200);
      // The administrator's role may list users; this token may not.
      const edge = await h.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(secret) });
      expect(edge.statusCode).toBe(403);
      expect(edge.json().error.code).toBe('forbidden');
      const actor = await authenticate(h.ctx, secret);
      expect(actor?.scopes).toEqual(['incident:read']);
      await expect(listUserAccounts(h.ctx, actor!)).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'forbidden');
      // A token cannot mint tokens nor manage sign-in.
      expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: bearer(secret), payload: { name: 'x', scopes: ['incident:read'] } })).statusCode).toBe(403);

      const revoked = await h.call({ method: 'DELETE', url: `/api/v1/auth/tokens/${token.id}`, as: 'administrator', payload: {} });
      expect(revoked.statusCode).toBe(204);
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: bearer(secret) })).statusCode).toBe(401);
    });

    it("refuses scopes beyond the user's own permissions, and stops working at its expiry", async () => {
      const beyond = await h.call({ method: 'POST', url: '/api/v1/auth/tokens', as: 'analyst', payload: { name: 'too much', scopes: ['incident:read', 'user:manage'] } });
      expect(beyond.statusCode).toBe(400);
      expect(beyond.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['scopes.1']);

      const expiresAt = new Date(Date.now() + 60 * MINUTE).toISOString();
      const created = await h.call({ method: 'POST', url: '/api/v1/auth/tokens', as: 'analyst', payload: { name: 'an hour', scopes: ['incident:read'], expiresAt } });
      expect(created.statusCode, created.body).toBe(201);
      const { secret } = created.json<{ secret: string }>();
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: bearer(secret) })).statusCode).toBe(200);
      offset = 61 * MINUTE;
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: bearer(secret) })).statusCode).toBe(401);
    });

    it("stops a disabled user's tokens", async () => {
      const user = await freshUser();
      const session = await sessionFor(user.username);
      const created = await h.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie: session }, payload: { name: 'sync', scopes: ['incident:read'] } });
      const { secret } = created.json<{ secret: string }>();
      expect((await h.call({ method: 'POST', url: `/api/v1/users/${user.id}/disable`, as: 'administrator', payload: {} })).statusCode).toBe(200);
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: bearer(secret) })).statusCode).toBe(401);
    });
  });

  describe('CSRF', () => {
    it('refuses a cross-site state-changing request on a cookie session, and lets same-origin and Bearer calls through', async () => {
      const user = await freshUser();
      const cookie = await sessionFor(user.username);
      const revokeAll = (headers: Record<string, string>) => h.app.inject({ method: 'POST', url: '/api/v1/auth/sessions/revoke-all', headers: { cookie, ...headers }, payload: {} });

      const crossSite = await revokeAll({ 'sec-fetch-site': 'cross-site' });
      expect(crossSite.statusCode).toBe(403);
      expect(crossSite.json().error.code).toBe('forbidden');
      expect((await revokeAll({ origin: 'https://attacker.example' })).statusCode).toBe(403);
      expect((await revokeAll({ 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
      expect((await login(user.username, PASSWORD, { address: user.address, headers: { origin: 'https://attacker.example' } })).statusCode).toBe(403);

      expect((await revokeAll({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost' })).statusCode).toBe(200);
      expect((await revokeAll({ origin: 'http://localhost' })).statusCode).toBe(200);

      const created = await h.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie }, payload: { name: 'script', scopes: ['incident:read'] } });
      const { secret } = created.json<{ secret: string }>();
      const withToken = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${secret}`, 'sec-fetch-site': 'cross-site' }, payload: {} });
      expect(withToken.statusCode).toBe(204);
    });
  });
});
