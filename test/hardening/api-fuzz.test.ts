import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/core/access-control.js';
import { ROUTE_ACCESS, roleMayCall, type RouteAccess } from '../../src/api/route-access.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { openApiHarness, PASSWORD, type ApiHarness } from '../support/api-harness.js';
import { validIncident } from '../support/incident-fixtures.js';
import {
  declaredQueryArbitrary,
  fuzzRunsPerItem,
  jsonBodyArbitrary,
  pathParamArbitrary,
  queryStringArbitrary,
  schemaArbitrary,
  type JsonSchema,
} from './fuzz-arbitraries.js';

interface OpenApiOperation {
  parameters?: { in: string; name: string; schema: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/**
 * Property-based fuzzing of every API route, generated from the route table the server enforces: a route added to
 * ROUTE_ACCESS is fuzzed without touching this file. Random path parameters, query strings and JSON bodies, sent as a
 * role that passes the edge check (so the input reaches validation and the application layer): the server never
 * answers 5xx, and every 4xx carries the structured error body.
 *
 * HAVEN_FUZZ_RUNS is the total number of generated requests, spread over the routes (default 2,000; `npm run test:fuzz`
 * sends 100,000).
 */
const TOTAL_RUNS = Number(process.env.HAVEN_FUZZ_RUNS ?? 2000);
const routes = Object.entries(ROUTE_ACCESS as Record<string, RouteAccess>).map(([key, access]) => {
  const [method, path] = key.split(' ') as [string, string];
  return { key, method, path, access };
});
const RUNS = fuzzRunsPerItem(TOTAL_RUNS, routes.length);

/** The most capable role that passes the edge check: the administrator where it may, else the first role that may. */
function callerOf(access: RouteAccess): Role {
  if (roleMayCall('administrator', access)) return 'administrator';
  const role = ROLES.find((r) => roleMayCall(r, access));
  if (!role) throw new Error('a route that no role may call');
  return role;
}

/** Routes whose call ends the caller's session: each run gets a fresh session, so the next run still reaches the route. */
const ENDS_SESSION = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/sessions/revoke-all']);
/**
 * A wrong current password counts as a failed sign-in: fuzzing the password change as a shared user would lock that
 * user out of the rest of the run. It gets a user of its own (its lock-outs answer a structured 429 as they should).
 */
const OWN_USER = 'POST /api/v1/auth/password';
/** Upload routes take a file, not JSON: fuzzed with random bytes under their own content types. */
const UPLOAD_TYPES: Record<string, readonly string[]> = {
  'POST /api/v1/imports': ['application/octet-stream', 'text/csv', 'text/tab-separated-values', 'application/gzip', 'application/geo+json'],
  'POST /api/v1/evidence': ['multipart/form-data', 'multipart/form-data; boundary=x', 'multipart/form-data; boundary=----fuzz'],
  'POST /api/v1/sites/imports': ['text/csv', 'application/geo+json', 'application/octet-stream', 'application/gzip'],
  'POST /api/v1/zones/imports': ['text/csv', 'application/geo+json', 'application/octet-stream'],
  'POST /api/v1/posture/peace-operations/imports': ['text/csv', 'application/octet-stream', 'application/gzip'],
  'POST /api/v1/spending/arms-companies/imports': ['text/csv', 'application/octet-stream', 'application/gzip'],
  'POST /api/v1/spending/budgets/imports': ['text/csv', 'application/octet-stream', 'application/gzip'],
  'POST /api/v1/spending/budgets/imports/preview': ['text/csv', 'application/octet-stream', 'application/gzip'],
};

const errorShape = {
  error: { code: expect.any(String), message: expect.any(String), issues: expect.any(Array), requestId: expect.any(String) },
};

function checkAnswer(label: string, response: { statusCode: number; body: string; headers: Record<string, unknown> }): void {
  expect(response.statusCode, `${label} → ${response.statusCode} ${response.body.slice(0, 500)}`).toBeLessThan(500);
  if (response.statusCode >= 400) {
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      throw new Error(`${label} → ${response.statusCode} with a body that is not JSON: ${response.body.slice(0, 300)}`);
    }
    expect(body, `${label} → ${response.statusCode} ${response.body.slice(0, 300)}`).toMatchObject(errorShape);
  }
}

describe('fuzzing every API route (SQLite)', () => {
  let h: ApiHarness;
  const sessions = new Map<Role, string>();
  const cookieOf = async (role: Role, fresh: boolean) => {
    if (fresh || !sessions.has(role)) sessions.set(role, await h.sessionOf(role));
    return sessions.get(role)!;
  };
  let operations: Record<string, Record<string, OpenApiOperation>> = {};
  /** A record that exists, so that some generated paths reach a real incident rather than a 404. */
  let incidentId = '';
  let ownUserCookie = '';
  beforeAll(async () => {
    h = await openApiHarness('sqlite');
    operations = (await h.app.inject({ url: '/api/openapi.json' })).json<{ paths: typeof operations }>().paths;
    await createUserAsOperator(h.ctx, { username: 'password-fuzz', displayName: 'Password fuzz', role: 'viewer', password: PASSWORD });
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'password-fuzz', password: PASSWORD } });
    const cookie = login.cookies.find((c) => c.name === 'haven_session');
    if (!cookie) throw new Error(`login failed: ${login.body}`);
    ownUserCookie = `${cookie.name}=${cookie.value}`;
    incidentId = (await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: validIncident() })).json<{ id: string }>().id;
  });
  afterAll(() => h?.close());

  it('covers every route of the table', () => {
    expect(routes.length).toBeGreaterThan(0);
    for (const { method, path } of routes) expect(h.app.hasRoute({ method, url: path }), `${method} ${path}`).toBe(true);
  });

  it.each(routes.map((r) => [r.key, r] as const))('%s: random input never gives 5xx, every 4xx is structured', async (key, route) => {
    const role = callerOf(route.access);
    const upload = UPLOAD_TYPES[key];
    const params = route.path.match(/:[a-z]+/gi) ?? [];
    // The route's own schemas, from the OpenAPI document, so that most inputs get past validation.
    const operation = operations[route.path.replace(/:([a-z]+)/gi, '{$1}')]?.[route.method.toLowerCase()] ?? {};
    const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
    const queryParameters = (operation.parameters ?? []).filter((p) => p.in === 'query');
    const body = upload
      ? fc.record({ type: fc.constantFrom(...upload), bytes: fc.uint8Array({ maxLength: 4096 }) }).map(({ type, bytes }) => ({ type, payload: Buffer.from(bytes) }))
      : fc
          .oneof(
            ...(bodySchema ? [{ arbitrary: schemaArbitrary(bodySchema).map((v) => JSON.stringify(v) ?? 'null'), weight: 3 }] : []),
            { arbitrary: jsonBodyArbitrary(Object.keys(bodySchema?.properties ?? {})), weight: 2 },
          )
          .map((payload) => ({ type: 'application/json', payload }));
    const query = fc.oneof(declaredQueryArbitrary(queryParameters), queryStringArbitrary());
    const param = fc.oneof({ arbitrary: pathParamArbitrary(), weight: 5 }, { arbitrary: fc.constant(incidentId), weight: 1 });
    await fc.assert(
      fc.asyncProperty(fc.array(param, { minLength: params.length, maxLength: params.length }), query, body, async (values, query, sent) => {
        let url = route.path;
        params.forEach((param, i) => (url = url.replace(param, values[i]!)));
        url += query;
        const cookie = route.access === 'public' ? undefined : key === OWN_USER ? ownUserCookie : await cookieOf(role, ENDS_SESSION.has(key));
        const response = await h.app.inject({
          method: route.method as 'GET',
          url,
          // The login route is throttled per address: fuzzed from an address of its own, so the harness can still log in.
          remoteAddress: key === 'POST /api/v1/auth/login' ? '203.0.113.9' : '127.0.0.1',
          headers: { ...(cookie && { cookie }), ...(route.method !== 'GET' && { 'content-type': sent.type }) },
          ...(route.method !== 'GET' && { payload: sent.payload }),
        });
        checkAnswer(`${role} ${route.method} ${url.slice(0, 200)} body ${String(sent.payload).slice(0, 200)}`, response);
      }),
      { numRuns: RUNS },
    );
    // The long run (npm run test:fuzz) sends many times more requests per route than the default suite.
  }, Math.max(30_000, RUNS * 200));
});
