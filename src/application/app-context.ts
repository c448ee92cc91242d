import type { Permission, Role } from '../core/access-control.js';
import { DEFAULT_EVIDENCE_DIR, FileEvidenceStore, type EvidenceStore } from '../store/evidence-store.js';
import type { Store } from '../store/store.js';
import { detectionCeasefireAdherence, storeDetectionRegisters, type DetectionRegisterSource } from './detection.service.js';
import type { ProtectedSiteRegister } from './situation-context.service.js';
import type { CeasefireAdherenceSource } from './scorecard.service.js';
import { ephemeralSigningKey, loadOrCreateSigningKey, type LedgerSigningKey } from './ledger-keys.js';
import { timeOrderedId } from './time-ordered-id.js';
import { protectedSiteRegister } from './site.service.js';

/** Who is acting: every use case takes one, and every write records it. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  /** Set when the actor authenticated with an API token: the permissions the token was narrowed to. */
  scopes?: readonly Permission[] | undefined;
}

/** What use cases need from the outside world, passed in so tests can fix time and ids. */
export interface AppContext {
  store: Store;
  now(): Date;
  newId(): string;
  /** The key that signs ledger entries. */
  ledgerKey: LedgerSigningKey;
  /** The register of protected sites, once one is connected: the use-of-force engine reads the sites near a target. */
  protectedSites?: ProtectedSiteRegister;
  /** The sites, zones and agreements detection compares incidents with; without it, nothing is detected. */
  detectionRegisters?: DetectionRegisterSource;
  /** Ceasefire adherence for the principles scorecard, once ceasefire monitoring is connected (else: no data). */
  ceasefireAdherence?: CeasefireAdherenceSource;
  /** Where evidence files are kept (default: data/evidence on disk). */
  evidence?: EvidenceStore;
  /** The largest evidence file accepted, in bytes (default 500 MB). */
  maxEvidenceBytes?: number;
}

/** With no key file (tests, throwaway runs) the ledger is signed with a key that lives as long as the process. */
export function createAppContext(store: Store, options: { ledgerKeyFile?: string; ledgerKey?: LedgerSigningKey; evidenceDir?: string; maxEvidenceBytes?: number } = {}): AppContext {
  let key: LedgerSigningKey | undefined = options.ledgerKey;
  const ctx: AppContext = {
    store,
    protectedSites: protectedSiteRegister(store.sites),
    detectionRegisters: storeDetectionRegisters(store),
    evidence: new FileEvidenceStore(options.evidenceDir ?? DEFAULT_EVIDENCE_DIR),
    ...(options.maxEvidenceBytes && { maxEvidenceBytes: options.maxEvidenceBytes }),
    now: () => new Date(),
    newId: () => timeOrderedId(),
    // Loaded (or created) on first signature, so reading and verifying never touch the key file.
    get ledgerKey() {
      key ??= options.ledgerKeyFile ? loadOrCreateSigningKey(options.ledgerKeyFile) : ephemeralSigningKey();
      return key;
    },
  };
  ctx.ceasefireAdherence = detectionCeasefireAdherence(ctx);
  return ctx;
}
