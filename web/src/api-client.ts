import type { User } from '../../src/core/access-control.js';
import type { FieldIssue } from '../../src/core/errors.js';
import type { BoundingBox } from '../../src/core/incident-filter.schema.js';
import type { Incident, IncidentDetail } from '../../src/core/incident.schema.js';
import type { VerificationStatus } from '../../src/core/verification.js';
import { filterToParams, type Filter } from './filter-query.js';

/** A failed API call: the server's error code, message and field issues, or `network_error` when it was unreachable. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Summary {
  incidents: number;
  killedBest: number;
}

export type ClusterProperties =
  | { cluster: true; clusterId: number; count: number; killed: number; expansionZoom: number }
  | { cluster: false; id: string; killed: number; status: VerificationStatus };

export interface ClusterCollection {
  type: 'FeatureCollection';
  total: number;
  features: { type: 'Feature'; geometry: { type: 'Point'; coordinates: [number, number] }; properties: ClusterProperties }[];
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: string | null;
  username: string | null;
  action: string;
  changes: Record<string, { before?: unknown; after?: unknown } | undefined>;
}

interface RequestOptions {
  query?: URLSearchParams;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

interface ErrorBody {
  error?: { code?: string; message?: string; issues?: FieldIssue[]; requestId?: string };
}

/** The web app's only door to the server. */
export class ApiClient {
  /** Called when a call other than login finds the session gone (expired, or logged out elsewhere). */
  onSessionLost: () => void = () => {};

  constructor(private readonly base = '/api/v1') {}

  login(username: string, password: string): Promise<{ user: User; expiresAt: string }> {
    return this.request('POST', '/auth/login', { body: { username, password } });
  }

  logout(): Promise<void> {
    return this.request('POST', '/auth/logout', { body: {} });
  }

  me(): Promise<SessionUser> {
    return this.request('GET', '/auth/me');
  }

  listIncidents(filter: Filter, page: { limit: number; cursor?: string | undefined }, signal?: AbortSignal): Promise<Page<Incident>> {
    const query = filterToParams(filter);
    query.set('limit', String(page.limit));
    if (page.cursor) query.set('cursor', page.cursor);
    return this.request('GET', '/incidents', { query, signal });
  }

  summary(filter: Filter, signal?: AbortSignal): Promise<Summary> {
    return this.request('GET', '/incidents/summary', { query: filterToParams(filter), signal });
  }

  clusters(filter: Filter, view: { zoom: number; bbox: BoundingBox }, signal?: AbortSignal): Promise<ClusterCollection> {
    const query = filterToParams(filter);
    query.set('zoom', String(view.zoom));
    query.set('bbox', view.bbox.map((n) => n.toFixed(5)).join(','));
    return this.request('GET', '/incidents/clusters', { query, signal });
  }

  getIncident(id: string, signal?: AbortSignal): Promise<IncidentDetail> {
    return this.request('GET', `/incidents/${encodeURIComponent(id)}`, { signal });
  }

  /** Takes the form's value as it is: the server validates it and answers with field issues if it must. */
  createIncident(input: unknown): Promise<IncidentDetail> {
    return this.request('POST', '/incidents', { body: input });
  }

  updateIncident(id: string, update: unknown): Promise<IncidentDetail> {
    return this.request('PUT', `/incidents/${encodeURIComponent(id)}`, { body: update });
  }

  changeVerification(id: string, change: { status: VerificationStatus; reason: string }): Promise<IncidentDetail> {
    return this.request('POST', `/incidents/${encodeURIComponent(id)}/verification`, { body: change });
  }

  auditTrail(id: string, signal?: AbortSignal): Promise<AuditEntry[]> {
    return this.request('GET', `/incidents/${encodeURIComponent(id)}/audit`, { signal });
  }

  private async request<T>(method: 'GET' | 'POST' | 'PUT', path: string, options: RequestOptions = {}): Promise<T> {
    const query = options.query && options.query.size > 0 ? `?${options.query}` : '';
    const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
    if (options.signal) init.signal = options.signal;
    if (method !== 'GET') {
      // The server refuses state-changing calls that are not JSON (its CSRF guard), so every one carries a JSON body.
      init.headers = { accept: 'application/json', 'content-type': 'application/json' };
      init.body = JSON.stringify(options.body ?? {});
    }
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}${query}`, init);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'network_error', 'the server cannot be reached; check the connection and try again');
    }
    if (response.status === 204) return undefined as T;
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) return body as T;
    const error = (body as ErrorBody | undefined)?.error;
    const failure = new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `the server answered ${response.status} ${response.statusText}`,
      error?.issues ?? [],
      error?.requestId,
    );
    if (response.status === 401 && path !== '/auth/login' && path !== '/auth/me') this.onSessionLost();
    throw failure;
  }
}
