import type { MigrationResult } from 'kysely';
import { z } from 'zod';
import { plainIssueMessage } from '../core/plain-issue-messages.js';
import type { AppContext } from '../application/app-context.js';
import { ceasefireAdherenceFor, storeDetectionRegisters } from '../application/detection.service.js';
import { ephemeralSigningKey, loadOrCreateSigningKey, type LedgerSigningKey } from '../infrastructure/ledger-keys.js';
import { ephemeralReceivingKey, instanceNameOf, loadOrCreateReceivingKey, type SyncReceivingKey } from '../infrastructure/sync-keys.js';
import { protectedSiteRegister } from '../application/site.service.js';
import { timeOrderedId } from '../application/time-ordered-id.js';
import { connect } from '../store/connect.js';
import { DEFAULT_EVIDENCE_DIR, FileEvidenceStore } from '../infrastructure/evidence-store.js';
import { migrateToLatest } from '../store/migrator.js';
import { openStore, type Store, type StoreOptions } from '../store/store.js';

// Every edge that composes Haven (the HTTP API, the shell) reports zod's problems in plain words.
z.config({ customError: plainIssueMessage });

/**
 * The composition root: the one place that knows which store, key files and evidence directory the use cases run
 * on. The edges (API server, command line) and the tests open Haven here; the use cases see only `AppContext`.
 */
export interface AppContextOptions {
  ledgerKeyFile?: string;
  ledgerKey?: LedgerSigningKey;
  /** The X25519 key file for receiving sync bundles (created on first use); without it, a key for this process only. */
  syncKeyFile?: string;
  /** The instance's name for people; default HAVEN_INSTANCE_NAME, else the host's name. */
  instanceName?: string;
  evidenceDir?: string;
  maxEvidenceBytes?: number;
}

/** With no key file (tests, throwaway runs) the ledger is signed with a key that lives as long as the process. */
export function createAppContext(store: Store, options: AppContextOptions = {}): AppContext {
  let key: LedgerSigningKey | undefined = options.ledgerKey;
  let syncKey: SyncReceivingKey | undefined;
  const ctx: AppContext = {
    store,
    protectedSites: protectedSiteRegister(store.sites),
    detectionRegisters: storeDetectionRegisters(store),
    // Read from the stored detections, through the context itself (so a test that swaps the registers sees its own).
    ceasefireAdherence: { adherence: (query, actor) => ceasefireAdherenceFor(ctx, actor, query) },
    evidence: new FileEvidenceStore(options.evidenceDir ?? DEFAULT_EVIDENCE_DIR),
    ...(options.maxEvidenceBytes && { maxEvidenceBytes: options.maxEvidenceBytes }),
    now: () => new Date(),
    newId: () => timeOrderedId(),
    // Loaded (or created) on first signature, so reading and verifying never touch the key file.
    get ledgerKey() {
      key ??= options.ledgerKeyFile ? loadOrCreateSigningKey(options.ledgerKeyFile) : ephemeralSigningKey();
      return key;
    },
    get syncKey() {
      syncKey ??= options.syncKeyFile ? loadOrCreateReceivingKey(options.syncKeyFile) : ephemeralReceivingKey();
      return syncKey;
    },
    instanceName: options.instanceName ?? instanceNameOf(),
  };
  return ctx;
}

/** Haven opened on a database: the context, where the database is (for people), and how to close it. */
export interface OpenedApp {
  ctx: AppContext;
  location: string;
  close(): Promise<void>;
}

export async function openAppContext(databaseUrl: string, options: AppContextOptions & Pick<StoreOptions, 'masterKeys'> = {}): Promise<OpenedApp> {
  const { masterKeys, ...contextOptions } = options;
  const store = await openStore(databaseUrl, masterKeys ? { masterKeys } : {});
  return { ctx: createAppContext(store, contextOptions), location: store.connection.location, close: () => store.connection.close() };
}

/** Bring a database's schema up to date; the migrations applied, in order (none when it was up to date). */
export async function migrateDatabase(databaseUrl: string): Promise<MigrationResult[]> {
  const connection = connect(databaseUrl);
  try {
    return (await migrateToLatest(connection.db, connection.kind)).results ?? [];
  } finally {
    await connection.close();
  }
}
