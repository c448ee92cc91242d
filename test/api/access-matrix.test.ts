import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/core/access-control.js';
import { ROUTE_ACCESS, roleMayCall, routeKey, type RouteAccess } from '../../src/api/route-access.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';

/**
 * The permission matrix, tested as a matrix: every API route × every role, generated from the same table the server
 * enforces (src/api/route-access.ts) and the same role → permission map the application layer enforces.
 */
const routes = Object.entries(ROUTE_ACCESS as Record<string, RouteAccess>).map(([key, access]) => {
  const [method, path] = key.split(' ') as [string, string];
  return { key, method, path, access };
});
const MISSING_ID = '01890000-0000-7000-8000-000000000000';
const urlOf = (path: string) => path.replace(':id', MISSING_ID);
const bodyOf = (method: string) => (method === 'GET' ? undefined : {});

describe.each(DATABASES)('the permission matrix over HTTP on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  // The other direction — every served API route has an entry — is checked by the server itself as it starts.
  it('has every route of the table on the server', () => {
    for (const { method, path } of routes) expect(h.app.hasRoute({ method: method, url: path }), `${method} ${path}`).toBe(true);
  });

  it('answers 401 to a stranger on every route that is not public', async () => {
    for (const { method, path, access } of routes) {
      const response = await h.app.inject({ method: method as 'GET', url: urlOf(path), ...(bodyOf(method) && { payload: bodyOf(method) }) });
      if (access === 'public') expect(response.statusCode, `${method} ${path}`).not.toBe(401);
      else expect(response.statusCode, `${method} ${path}`).toBe(401);
    }
  });

  it.each(ROLES.map((role) => [role]))('as %s: 403 exactly where the matrix refuses', async (role: Role) => {
    const cookie = await h.sessionOf(role);
    const outcomes: string[] = [];
    for (const { method, path, access } of routes) {
      if (routeKey(method, path) === 'POST /api/v1/auth/logout') continue; // would end this session; tested below
      const response = await h.app.inject({ method: method as 'GET', url: urlOf(path), headers: { cookie }, ...(bodyOf(method) && { payload: bodyOf(method) }) });
      const allowed = roleMayCall(role, access);
      outcomes.push(`${method} ${path}: ${response.statusCode}`);
      if (allowed) {
        expect([401, 403], `${role} ${method} ${path} should pass the permission check: ${response.body}`).not.toContain(response.statusCode);
        expect(response.statusCode, `${role} ${method} ${path}`).toBeLessThan(500);
      } else {
        expect(response.statusCode, `${role} ${method} ${path} should be refused`).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
    }
    expect(outcomes.length).toBe(routes.length - 1);
    const logout = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie }, payload: {} });
    expect(logout.statusCode).toBe(204);
  });
});
