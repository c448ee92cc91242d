import { principalMay, type Permission, type Principal, type Role } from '../core/access-control.js';

/**
 * Who may call each API route: the permission matrix at the HTTP edge, as data. The server refuses to start if an API
 * route is missing here; the hook in session-auth.ts enforces it before validation; the application layer enforces
 * the same permissions again inside (and the finer rules: not your own request, record restrictions); the matrix test
 * calls every route as every role from this table; docs/security.md prints it.
 *
 * `public`: no session needed. `authenticated`: any logged-in user. A permission, or `{ anyOf }` several.
 */
export type RouteAccess = 'public' | 'authenticated' | Permission | { anyOf: readonly Permission[] };

export const ROUTE_ACCESS = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'authenticated',
  'GET /api/v1/auth/me': 'authenticated',
  'POST /api/v1/auth/password': 'authenticated',
  'POST /api/v1/auth/sessions/revoke-all': 'authenticated',
  'POST /api/v1/auth/totp/enrol': 'authenticated',
  'POST /api/v1/auth/totp/confirm': 'authenticated',
  'GET /api/v1/auth/tokens': 'authenticated',
  'POST /api/v1/auth/tokens': 'authenticated',
  'DELETE /api/v1/auth/tokens/:id': 'authenticated',
  'GET /api/v1/taxonomy': 'authenticated',
  // Reference data, like the base map: any signed-in user.
  'GET /api/v1/gazetteer/search': 'authenticated',
  'GET /api/v1/gazetteer/labels': 'authenticated',
  'GET /api/v1/users': 'user:manage',
  'POST /api/v1/users': 'user:manage',
  'GET /api/v1/users/:id': 'user:manage',
  'PUT /api/v1/users/:id/role': 'user:manage',
  'POST /api/v1/users/:id/password-reset': 'user:manage',
  'POST /api/v1/users/:id/unlock': 'user:manage',
  'POST /api/v1/users/:id/disable': 'user:manage',
  'POST /api/v1/users/:id/enable': 'user:manage',
  'DELETE /api/v1/users/:id/sessions': 'user:manage',
  'GET /api/v1/incidents': 'incident:read',
  'GET /api/v1/incidents/summary': 'incident:read',
  'GET /api/v1/incidents/clusters': 'incident:read',
  'POST /api/v1/incidents': 'incident:write',
  'GET /api/v1/incidents/:id': 'incident:read',
  'PUT /api/v1/incidents/:id': 'incident:write',
  'GET /api/v1/incidents/conflicts': 'incident:read',
  'POST /api/v1/incidents/:id/conflicts/:conflictId/resolve': 'incident:write',
  'POST /api/v1/incidents/:id/verification': 'incident:verify',
  'GET /api/v1/incidents/:id/audit': 'incident:read',
  'GET /api/v1/incidents/:id/restriction': 'incident:read',
  'PUT /api/v1/incidents/:id/restriction': 'incident:restrict',
  'GET /api/v1/cases/:id/restriction': 'case:read',
  'PUT /api/v1/cases/:id/restriction': 'case:write',
  'GET /api/v1/evidence/:id/restriction': 'evidence:read',
  'PUT /api/v1/evidence/:id/restriction': 'evidence:write',
  'GET /api/v1/groups': 'user:manage',
  'POST /api/v1/groups': 'user:manage',
  'PUT /api/v1/groups/:id/members': 'user:manage',
  // Oversight: entries of restricted records show only to those who may see the record.
  'GET /api/v1/audit': 'audit:read',
  'POST /api/v1/imports': 'incident:write',
  'POST /api/v1/imports/preview': 'incident:write',
  'GET /api/v1/imports': 'incident:read',
  'GET /api/v1/imports/:id': 'incident:read',
  'GET /api/v1/imports/:id/rejections': 'incident:read',
  'GET /api/v1/exports/incidents': 'incident:read',
  'POST /api/v1/force/assessments': 'incident:read',
  'POST /api/v1/force/requests': 'force:request',
  'GET /api/v1/force/requests': 'force:read',
  'GET /api/v1/force/requests/:id': 'force:read',
  'POST /api/v1/force/requests/:id/judgements': { anyOf: ['force:review', 'force:decide'] },
  'POST /api/v1/force/requests/:id/review': 'force:review',
  'POST /api/v1/force/requests/:id/decision': 'force:decide',
  'POST /api/v1/force/requests/:id/approval': 'force:approve',
  'POST /api/v1/force/requests/:id/outcome': 'force:request',
  'GET /api/v1/planning-situations': 'force:read',
  'POST /api/v1/planning-situations': 'force:request',
  'GET /api/v1/planning-situations/:id': 'force:read',
  'PUT /api/v1/planning-situations/:id': 'force:request',
  'GET /api/v1/planning-situations/:id/comparison': 'force:read',
  'GET /api/v1/planning-situations/:id/comparison/report': 'force:read',
  'POST /api/v1/planning-situations/:id/choice': 'force:decide',
  'POST /api/v1/planning-situations/:id/withdrawal': 'force:request',
  // Exercises: the facilitator (exercise:run) starts them and runs the clock; every signed-in user reads the feed
  // (the facilitator's notes only with exercise:run); players record actions in their role (the service refuses roles
  // that do not play) and outcomes as the force workflow does; the review shows force decisions (force:read).
  'GET /api/v1/exercise-scripts': 'authenticated',
  'POST /api/v1/exercises': 'exercise:run',
  'GET /api/v1/exercises': 'authenticated',
  'GET /api/v1/exercises/:id': 'authenticated',
  'POST /api/v1/exercises/:id/clock': 'exercise:run',
  'POST /api/v1/exercises/:id/release-next': 'exercise:run',
  'POST /api/v1/exercises/:id/actions': 'authenticated',
  'POST /api/v1/exercises/:id/outcomes': 'force:request',
  'GET /api/v1/exercises/:id/review': 'force:read',
  'GET /api/v1/exercises/:id/review.html': 'force:read',
  'GET /api/v1/exercises/:id/review.pdf': 'force:read',
  'GET /api/v1/ledger/verification': 'ledger:read',
  'GET /api/v1/ledger/segment': 'ledger:read',
  'GET /api/v1/ledger/head': 'ledger:read',
  'GET /api/v1/ledger/entries/:seq': 'ledger:read',
  'GET /api/v1/legal-qualifications': 'authenticated',
  'GET /api/v1/cases': 'case:read',
  'POST /api/v1/cases': 'case:write',
  'GET /api/v1/cases/:id': 'case:read',
  'PUT /api/v1/cases/:id': 'case:write',
  'POST /api/v1/cases/:id/steps': 'case:write',
  'POST /api/v1/cases/:id/perpetrators/:pid/events': 'case:write',
  'GET /api/v1/accountability/arrests-vs-killings': 'case:read',
  'POST /api/v1/spending/milex/imports': 'posture:write',
  'GET /api/v1/spending/milex/entities': 'posture:read',
  'GET /api/v1/spending/milex/series': 'posture:read',
  'GET /api/v1/spending/milex/totals': 'posture:read',
  'POST /api/v1/spending/scenarios/compare': 'posture:read',
  'POST /api/v1/spending/arms-companies/imports': 'posture:write',
  'GET /api/v1/spending/arms-companies': 'posture:read',
  'POST /api/v1/posture/peace-operations/imports': 'posture:write',
  'GET /api/v1/posture/peace-operations/missions': 'posture:read',
  'GET /api/v1/posture/peace-operations/:mission/series': 'posture:read',
  'GET /api/v1/spending/budgets': 'posture:read',
  'POST /api/v1/spending/budgets': 'posture:write',
  'POST /api/v1/spending/budgets/imports': 'posture:write',
  'POST /api/v1/spending/budgets/imports/preview': 'posture:write',
  'GET /api/v1/spending/budgets/:id': 'posture:read',
  'PUT /api/v1/spending/budgets/:id': 'posture:write',
  'GET /api/v1/spending/scenarios': 'posture:read',
  'POST /api/v1/spending/scenarios': 'posture:write',
  'GET /api/v1/spending/scenarios/compare': 'posture:read',
  'GET /api/v1/spending/scenarios/report': 'posture:read',
  'GET /api/v1/spending/scenarios/:id': 'posture:read',
  'PUT /api/v1/spending/scenarios/:id': 'posture:write',
  'GET /api/v1/spending/scenarios/:id/versions': 'posture:read',
  'GET /api/v1/capabilities': 'posture:read',
  'POST /api/v1/capabilities': 'posture:write',
  'GET /api/v1/capabilities/:id': 'posture:read',
  'PUT /api/v1/capabilities/:id': 'posture:write',
  'GET /api/v1/posture/balance': 'posture:read',
  'GET /api/v1/posture/report': 'posture:read',
  'GET /api/v1/capabilities/:id/restriction': 'posture:read',
  'PUT /api/v1/capabilities/:id/restriction': 'posture:write',
  'GET /api/v1/monitoring/aggregate': 'monitoring:read',
  'GET /api/v1/monitoring/escalation': 'monitoring:read',
  'GET /api/v1/monitoring/hotspots': 'monitoring:read',
  'GET /api/v1/monitoring/scorecard': 'monitoring:read',
  'POST /api/v1/evidence': 'evidence:write',
  'GET /api/v1/evidence': 'evidence:read',
  'GET /api/v1/evidence/custody-report.css': 'authenticated',
  'POST /api/v1/evidence/verification': 'evidence:verify',
  'GET /api/v1/evidence/:id': 'evidence:read',
  // The preserved original leaves with its metadata (GPS, device): only those who handle evidence may take it.
  'GET /api/v1/evidence/:id/original': 'evidence:write',
  'GET /api/v1/evidence/:id/working': 'evidence:read',
  'POST /api/v1/evidence/:id/transfers': 'evidence:write',
  'GET /api/v1/evidence/:id/custody-report': 'evidence:read',
  'GET /api/v1/detections': 'monitoring:read',
  'GET /api/v1/detections/ceasefire-violations': 'monitoring:read',
  'GET /api/v1/detections/groups': 'monitoring:read',
  'POST /api/v1/detections/review': 'detection:review',
  // Those who keep the registers re-run detection after changing them; those who review re-run it to see what is new.
  'POST /api/v1/detections/runs': { anyOf: ['place:write', 'detection:review'] },
  'GET /api/v1/detections/:id': 'monitoring:read',
  'POST /api/v1/detections/:id/review': 'detection:review',
  'GET /api/v1/sites': 'monitoring:read',
  'GET /api/v1/sites/geojson': 'monitoring:read',
  'POST /api/v1/sites': 'place:write',
  'POST /api/v1/sites/imports': 'place:write',
  'GET /api/v1/sites/:id': 'monitoring:read',
  'PUT /api/v1/sites/:id': 'place:write',
  'DELETE /api/v1/sites/:id': 'place:write',
  'GET /api/v1/zones': 'monitoring:read',
  'POST /api/v1/zones': 'place:write',
  'POST /api/v1/zones/imports': 'place:write',
  'GET /api/v1/zones/:id': 'monitoring:read',
  'PUT /api/v1/zones/:id': 'place:write',
  'DELETE /api/v1/zones/:id': 'place:write',
  'GET /api/v1/agreements': 'monitoring:read',
  'POST /api/v1/agreements': 'place:write',
  'GET /api/v1/agreements/:id': 'monitoring:read',
  'PUT /api/v1/agreements/:id': 'place:write',
  'GET /api/v1/reports/situation': 'monitoring:read',
  'GET /api/v1/reports/situation.pdf': 'monitoring:read',
  // The background of every map: whoever is signed in sees a map.
  'GET /api/v1/basemap': 'authenticated',
  'GET /api/v1/basemap/tiles/:z/:x/:y': 'authenticated',
  'GET /api/v1/map/admin1': 'monitoring:read',
  // Another instance syncing (normally by a token made for it): what travels is still what the token's user may read.
  'GET /api/v1/sync/bundles': 'sync:exchange',
  'POST /api/v1/sync/bundles': 'sync:exchange',
  'POST /api/v1/sync/bundles/:id/ack': 'sync:exchange',
} as const satisfies Record<string, RouteAccess>;

export type RouteKey = keyof typeof ROUTE_ACCESS;

/** The table's key for a route: HEAD routes Fastify adds for GET share the GET's access. */
export const routeKey = (method: string, url: string): string => `${method === 'HEAD' ? 'GET' : method} ${url}`;

export function accessOf(method: string, url: string): RouteAccess | undefined {
  return (ROUTE_ACCESS as Record<string, RouteAccess>)[routeKey(method, url)];
}

/**
 * Whether a role — or a principal, whose API token may narrow it to scopes — passes the edge check of a route (a
 * logged-in user; `public` routes pass everyone).
 */
export function roleMayCall(who: Role | Principal, access: RouteAccess): boolean {
  const principal: Principal = typeof who === 'string' ? { role: who } : who;
  if (access === 'public' || access === 'authenticated') return true;
  if (typeof access === 'string') return principalMay(principal, access);
  return access.anyOf.some((p) => principalMay(principal, p));
}
