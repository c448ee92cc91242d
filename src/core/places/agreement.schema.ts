import { z } from 'zod';
import { idParamsSchema, itemListSchema } from '../api-contract.schema.js';
import { expectedVersionSchema, isoDay, optionalNotes, placeSourceSchema, withoutUndefined } from './place-source.js';

export const AGREEMENT_KINDS = ['ceasefire', 'local_peace_agreement', 'humanitarian_pause', 'other'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export const COMMITMENT_CODES = ['cessation_of_hostilities', 'heavy_weapons_withdrawal', 'humanitarian_access', 'prisoner_exchange', 'other'] as const;
export type CommitmentCode = (typeof COMMITMENT_CODES)[number];

const commitmentSchema = z.object({
  code: z.enum(COMMITMENT_CODES, { error: `must be one of ${COMMITMENT_CODES.join(', ')}` }),
  description: z.string({ error: 'say what the parties committed to' }).trim().min(1, 'say what the parties committed to').max(5000),
  /** For a withdrawal: how far back the weapons must go. */
  distanceKm: z.number({ error: 'must be a distance in km' }).positive('must be more than 0 km').max(1000).optional(),
});

const agreementShape = z.object({
  name: z.string({ error: 'an agreement needs a name' }).trim().min(1, 'an agreement needs a name').max(500),
  kind: z.enum(AGREEMENT_KINDS, { error: `must be one of ${AGREEMENT_KINDS.join(', ')}` }),
  parties: z
    .array(z.string().trim().min(1, 'a party needs a name').max(300))
    .min(1, 'an agreement binds at least one party')
    .max(50)
    .refine((parties) => new Set(parties).size === parties.length, 'names a party twice'),
  signedOn: isoDay.optional(),
  validFrom: isoDay,
  validTo: isoDay.optional(),
  /** The zones it applies in; empty: everywhere the parties fight. */
  zoneIds: z
    .array(z.uuid({ error: 'must be zone ids (UUID)' }))
    .max(500)
    .default([])
    .refine((ids) => new Set(ids).size === ids.length, 'lists a zone twice'),
  commitments: z.array(commitmentSchema).max(100).default([]),
  source: placeSourceSchema,
  notes: optionalNotes,
});

type AgreementShape = z.output<typeof agreementShape>;

function checkDates(a: Pick<AgreementShape, 'validFrom' | 'validTo'>, ctx: z.RefinementCtx): void {
  if (a.validFrom && a.validTo && a.validTo < a.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: `must not be before validFrom (${a.validFrom})` });
}

export const agreementInputSchema = agreementShape.superRefine(checkDates);
export type AgreementInput = z.input<typeof agreementInputSchema>;
export type AgreementData = z.output<typeof agreementInputSchema>;

export const agreementUpdateSchema = agreementShape.extend({ version: expectedVersionSchema }).superRefine(checkDates);

export type Commitment = z.output<typeof commitmentSchema>;

/** An agreement in the register, as the API answers it. */
export const agreementSchema = agreementShape.extend({ id: z.string(), version: z.number().int(), createdAt: z.string(), updatedAt: z.string() });
/** GET /agreements: oldest first; `activeOn` keeps those in force that day. */
export const agreementFilterSchema = z.object({ activeOn: isoDay.optional() });
export const agreementListSchema = itemListSchema(agreementSchema);
export type AgreementList = z.output<typeof agreementListSchema>;
export const agreementParamsSchema = idParamsSchema('an agreement');
export type Agreement = z.output<typeof agreementSchema>;

export type AgreementContent = Omit<Agreement, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

export function agreementContentOf(data: AgreementData): AgreementContent {
  return withoutUndefined({
    name: data.name,
    kind: data.kind,
    parties: data.parties,
    signedOn: data.signedOn,
    validFrom: data.validFrom,
    validTo: data.validTo,
    zoneIds: data.zoneIds,
    commitments: data.commitments.map((c) => withoutUndefined(c)),
    source: withoutUndefined(data.source),
    notes: data.notes || undefined,
  });
}

/** Whether the agreement's validity covers the day (YYYY-MM-DD; both ends inclusive). */
export function agreementValidOn(agreement: Pick<Agreement, 'validFrom' | 'validTo'>, day: string): boolean {
  return agreement.validFrom <= day && (agreement.validTo === undefined || day <= agreement.validTo);
}
