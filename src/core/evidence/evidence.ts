import { z } from 'zod';
import { fileAnswerSchema, idParamsSchema } from '../api-contract.schema.js';
import { verificationResultSchema } from '../ledger/hash-chain.js';

/**
 * Evidence items and their chain of custody (Tella, eyeWitness to Atrocities, the Berkeley Protocol): a SHA-256 and
 * metadata taken on arrival, the original preserved as received, working copies kept apart, and every access, copy,
 * transfer and verification recorded.
 */

/** What may be received, by the type sniffed from the content (never the name or the declared type). */
export const EVIDENCE_MEDIA_TYPES = {
  'image/jpeg': 'photo',
  'image/png': 'photo',
  'image/gif': 'photo',
  'image/webp': 'photo',
  'image/heic': 'photo',
  'image/heif': 'photo',
  'image/tiff': 'photo',
  'video/mp4': 'video',
  'video/quicktime': 'video',
  'video/webm': 'video',
  'video/x-matroska': 'video',
  'video/3gpp': 'video',
  'audio/mpeg': 'audio',
  'audio/mp4': 'audio',
  'audio/x-m4a': 'audio',
  'audio/aac': 'audio',
  'audio/ogg': 'audio',
  'audio/opus': 'audio',
  'audio/wav': 'audio',
  'audio/x-wav': 'audio',
  'audio/flac': 'audio',
  'audio/x-flac': 'audio',
  'audio/amr': 'audio',
  'application/pdf': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'document',
  'application/vnd.oasis.opendocument.text': 'document',
  'application/vnd.oasis.opendocument.spreadsheet': 'document',
  'text/plain': 'document',
} as const satisfies Record<string, string>;
export type EvidenceMediaType = keyof typeof EVIDENCE_MEDIA_TYPES;
export type EvidenceKind = (typeof EVIDENCE_MEDIA_TYPES)[EvidenceMediaType];

export function isAcceptedMediaType(type: string): type is EvidenceMediaType {
  return Object.hasOwn(EVIDENCE_MEDIA_TYPES, type);
}

export const DEFAULT_MAX_EVIDENCE_BYTES = 500 * 1024 ** 2;

/**
 * A file name as a label only, never a path: the last path component, without control characters or characters that
 * are unsafe in a header or on a file system, at most 200 characters.
 */
export function sanitiseFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}"<>:|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 200);
  return cleaned || 'unnamed';
}

/** ASCII stand-in for the `filename=` of a Content-Disposition; the exact name goes in `filename*`. */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/**
 * `captured` comes first for a file hashed on the device that recorded it (the browser's outbox): the hash taken at
 * capture, sealed on arrival once the server's own hash matched it.
 */
export const CUSTODY_EVENT_KINDS = ['captured', 'received', 'accessed', 'copied', 'transferred', 'verified'] as const;
export type CustodyEventKind = (typeof CUSTODY_EVENT_KINDS)[number];

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

/** The form fields sent with an upload, besides the file. */
export const evidenceUploadFieldsSchema = z.object({
  incidentIds: z.array(z.uuid({ error: 'must be an incident id (UUID)' })).max(50).default([]),
  description: optionalText(2000),
  /** Who or what the file came from, as the uploader states it (a witness, a partner, a device). */
  source: optionalText(500),
  /** Where it was obtained or captured, as stated. */
  location: optionalText(500),
  /**
   * The id the sending device chose (a UUID): the same file sent again after a cut connection is recognised and not
   * received twice. It becomes the item's id.
   */
  clientId: optionalText(36).pipe(z.uuid({ error: 'a client-chosen id must be a UUID' }).optional()),
  /** The SHA-256 the device took when the file was captured; the file is refused if it no longer has it on arrival. */
  capturedSha256: optionalText(64)
    .transform((v) => v?.toLowerCase())
    .pipe(z.string().regex(SHA256_PATTERN, 'must be a SHA-256 in hex (64 characters)').optional()),
  /** When the device captured it, by the device's clock (a claim, kept as such: the server's own times are its ledger's). */
  capturedAt: optionalText(40).pipe(z.iso.datetime({ offset: true, error: 'must be a date and time with its offset (ISO 8601), e.g. 2024-03-05T14:30:00Z' }).optional()),
}).superRefine((fields, issues) => {
  if (fields.capturedAt && !fields.capturedSha256) {
    issues.addIssue({ code: 'custom', path: ['capturedAt'], message: 'a capture time needs the hash taken at capture: send capturedSha256 with it' });
  }
});
export type EvidenceUploadFields = z.infer<typeof evidenceUploadFieldsSchema>;

