import { hasPermission, type Permission, type Role } from '../../src/core/access-control.js';
import type { ApiClient } from './shared/api-client.js';
import type { SessionUser } from '../../src/core/account.schema.js';
import { filterFromParams, filterToParams } from './shared/filter-query.js';
import { monitorFromParams, monitorToParams } from './monitor/monitor-filter.js';
import { postureFromParams, postureToParams } from './posture/posture-filter.js';
import type { ViewChange, ViewState, ViewStateStore } from './view-state.js';
import { EXERCISE_PERMISSION } from './exercises/exercise-roles.js';
// In the order of their stylesheets in the cascade (shared sheets first, then each area's).
import { IncidentWorkspace } from './incidents/incident-workspace.js';
import { ConflictsArea } from './incidents/conflicts-area.js';
import { ForceArea } from './force/force-area.js';
import { CasesArea } from './cases/cases-area.js';
import { MonitorArea } from './monitor/monitor-area.js';
import { AuditArea } from './admin/audit-area.js';
import { UsersArea } from './admin/users-area.js';

/** What an area gets from the main screen. */
export interface AreaContext {
  api: ApiClient;
  user: SessionUser;
  role: Role;
  state: ViewStateStore;
}

/** An area as the main screen holds it: built the first time it is opened, then kept (hidden) while another is shown. */
export interface AreaView {
  readonly element: HTMLElement;
  /** Its part of the header's actions. */
  readonly headerActions?: HTMLElement;
  /** Its dialogs, which live outside the area's grid. */
  readonly dialogs?: readonly HTMLElement[];
  /** The area's part of the view state changed while it is open. */
  update?(state: ViewState, changed: ViewChange): void;
  /** Shown again after another area: catch up with what may have changed meanwhile. */
  reshow?(state: ViewState): void;
  /** Another area is shown: close what floats above this one. */
  hide?(): void;
  destroy(): void;
}

/** The parts of the view state an area keeps in the link; the other areas' parts stay in memory. */
export type ViewPart = Exclude<keyof ViewState, 'area'>;

export interface Route {
  /** The header's tab. */
  label: string;
  /** The tab's label on a laptop's screen (below 1600 px), where the header holds every area's tab on one line. */
  shortLabel?: string;
  /** The subtitle and the page title ("Haven — use of force"). */
  title: string;
  /** Who may open it (the server checks the same); none: everyone. */
  permission?: Permission;
  /** The parts of the view state it keeps in the link, how it reads them from the query string and writes them back. */
  parts: readonly ViewPart[];
  read(params: URLSearchParams): Partial<ViewState>;
  write(state: ViewState, params: URLSearchParams): void;
  /** Its map keeps its position in the link's hash (`#map=zoom/lat/lon`); other areas' links carry no hash. */
  mapInLink?: true;
  /** Builds the area (a promise for an area whose code loads only when it is first opened). */
  mount(context: AreaContext): AreaView | Promise<AreaView>;
}

const optional = (params: URLSearchParams, name: string): string | undefined => params.get(name) ?? undefined;
const setIf = (params: URLSearchParams, name: string, value: string | undefined): void => {
  if (value) params.set(name, value);
};

/**
 * The areas of the app, in the order of the header's tabs; the first is the default and everyone may open it. Adding
 * an area is adding a route here (and its part of ViewState, if it keeps one in the link).
 */
