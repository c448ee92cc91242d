import type { ColumnType, Generated, Kysely } from 'kysely';

/**
 * Table types shared by both databases. Timestamps are ISO-8601 text and booleans are 0/1 integers in both, so rows
 * read the same from SQLite and PostgreSQL and the repositories never branch on the dialect for values.
 */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  created_at: string;
  disabled: number;
  last_sign_in_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1 while the password is a one-time one set by an administrator. */
  must_change_password: ColumnType<number, number | undefined, number>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  /** Null until first used after login (then the idle timeout counts from created_at). */
  last_seen_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Failed sign-ins per `username:<name>` or `address:<ip>`; not backed up (it is about the present). */
export interface SignInThrottlesTable {
  subject: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
  lockouts: number;
}

/** API tokens: only the SHA-256 of the secret is kept; scopes as a JSON array of permissions. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  /** The sync peer (its instance id) the token was made for: it then serves the sync routes only. */
  sync_peer: string | null;
}

export interface TotpFactorsTable {
  user_id: string;
  secret: string;
  created_at: string;
  confirmed_at: string | null;
  last_step: number;
}

export interface IncidentsTable {
  seq: Generated<number>;
  id: string;
  title: string;
  narrative: string;
  date_earliest: string;
  date_latest: string;
  date_precision: string;
  lat: number;
  lon: number;
  location_precision: string;
  country: string;
  admin1: string | null;
  admin2: string | null;
  place_name: string | null;
  violence_type: string | null;
  verification_status: string;
  origin_dataset: string;
  origin_external_id: string | null;
  /** The source's own classification of the event (e.g. ACLED "Battles / Armed clash"); null when it has none. */
  origin_event_type: ColumnType<string | null, string | null | undefined, string | null>;
  exercise: number;
  /** 1 when the record is restricted to named users or groups (record_restrictions says whom). */
  restricted: ColumnType<number, number | undefined, number>;
  killed_low: number;
  killed_best: number;
  killed_high: number;
  injured_low: number;
  injured_best: number;
  injured_high: number;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface IncidentThemesTable {
  incident_seq: number;
  theme: string;
}

export interface IncidentCategoriesTable {
  incident_seq: number;
  category: string;
}

export interface IncidentActorsTable {
  incident_seq: number;
  position: number;
  name: string;
  actor_type: string;
  role: string;
}

/**
 * One row per kind × status × population group; sex and age group are `all` for the total and name the cell of a
 * breakdown; population_group is `all` for the count of everyone and names the group (health_worker …) of a count
 * that is a part of it.
 */
export interface IncidentCasualtiesTable {
  incident_seq: number;
  kind: string;
  status: string;
  population_group: string;
  sex: string;
  age_group: string;
  low: number;
  best: number;
  high: number;
}

export interface IncidentSourcesTable {
  incident_seq: number;
  position: number;
  ref: string;
  source_type: string;
  description: string;
  url: string | null;
  published_on: string | null;
  reliability: string;
  credibility: number;
}

/** Sensitive personal data, apart from everything else: one JSON document per incident. */
/**
 * With `key_id` set, `payload` is the AES-256-GCM ciphertext of the sensitive JSON (see store/sensitive-envelope.ts);
 * rows from before encryption (key_id null) hold plaintext until `haven keys rotate` seals them.
 */
export interface IncidentSensitiveTable {
  incident_seq: number;
  payload: string;
  iv: string | null;
  tag: string | null;
  wrapped_key: string | null;
  key_id: string | null;
}

export interface VerificationEventsTable {
  id: Generated<number>;
  incident_seq: number;
  from_status: string | null;
  to_status: string;
  reason: string;
  user_id: string;
  at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  /** JSON: the fields changed, each with its value before and after. */
  changes: ColumnType<string, string, never>;
}

export interface ImportJobsTable {
  id: string;
  user_id: string;
  file_name: string;
  format: string | null;
  /** JSON: the options the import ran with. */
  options: string;
  status: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  bytes_read: number;
  bytes_total: number | null;
  warnings: string;
  error: string | null;
  /** Why the job failed, for a client to act on (e.g. `date_order_ambiguous`); null when it did not, or for no such reason. */
  error_code: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface ImportRejectionsTable {
  job_id: string;
  row_number: number;
  path: string;
  message: string;
}

export interface ForceRequestsTable {
  id: string;
  mission_name: string;
  purpose: string;
  status: string;
  emergency: number;
  /** JSON: the request as submitted (and as amended by judgements). */
  request: string;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  ihl_verdict: string;
  hs_verdict: string;
  updated_at: string;
  version: number;
}

export interface ForceAssessmentsTable {
  id: string;
  request_id: string;
  assessed_at: string;
  /** JSON: the whole assessment with its trace and rule-set versions. */
  assessment: string;
}

export interface ForceStepsTable {
  id: string;
  request_id: string;
  kind: string;
  value: string;
  reasons: string;
  payload: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  at: string;
  /** The ledger entry that seals this step (null only for a step that lost its link: verification fails on it). */
  ledger_seq: number | null;
}

export interface LedgerEntriesTable {
  seq: number;
  at: string;
  kind: string;
  subject_id: string;
  actor: string;
  payload: string;
  prev_hash: string;
  hash: string;
  signature: string;
  key_id: string;
  /** 1: the hash covers the payload; 2: the hash covers `payload_digest` (sha256 of the salted payload). */
  format: Generated<number>;
  payload_digest: string | null;
  payload_salt: string | null;
}

/** The signed head: one row, rewritten with every append. */
export interface LedgerHeadTable {
  id: number;
  size: number;
  head_hash: string;
  at: string;
  key_id: string;
  signature: string;
}

export interface LedgerKeysTable {
  key_id: string;
  public_key: string;
  created_at: string;
}

export interface UserGroupsTable {
  id: string;
  name: string;
  description: string;
  created_at: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface RecordRestrictionsTable {
  entity_type: string;
  entity_id: string;
  principal_kind: 'user' | 'group';
  principal_id: string;
  granted_by: string;
  granted_at: string;
}

export interface CasesTable {
  id: string;
  title: string;
  summary: string;
  status: string;
  outcome: string | null;
  opened_at: string;
  opened_by: string;
  opened_by_name: string;
  opened_by_role: string;
  updated_at: string;
  updated_by: string;
  version: number;
}

/** A case's link to an incident or an evidence item, by id only. */
export interface CaseLinksTable {
  case_id: string;
  kind: string;
  target_id: string;
}

export interface CasePerpetratorsTable {
  id: string;
  case_id: string;
  position: number;
  name: string;
  kind: string;
  affiliation: string | null;
  role_or_rank: string | null;
  status: string;
}

export interface CaseQualificationsTable {
  case_id: string;
  position: number;
  ref: string;
  category: string;
  note: string | null;
}

export interface CaseStepsTable {
  id: string;
  case_id: string;
  from_status: string | null;
  status: string;
  occurred_on: string;
  /** JSON: the step's own fields. */
  details: string;
  /** JSON: the document or report the step rests on. */
  source: string | null;
  recorded_by: string;
  recorded_by_name: string;
  recorded_by_role: string;
  recorded_at: string;
}

export interface CasePerpetratorEventsTable {
  id: string;
  case_id: string;
  perpetrator_id: string;
  kind: string;
  occurred_on: string;
  /** JSON: the event's own fields. */
  details: string;
  recorded_by: string;
  recorded_by_name: string;
  recorded_by_role: string;
  recorded_at: string;
}

export interface EvidenceItemsTable {
  id: string;
  sha256: string;
  /** bigint: PostgreSQL returns it as a string. */
  size_bytes: ColumnType<number | string, number, number>;
  media_type: string;
  kind: string;
  original_name: string;
  description: string | null;
  source: string | null;
  location: string | null;
  uploader_ip: string | null;
  /** JSON: device and capture metadata read from the file. */
  capture: string;
  working_sha256: string | null;
  working_size_bytes: ColumnType<number | string | null, number | null, number | null>;
  working_note: string;
  received_by: string;
  received_by_name: string;
  received_at: string;
}

export interface EvidenceIncidentsTable {
  item_id: string;
  incident_id: string;
}

export interface EvidenceCustodyTable {
  id: string;
  item_id: string;
  kind: string;
  at: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  /** JSON: what happened (to whom, why, the result of a check). */
  details: string;
  ledger_seq: number;
  ledger_hash: string;
}

/** A protected site; geometry is GeoJSON text, the min/max columns the box its spatial index keeps. */
export interface ProtectedSitesTable {
  seq: Generated<number>;
  id: string;
  name: string;
  category: string;
  cultural_protection: string | null;
  geometry: string;
  lat: number;
  lon: number;
  radius_km: number;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  country: string | null;
  admin1: string | null;
  /** JSON array of protection bases. */
  protection_basis: string;
  status: string;
  source_dataset: string;
  source_external_id: string | null;
  source_description: string | null;
  source_url: string | null;
  notes: string | null;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface Admin1BoundariesTable {
  id: string;
  country: string;
  name: string;
  iso_code: string | null;
  source: string;
  geometry: string;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  imported_at: string;
  imported_by: string;
}

export interface ZonesTable {
  id: string;
  name: string;
  kind: string;
  geometry: string;
  width_km: number | null;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  valid_from: string;
  valid_to: string | null;
  /** JSON array of opening windows, or null: in force the whole validity. */
  schedule: string | null;
  /** JSON array of party names. */
  parties_bound: string;
  status: string;
  source_dataset: string;
  source_external_id: string | null;
  source_description: string | null;
  source_url: string | null;
  notes: string | null;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface AgreementsTable {
  id: string;
  name: string;
  kind: string;
  /** JSON arrays. */
  parties: string;
  signed_on: string | null;
  valid_from: string;
  valid_to: string | null;
  zone_ids: string;
  commitments: string;
  source_dataset: string;
  source_external_id: string | null;
  source_description: string | null;
  source_url: string | null;
  notes: string | null;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface DetectionsTable {
  id: string;
  kind: string;
  /** Unique: detection finds the same key again instead of adding a second row. */
  key: string;
  grade: string | null;
  site_id: string | null;
  zone_id: string | null;
  agreement_id: string | null;
  party: string | null;
  commitment: string | null;
  distance_km: number | null;
  summary: string;
  /** A site detection's evidence, JSON (SiteDetectionEvidence). */
  evidence: string | null;
  /** The span of the incidents' dates, for filtering by period. */
  date_earliest: string;
  date_latest: string;
  detected_at: string;
  updated_at: string;
  /** Set when a later run over its incident no longer finds it (the incident was edited); cleared if found again. */
  lapsed_at: string | null;
  status: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_reason: string | null;
}

export interface DetectionIncidentsTable {
  detection_id: string;
  incident_id: string;
}

/** Military expenditure by entity and year (SIPRI); a missing figure is null, the reasons in `flags` (JSON array). */
export interface MilexObservationsTable {
  entity: string;
  year: number;
  country: string | null;
  kind: string;
  region: string | null;
  subregion: string | null;
  constant_usd_m: number | null;
  current_usd_m: number | null;
  share_of_gdp: number | null;
  per_capita_usd: number | null;
  share_of_govt_spending: number | null;
  flags: string;
  price_base_year: number;
  /** Which release the row came from, as the importer named it (e.g. the file's name). */
  release: string;
  imported_at: string;
}

/** A UN peace operation at a place in a year (Geo-PKO): presence columns are 0/1 (aviation 0–2), null when not given. */
export interface PeaceOperationDeploymentsTable {
  mission: string;
  year: number;
  country: string;
  location: string;
  country_code: string | null;
  latitude: number | null;
  longitude: number | null;
  infantry: number | null;
  reserve: number | null;
  average_troops: number | null;
  troops_on_maps_min: number | null;
  troops_on_maps_max: number | null;
  hq_level: number | null;
  police: number | null;
  medical: number | null;
  aviation: number | null;
  observers: number | null;
  source_rows: number;
  release: string;
  imported_at: string;
}

/** A company of a year's SIPRI Top 100; `notes` is a JSON array of SIPRI's footnote letters. */
export interface ArmsCompaniesTable {
  year: number;
  company: string;
  rank: number;
  rank_previous: number | null;
  notes: string;
  country: string;
  country_code: string | null;
  arms_revenue_usd_m: number;
  arms_revenue_previous_usd_m: number | null;
  total_revenue_usd_m: number | null;
  arms_share_of_total: number | null;
  arms_revenue_previous_constant_usd_m: number | null;
  release: string;
  imported_at: string;
}

/** The capability register: a system's fields as JSON (the core's capability schema), versioned. */
export interface CapabilitiesTable {
  id: string;
  name: string;
  purpose: string;
  content: string;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** Force budgets: the budget as JSON (the core's budget schema), versioned; the name is unique. */
export interface BudgetsTable {
  id: string;
  name: string;
  force: string;
  currency: string;
  content: string;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** Rebalancing scenarios kept against a budget: the current version, its plan as JSON. */
export interface RebalancingScenariosTable {
  id: string;
  name: string;
  budget_id: string;
  content: string;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** Every version a scenario has had, whole (the current one too). */
export interface RebalancingScenarioVersionsTable {
  scenario_id: string;
  version: number;
  content: string;
  saved_at: string;
  saved_by: string;
  /** The username at the time of saving (the command line's operator is no user). */
  saved_by_name: string;
}

/**
 * The data of a superseded version of an incident, so an edit based on it can be merged (issue 18). `data` is the
 * public part as JSON; the sensitive part is sealed as in incident_sensitive (all five columns null when it names nobody).
 */
export interface IncidentVersionsTable {
  incident_seq: number;
  version: number;
  data: string;
  payload: string | null;
  iv: string | null;
  tag: string | null;
  wrapped_key: string | null;
  key_id: string | null;
  updated_at: string;
  updated_by: string;
  superseded_at: string;
}

/**
 * A field changed on both sides since the version an update was based on: held as it was, the three values kept until
 * a person resolves it. `payload` is JSON of { base, held, proposed, resolved } (absent members: the field was absent),
 * sealed when the path is under `sensitive` (then iv, tag, wrapped_key and key_id are set).
 */
export interface IncidentConflictsTable {
  id: string;
  incident_seq: number;
  path: string;
  sensitive: number;
  payload: string;
  iv: string | null;
  tag: string | null;
  wrapped_key: string | null;
  key_id: string | null;
  base_version: number | null;
  held_version: number;
  proposed_by: string;
  proposed_at: string;
  /** Where the update came from: 'edit' (an edit in Haven against an older version), an outbox, a sync peer. */
  origin: string;
  status: string;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution: string | null;
}

/** An instance this one syncs with, registered from its identity block (src/store/migrations/0025-sync-bundles.ts). */
export interface SyncPeersTable {
  name: string;
  instance_id: string;
  /** PEM (SPKI): Ed25519, signs the peer's bundles and its ledger. */
  signing_public_key: string;
  /** PEM (SPKI): X25519, bundles for the peer are encrypted to it. */
  receiving_public_key: string;
  added_by: string;
  added_at: string;
  /** The highest of this instance's bundles (by sequence) the peer is known to hold; 0: none yet (0029). */
  acknowledged_sequence: number;
}

/** Per peer and record: the data last exchanged, sealed like sensitive details (null payload for evidence). */
export interface SyncStateTable {
  peer_instance_id: string;
  record_type: string;
  record_id: string;
  /** `sent` or `received`. */
  direction: string;
  /** This instance's version of the record when it was exchanged. */
  local_version: number;
  /** SHA-256 of the canonical JSON of the data exchanged. */
  data_hash: string;
  bundle_id: string;
  exchanged_at: string;
  payload: string | null;
  iv: string | null;
  tag: string | null;
  wrapped_key: string | null;
  key_id: string | null;
  /** 1 when the peer is known to hold this data (received from it, or sent in a bundle it acknowledged). */
  acknowledged: number;
  /** Not acknowledged: the first of this instance's bundles (by sequence) that carried this very data. */
  sent_sequence: number | null;
  /** Not acknowledged: the last data the peer is known to hold, sealed like `payload` (null: none, or evidence). */
  base_payload: string | null;
  base_iv: string | null;
  base_tag: string | null;
  base_wrapped_key: string | null;
  base_key_id: string | null;
}

/** Every bundle exported or imported. */
export interface SyncBundlesTable {
  bundle_id: string;
  /** `exported` or `imported`. */
  direction: string;
  peer_instance_id: string;
  sha256: string;
  created_at: string;
  since: string | null;
  until: string;
  /** The last ledger entry of the exporter's chain the bundle carries (0: none yet). */
  ledger_to_seq: number;
  /** The bundle's number in the sender's series for the receiver (1, 2, 3 …; null before 0029). */
  sequence: number | null;
  /** The highest of the receiver's bundles the sender had imported when it made this one (null before 0029). */
  acknowledges: number | null;
  recorded_at: string;
  recorded_by: string;
  /** JSON: what the export wrote or the import did, record by record. */
  report: string;
}

/** The one bundle per peer sent over the network and not yet confirmed received: sent again until it is. */
export interface SyncUnconfirmedTable {
  peer_instance_id: string;
  bundle_id: string;
  /** The bundle's bytes, base64. */
  bundle: string;
  made_at: string;
}

/** A peer's ledger entry as received: its own chain, never merged into this instance's. */
export interface SyncForeignLedgerTable {
  origin_instance: string;
  seq: number;
  hash: string;
  prev_hash: string;
  /** JSON: the entry as published to this instance (payload only where the sender disclosed it). */
  entry: string;
  bundle_id: string;
  received_at: string;
}

/** A planning situation and its courses of action: the current version, as JSON (docs/courses-of-action.md). */
export interface PlanningSituationsTable {
  id: string;
  name: string;
  exercise: number;
  status: string;
  content: string;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** The commander's choice of a course of action: one per situation, sealed in the ledger. */
export interface PlanningChoicesTable {
  id: string;
  situation_id: string;
  coa_name: string;
  reasons: string;
  chosen_by: string;
  chosen_by_name: string;
  chosen_by_role: string;
  chosen_at: string;
  ledger_seq: number;
  /** The comparison's figures the choice was made on, as the ledger entry seals them. */
  snapshot: string;
}

/** The force requests a chosen course's force actions became, by the action's position in the course. */
export interface PlanningChoiceRequestsTable {
  choice_id: string;
  action_number: number;
  force_request_id: string;
}

/** A protective action planned, carried out or cancelled (docs/courses-of-action.md, the protective actions log). */
export interface ProtectiveActionsTable {
  id: string;
  kind: string;
  status: string;
  description: string;
  /** JSON: the point as given ({ lat, lon, precision }), or null when placed by its site or zone. */
  location: string | null;
  site_id: string | null;
  zone_id: string | null;
  lat: number;
  lon: number;
  precision: string;
  point_from: string;
  start_date: string | null;
  end_date: string | null;
  unit: string | null;
  result_note: string | null;
  exercise: number;
  situation_id: string | null;
  choice_id: string | null;
  coa_name: string | null;
  action_number: number | null;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** An exercise played from a shipped script, with its clock as it stands (docs/exercises.md). */
export interface ExercisesTable {
  id: string;
  script_id: string;
  title: string;
  run: number;
  status: string;
  speed: number;
  elapsed_ms: number;
  changed_at_wall_ms: number | null;
  version: number;
  created_by: string;
  created_by_name: string;
  created_by_role: string;
  created_at: string;
  updated_at: string;
}

/** Every change of an exercise's clock: the state right after it, so wall times map to exercise minutes. */
export interface ExerciseClockChangesTable {
  exercise_id: string;
  seq: number;
  action: string;
  run: number;
  status: string;
  speed: number;
  elapsed_ms: number;
  changed_at_wall_ms: number | null;
  by_user: string;
  at: string;
}

/** An inject released in a run of an exercise, once. */
export interface ExerciseReleasesTable {
  exercise_id: string;
  run: number;
  inject_id: string;
  released_at: string;
  released_at_wall_ms: number;
  at_minute: number;
}

/** A record play created (an incident, a force request), with the run and inject it came from. */
export interface ExerciseRecordsTable {
  exercise_id: string;
  run: number;
  inject_id: string | null;
  entity_type: string;
  entity_id: string;
}

/** What a player recorded besides the workflow: an action, or the outcome of a force request (JSON content). */
export interface ExerciseActionsTable {
  id: string;
  exercise_id: string;
  run: number;
  type: string;
  inject_id: string | null;
  force_request_id: string | null;
  role: string;
  by_user: string;
  by_name: string;
  at: string;
  at_minute: number;
  content: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_throttles: SignInThrottlesTable;
  api_tokens: ApiTokensTable;
  totp_factors: TotpFactorsTable;
  incidents: IncidentsTable;
  incident_themes: IncidentThemesTable;
  incident_categories: IncidentCategoriesTable;
  incident_actors: IncidentActorsTable;
  incident_casualties: IncidentCasualtiesTable;
  incident_sources: IncidentSourcesTable;
  incident_sensitive: IncidentSensitiveTable;
  verification_events: VerificationEventsTable;
  audit_log: AuditLogTable;
  import_jobs: ImportJobsTable;
  import_rejections: ImportRejectionsTable;
  force_requests: ForceRequestsTable;
  force_assessments: ForceAssessmentsTable;
  force_steps: ForceStepsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_keys: LedgerKeysTable;
  ledger_head: LedgerHeadTable;
  user_groups: UserGroupsTable;
  group_members: GroupMembersTable;
  record_restrictions: RecordRestrictionsTable;
  cases: CasesTable;
  case_links: CaseLinksTable;
  case_perpetrators: CasePerpetratorsTable;
  case_qualifications: CaseQualificationsTable;
  case_steps: CaseStepsTable;
  case_perpetrator_events: CasePerpetratorEventsTable;
  evidence_items: EvidenceItemsTable;
  evidence_incidents: EvidenceIncidentsTable;
  evidence_custody: EvidenceCustodyTable;
  protected_sites: ProtectedSitesTable;
  zones: ZonesTable;
  admin1_boundaries: Admin1BoundariesTable;
  agreements: AgreementsTable;
  detections: DetectionsTable;
  detection_incidents: DetectionIncidentsTable;
  milex_observations: MilexObservationsTable;
  capabilities: CapabilitiesTable;
  peace_operation_deployments: PeaceOperationDeploymentsTable;
  arms_companies: ArmsCompaniesTable;
  budgets: BudgetsTable;
  rebalancing_scenarios: RebalancingScenariosTable;
  rebalancing_scenario_versions: RebalancingScenarioVersionsTable;
  incident_versions: IncidentVersionsTable;
  incident_conflicts: IncidentConflictsTable;
  sync_peers: SyncPeersTable;
  sync_state: SyncStateTable;
  sync_bundles: SyncBundlesTable;
  sync_foreign_ledger: SyncForeignLedgerTable;
  sync_unconfirmed: SyncUnconfirmedTable;
  planning_situations: PlanningSituationsTable;
  planning_choices: PlanningChoicesTable;
  planning_choice_requests: PlanningChoiceRequestsTable;
  protective_actions: ProtectiveActionsTable;
  exercises: ExercisesTable;
  exercise_clock_changes: ExerciseClockChangesTable;
  exercise_releases: ExerciseReleasesTable;
  exercise_records: ExerciseRecordsTable;
  exercise_actions: ExerciseActionsTable;
}

export type DatabaseKind = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

/** Tables in dependency order: backup writes them in this order, restore loads them in it. */
export const TABLES_IN_ORDER = [
  'users',
  'sessions',
  'api_tokens',
  'totp_factors',
  'incidents',
  'incident_themes',
  'incident_categories',
  'incident_actors',
  'incident_casualties',
  'incident_sources',
  'incident_sensitive',
  'verification_events',
  'audit_log',
  'import_jobs',
  'import_rejections',
  'force_requests',
  'force_assessments',
  'force_steps',
  'ledger_keys',
  'ledger_entries',
  'ledger_head',
  'user_groups',
  'group_members',
  'record_restrictions',
  'cases',
  'case_links',
  'case_perpetrators',
  'case_qualifications',
  'case_steps',
  'case_perpetrator_events',
  'evidence_items',
  'evidence_incidents',
  'evidence_custody',
  'protected_sites',
  'zones',
  'admin1_boundaries',
  'agreements',
  'detections',
  'detection_incidents',
  'milex_observations',
  'capabilities',
  'peace_operation_deployments',
  'arms_companies',
  'budgets',
  'rebalancing_scenarios',
  'rebalancing_scenario_versions',
  'incident_versions',
  'incident_conflicts',
  'sync_peers',
  'sync_state',
  'sync_bundles',
  'sync_foreign_ledger',
  'sync_unconfirmed',
  'planning_situations',
  'planning_choices',
  'planning_choice_requests',
  'protective_actions',
  'exercises',
  'exercise_clock_changes',
  'exercise_releases',
  'exercise_records',
  'exercise_actions',
] as const satisfies readonly (keyof Database)[];

/** A unique index refused the row (SQLite's UNIQUE constraint, PostgreSQL's 23505). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(error.message);
}
