import { AgreementRepository } from './agreement.repository.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AuditRepository } from './audit.repository.js';
import { CaseRepository } from './case.repository.js';
import { connect, type Connection } from './connect.js';
import { DetectionRepository } from './detection.repository.js';
import { EvidenceRepository } from './evidence.repository.js';
import { ImportJobRepository } from './import-job.repository.js';
import { ephemeralKeyring, envelopeCipher, type MasterKeyring } from './sensitive-envelope.js';
import { IncidentRepository, SensitiveKeyStore } from './incident.repository.js';
import { IncidentHistoryRepository } from './incident-history.repository.js';
import { LedgerRepository } from './ledger.repository.js';
import { ForceRequestRepository } from './force-request.repository.js';
import { MilitaryExpenditureRepository } from './military-expenditure.repository.js';
import { PeaceOperationRepository } from './peace-operation.repository.js';
import { PlanningSituationRepository } from './planning-situation.repository.js';
import { ExerciseRepository } from './exercise.repository.js';
import { ArmsCompanyRepository } from './arms-company.repository.js';
import { CapabilityRepository } from './capability.repository.js';
import { BudgetRepository, RebalancingScenarioRepository } from './budget.repository.js';
import { migrateToLatest } from './migrator.js';
import { PostgresIncidentBulkWriter } from './postgres-incident-bulk-writer.js';
import { SqliteIncidentBulkWriter } from './sqlite-incident-bulk-writer.js';
import { RestrictionRepository } from './restriction.repository.js';
import { ProtectedSiteRepository } from './site.repository.js';
import { ZoneRepository } from './zone.repository.js';
import { Admin1Repository } from './admin1.repository.js';
import { SessionRepository } from './session.repository.js';
import { ApiTokenRepository, SignInThrottleRepository, TotpRepository } from './sign-in.repository.js';
import { UserRepository } from './user.repository.js';
import { SyncRepository } from './sync.repository.js';

/** One database and its repositories: the only door the application has to storage. */
export interface Store {
  readonly connection: Connection;
  readonly incidents: IncidentRepository;
  /** Superseded versions of incidents, and the conflicts left by updates made against older versions. */
  readonly incidentHistory: IncidentHistoryRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly signInThrottles: SignInThrottleRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly totp: TotpRepository;
  readonly audit: AuditRepository;
  readonly importJobs: ImportJobRepository;
  readonly forceRequests: ForceRequestRepository;
  readonly ledger: LedgerRepository;
  readonly restrictions: RestrictionRepository;
  readonly cases: CaseRepository;
  /** The sensitive rows as key rotation sees them. */
  readonly sensitiveKeys: SensitiveKeyStore;
  readonly evidence: EvidenceRepository;
  readonly detections: DetectionRepository;
  readonly sites: ProtectedSiteRepository;
  readonly zones: ZoneRepository;
  /** First-level administrative boundaries, for the maps. */
  readonly admin1: Admin1Repository;
  readonly agreements: AgreementRepository;
  /** Monitoring reads: grouped counts, weekly series per area, points for hexagonal binning. */
  readonly analytics: AnalyticsRepository;
  /** Military expenditure by country and year (SIPRI). */
  readonly militaryExpenditure: MilitaryExpenditureRepository;
  /** UN peace operations' deployments by mission, year and place (Geo-PKO). */
  readonly peaceOperations: PeaceOperationRepository;
  /** The SIPRI Top 100 arms-producing companies, by year. */
  readonly armsCompanies: ArmsCompanyRepository;
  /** The capability register: systems, their autonomy and reviews. */
  readonly capabilities: CapabilityRepository;
  /** Force budgets, by year, line, NATO category and purpose class. */
  readonly budgets: BudgetRepository;
  /** Rebalancing scenarios kept against a budget, with every version saved. */
  readonly scenarios: RebalancingScenarioRepository;
  /** Other instances this one syncs with, what was exchanged with them, and their ledger chains. */
  readonly sync: SyncRepository;
  /** Planning situations, their courses of action and the commander's choice. */
  readonly planning: PlanningSituationRepository;
  /** Exercises played from shipped scripts: their clocks, releases and what play recorded. */
  readonly exercises: ExerciseRepository;
}

export interface StoreOptions {
  migrate?: boolean;
  /**
   * The master keys that wrap sensitive details' data keys, asked for only when a record is sealed or opened. Without
   * it, a key that lives as long as the process (tests, throwaway runs).
   */
  masterKeys?: () => MasterKeyring;
}

export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const connection = connect(url);
  try {
    if (options.migrate ?? true) await migrateToLatest(connection.db, connection.kind);
  } catch (error) {
    await connection.close();
    throw error;
  }
  const cipher = envelopeCipher(options.masterKeys ?? ephemeralKeyring);
  const incidentHistory = new IncidentHistoryRepository(cipher);
  const incidents = new IncidentRepository(connection.kind, connection.sqlite ? new SqliteIncidentBulkWriter(connection.sqlite) : new PostgresIncidentBulkWriter(), cipher, incidentHistory);
  return {
    connection,
    incidents,
    incidentHistory,
    users: new UserRepository(),
    sessions: new SessionRepository(),
    signInThrottles: new SignInThrottleRepository(),
    apiTokens: new ApiTokenRepository(),
    totp: new TotpRepository(cipher),
    audit: new AuditRepository(connection.sqlite),
    importJobs: new ImportJobRepository(),
    forceRequests: new ForceRequestRepository(),
    ledger: new LedgerRepository(connection.kind),
    restrictions: new RestrictionRepository(),
    cases: new CaseRepository(),
    sensitiveKeys: new SensitiveKeyStore(),
    evidence: new EvidenceRepository(),
    detections: new DetectionRepository(),
    sites: new ProtectedSiteRepository(connection.kind),
    zones: new ZoneRepository(),
    admin1: new Admin1Repository(),
    agreements: new AgreementRepository(),
    analytics: new AnalyticsRepository(connection.kind, incidents),
    militaryExpenditure: new MilitaryExpenditureRepository(),
    peaceOperations: new PeaceOperationRepository(),
    armsCompanies: new ArmsCompanyRepository(),
    capabilities: new CapabilityRepository(),
    budgets: new BudgetRepository(),
    scenarios: new RebalancingScenarioRepository(),
    sync: new SyncRepository(cipher),
    planning: new PlanningSituationRepository(),
    exercises: new ExerciseRepository(),
  };
}
