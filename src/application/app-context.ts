import type { Permission, Role } from '../core/access-control.js';
import type { EvidenceStore } from '../infrastructure/evidence-store.js';
import type { Store } from '../store/store.js';
import type { CeasefireAdherence } from '../core/analytics/scorecard.js';
import type { DetectionAgreement, DetectionSite, DetectionZone } from '../core/detection/detection-inputs.js';
import type { NearbySite } from '../core/use-of-force/situation-context.js';
import type { Db } from '../store/database.js';
import type { LedgerSigningKey } from '../infrastructure/ledger-keys.js';
import type { SyncReceivingKey } from '../infrastructure/sync-keys.js';

/** Who is acting: every use case takes one, and every write records it. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  /** Set when the actor authenticated with an API token: the permissions the token was narrowed to. */
  scopes?: readonly Permission[] | undefined;
  /** Set when the API token was made for a sync peer: that peer's instance id (the token serves the sync routes only). */
  syncPeer?: string | undefined;
}

/**
 * The seam for the register of protected sites (hospitals, schools, shelters …) the use-of-force engine reads near a
 * target.
 */
export interface ProtectedSiteRegister {
  near(db: Db, point: { lat: number; lon: number }, radiusKm: number): Promise<NearbySite[]>;
}

/** What detection compares incidents with: the place registers as they stand. */
export interface DetectionRegisters {
  sites: readonly DetectionSite[];
  zones: readonly DetectionZone[];
  agreements: readonly DetectionAgreement[];
}

/**
 * The seam to the place registers: a cheap fingerprint that changes whenever a site, zone or agreement is added,
 * changed or removed, and the registers themselves.
 */
export interface DetectionRegisterSource {
  fingerprint(db: Db): Promise<string>;
  load(db: Db): Promise<DetectionRegisters>;
}

/** Where the scorecard reads ceasefire adherence: detections of ceasefire violations against the agreements in force. */
export interface CeasefireAdherenceSource {
  /** undefined when nothing is known for the area and period. */
  adherence(query: { country?: string | undefined; from: string; to: string }, actor: Actor): Promise<CeasefireAdherence | undefined>;
}

/**
 * What use cases need from the outside world, passed in so tests can fix time and ids. Only types here: the context is
 * put together in src/composition/app-context.ts.
 */
export interface AppContext {
  store: Store;
  now(): Date;
  newId(): string;
  /** The key that signs ledger entries: also the instance's signing identity towards other instances. */
  ledgerKey: LedgerSigningKey;
  /** The instance's X25519 key: sync bundles from other instances are encrypted to it. */
  syncKey: SyncReceivingKey;
  /** The instance's name for people (HAVEN_INSTANCE_NAME, else the host's name). */
  instanceName: string;
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