export const transferSchema = z.object({
  toPerson: z.string().trim().min(1, 'say who receives the item').max(200),
  toOrganisation: z.string().trim().max(200).optional(),
  reason: z.string().trim().min(3, 'give the reason for the transfer').max(2000),
});
export type TransferInput = z.infer<typeof transferSchema>;

/** Device and capture details read from a file's EXIF, kept in the item's metadata (and removed from working copies). */
export const captureMetadataSchema = z.object({
  make: z.string().optional(),
  model: z.string().optional(),
  software: z.string().optional(),
  capturedAt: z.string().optional(),
  gps: z.object({ lat: z.number(), lon: z.number(), altitude: z.number().optional() }).optional(),
  /** Every other readable tag, as plain values. */
  tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type CaptureMetadata = z.output<typeof captureMetadataSchema>;

// What the API answers: one schema per shape, the types derived from them.

export const EVIDENCE_COPIES = ['original', 'working'] as const;
export type EvidenceCopy = (typeof EVIDENCE_COPIES)[number];

export const custodyEventSchema = z.object({
  id: z.string(),
  kind: z.enum(CUSTODY_EVENT_KINDS),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  /** What the event records, by kind (who received a transfer and why, which copy was read, what a check found): free-form by design. */
  details: z.record(z.string(), z.unknown()),
  ledger: z.object({ seq: z.number().int(), hash: z.string() }),
});
export type CustodyEvent = z.output<typeof custodyEventSchema>;

export const evidenceItemSchema = z.object({
  id: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  mediaType: z.string(),
  kind: z.string(),
  originalName: z.string(),
  description: z.string().nullable(),
  source: z.string().nullable(),
  location: z.string().nullable(),
  uploaderIp: z.string().nullable(),
  capture: captureMetadataSchema,
  workingCopy: z.object({ sha256: z.string(), sizeBytes: z.number().int() }).nullable(),
  workingNote: z.string(),
  receivedBy: z.object({ id: z.string(), name: z.string() }),
  receivedAt: z.string(),
  incidentIds: z.array(z.string()),
});
export type EvidenceItem = z.output<typeof evidenceItemSchema>;

/** An item with its chain of custody. */
export const evidenceDetailSchema = evidenceItemSchema.extend({ custody: z.array(custodyEventSchema) });

/** GET /evidence: every item, or one incident's; `q` finds items by text (a picker's search), `limit` bounds the answer. */
export const evidenceQuerySchema = z.object({
  incidentId: z.uuid({ error: 'must be an incident id (UUID)' }).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('text in the file name, description, source or location (case-insensitive)'),
  limit: z.coerce.number().int().min(1).max(1000).default(1000).describe('at most this many items (1000 unless told)'),
});
export type EvidenceQuery = z.infer<typeof evidenceQuerySchema>;
export const evidenceListSchema = z.array(evidenceItemSchema);
export const evidenceParamsSchema = idParamsSchema('an evidence item');
/** GET /evidence/:id/original and /working: the file in the media type it was received as (Content-Type says which). */
export const evidenceFileSchema = fileAnswerSchema('*/*', 'the file, in its own media type; X-Evidence-SHA256 carries its hash');
/** GET /evidence/:id/custody-report */
export const custodyReportPageSchema = fileAnswerSchema('text/html', 'a printable chain-of-custody report');

export const fileProblemSchema = z.object({
  itemId: z.string(),
  originalName: z.string(),
  copy: z.enum(EVIDENCE_COPIES),
  expectedSha256: z.string(),
  problem: z.enum(['missing', 'altered']),
  actualSha256: z.string().optional(),
});
export type FileProblem = z.output<typeof fileProblemSchema>;

export const evidenceVerificationSchema = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  items: z.number().int(),
  intact: z.number().int(),
  files: z.array(fileProblemSchema),
  custody: z.object({
    events: z.number().int(),
    /** Custody rows whose ledger entry is missing or does not match them. */
    notInLedger: z.array(z.object({ itemId: z.string(), kind: z.string(), ledgerSeq: z.number().int(), reason: z.string() })),
    /** Evidence entries in the ledger whose custody row is gone. */
    missingFromCustody: z.array(z.object({ itemId: z.string(), kind: z.string(), ledgerSeq: z.number().int() })),
  }),
  ledger: verificationResultSchema,
  /** Whether the ledger still ends where its signed head says: custody events removed from its end are caught here. */
  ledgerHead: z.object({ ok: z.boolean(), reason: z.string().nullable() }),
});
export type EvidenceVerification = z.output<typeof evidenceVerificationSchema>;
