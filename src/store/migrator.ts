import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { DatabaseKind, Db } from './database.js';
import { incidentRegisterMigration } from './migrations/0001-incident-register.js';
import { importJobsMigration } from './migrations/0002-import-jobs.js';
import { rtreeWrittenByTheStoreMigration } from './migrations/0003-rtree-written-by-the-store.js';
import { forceRequestsAndLedgerMigration } from './migrations/0004-force-requests-and-ledger.js';
import { signInHardeningMigration } from './migrations/0005-sign-in-hardening.js';
import { sensitiveDataEncryptionMigration } from './migrations/0006-sensitive-data-encryption.js';
import { evidenceAndCustodyMigration } from './migrations/0007-evidence-and-custody.js';
import { accountabilityCasesMigration } from './migrations/0008-accountability-cases.js';
import { recordRestrictionsMigration } from './migrations/0009-record-restrictions.js';
import { protectedPlacesMigration } from './migrations/0010-protected-places.js';
import { detectionsMigration } from './migrations/0011-detections.js';
import { ledgerDigestsAndSignedHeadMigration } from './migrations/0012-ledger-digests-and-signed-head.js';
import { originEventTypeMigration } from './migrations/0013-origin-event-type.js';
import { importJobErrorCodeMigration } from './migrations/0014-import-job-error-code.js';
import { casualtyGroupsMigration } from './migrations/0015-casualty-groups.js';
import { siteDetectionEvidenceMigration } from './migrations/0016-site-detection-evidence.js';
import { userAdministrationMigration } from './migrations/0017-user-administration.js';
import { admin1BoundariesMigration } from './migrations/0018-admin1-boundaries.js';
import { militaryExpenditureMigration } from './migrations/0019-military-expenditure.js';
import { capabilityRegisterMigration } from './migrations/0020-capability-register.js';
import { budgetsAndScenariosMigration } from './migrations/0021-budgets-and-scenarios.js';
import { peaceOperationsAndArmsCompaniesMigration } from './migrations/0022-peace-operations-and-arms-companies.js';
import { incidentVersionsAndConflictsMigration } from './migrations/0023-incident-versions-and-conflicts.js';
import { syncBundlesMigration } from './migrations/0025-sync-bundles.js';
import { coursesOfActionMigration } from './migrations/0026-courses-of-action.js';
import { syncOverHttpsMigration } from './migrations/0027-sync-over-https.js';
import { exerciseRunsMigration } from './migrations/0028-exercise-runs.js';
import { syncAcknowledgementsMigration } from './migrations/0029-sync-acknowledgements.js';
import { protectiveActionsMigration } from './migrations/0030-protective-actions.js';

/** Versioned migrations, in order. Names sort; never edit one that has shipped, add the next. */
function migrationsFor(kind: DatabaseKind): Record<string, Migration> {
  return {
    '0001-incident-register': incidentRegisterMigration(kind),
    '0002-import-jobs': importJobsMigration(),
    '0003-rtree-written-by-the-store': rtreeWrittenByTheStoreMigration(kind),
    '0004-force-requests-and-ledger': forceRequestsAndLedgerMigration(),
    '0005-sign-in-hardening': signInHardeningMigration(),
    '0006-sensitive-data-encryption': sensitiveDataEncryptionMigration(),
    '0007-evidence-and-custody': evidenceAndCustodyMigration(),
    '0008-accountability-cases': accountabilityCasesMigration(),
    '0009-record-restrictions': recordRestrictionsMigration(),
    '0010-protected-places': protectedPlacesMigration(kind),
    '0011-detections': detectionsMigration(),
    '0012-ledger-digests-and-signed-head': ledgerDigestsAndSignedHeadMigration(),
    '0013-origin-event-type': originEventTypeMigration(),
    '0014-import-job-error-code': importJobErrorCodeMigration(),
    '0015-casualty-groups': casualtyGroupsMigration(kind),
    '0016-site-detection-evidence': siteDetectionEvidenceMigration(),
    '0017-user-administration': userAdministrationMigration(),
    '0018-admin1-boundaries': admin1BoundariesMigration(kind),
    '0019-military-expenditure': militaryExpenditureMigration(),
    '0020-capability-register': capabilityRegisterMigration(),
    '0021-budgets-and-scenarios': budgetsAndScenariosMigration(),
    '0022-peace-operations-and-arms-companies': peaceOperationsAndArmsCompaniesMigration(),
    '0023-incident-versions-and-conflicts': incidentVersionsAndConflictsMigration(),
    '0025-sync-bundles': syncBundlesMigration(),
    '0026-courses-of-action': coursesOfActionMigration(),
    '0027-sync-over-https': syncOverHttpsMigration(),
    '0028-exercise-runs': exerciseRunsMigration(),
    '0029-sync-acknowledgements': syncAcknowledgementsMigration(),
    '0030-protective-actions': protectiveActionsMigration(),
  };
}

const migratorOf = (db: Db, kind: DatabaseKind) =>
  new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(kind) },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });

export async function migrateToLatest(db: Db, kind: DatabaseKind): Promise<MigrationResultSet> {
  return checked(await migratorOf(db, kind).migrateToLatest());
}

/** Migrate to a named version (tests of an upgrade build a database as an older Haven left it). */
export async function migrateTo(db: Db, kind: DatabaseKind, name: string): Promise<MigrationResultSet> {
  return checked(await migratorOf(db, kind).migrateTo(name));
}

function checked(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${result.error instanceof Error ? result.error.message : JSON.stringify(result.error)}`, { cause: result.error });
  }
  return result;
}
