import type { Agreement, AgreementList } from '../../../src/core/places/agreement.schema.js';
import type { Site, SiteList } from '../../../src/core/places/site.schema.js';
import type { ZoneFeature, ZoneCollection, ZoneFilterInput } from '../../../src/core/places/zone.schema.js';
import type { SiteImportReport, PlaceImportReport as ZoneImportReport, SiteImportOptions, ZoneImportOptions } from '../../../src/core/places/place-import-report.schema.js';
import type { SiteMapCollection } from '../../../src/core/places/site-geojson.mapping.js';
import type { PlaceLabelCollection, PlaceSearchResult } from '../../../src/core/gazetteer/gazetteer.schema.js';
import type { SiteListQuery } from './place-api-types.js';
import type { LoginResult, SessionUser, SessionsEnded, TotpEnabled, TotpEnrolment, ApiTokenInfo, NewApiToken, CreatedApiToken, UserDisabled } from '../../../src/core/account.schema.js';
import type { RecordRestriction, RestrictionInput } from '../../../src/core/restriction.schema.js';
import type { ErrorBody, Page } from '../../../src/core/api-contract.schema.js';
import type { IncidentSummary, IncidentDetail, IncidentInput, IncidentUpdateResult, ListedIncident, VerificationChange } from '../../../src/core/incident.schema.js';
import type { ConflictList, ConflictResolutionInput, ConflictStatus } from '../../../src/core/incident-conflict.schema.js';
import type { ImportQuery, ExportFormat, ImportJob, ImportPreview as ImportPreviewSchema } from '../../../src/core/import-job.schema.js';
import type { EvidenceItem, evidenceDetailSchema, evidenceUploadFieldsSchema } from '../../../src/core/evidence/evidence.js';
import type { DetectionDecision, DetectionFilterInput, DetectionPage, DetectionRunReport, detectionRunSchema, Detection } from '../../../src/core/detection/detection.js';
import type { CeasefireViolationList } from '../../../src/core/detection/ceasefire.js';
import type { DetectionBulkReviewInput, DetectionBulkReviewResult, DetectionGroupPage, DetectionGroupQueryInput } from '../../../src/core/detection/detection-review.js';
import type { CaseList, LegalQualificationList, CaseDetail } from '../../../src/core/accountability/case.schema.js';
import type { ForceSubmissionInput } from '../../../src/core/use-of-force/force-request-view.schema.js';
import type { PlanningComparison, PlanningDraftInput, PlanningSituationRecord } from '../../../src/core/courses-of-action/coa-api.schema.js';
import type { ProtectiveActionInput, ProtectiveActionRecord, ProtectiveActionUpdateInput } from '../../../src/core/courses-of-action/protective-action-log.js';
import type { AuditQuery, AuditLogEntry } from '../../../src/core/audit-log-entry.js';
import type { FieldIssue } from '../../../src/core/errors.js';
import type { ColumnMappingInput } from '../../../src/core/formats/column-mapping.js';
import type { ImportFormat } from '../../../src/core/formats/format-detection.js';
import type { BoundingBox, ClusterCollection } from '../../../src/core/incident-filter.schema.js';
import type { BasemapInfo } from '../../../src/core/basemap.schema.js';
import type { Admin1Collection } from '../../../src/core/places/admin1.js';
import type { z } from 'zod';
import type { aggregateResultSchema } from '../../../src/core/analytics/aggregation.js';
import type { escalationResultSchema } from '../../../src/core/analytics/escalation.js';
import type { HotspotCollection } from '../../../src/core/analytics/hotspots.js';
import type { scorecardResultSchema } from '../../../src/core/analytics/scorecard.js';
import type { Assessment, ForceRequestSummary, ForceRequestView, ForceStepPath, LedgerVerification } from './force-types.js';
import type { AccountUnlock, CreatedUser, OneTimePasswordIssued, UserAccount } from '../../../src/core/user-account.schema.js';
import type { NewUser, Role } from '../../../src/core/access-control.js';
import type { ArmsCompaniesAnswer, MilexEntityList, MilexImportReport, MilexSeriesAnswer, MilexTotalsAnswer } from '../../../src/core/spending/spending-api.schema.js';
import type { PeaceOperationMissions, PeaceOperationSeries } from '../../../src/core/posture/peace-operations-api.schema.js';
import type { MilexMeasure } from '../../../src/core/spending/military-expenditure.js';
import type { CapabilityRecord, capabilityListSchema, capabilityUpdateSchema } from '../../../src/core/capabilities/capability-api.schema.js';
import type { CapabilityInput } from '../../../src/core/capabilities/capability.schema.js';
import type { BudgetImportPreview, BudgetImportReport, BudgetList, ScenarioList, StoredComparison } from '../../../src/core/spending/budget-api.schema.js';
import type { BudgetImportMappingInput } from '../../../src/core/spending/budget-import.js';
import type { PostureBalance } from '../../../src/core/capabilities/posture-balance.js';
import type { ClockCommand, ExerciseActionInput, ExerciseListItem, ExerciseOutcomeInput, ExerciseReview, ExerciseScriptSummary, ExerciseStatus } from '../exercises/exercise-types.js';
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

export type { NewUser, OneTimePasswordIssued, UserAccount };

export type { ClusterCollection };

/** GET /audit's query as the Audit area sends it: the schema's input, with the page size a number (its input is `unknown`, coerced). */
/** The collections whose records can be restricted to named users and groups (GET/PUT /…/:id/restriction). */
export type RestrictableCollection = 'incidents' | 'cases' | 'evidence' | 'capabilities';

export type AuditLogQuery = Omit<AuditQuery, 'limit'> & { limit?: number | undefined };

