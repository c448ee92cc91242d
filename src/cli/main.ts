#!/usr/bin/env node
import { Command } from 'commander';
import { globalsOf, havenVersion, reportError } from './cli-context.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerCaseCommands } from './commands/cases.js';
import { registerBackupCommands, registerDatabaseCommands } from './commands/database.js';
import { registerDemoCommands } from './commands/demo.js';
import { registerDetectionCommands } from './commands/detections.js';
import { registerEvidenceCommands } from './commands/evidence.js';
import { registerForceCommands } from './commands/force.js';
import { registerCoaCommands } from './commands/coa.js';
import { registerExerciseCommands } from './commands/exercise.js';
import { registerIncidentCommands } from './commands/incidents.js';
import { registerInterchangeCommands } from './commands/interchange.js';
import { registerKeyCommands } from './commands/keys.js';
import { registerLedgerCommands } from './commands/ledger.js';
import { registerMonitorCommands } from './commands/monitor.js';
import { registerPlaceCommands } from './commands/places.js';
import { registerBoundaryCommands } from './commands/boundaries.js';
import { registerReportCommands } from './commands/reports.js';
import { registerServeCommands } from './commands/serve.js';
import { registerSpendingCommands } from './commands/spending.js';
import { registerCapabilityCommands } from './commands/capabilities.js';
import { registerPostureCommands } from './commands/posture.js';
import { registerUserCommands } from './commands/users.js';
import { registerSyncCommands } from './commands/sync.js';

const program = new Command('haven')
  .description('Haven: a human security operations platform')
  .version(havenVersion(), '-V, --version', 'print the version of Haven')
  .option('-d, --database <url>', 'SQLite file or postgres:// URL (env HAVEN_DATABASE_URL)')
  .option('--ledger-key <file>', 'the ledger signing key file (env HAVEN_LEDGER_KEY_FILE; default data/ledger-key.pem)')
  .option('--master-key <file>', 'the master key file for sensitive details (env HAVEN_MASTER_KEY_FILE; default data/master-key; HAVEN_MASTER_KEY overrides)')
  .option('--evidence-dir <dir>', 'where evidence files are kept (env HAVEN_EVIDENCE_DIR; default data/evidence)')
  .showHelpAfterError();
const cli = globalsOf(program);

// In the order `haven --help` lists them.
registerServeCommands(program, cli);
registerDatabaseCommands(program, cli);
registerUserCommands(program, cli);
registerIncidentCommands(program, cli);
registerBackupCommands(program, cli);
registerDemoCommands(program, cli);
registerInterchangeCommands(program, cli);
registerForceCommands(program, cli);
registerCoaCommands(program, cli);
registerExerciseCommands(program, cli);
registerEvidenceCommands(program, cli);
registerLedgerCommands(program, cli);
registerCaseCommands(program, cli);
registerAuditCommands(program, cli);
registerReportCommands(program, cli);
registerMonitorCommands(program, cli);
registerDetectionCommands(program, cli);
registerPlaceCommands(program, cli);
registerBoundaryCommands(program, cli);
registerKeyCommands(program, cli);
registerSpendingCommands(program, cli);
registerCapabilityCommands(program, cli);
registerPostureCommands(program, cli);
registerSyncCommands(program, cli);

program.parseAsync(process.argv).catch(reportError);
