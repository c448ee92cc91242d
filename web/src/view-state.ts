import { filterFromParams, filterToParams, type Filter } from './shared/filter-query.js';
import { monitorToParams, type MonitorFilter } from './monitor/monitor-filter.js';
import { postureToParams, type PostureView } from './posture/posture-filter.js';
import type { Area, Route, ViewPart } from './routes.js';

/** In the force area, `request=new` opens the form for a new request. */
export const NEW_REQUEST = 'new';
/** In the cases area, `case=new` opens the form for a new case. */
export const NEW_CASE = 'new';

/** In the exercises area, the run that is open: its console or feed, or its after-action review. */
export interface ExerciseView {
  id: string;
  review: boolean;
}

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
  /** The Posture area's section: its countries, measure and period, or the capability open in the register. */
  posture: PostureView;
  /** The exercise run that is open, if any. */
  exercise: ExerciseView | undefined;
}

/** What changed: the area, or parts of the view state. */
export type ViewChange = ReadonlySet<'area' | ViewPart>;

type Listener = (state: ViewState, changed: ViewChange) => void;

const AREA_PARAM = 'view';

const NOTHING: Omit<ViewState, 'area'> = { filter: filterFromParams(new URLSearchParams()), incident: undefined, request: undefined, caseId: undefined, monitor: {}, posture: {}, exercise: undefined };

/** Parts whose values are objects are the same when their links are. */
const sameParts: { [P in ViewPart]: (a: ViewState[P], b: ViewState[P]) => boolean } = {
  filter: (a, b) => filterToParams(a).toString() === filterToParams(b).toString(),
  monitor: (a, b) => monitorToParams(a).toString() === monitorToParams(b).toString(),
  posture: (a, b) => postureToParams(a).toString() === postureToParams(b).toString(),
  incident: (a, b) => a === b,
  request: (a, b) => a === b,
  caseId: (a, b) => a === b,
  exercise: (a, b) => a?.id === b?.id && a?.review === b?.review,
};
const PARTS = Object.keys(sameParts) as ViewPart[];

/**
 * What the user is looking at, kept in the URL's query string so a view can be shared, bookmarked and reloaded, and
 * the browser's back button undoes a filter or a change of area. The link holds only the open area's parts (the route
 * table says which, and how they are written); each area keeps its own parts in memory while another is open.
 */
export class ViewStateStore {
  private state: ViewState;
  private readonly listeners = new Set<Listener>();
  private readonly onPopState = () => {
    const before = this.state;
    this.state = this.readLocation(before);
    this.notify(new Set([...(before.area !== this.state.area ? (['area'] as const) : []), ...PARTS.filter((part) => !this.same(part, before, this.state))]));
  };

  constructor(
    private readonly routes: Readonly<Record<Area, Route>>,
    private readonly defaultArea: Area,
  ) {
    this.state = this.readLocation({ area: defaultArea, ...NOTHING });
    window.addEventListener('popstate', this.onPopState);
  }

  get current(): ViewState {
    return this.state;
  }

  /** Only these areas may be shown to this user; a link to another one opens the first (and forgets what it held). */
  restrictTo(areas: readonly Area[]): void {
    if (areas.includes(this.state.area)) return;
    const refused = this.routes[this.state.area].parts;
    this.state = { ...this.state, ...Object.fromEntries(refused.map((part) => [part, NOTHING[part]])), area: areas[0] ?? this.defaultArea };
    this.write('replace');
  }

  setArea(area: Area): void {
    if (area === this.state.area) return;
    this.state = { ...this.state, area };
    this.write('push');
    this.notify(new Set(['area']));
  }

  setFilter(filter: Filter): void {
    this.setPart('filter', filter, 'push');
  }

  setIncident(incident: string | undefined): void {
    if (incident !== this.state.incident) this.setPart('incident', incident, 'replace');
  }

  /** Opening a request is a step the back button undoes; closing one replaces it. */
  setRequest(request: string | undefined): void {
    if (request !== this.state.request) this.setPart('request', request, request ? 'push' : 'replace');
  }

  /** Opening a case is a step the back button undoes; closing one replaces it. */
  setCase(caseId: string | undefined): void {
    if (caseId !== this.state.caseId) this.setPart('caseId', caseId, caseId ? 'push' : 'replace');
  }

  /** Opening a run or its review is a step the back button undoes. */
  setExercise(exercise: ExerciseView | undefined): void {
    if (!sameParts.exercise(exercise, this.state.exercise)) this.setPart('exercise', exercise, 'push');
  }

  setMonitor(monitor: MonitorFilter): void {
    this.setPart('monitor', monitor, 'push');
  }

  /** A new view is a step the back button undoes; closing a system of the capability register replaces it. */
  setPosture(posture: PostureView, how: 'push' | 'replace' = 'push'): void {
    this.setPart('posture', posture, how);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    window.removeEventListener('popstate', this.onPopState);
    this.listeners.clear();
  }

  private setPart<P extends ViewPart>(part: P, value: ViewState[P], how: 'push' | 'replace'): void {
    this.state = { ...this.state, [part]: value };
    this.write(how);
    this.notify(new Set([part]));
  }

  private same<P extends ViewPart>(part: P, a: ViewState, b: ViewState): boolean {
    return sameParts[part](a[part], b[part]);
  }

  /** The link's area and that area's parts; the other parts are kept from `kept`. */
  private readLocation(kept: ViewState): ViewState {
    const params = new URLSearchParams(window.location.search);
    const named = params.get(AREA_PARAM);
    const area = named !== null && Object.hasOwn(this.routes, named) ? (named as Area) : this.defaultArea;
    const route = this.routes[area];
    const read = route.read(params);
    return { ...kept, ...Object.fromEntries(route.parts.map((part) => [part, read[part] ?? NOTHING[part]])), area };
  }

  private write(how: 'push' | 'replace'): void {
    const params = new URLSearchParams(this.state.area === this.defaultArea ? {} : { [AREA_PARAM]: this.state.area });
    this.routes[this.state.area].write(this.state, params);
    // The hash is the register map's position: kept in that area's link, left out of the others'.
    const hash = this.routes[this.state.area].mapInLink ? window.location.hash : '';
    const url = `${window.location.pathname}${params.size > 0 ? `?${params}` : ''}${hash}`;
    if (how === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }

  private notify(changed: ViewChange): void {
    for (const listener of this.listeners) listener(this.state, changed);
  }
}
