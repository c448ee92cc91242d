import type { Permission, Role } from '../core/access-control.js';
import type { EvidenceStore } from '../infrastructure/evidence-store.js';
import type { Store } from '../store/store.js';
import type { DetectionRegisterSource } from './detection.service.js';
import type { ProtectedSiteRegister } from './situation-context.service.js';
import type { CeasefireAdherenceSource } from './scorecard.service.js';
import type { LedgerSigningKey } from '../infrastructure/ledger-keys.js';

/** Who is acting: every use case takes one, and every write records it. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  /** Set when the actor authenticated with an API token: the permissions the token was narrowed to. */
  scopes?: readonly Permission[] | undefined;
}

/**
 * What use cases need from the outside world, passed in so tests can fix time and ids. Only types here: the context is
 * put together in src/composition/app-context.ts.
 */
export interface AppContext {
  store: Store;
  now(): Date;
  newId(): string;
  /** The key that signs ledger entries. */
  ledgerKey: LedgerSigningKey;
  /** The register of protected sites: the use-of-force engine reads the sites near a target. */
  protectedSites: ProtectedSiteRegister;
  /** The sites, zones and agreements detection compares incidents with (tests give fixed ones). */
  detectionRegisters: DetectionRegisterSource;
  /** Ceasefire adherence for the principles scorecard. */
  ceasefireAdherence: CeasefireAdherenceSource;
  /** Where evidence files are kept (data/evidence on disk unless told otherwise). */
  evidence: EvidenceStore;
  /** The largest evidence file accepted, in bytes (default 500 MB). */
  maxEvidenceBytes?: number;
}
