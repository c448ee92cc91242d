import { AuditRepository } from './audit.repository.js';
import { connect, type Connection } from './connect.js';
import { EvidenceRepository } from './evidence.repository.js';
import { ImportJobRepository } from './import-job.repository.js';
import { IncidentRepository } from './incident.repository.js';
import { LedgerRepository } from './ledger.repository.js';
import { ForceRequestRepository } from './force-request.repository.js';
import { migrateToLatest } from './migrator.js';
import { PostgresIncidentBulkWriter } from './postgres-incident-bulk-writer.js';
import { SqliteIncidentBulkWriter } from './sqlite-incident-bulk-writer.js';
import { SessionRepository } from './session.repository.js';
import { UserRepository } from './user.repository.js';

/** One database and its repositories: the only door the application has to storage. */
export interface Store {
  readonly connection: Connection;
  readonly incidents: IncidentRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly audit: AuditRepository;
  readonly importJobs: ImportJobRepository;
  readonly forceRequests: ForceRequestRepository;
  readonly ledger: LedgerRepository;
  readonly evidence: EvidenceRepository;
}

export async function openStore(url: string, options: { migrate?: boolean } = {}): Promise<Store> {
  const connection = connect(url);
  try {
    if (options.migrate ?? true) await migrateToLatest(connection.db, connection.kind);
  } catch (error) {
    await connection.close();
    throw error;
  }
  return {
    connection,
    incidents: new IncidentRepository(
      connection.kind,
      connection.sqlite ? new SqliteIncidentBulkWriter(connection.sqlite) : new PostgresIncidentBulkWriter(),
    ),
    users: new UserRepository(),
    sessions: new SessionRepository(),
    audit: new AuditRepository(connection.sqlite),
    importJobs: new ImportJobRepository(),
    forceRequests: new ForceRequestRepository(),
    ledger: new LedgerRepository(connection.kind),
    evidence: new EvidenceRepository(),
  };
}
