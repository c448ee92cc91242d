import { filterFromParams, filterToParams, type Filter } from './filter-query.js';

export interface ViewState {
  filter: Filter;
  /** The incident whose detail is open. */
  incident: string | undefined;
}

type Listener = (state: ViewState, changed: { filter: boolean; incident: boolean }) => void;

const INCIDENT_PARAM = 'incident';

function readLocation(): ViewState {
  const params = new URLSearchParams(window.location.search);
  return { filter: filterFromParams(params), incident: params.get(INCIDENT_PARAM) ?? undefined };
}

/**
 * What the user is looking at, kept in the URL's query string so a view can be shared, bookmarked and reloaded, and
 * the browser's back button undoes a filter.
 */
export class ViewStateStore {
  private state = readLocation();
  private readonly listeners = new Set<Listener>();
  private readonly onPopState = () => {
    const before = this.state;
    this.state = readLocation();
    this.notify({
      filter: filterToParams(before.filter).toString() !== filterToParams(this.state.filter).toString(),
      incident: before.incident !== this.state.incident,
    });
  };

  constructor() {
    window.addEventListener('popstate', this.onPopState);
  }

  get current(): ViewState {
    return this.state;
  }

  setFilter(filter: Filter): void {
    this.state = { ...this.state, filter };
    this.write('push');
    this.notify({ filter: true, incident: false });
  }

  setIncident(incident: string | undefined): void {
    if (incident === this.state.incident) return;
    this.state = { ...this.state, incident };
    this.write('replace');
    this.notify({ filter: false, incident: true });
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
    const params = filterToParams(this.state.filter);
    if (this.state.incident) params.set(INCIDENT_PARAM, this.state.incident);
    // The hash belongs to the map (its position); keep it.
    const url = `${window.location.pathname}${params.size > 0 ? `?${params}` : ''}${window.location.hash}`;
    if (how === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }

  private notify(changed: { filter: boolean; incident: boolean }): void {
    for (const listener of this.listeners) listener(this.state, changed);
  }
}