export const ROUTES = {
  incidents: {
    label: 'Incident register',
    shortLabel: 'Incidents',
    title: 'Incident register',
    parts: ['filter', 'incident'],
    read: (params) => ({ filter: filterFromParams(params), incident: optional(params, 'incident') }),
    write: (state, params) => {
      for (const [key, value] of filterToParams(state.filter)) params.set(key, value);
      setIf(params, 'incident', state.incident);
    },
    mapInLink: true,
    mount: ({ api, role, state }) => new IncidentWorkspace(api, role, state),
  },
  conflicts: {
    label: 'Conflicts',
    title: 'Conflicts to resolve',
    permission: 'incident:read',
    parts: [],
    read: () => ({}),
    write: () => undefined,
    mount: ({ api, role, state }) => new ConflictsArea(api, { role, state }),
  },
  monitor: {
    label: 'Monitor',
    title: 'Protection monitoring',
    permission: 'monitoring:read',
    parts: ['monitor'],
    read: (params) => ({ monitor: monitorFromParams(params) }),
    write: (state, params) => {
      for (const [key, value] of monitorToParams(state.monitor)) params.set(key, value);
    },
    // Without a period in the link, the Monitor shows where the data is: it asks first where the register ends.
    mount: async ({ api, role, state }) => new MonitorArea(api, { role, state, dataEnd: (await api.summary({}).catch(() => undefined))?.latest ?? undefined }),
  },
  force: {
    label: 'Use of force',
    shortLabel: 'Force',
    title: 'Use of force',
    permission: 'force:read',
    parts: ['request'],
    read: (params) => ({ request: optional(params, 'request') }),
    write: (state, params) => setIf(params, 'request', state.request),
    mount: ({ api, user, role, state }) => new ForceArea(api, { user, role, state }),
  },
  cases: {
    label: 'Cases',
    title: 'Accountability cases',
    permission: 'case:read',
    parts: ['caseId'],
    read: (params) => ({ caseId: optional(params, 'case') }),
    write: (state, params) => setIf(params, 'case', state.caseId),
    mount: ({ api, role, state }) => new CasesArea(api, { role, state }),
  },
  places: {
    label: 'Places',
    title: 'Protected sites, zones and agreements',
    // The registers are read by those who may read monitoring.
    permission: 'monitoring:read',
    parts: [],
    read: () => ({}),
    write: () => undefined,
    // It brings the drawing library, which the other areas do not need.
    mount: async ({ api, role }) => new (await import('./places/places-area.js')).PlacesArea(api, role),
  },
  posture: {
    label: 'Posture',
    title: 'Military expenditure and posture',
    permission: 'posture:read',
    parts: ['posture'],
    read: (params) => ({ posture: postureFromParams(params) }),
    write: (state, params) => {
      for (const [key, value] of postureToParams(state.posture)) params.set(key, value);
    },
    // Its charts and tables load only when it is first opened.
    mount: async ({ api, role, state }) => new (await import('./posture/posture-area.js')).PostureArea(api, { role, state }),
  },
  exercises: {
    label: 'Exercises',
    title: 'Exercises',
    permission: EXERCISE_PERMISSION,
    parts: ['exercise'],
    read: (params) => {
      const id = optional(params, 'exercise');
      return { exercise: id ? { id, review: params.get('show') === 'review' } : undefined };
    },
    write: (state, params) => {
      setIf(params, 'exercise', state.exercise?.id);
      if (state.exercise?.review) params.set('show', 'review');
    },
    // Its console and review load only when it is first opened.
    mount: async ({ api, role, state }) => new (await import('./exercises/exercises-area.js')).ExercisesArea(api, { role, state }),
  },
  audit: {
    label: 'Audit',
    title: 'Audit log',
    permission: 'audit:read',
    parts: [],
    read: () => ({}),
    write: () => undefined,
    mount: ({ api }) => new AuditArea(api),
  },
  users: {
    label: 'Users',
    title: 'Users',
    permission: 'user:manage',
    parts: [],
    read: () => ({}),
    write: () => undefined,
    mount: ({ api, user }) => new UsersArea(api, user),
  },
} satisfies Record<string, Route>;

export type Area = keyof typeof ROUTES;
export const AREAS = Object.keys(ROUTES) as Area[];
export const DEFAULT_AREA: Area = 'incidents';

export const route = (area: Area): Route => ROUTES[area];

/** The areas this role may open, in the tabs' order. */
export function areasFor(role: Role): Area[] {
  return AREAS.filter((area) => {
    const { permission } = route(area);
    return permission === undefined || hasPermission(role, permission);
  });
}
