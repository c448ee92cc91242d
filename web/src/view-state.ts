import { filterFromParams, filterToParams, type Filter } from './shared/filter-query.js';
import { monitorFromParams, monitorToParams, type MonitorFilter } from './monitor/monitor-filter.js';

/** The areas of the app: the incident register, use-of-force requests, accountability cases, the monitoring dashboard, the place registers and the audit log. */
export const AREAS = ['incidents', 'force', 'cases', 'monitor', 'places', 'audit'] as const;
export type Area = (typeof AREAS)[number];

/** In the force area, `request=new` opens the form for a new request. */
export const NEW_REQUEST = 'new';
/** In the cases area, `case=new` opens the form for a new case. */
export const NEW_CASE = 'new';

export interface ViewState {
  area: Area;
  filter: Filter;
  /** The incident whose detail is open. */
  incident: string | undefined;
  /** The force request that is open (or NEW_REQUEST). */
  request: string | undefined;
  /** The accountability case that is open (or NEW_CASE). */
  caseId: string | undefined;
  /** The monitoring dashboard's country and period. */
  monitor: MonitorFilter;
}

export interface ViewChange {
  area: boolean;
  filter: boolean;
  incident: boolean;
  request: boolean;
  caseId: boolean;
  monitor: boolean;
}

type Listener = (state: ViewState, changed: ViewChange) => void;

const AREA_PARAM = 'view';
const INCIDENT_PARAM = 'incident';
const REQUEST_PARAM = 'request';
const CASE_PARAM = 'case';

const areaOf = (value: string | null): Area => (value === 'force' || value === 'cases' || value === 'monitor' || value === 'places' || value === 'audit' ? value : 'incidents');

function readLocation(): ViewState {
  const params = new URLSearchParams(window.location.search);
  const area = areaOf(params.get(AREA_PARAM));
  return {
    area,
    filter: filterFromParams(params),
    incident: area === 'incidents' ? (params.get(INCIDENT_PARAM) ?? undefined) : undefined,
    request: area === 'force' ? (params.get(REQUEST_PARAM) ?? undefined) : undefined,
    caseId: area === 'cases' ? (params.get(CASE_PARAM) ?? undefined) : undefined,
    monitor: area === 'monitor' ? monitorFromParams(params) : {},
  };
}

const NOTHING_CHANGED: ViewChange = { area: false, filter: false, incident: false, request: false, caseId: false, monitor: false };

/**
 * What the user is looking at, kept in the URL's query string so a view can be shared, bookmarked and reloaded, and
 * the browser's back button undoes a filter or a change of area. The link holds only the open area's part: the
 * incident register's filter and incident, or the force area's request (`?view=force&request=<id>`).
 */
export class ViewStateStore {
  private state = readLocation();
  private readonly listeners = new Set<Listener>();
  private readonly onPopState = () => {
    const before = this.state;
    const after = readLocation();
    // Leaving the register keeps its filter and incident in memory, so coming back finds them.
    // Each area keeps its own part in memory while another is open.
    this.state = {
      ...after,
      ...(after.area !== 'incidents' && { filter: before.filter, incident: before.incident }),
      ...(after.area !== 'force' && { request: before.request }),
      ...(after.area !== 'cases' && { caseId: before.caseId }),
      ...(after.area !== 'monitor' && { monitor: before.monitor }),
    };
    this.notify({
      area: before.area !== this.state.area,
      filter: filterToParams(before.filter).toString() !== filterToParams(this.state.filter).toString(),
      incident: before.incident !== this.state.incident,
      request: before.request !== this.state.request,
      caseId: before.caseId !== this.state.caseId,
      monitor: monitorToParams(before.monitor).toString() !== monitorToParams(this.state.monitor).toString(),
    });
  };

  constructor() {
    window.addEventListener('popstate', this.onPopState);
  }

  get current(): ViewState {
    return this.state;
  }

  /** Only these areas may be shown to this user; a link to another one opens the first. */
  restrictTo(areas: readonly Area[]): void {
    if (areas.includes(this.state.area)) return;
    this.state = { ...this.state, area: areas[0] ?? 'incidents', request: undefined };
    this.write('replace');
  }

  setArea(area: Area): void {
    if (area === this.state.area) return;
    this.state = { ...this.state, area };
    this.write('push');
    this.notify({ ...NOTHING_CHANGED, area: true });
  }

  setFilter(filter: Filter): void {
    this.state = { ...this.state, filter };
    this.write('push');
    this.notify({ ...NOTHING_CHANGED, filter: true });
  }

  setIncident(incident: string | undefined): void {
    if (incident === this.state.incident) return;
    this.state = { ...this.state, incident };
    this.write('replace');
    this.notify({ ...NOTHING_CHANGED, incident: true });
  }

  /** Opening a request is a step the back button undoes; closing one replaces it. */
  setRequest(request: string | undefined): void {
    if (request === this.state.request) return;
    this.state = { ...this.state, request };
    this.write(request ? 'push' : 'replace');
    this.notify({ ...NOTHING_CHANGED, request: true });
  }

  /** Opening a case is a step the back button undoes; closing one replaces it. */
  setCase(caseId: string | undefined): void {
    if (caseId === this.state.caseId) return;
    this.state = { ...this.state, caseId };
    this.write(caseId ? 'push' : 'replace');
    this.notify({ ...NOTHING_CHANGED, caseId: true });
  }

  setMonitor(monitor: MonitorFilter): void {
    this.state = { ...this.state, monitor };
    this.write('push');
    this.notify({ ...NOTHING_CHANGED, monitor: true });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    window.removeEventListener('popstate', this.onPopState);
    this.listeners.clear();
  }

  private write(how: 'push' | 'replace'): void {
    let params: URLSearchParams;
    if (this.state.area === 'force') {
      params = new URLSearchParams({ [AREA_PARAM]: 'force' });
      if (this.state.request) params.set(REQUEST_PARAM, this.state.request);
    } else if (this.state.area === 'cases') {
      params = new URLSearchParams({ [AREA_PARAM]: 'cases' });
      if (this.state.caseId) params.set(CASE_PARAM, this.state.caseId);
    } else if (this.state.area === 'monitor') {
      params = new URLSearchParams({ [AREA_PARAM]: 'monitor' });
      for (const [key, value] of monitorToParams(this.state.monitor)) params.set(key, value);
    } else if (this.state.area === 'places' || this.state.area === 'audit') {
      params = new URLSearchParams({ [AREA_PARAM]: this.state.area });
    } else {
      params = filterToParams(this.state.filter);
      if (this.state.incident) params.set(INCIDENT_PARAM, this.state.incident);
    }
    // The hash belongs to the map (its position); keep it.
    const url = `${window.location.pathname}${params.size > 0 ? `?${params}` : ''}${window.location.hash}`;
    if (how === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }

  private notify(changed: ViewChange): void {
    for (const listener of this.listeners) listener(this.state, changed);
  }
}