export type { ImportFormat };

export type { ImportJob };

/**
 * POST /imports' query as the import dialog sends it: the schema's input, with the file name taken from the file, and
 * `strict` and `mapping` typed (their input is `unknown`: the server reads them from query text).
 */
export type ImportOptions = Omit<ImportQuery, 'fileName' | 'strict' | 'mapping'> & { strict: boolean; mapping?: ColumnMappingInput | undefined };

/**
 * What the server found in an upload before importing it (POST /imports/preview). The schema leaves a row's record
 * open (a preview shows rows that would be rejected too); the preview table reads it as the incident fields it shows.
 */
export type ImportPreview = Omit<ImportPreviewSchema, 'rows'> & { rows: (Omit<ImportPreviewSchema['rows'][number], 'record'> & { record: Partial<IncidentInput> })[] };

export interface UploadProgress {
  loaded: number;
  total: number;
}

/** Where and when, for the monitoring calls: a country or a box, and a period. */
export interface MonitoringScope {
  country?: string | undefined;
  bbox?: BoundingBox | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The monitoring routes' answers, as their response schemas in src/core define them. */
export type AggregateResult = z.output<typeof aggregateResultSchema>;
export type EscalationResult = z.output<typeof escalationResultSchema>;
export type Scorecard = z.output<typeof scorecardResultSchema>;
export type DetectionView = Detection;

export type DetectionKind = DetectionView['kind'];
export type { DetectionBulkReviewResult, DetectionGroup, DetectionGroupPage } from '../../../src/core/detection/detection-review.js';

/** GET /detections/groups' query as the monitoring panel sends it (the page bounds numbers). */
type DetectionGroupRequest = Omit<DetectionGroupQueryInput, 'limit' | 'offset'> & { limit?: number | undefined; offset?: number | undefined };

/** GET /detections' query as the monitoring panel sends it: the schema's input, with the page bounds numbers (their input is `unknown`, coerced). */
type DetectionQuery = Omit<DetectionFilterInput, 'limit' | 'offset'> & { limit?: number | undefined; offset?: number | undefined };

function scopeParams(scope: MonitoringScope, extra: Record<string, string | number | undefined> = {}): URLSearchParams {
  const query = new URLSearchParams();
  if (scope.country) query.set('country', scope.country);
  if (scope.bbox) query.set('bbox', scope.bbox.map((n) => n.toFixed(5)).join(','));
  if (scope.from) query.set('from', scope.from);
  if (scope.to) query.set('to', scope.to);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) query.set(key, String(value));
  return query;
}

interface RequestOptions {
  query?: URLSearchParams;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/** The web app's only door to the server. */
export class ApiClient {
  /** Called when a call other than login finds the session gone (expired, or logged out elsewhere). */
  onSessionLost: () => void = () => {};
  /** Called when the server refuses a call until the user has replaced a password an administrator set. */
  onPasswordChangeRequired: () => void = () => {};

  constructor(private readonly base = '/api/v1') {}

  /** `totp`: the authenticator code, once the server has answered `totp_required`. */
  login(username: string, password: string, totp?: string): Promise<LoginResult> {
    return this.request('POST', '/auth/login', { body: { username, password, ...(totp && { totp }) } });
  }

  changePassword(currentPassword: string, newPassword: string): Promise<SessionsEnded> {
    return this.request('POST', '/auth/password', { body: { currentPassword, newPassword } });
  }

  revokeOtherSessions(): Promise<SessionsEnded> {
    return this.request('POST', '/auth/sessions/revoke-all', { body: {} });
  }

  enrolTotp(): Promise<TotpEnrolment> {
    return this.request('POST', '/auth/totp/enrol', { body: {} });
  }

  confirmTotp(code: string): Promise<TotpEnabled> {
    return this.request('POST', '/auth/totp/confirm', { body: { code } });
  }

  apiTokens(): Promise<ApiTokenInfo[]> {
    return this.request('GET', '/auth/tokens');
  }

  createApiToken(input: NewApiToken): Promise<CreatedApiToken> {
    return this.request('POST', '/auth/tokens', { body: input });
  }

  revokeApiToken(id: string): Promise<void> {
    return this.request('DELETE', `/auth/tokens/${encodeURIComponent(id)}`, { body: {} });
  }

  logout(): Promise<void> {
    return this.request('POST', '/auth/logout', { body: {} });
  }

  me(): Promise<SessionUser> {
    return this.request('GET', '/auth/me');
  }

  listIncidents(filter: Filter, page: { limit: number; cursor?: string | undefined }, signal?: AbortSignal): Promise<Page<ListedIncident>> {
    const query = filterToParams(filter);
    query.set('limit', String(page.limit));
    if (page.cursor) query.set('cursor', page.cursor);
    return this.request('GET', '/incidents', { query, signal });
  }

  summary(filter: Filter, signal?: AbortSignal): Promise<IncidentSummary> {
    return this.request('GET', '/incidents/summary', { query: filterToParams(filter), signal });
  }

  clusters(filter: Filter, view: { zoom: number; bbox: BoundingBox }, signal?: AbortSignal): Promise<ClusterCollection> {
    const query = filterToParams(filter);
    query.set('zoom', String(view.zoom));
    query.set('bbox', view.bbox.map((n) => n.toFixed(5)).join(','));
    return this.request('GET', '/incidents/clusters', { query, signal });
  }

  /** Populated places (GeoNames) whose name starts with, or has a word starting with, `q`. */
  searchPlaces(q: string, options: { country?: string | undefined; limit?: number } = {}, signal?: AbortSignal): Promise<PlaceSearchResult> {
    return this.request('GET', '/gazetteer/search', { query: queryOf({ q, country: options.country, limit: options.limit }), signal });
  }

