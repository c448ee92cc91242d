import { z } from 'zod';
import { ledgerEntrySchema } from '../ledger/hash-chain.js';
import { VERDICTS } from './assessment.js';
import { assessmentSchema } from './assessment.schema.js';
import { forceRequestSchema } from './force-request.schema.js';
import { missionRoeSchema } from './mission-roe.js';
import { REQUEST_STATUSES } from './request-workflow.js';

/** A force request as the API answers it, in the register's list and in full. */

export const forceStepSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  kind: z.string(),
  value: z.string(),
  reasons: z.string(),
  payload: z.unknown().describe('the step as it was sealed in the ledger: free-form by design (each kind of step records its own fields)'),
  actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  at: z.string(),
  /** The ledger entry that sealed the step. */
  ledgerSeq: z.number().int().nullable(),
});
export type ForceStep = z.output<typeof forceStepSchema>;

/** What a request stores: the request as submitted and the mission's rules of engagement it was assessed under. */
export const storedForcePayloadSchema = z.object({ request: forceRequestSchema, roe: missionRoeSchema.nullable() });
export type StoredForcePayload = z.output<typeof storedForcePayloadSchema>;

export const storedForceRequestSchema = z.object({
  id: z.string(),
  missionName: z.string(),
  purpose: z.string(),
  status: z.enum(REQUEST_STATUSES),
  emergency: z.boolean(),
  request: storedForcePayloadSchema,
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  ihlVerdict: z.enum(VERDICTS),
  hsVerdict: z.enum(VERDICTS),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type StoredForceRequest = z.output<typeof storedForceRequestSchema>;

export const forceRequestViewSchema = z.object({
  id: z.string(),
  status: z.enum(REQUEST_STATUSES),
  emergency: z.boolean(),
  missionName: z.string(),
  purpose: z.string(),
  request: forceRequestSchema,
  roe: missionRoeSchema.nullable(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  verdicts: z.object({ ihl: z.enum(VERDICTS), humanSecurity: z.enum(VERDICTS) }),
  version: z.number().int(),
  assessment: assessmentSchema,
  steps: z.array(forceStepSchema),
  ledger: z.array(ledgerEntrySchema),
});
export type ForceRequestView = z.output<typeof forceRequestViewSchema>;
