import { z } from 'zod';
import { fileAnswerSchema } from '../api-contract.schema.js';
import { instanceNameSchema, SYNC_OUTCOMES } from './bundle.js';

/** The API of sync over HTTPS (src/api/routes/sync.routes.ts): the same bundles as on a USB stick, over the network. */

export const SYNC_BUNDLE_MEDIA_TYPE = 'application/octet-stream';

export const syncPullQuerySchema = z.object({
  /** Only for a caller without a token made for a peer: the peer to make the bundle for. */
  peer: instanceNameSchema.optional(),
  since: z.literal('last', { error: "over HTTPS the only cursor is 'last': the server keeps it per peer" }).optional(),
});

export const syncBundleParamsSchema = z.object({ id: z.uuid({ error: 'must be a bundle id (a UUID)' }) });
export const syncAckQuerySchema = z.object({ peer: instanceNameSchema.optional() });

/** The body of a push: the bundle's bytes, exactly as `haven sync export` writes them (a Node Buffer is a Uint8Array). */
export const syncBundleBodySchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array && value.length > 0, { error: `send the bundle itself as the body, with content-type ${SYNC_BUNDLE_MEDIA_TYPE}` });

export const syncBundleFileSchema = fileAnswerSchema(SYNC_BUNDLE_MEDIA_TYPE, 'a signed and encrypted sync bundle for the calling peer; x-haven-bundle-resent: true when it is the one sent before and not yet acknowledged');

export const syncAckSchema = z.object({ bundleId: z.string(), alreadyAcknowledged: z.boolean() });

const recordResultSchema = z.object({
  type: z.enum(['incident', 'evidence']),
  id: z.string(),
  outcome: z.enum(SYNC_OUTCOMES),
  reason: z.string().optional(),
  fields: z.array(z.string()).optional(),
});
const chainPointSchema = z.object({ seq: z.number(), hash: z.string() });

/** What the receiving instance did with a pushed bundle (as `haven sync import` prints it). */
export const syncImportReportSchema = z.object({
  bundleId: z.string(),
  sha256: z.string(),
  from: z.object({ name: z.string(), instanceId: z.string() }),
  createdAt: z.string(),
  sequence: z.number(),
  alreadyImported: z.boolean(),
  superseded: z.boolean(),
  missing: z.object({ first: z.number(), last: z.number() }).nullable(),
  counts: z.object(Object.fromEntries(SYNC_OUTCOMES.map((o) => [o, z.number()])) as Record<(typeof SYNC_OUTCOMES)[number], z.ZodNumber>),
  records: z.array(recordResultSchema),
  ledger: z.object({ received: z.number(), appended: z.number(), senderHead: chainPointSchema.nullable() }),
  crossReference: chainPointSchema.nullable(),
});
export type SyncImportReport = z.output<typeof syncImportReportSchema>;

/** The other instance's end of the exchange over HTTPS (implemented by src/infrastructure/sync-http-client.ts). */
export interface SyncTransport {
  /** GET: the bundle the other instance has for this one; `resent` when it is one sent before and not acknowledged. */
  pull(): Promise<{ bundle: Uint8Array; resent: boolean }>;
  /** POST …/ack: this instance has imported it. */
  acknowledge(bundleId: string): Promise<void>;
  /** POST: the other instance imports it and answers its report. */
  push(bundle: Uint8Array): Promise<SyncImportReport>;
}