  /** The names a map view shows: the most populous places in the box, fewer at low zoom. */
  placeLabels(bbox: BoundingBox, zoom: number, signal?: AbortSignal): Promise<PlaceLabelCollection> {
    return this.request('GET', '/gazetteer/labels', { query: queryOf({ bbox: bbox.map((n) => String(n)).join(','), zoom }), signal });
  }

  getIncident(id: string, signal?: AbortSignal): Promise<IncidentDetail> {
    return this.request('GET', `/incidents/${encodeURIComponent(id)}`, { signal });
  }

  /** Takes the form's value as it is: the server validates it and answers with field issues if it must. */
  createIncident(input: unknown): Promise<IncidentDetail> {
    return this.request('POST', '/incidents', { body: input });
  }

  /** An edit based on an older version comes back merged, with `merge` saying what was applied and what conflicts. */
  updateIncident(id: string, update: unknown): Promise<IncidentUpdateResult> {
    return this.request('PUT', `/incidents/${encodeURIComponent(id)}`, { body: update });
  }

  /** The conflicts queue across the register, newest first. */
  incidentConflicts(status: ConflictStatus, signal?: AbortSignal): Promise<ConflictList> {
    return this.request('GET', '/incidents/conflicts', { query: queryOf({ status }), signal });
  }

  /** Resolve a conflict: keep the held value, take the proposed one, or enter a value. Answers with the incident. */
  resolveConflict(id: string, conflictId: string, resolution: ConflictResolutionInput): Promise<IncidentDetail> {
    return this.request('POST', `/incidents/${encodeURIComponent(id)}/conflicts/${encodeURIComponent(conflictId)}/resolve`, { body: resolution });
  }

  changeVerification(id: string, change: VerificationChange): Promise<IncidentDetail> {
    return this.request('POST', `/incidents/${encodeURIComponent(id)}/verification`, { body: change });
  }

  auditTrail(id: string, signal?: AbortSignal): Promise<AuditLogEntry[]> {
    return this.request('GET', `/incidents/${encodeURIComponent(id)}/audit`, { signal });
  }

