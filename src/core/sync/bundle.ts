import { z } from 'zod';
import { signedHeadSchema } from '../ledger/hash-chain.js';

/**
 * A sync bundle: the changes one Haven instance sends another (a field office to headquarters and back), on a USB
 * stick across an air gap or over HTTPS. On disk it is one file (src/infrastructure/sync-bundle-crypto.ts):
 *
 *   header (JSON, readable)  — who sent it to whom, when, which span of changes, how many of each
 *   body (encrypted)         — the changes below and the evidence files they name, gzipped, AES-256-GCM under a key
 *                               agreed with the recipient's X25519 key (only the recipient can read it)
 *   signature                — Ed25519 by the sender's instance key over the header and the encrypted body
 *
 * The body carries, per incident, the data proposed AND its base (the version last exchanged between the two
 * instances), so the receiver merges field by field under the same rules as an offline edit: a change only one side
 * made is taken, a field both changed differently is a conflict for a person. Evidence entries name their files by
 * SHA-256; the receiver re-hashes every file. The sender's ledger entries travel as they are (payloads only where
 * the exporting user may read them): the receiver keeps them as the sender's own chain, never rewritten.
 */

export const BUNDLE_FORMAT = 'haven-sync-bundle';
/** 2: bundles are numbered per recipient and carry the sender's acknowledgement of the recipient's bundles. */
export const BUNDLE_FORMAT_VERSION = 2;
export const BUNDLE_ENCRYPTION = 'X25519-HKDF-SHA256-AES-256-GCM';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex');
const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time' });
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
export const instanceIdSchema = z.string().regex(/^haven-[0-9a-f]{32}$/, 'must be a Haven instance id (haven- and 32 hex digits)');
/** A peer's (or this instance's) name for people: a lower-case slug. */
export const instanceNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, dot, dash or underscore');

export const bundleCountsSchema = z.object({
  incidents: z.number().int().min(0),
  evidence: z.number().int().min(0),
  files: z.number().int().min(0),
  ledgerEntries: z.number().int().min(0),
});
export type BundleCounts = z.output<typeof bundleCountsSchema>;

export const bundleHeaderSchema = z.object({
  format: z.literal(BUNDLE_FORMAT, { error: `is not ${BUNDLE_FORMAT}: this is not a Haven sync bundle` }),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION, { error: `must be ${BUNDLE_FORMAT_VERSION}: the bundle was made by a Haven this one cannot read` }),
  bundleId: z.uuid(),
  from: z.object({ instanceId: instanceIdSchema, name: instanceNameSchema }),
  to: z.object({ instanceId: instanceIdSchema }),
  createdAt: isoTime,
  /** The exporter's cursor: changes after `since` (null: from the beginning) up to `until`. */
  since: isoTime.nullable(),
  until: isoTime,
  /** The bundle's number in the sender's series for this recipient: 1, 2, 3 … (a gap is a bundle that never arrived). */
  sequence: z.number().int().min(1),
  /**
   * The sender's acknowledgement: the highest number of the recipient's bundles it had imported when it made this one
   * (0: none). The recipient then knows what its bundles carried has arrived; until then it sends it again.
   */
  acknowledges: z.number().int().min(0),
  counts: bundleCountsSchema,
  encryption: z.object({
    algorithm: z.literal(BUNDLE_ENCRYPTION),
    /** The sender's one-time X25519 public key (raw, 32 bytes), for the key agreement with the recipient's key. */
    ephemeralPublicKey: base64,
    /** The AES-256-GCM nonce (12 bytes). */
    iv: base64,
  }),
});
export type BundleHeader = z.output<typeof bundleHeaderSchema>;
/** The header as the exporter writes it, before encryption adds its parameters. */
export type UnsealedBundleHeader = Omit<BundleHeader, 'encryption'>;

/**
 * One incident's change. `base` is the data both instances last held in common (null when the recipient has never
 * been sent or sent this incident); `proposed` is the data as the sender holds it now. Both are full incident data
 * (what `incidentInputSchema` accepts) and are validated record by record on import, so one bad record is refused
 * alone.
 */
export const incidentChangeSchema = z.object({
  id: z.uuid(),
  /** The sender's version number of `proposed`. */
  version: z.number().int().min(1),
  base: z.unknown().nullable(),
  proposed: z.unknown(),
});
export type IncidentChange = z.output<typeof incidentChangeSchema>;

/** An evidence item: its metadata, and its files (original and working copy) named by hash. */
export const evidenceChangeSchema = z.object({
  id: z.uuid(),
  sha256: sha256Hex,
  sizeBytes: z.number().int().min(1),
  mediaType: z.string().min(1).max(200),
  originalName: z.string().min(1).max(300),
  description: z.string().nullable(),
  source: z.string().nullable(),
  location: z.string().nullable(),
  capture: z.record(z.string(), z.unknown()),
  working: z.object({ sha256: sha256Hex, sizeBytes: z.number().int().min(0) }).nullable(),
  workingNote: z.string(),
  receivedAt: z.string(),
  receivedBy: z.string(),
  incidentIds: z.array(z.uuid()),
});
export type EvidenceChange = z.output<typeof evidenceChangeSchema>;

/** A ledger entry as the sender published it (its kind free: a newer sender may know kinds this instance does not). */
export const foreignLedgerEntrySchema = z.object({
  v: z.union([z.literal(1), z.literal(2)]),
  seq: z.number().int().min(1),
  at: z.string(),
  kind: z.string().min(1),
  subjectId: z.string(),
  actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  payloadDigest: sha256Hex.nullable(),
  prevHash: sha256Hex,
  hash: sha256Hex,
  signature: z.string(),
  keyId: z.string(),
  disclosure: z.object({ payload: z.unknown(), salt: z.string().optional() }).optional(),
});
export type ForeignLedgerEntry = z.output<typeof foreignLedgerEntrySchema>;

export const bundleLedgerSchema = z.object({
  /** The public keys the sender's ledger is signed with (vouched for by the bundle's own signature). */
  publicKeys: z.record(z.string(), z.string()),
  /** A consecutive run of the sender's entries, oldest first (empty when there is nothing new). */
  entries: z.array(foreignLedgerEntrySchema),
  /** The sender's signed head when the bundle was made. */
  head: signedHeadSchema.nullable(),
});

/** The files inside the body, in order: the importer re-hashes each against its manifest line. */
export const bundleFileSchema = z.object({ sha256: sha256Hex, sizeBytes: z.number().int().min(0) });

export const bundleChangesSchema = z.object({
  /** False when the exporting user could not read sensitive details: none travel, and the receiver keeps its own. */
  sensitiveIncluded: z.boolean(),
  incidents: z.array(incidentChangeSchema),
  evidence: z.array(evidenceChangeSchema),
  files: z.array(bundleFileSchema),
  ledger: bundleLedgerSchema,
});
export type BundleChanges = z.output<typeof bundleChangesSchema>;

/** The counts a header states, taken from the changes, so the two cannot disagree. */
export function countsOf(changes: BundleChanges): BundleCounts {
  return { incidents: changes.incidents.length, evidence: changes.evidence.length, files: changes.files.length, ledgerEntries: changes.ledger.entries.length };
}

/** What an import did with each record, as its report lists it. */
export const SYNC_OUTCOMES = ['created', 'merged', 'unchanged', 'conflict', 'refused'] as const;
export type SyncOutcome = (typeof SYNC_OUTCOMES)[number];