  /**
   * Uploads a file to import and resolves with the job the server started for it (poll it with `importJob`). Sent
   * with XMLHttpRequest, not fetch, because only XHR reports upload progress. Aborting the signal stops the upload.
   */
  startImport(file: File, options: ImportOptions, onUpload: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<ImportJob> {
    const path = '/imports';
    const query = new URLSearchParams({ fileName: file.name || 'upload', strict: String(options.strict) });
    if (options.format) query.set('format', options.format);
    if (options.dataset) query.set('dataset', options.dataset);
    if (options.dateOrder) query.set('dateOrder', options.dateOrder);
    if (options.sheet) query.set('sheet', options.sheet);
    if (options.mapping) query.set('mapping', JSON.stringify(options.mapping));
    return this.upload<ImportJob>(`${path}?${query}`, path, file, file.size, 'application/octet-stream', onUpload, signal);
  }

  /**
   * The columns of a file (or of the head of one: a preview reads only its first rows) with sample values, and with a
   * mapping its first rows as they would be stored. Writes nothing.
   */
  previewImport(body: Blob, options: { sheet?: string | undefined; mapping?: ColumnMappingInput | undefined; rows?: number }, signal?: AbortSignal): Promise<ImportPreview> {
    const path = '/imports/preview';
    const query = new URLSearchParams();
    if (options.sheet) query.set('sheet', options.sheet);
    if (options.mapping) query.set('mapping', JSON.stringify(options.mapping));
    if (options.rows) query.set('rows', String(options.rows));
    return this.upload<ImportPreview>(`${path}${query.size > 0 ? `?${query}` : ''}`, path, body, body.size, 'application/octet-stream', () => undefined, signal);
  }

  /** Who may see a record; a restricted record is missing to everyone else. */
  restriction(kind: RestrictableCollection, id: string, signal?: AbortSignal): Promise<RecordRestriction> {
    return this.request('GET', `/${kind}/${encodeURIComponent(id)}/restriction`, { signal });
  }

  restrict(kind: RestrictableCollection, id: string, to: RestrictionInput): Promise<RecordRestriction> {
    return this.request('PUT', `/${kind}/${encodeURIComponent(id)}/restriction`, { body: to });
  }

  listEvidence(incidentId: string, signal?: AbortSignal): Promise<EvidenceItem[]> {
    return this.request('GET', '/evidence', { query: new URLSearchParams({ incidentId }), signal });
  }

  /** One evidence item the reader may see: its metadata, hash and custody events. */
  getEvidence(id: string, signal?: AbortSignal): Promise<z.output<typeof evidenceDetailSchema>> {
    return this.request('GET', `/evidence/${encodeURIComponent(id)}`, { signal });
  }

  /** The evidence items the reader may see whose file name, description, source or location contain the text, newest first. */
  searchEvidence(text: string, limit: number, signal?: AbortSignal): Promise<EvidenceItem[]> {
    return this.request('GET', '/evidence', { query: new URLSearchParams({ q: text, limit: String(limit) }), signal });
  }

  /** Uploads a file as evidence (multipart), with progress: XMLHttpRequest, as for imports. */
  uploadEvidence(file: File, fields: z.input<typeof evidenceUploadFieldsSchema>, onUpload: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<EvidenceItem> {
    const path = '/evidence';
    const form = new FormData();
    for (const id of fields.incidentIds ?? []) form.append('incidentIds', id);
    // A device's own id for the file and the hash it took at capture (the outbox): a resend is then recognised.
    for (const name of ['source', 'location', 'description', 'clientId', 'capturedSha256', 'capturedAt'] as const) {
      const value = fields[name]?.trim();
      if (value) form.append(name, value);
    }
    // The file last: the server reads the fields whatever their order, but a file first would be streamed before them.
    form.append('file', file, file.name);
    return this.upload<EvidenceItem>(path, path, form, file.size, undefined, onUpload, signal);
  }

  /**
   * A POST of a file with upload progress — XMLHttpRequest, not fetch, because only XHR reports it. Aborting the
   * signal stops the upload. `contentType` undefined lets the browser set it (multipart with its boundary).
   */
  private upload<T>(url: string, path: string, body: XMLHttpRequestBodyInit, size: number, contentType: string | undefined, onUpload: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException('the upload was cancelled', 'AbortError'));
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.base}${url}`);
      xhr.setRequestHeader('accept', 'application/json');
      if (contentType) xhr.setRequestHeader('content-type', contentType);
      xhr.upload.addEventListener('progress', (event) => onUpload({ loaded: event.loaded, total: event.lengthComputable ? event.total : size }));
      xhr.upload.addEventListener('load', () => onUpload({ loaded: size, total: size }));
      xhr.addEventListener('load', () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
        else reject(this.failure(path, xhr.status, xhr.statusText, body));
      });
      xhr.addEventListener('error', () => reject(unreachable()));
      xhr.addEventListener('abort', () => reject(new DOMException('the upload was cancelled', 'AbortError')));
      signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(body);
    });
  }

  /** The working copy (metadata stripped where possible); downloading it is recorded in the item's custody. */
  evidenceWorkingUrl(id: string): string {
    return `${this.base}/evidence/${encodeURIComponent(id)}/working`;
  }

  custodyReportUrl(id: string): string {
    return `${this.base}/evidence/${encodeURIComponent(id)}/custody-report`;
  }

  importJob(id: string, signal?: AbortSignal): Promise<ImportJob> {
    return this.request('GET', `/imports/${encodeURIComponent(id)}`, { signal });
  }

  /** The user's own recent imports, newest first. */
  recentImports(signal?: AbortSignal): Promise<ImportJob[]> {
    return this.request('GET', '/imports', { signal });
  }

  /** A CSV download (row, field, reason) of every row the import rejected. */
  importRejectionsUrl(id: string): string {
    return `${this.base}/imports/${encodeURIComponent(id)}/rejections`;
  }

  /** A download of the incidents the filter matches, streamed by the server. */
  exportUrl(filter: Filter, format: ExportFormat): string {
    const query = filterToParams(filter);
    query.set('format', format);
    return `${this.base}/exports/incidents?${query}`;
  }

  /** The engine's assessment of a request, under both regimes, without storing anything. */
  assessForce(submission: ForceSubmissionInput, signal?: AbortSignal): Promise<Assessment> {
    return this.request('POST', '/force/assessments', { body: submission, signal });
  }

  // ---- Courses of action (docs/courses-of-action.md) ----

  planningSituations(signal?: AbortSignal): Promise<{ items: PlanningSituationRecord[] }> {
    return this.request('GET', '/planning-situations', { signal });
  }

  createPlanningSituation(plan: PlanningDraftInput): Promise<PlanningSituationRecord> {
    return this.request('POST', '/planning-situations', { body: plan });
  }

  planningSituation(id: string, signal?: AbortSignal): Promise<PlanningSituationRecord> {
    return this.request('GET', `/planning-situations/${encodeURIComponent(id)}`, { signal });
  }

  planningComparison(id: string, signal?: AbortSignal): Promise<PlanningComparison> {
    return this.request('GET', `/planning-situations/${encodeURIComponent(id)}/comparison`, { signal });
  }

  /** The commander's choice, on the version compared. */
  chooseCourseOfAction(id: string, choice: { courseOfAction: string; reasons: string; version: number }): Promise<PlanningSituationRecord> {
    return this.request('POST', `/planning-situations/${encodeURIComponent(id)}/choice`, { body: choice });
  }

  /** The protective actions log, real or exercise records (never both at once). */
  protectiveActions(filter: { exercise: boolean; status?: string | undefined }, signal?: AbortSignal): Promise<{ items: ProtectiveActionRecord[] }> {
    const query = new URLSearchParams({ exercise: String(filter.exercise) });
    if (filter.status) query.set('status', filter.status);
    return this.request('GET', '/protective-actions', { query, signal });
  }

  recordProtectiveAction(action: ProtectiveActionInput): Promise<ProtectiveActionRecord> {
    return this.request('POST', '/protective-actions', { body: action });
  }

  /** The whole record again, on the version read (409 when someone saved since). */
  updateProtectiveAction(id: string, action: ProtectiveActionUpdateInput): Promise<ProtectiveActionRecord> {
    return this.request('PUT', `/protective-actions/${encodeURIComponent(id)}`, { body: action });
  }

  planningReportUrl(id: string, format: 'html' | 'pdf'): string {
    return `${this.base}/planning-situations/${encodeURIComponent(id)}/comparison/report?format=${format}`;
  }

  submitForceRequest(submission: ForceSubmissionInput): Promise<ForceRequestView> {
    return this.request('POST', '/force/requests', { body: submission });
  }

  /** Newest first; `statuses` narrows the list to what waits on a role. */
  listForceRequests(statuses: readonly string[] | undefined, signal?: AbortSignal): Promise<ForceRequestSummary[]> {
    const query = new URLSearchParams();
    if (statuses && statuses.length > 0) query.set('statuses', statuses.join(','));
    return this.request('GET', '/force/requests', { query, signal });
  }

  getForceRequest(id: string, signal?: AbortSignal): Promise<ForceRequestView> {
    return this.request('GET', `/force/requests/${encodeURIComponent(id)}`, { signal });
  }

  /**
   * One person's step on a request: a judgement, the review, the decision, the approval, or the outcome. Takes the
   * form's value as it is: the server validates it, checks whose turn it is, and answers with the request as it now is.
   */
  forceStep(id: string, step: ForceStepPath, body: unknown): Promise<ForceRequestView> {
    return this.request('POST', `/force/requests/${encodeURIComponent(id)}/${step}`, { body });
  }

  /** The whole ledger checked on the server: every hash link, signature and digest, the signed head, and the records beside it. */
  verifyLedger(signal?: AbortSignal): Promise<LedgerVerification> {
    return this.request('GET', '/ledger/verification', { signal });
  }

  /** A download of ledger entries `from`…`to` (JSON lines with the public keys) that verifies on any machine. */
  ledgerSegmentUrl(from: number, to?: number): string {
    const query = new URLSearchParams({ from: String(from) });
    if (to !== undefined) query.set('to', String(to));
    return `${this.base}/ledger/segment?${query}`;
  }

  /** The audit log, newest first (audit:read); entries of restricted records the reader is not named on are not there. */
  auditLog(query: AuditLogQuery, signal?: AbortSignal): Promise<Page<AuditLogEntry>> {
    return this.request('GET', '/audit', { query: queryOf({ ...query }), signal });
  }

  listCases(filter: { status?: string | undefined }, signal?: AbortSignal): Promise<CaseList> {
    const query = new URLSearchParams();
    if (filter.status) query.set('status', filter.status);
    return this.request('GET', '/cases', { query, signal });
  }

  getCase(id: string, signal?: AbortSignal): Promise<CaseDetail> {
    return this.request('GET', `/cases/${encodeURIComponent(id)}`, { signal });
  }

  /** Takes the form's value as it is: the server validates it and answers with field issues if it must. */
  openCase(input: unknown): Promise<CaseDetail> {
    return this.request('POST', '/cases', { body: input });
  }

  caseStep(id: string, step: unknown): Promise<CaseDetail> {
    return this.request('POST', `/cases/${encodeURIComponent(id)}/steps`, { body: step });
  }

  perpetratorEvent(caseId: string, perpetratorId: string, event: unknown): Promise<CaseDetail> {
    return this.request('POST', `/cases/${encodeURIComponent(caseId)}/perpetrators/${encodeURIComponent(perpetratorId)}/events`, { body: event });
  }

  legalQualifications(signal?: AbortSignal): Promise<LegalQualificationList> {
    return this.request('GET', '/legal-qualifications', { signal });
  }

  /** Counts and casualties (low, best, high) grouped by one or two of month, theme, actor, status …: one query, any number of incidents. */
  aggregate(scope: MonitoringScope, groupBy: string, signal?: AbortSignal): Promise<AggregateResult> {
    return this.request('GET', '/monitoring/aggregate', { query: scopeParams(scope, { groupBy }), signal });
  }

  /** Escalation alerts: each area's latest complete weeks (up to `asOf`) against its own baseline. */
  /** Alerts of the `weeks` latest weeks up to asOf, or of every week from `from`; `limit` keeps the most extreme. */
  escalation(
    query: { level: 'country' | 'admin1' | 'h3'; country?: string | undefined; resolution?: number; asOf?: string | undefined; weeks?: number; from?: string | undefined; limit?: number },
    signal?: AbortSignal,
  ): Promise<EscalationResult> {
    return this.request('GET', '/monitoring/escalation', {
      query: scopeParams({ country: query.country }, { level: query.level, resolution: query.resolution, asOf: query.asOf, weeks: query.weeks, from: query.from, limit: query.limit }),
      signal,
    });
  }

  hotspots(scope: MonitoringScope, options: { resolution: number; metric: 'incidents' | 'deaths' }, signal?: AbortSignal): Promise<HotspotCollection> {
    return this.request('GET', '/monitoring/hotspots', { query: scopeParams(scope, options), signal });
  }

  scorecard(scope: MonitoringScope, signal?: AbortSignal): Promise<Scorecard> {
    return this.request('GET', '/monitoring/scorecard', { query: scopeParams({ country: scope.country, from: scope.from, to: scope.to }), signal });
  }

  detections(query: DetectionQuery, signal?: AbortSignal): Promise<DetectionPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    return this.request('GET', '/detections', { query: params, signal });
  }

  /** Detection over history against the registers as they stand (after a bulk import of sites or zones). */
  runDetections(period: z.input<typeof detectionRunSchema> = {}): Promise<DetectionRunReport> {
    return this.request('POST', '/detections/runs', { body: period });
  }

  /** Confirm or dismiss a detection, saying why. */
  reviewDetection(id: string, review: DetectionDecision): Promise<DetectionView> {
    return this.request('POST', `/detections/${encodeURIComponent(id)}/review`, { body: review });
  }

  /** The detections a filter matches, grouped by site or by incident, with counts per status. */
  detectionGroups(query: DetectionGroupRequest, signal?: AbortSignal): Promise<DetectionGroupPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    return this.request('GET', '/detections/groups', { query: params, signal });
  }

  /** One decision with one reason over many detections (all or nothing; those already decided are skipped). */
  reviewDetections(review: DetectionBulkReviewInput): Promise<DetectionBulkReviewResult> {
    return this.request('POST', '/detections/review', { body: review });
  }

  /** Ceasefire violations per agreement, party, commitment and month. */
  ceasefireViolations(signal?: AbortSignal): Promise<CeasefireViolationList> {
    return this.request('GET', '/detections/ceasefire-violations', { signal });
  }

  /** The situation report for a country or a box and a period, as a printable page or a PDF download. */
  situationReportUrl(scope: MonitoringScope & { from: string; to: string }, format: 'html' | 'pdf'): string {
    return `${this.base}/reports/situation${format === 'pdf' ? '.pdf' : ''}?${scopeParams(scope)}`;
  }

  private async request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
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
      throw unreachable();
    }
    if (response.status === 204) return undefined as T;
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) return body as T;
    throw this.failure(path, response.status, response.statusText, body);
  }

  /** The server's error body as an ApiError; a lost session also sends the user back to the login screen. */
  private failure(path: string, status: number, statusText: string, body: unknown): ApiError {
    // Any body may come back (a proxy's error page, nothing): each field is read as possibly missing.
    const error = (body as { error?: Partial<ErrorBody['error']> } | undefined)?.error;
    const failure = new ApiError(
      status,
      error?.code ?? `http_${status}`,
      error?.message ?? `the server answered ${status} ${statusText}`,
      error?.issues ?? [],
      error?.requestId,
    );
    if (status === 401 && path !== '/auth/login' && path !== '/auth/me') this.onSessionLost();
    if (status === 403 && failure.code === 'password_change_required') this.onPasswordChangeRequired();
    return failure;
  }

  // ---- User administration (user:manage) ----

  listUsers(signal?: AbortSignal): Promise<UserAccount[]> {
    return this.request('GET', '/users', { signal });
  }

  userAccount(id: string, signal?: AbortSignal): Promise<UserAccount> {
    return this.request('GET', `/users/${encodeURIComponent(id)}`, { signal });
  }

  /** Without a password, the answer carries a one-time one, to be shown once. */
  createUser(input: NewUser): Promise<CreatedUser> {
    return this.request('POST', '/users', { body: input });
  }

  setUserRole(id: string, role: Role): Promise<UserAccount> {
    return this.request('PUT', `/users/${encodeURIComponent(id)}/role`, { body: { role } });
  }

  resetUserPassword(id: string): Promise<OneTimePasswordIssued> {
    return this.request('POST', `/users/${encodeURIComponent(id)}/password-reset`, { body: {} });
  }

  unlockUser(id: string): Promise<AccountUnlock> {
    return this.request('POST', `/users/${encodeURIComponent(id)}/unlock`, { body: {} });
  }

  setUserDisabled(id: string, disabled: boolean): Promise<UserDisabled> {
    return this.request('POST', `/users/${encodeURIComponent(id)}/${disabled ? 'disable' : 'enable'}`, { body: {} });
  }

  endUserSessions(id: string): Promise<SessionsEnded> {
    return this.request('DELETE', `/users/${encodeURIComponent(id)}/sessions`, { body: {} });
  }

  // ---- The place registers: protected sites, zones, agreements (docs/formats/sites.md, zones.md) ----

  /** The zone register as GeoJSON; with no filter, every zone (the monitoring map keeps those of its scope). */
  listZones(filter: ZoneFilterInput = {}, signal?: AbortSignal): Promise<ZoneCollection> {
    return this.request('GET', '/zones', { query: queryOf({ kind: filter.kind, activeOn: filter.activeOn }), signal });
  }

  getZone(id: string, signal?: AbortSignal): Promise<ZoneFeature> {
    return this.request('GET', `/zones/${encodeURIComponent(id)}`, { signal });
  }

  /** Takes the Feature as the form built it: the server validates it and answers with field issues if it must. */
  createZone(feature: unknown): Promise<ZoneFeature> {
    return this.request('POST', '/zones', { body: feature });
  }

  /** The Feature's `properties.version` is the version it was read at; a stale one is refused with 409. */
  updateZone(id: string, feature: unknown): Promise<ZoneFeature> {
    return this.request('PUT', `/zones/${encodeURIComponent(id)}`, { body: feature });
  }

  deleteZone(id: string, version: number): Promise<void> {
    return this.request('DELETE', `/zones/${encodeURIComponent(id)}`, { query: queryOf({ version }) });
  }

  /** A download of the zones the filter matches, as a GeoJSON FeatureCollection. */
  zonesExportUrl(filter: ZoneFilterInput): string {
    const query = queryOf({ kind: filter.kind, activeOn: filter.activeOn });
    return `${this.base}/zones${query.size > 0 ? `?${query}` : ''}`;
  }

  /** Sends a GeoJSON file or the corridors CSV; the answer lists what was created, updated, unchanged and rejected. */
  importZones(file: File, options: ZoneImportOptions, onUpload: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<ZoneImportReport> {
    const path = '/zones/imports';
    const query = queryOf({ format: options.format, dataset: options.dataset });
    return this.upload<ZoneImportReport>(`${path}${query.size > 0 ? `?${query}` : ''}`, path, file, file.size, 'application/octet-stream', onUpload, signal);
  }

  listSites(filter: SiteListQuery, signal?: AbortSignal): Promise<SiteList> {
    return this.request('GET', '/sites', { query: queryOf({ category: filter.category, country: filter.country, q: filter.q, limit: filter.limit, offset: filter.offset }), signal });
  }

  /** The sites in a box as points for the map; the server refuses a box that holds too many (zoom in). */
  /** The operator's own basemap extract, if the server was started with one. */
  basemap(signal?: AbortSignal): Promise<BasemapInfo> {
    return this.request('GET', '/basemap', { signal });
  }

  /** First-level administrative boundaries whose box meets the view. */
  admin1(bbox: BoundingBox, signal?: AbortSignal): Promise<Admin1Collection> {
    return this.request('GET', '/map/admin1', { query: queryOf({ bbox: bbox.map((n) => n.toFixed(4)).join(',') }), signal });
  }

  siteMapFeatures(bbox: BoundingBox, category?: SiteListQuery['category'], signal?: AbortSignal): Promise<SiteMapCollection> {
    return this.request('GET', '/sites/geojson', { query: queryOf({ bbox: bbox.map((n) => n.toFixed(5)).join(','), category }), signal });
  }

  getSite(id: string, signal?: AbortSignal): Promise<Site> {
    return this.request('GET', `/sites/${encodeURIComponent(id)}`, { signal });
  }

  createSite(input: unknown): Promise<Site> {
    return this.request('POST', '/sites', { body: input });
  }

  /** With the `version` it was read at; a stale one is refused with 409. */
  updateSite(id: string, input: unknown): Promise<Site> {
    return this.request('PUT', `/sites/${encodeURIComponent(id)}`, { body: input });
  }

  deleteSite(id: string, version: number): Promise<void> {
    return this.request('DELETE', `/sites/${encodeURIComponent(id)}`, { query: queryOf({ version }) });
  }

  /** Sends a list of sites (CSV with a mapping or a preset, GeoJSON, HXL); the answer counts and lists rejected rows. */
  importSites(file: File, options: SiteImportOptions, onUpload: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<SiteImportReport> {
    const path = '/sites/imports';
    const query = queryOf({ format: options.format, preset: options.preset, mapping: options.mapping, dataset: options.dataset });
    return this.upload<SiteImportReport>(`${path}${query.size > 0 ? `?${query}` : ''}`, path, file, file.size, 'application/octet-stream', onUpload, signal);
  }

  listAgreements(signal?: AbortSignal): Promise<AgreementList> {
    return this.request('GET', '/agreements', { signal });
  }

  createAgreement(input: unknown): Promise<Agreement> {
    return this.request('POST', '/agreements', { body: input });
  }

  // ---- Exercises: the facilitator's console, the players' feed and the after-action review (docs/exercises.md) ----

  exerciseScripts(signal?: AbortSignal): Promise<{ scripts: ExerciseScriptSummary[] }> {
    return this.request('GET', '/exercise-scripts', { signal });
  }

  listExercises(signal?: AbortSignal): Promise<{ exercises: ExerciseListItem[] }> {
    return this.request('GET', '/exercises', { signal });
  }

  startExercise(scriptId: string): Promise<ExerciseStatus> {
    return this.request('POST', '/exercises', { body: { scriptId } });
  }

  /** The run as this user may see it: the facilitator also gets the notes and the next inject. */
  exerciseStatus(id: string, signal?: AbortSignal): Promise<ExerciseStatus> {
    return this.request('GET', `/exercises/${encodeURIComponent(id)}`, { signal });
  }

  exerciseClock(id: string, command: ClockCommand): Promise<ExerciseStatus> {
    return this.request('POST', `/exercises/${encodeURIComponent(id)}/clock`, { body: command });
  }

  /** Moves the clock to the next inject and releases it. */
  releaseNextInject(id: string): Promise<ExerciseStatus> {
    return this.request('POST', `/exercises/${encodeURIComponent(id)}/release-next`, { body: {} });
  }

  recordExerciseAction(id: string, action: ExerciseActionInput): Promise<unknown> {
    return this.request('POST', `/exercises/${encodeURIComponent(id)}/actions`, { body: action });
  }

  recordExerciseOutcome(id: string, outcome: ExerciseOutcomeInput): Promise<unknown> {
    return this.request('POST', `/exercises/${encodeURIComponent(id)}/outcomes`, { body: outcome });
  }

  exerciseReview(id: string, signal?: AbortSignal): Promise<ExerciseReview> {
    return this.request('GET', `/exercises/${encodeURIComponent(id)}/review`, { signal });
  }

  exerciseReviewUrl(id: string): string {
    return `${this.base}/exercises/${encodeURIComponent(id)}/review.html`;
  }

  // ---- Military expenditure (SIPRI), for the Posture area (docs/posture-and-spending.md) ----

  /** The countries, former states and bodies held, each with the years it covers. */
  milexEntities(signal?: AbortSignal): Promise<MilexEntityList> {
    return this.request('GET', '/spending/milex/entities', { signal });
  }

  /** One measure for some countries (ISO codes) or entities (a former state by name), a point per year, gaps as null. */
  milexSeries(query: { entities: readonly string[]; measure: MilexMeasure; from: number; to: number }, signal?: AbortSignal): Promise<MilexSeriesAnswer> {
    // Repeated, not comma-joined: a SIPRI name may hold a comma ("Yemen, North").
    const params = queryOf({ measure: query.measure, from: query.from, to: query.to });
    for (const entity of query.entities) params.append('entities', entity);
    return this.request('GET', '/spending/milex/series', { query: params, signal });
  }

  /** World, regional or subregional totals per year, with the states counted and those without a figure. */
  milexTotals(query: { measure: 'constantUsdM' | 'currentUsdM'; grouping: 'world' | 'region' | 'subregion'; from: number; to: number }, signal?: AbortSignal): Promise<MilexTotalsAnswer> {
    return this.request('GET', '/spending/milex/totals', { query: queryOf(query), signal });
  }

  /** Sends a release of SIPRI's long table (CSV); it replaces the release held, or is refused whole with the rows at fault. */
  importMilex(file: File, onUpload: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<MilexImportReport> {
    const path = '/spending/milex/imports';
    const query = queryOf({ release: file.name || undefined });
    // The server tells the workbook from the CSV by the file's first bytes; the type sent only has to be one it takes.
    return this.upload<MilexImportReport>(`${path}${query.size > 0 ? `?${query}` : ''}`, path, file, file.size, 'application/octet-stream', onUpload, signal);
  }

  // ---- UN peace operations (Geo-PKO) and the SIPRI Top 100, for the Posture area ----

  /** The peace operations held, each with its countries and years. */
  peaceOperationMissions(signal?: AbortSignal): Promise<PeaceOperationMissions> {
    return this.request('GET', '/posture/peace-operations/missions', { signal });
  }

  /** One mission year by year: troops by type, places by element, the protective share; years without a map listed. */
  peaceOperationSeries(mission: string, signal?: AbortSignal): Promise<PeaceOperationSeries> {
    return this.request('GET', `/posture/peace-operations/${encodeURIComponent(mission)}/series`, { signal });
  }

  /** A year's Top 100 arms-producing companies (the latest held unless asked), for one country or all. */
  armsCompanies(query: { year?: number | undefined; country?: string | undefined }, signal?: AbortSignal): Promise<ArmsCompaniesAnswer> {
    return this.request('GET', '/spending/arms-companies', { query: queryOf(query), signal });
  }

  // ---- Force budgets and rebalancing scenarios, for the Posture area ----

  /** The budgets held, each with its years and total per year. */
  listBudgets(signal?: AbortSignal): Promise<BudgetList> {
    return this.request('GET', '/spending/budgets', { signal });
  }

  /** What a budget CSV gives with a mapping (without one, the mapping guessed from its header); nothing is stored. */
  previewBudgetImport(file: File, mapping: BudgetImportMappingInput | undefined, signal?: AbortSignal): Promise<BudgetImportPreview> {
    const path = '/spending/budgets/imports/preview';
    const query = queryOf({ mapping: mapping && JSON.stringify(mapping) });
    return this.upload<BudgetImportPreview>(`${path}${query.size > 0 ? `?${query}` : ''}`, path, file, file.size, 'text/csv', () => undefined, signal);
  }

  /** Imports a budget CSV with its mapping: a new budget, or the one of that name updated; refused whole with the rows at fault. */
  importBudget(file: File, options: { name: string; force: string; currency: string; priceBasis: 'current' | 'constant'; priceBaseYear?: number | undefined; mapping: BudgetImportMappingInput }, signal?: AbortSignal): Promise<BudgetImportReport> {
    const path = '/spending/budgets/imports';
    const query = queryOf({ name: options.name, force: options.force, currency: options.currency, priceBasis: options.priceBasis, priceBaseYear: options.priceBaseYear, mapping: JSON.stringify(options.mapping) });
    return this.upload<BudgetImportReport>(`${path}?${query}`, path, file, file.size, 'text/csv', () => undefined, signal);
  }

  /** The scenarios held, each with the budget it starts from. */
  listScenarios(signal?: AbortSignal): Promise<ScenarioList> {
    return this.request('GET', '/spending/scenarios', { signal });
  }

  /** Stored scenarios (`id`, or `id@version` for an earlier version) compared side by side. */
  compareStoredScenarios(refs: readonly string[], signal?: AbortSignal): Promise<StoredComparison> {
    return this.request('GET', '/spending/scenarios/compare', { query: queryOf({ ids: refs.join(',') }), signal });
  }

  /** The comparison as a printable page, or as a PDF download. */
  scenarioReportUrl(refs: readonly string[], format: 'html' | 'pdf'): string {
    return `${this.base}/spending/scenarios/report?${queryOf({ ids: refs.join(','), format })}`;
  }

  /** With the `version` it was read at; a stale one is refused with 409. */
  updateAgreement(id: string, input: unknown): Promise<Agreement> {
    return this.request('PUT', `/agreements/${encodeURIComponent(id)}`, { body: input });
  }

  // ---- The capability register, for the Posture area: each system answered with its assessment ----

  listCapabilities(signal?: AbortSignal): Promise<z.output<typeof capabilityListSchema>> {
    return this.request('GET', '/capabilities', { signal });
  }

  getCapability(id: string, signal?: AbortSignal): Promise<CapabilityRecord> {
    return this.request('GET', `/capabilities/${encodeURIComponent(id)}`, { signal });
  }

  createCapability(capability: CapabilityInput): Promise<CapabilityRecord> {
    return this.request('POST', '/capabilities', { body: capability });
  }

  /** The whole record again, with the `version` it was read at; a stale one is refused with 409. */
  updateCapability(id: string, update: z.input<typeof capabilityUpdateSchema>): Promise<CapabilityRecord> {
    return this.request('PUT', `/capabilities/${encodeURIComponent(id)}`, { body: update });
  }

  /** The posture review: the register's holdings by purpose class per year (without a period, the ten years up to this one). */
  postureBalance(query: { from?: number | undefined; to?: number | undefined; budget?: string | undefined }, signal?: AbortSignal): Promise<PostureBalance> {
    return this.request('GET', '/posture/balance', { query: queryOf(query), signal });
  }

  /** The posture report (the register and the review) as a printable page, or as a PDF download. */
  postureReportUrl(query: URLSearchParams, format: 'html' | 'pdf'): string {
    return `${this.base}/posture/report?${new URLSearchParams([...query, ['format', format]])}`;
  }
}

const unreachable = () => new ApiError(0, 'network_error', 'the server cannot be reached; check the connection and try again');

/** Query parameters from the values given (left out when undefined or empty). */
const queryOf = (values: Record<string, string | number | undefined>): URLSearchParams => {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') query.set(key, String(value));
  return query;
};
