import { z } from 'zod';
import { idParamsSchema, itemListSchema } from '../api-contract.schema.js';
import { CASE_OUTCOMES, CASE_STATUSES, REFERRAL_BODIES } from './case-workflow.js';
import { LEGAL_QUALIFICATION_IDS, legalQualificationSchema, QUALIFICATION_CATEGORIES } from './legal-qualifications.js';

const text = (max: number) => z.string().trim().min(1, 'required').max(max);
// Null is accepted as absent, so a case read from the API can be sent back as it is.
const optionalText = (max: number) => z.string().trim().max(max).nullish();
const isoDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });
const uuidList = z
  .array(z.uuid())
  .max(500)
  .default([])
  .refine((ids) => new Set(ids).size === ids.length, 'lists an id twice');

export const PERPETRATOR_KINDS = ['person', 'unit'] as const;
/** Where an alleged perpetrator is, as far as the case knows; events (arrest, escape, death) change it. */
export const PERPETRATOR_STATUSES = ['unknown', 'at_large', 'in_custody', 'released', 'deceased'] as const;
export type PerpetratorStatus = (typeof PERPETRATOR_STATUSES)[number];

export const perpetratorInputSchema = z.object({
  /** Present when editing a perpetrator already on the case; absent for a new one. */
  id: z.uuid().optional(),
  name: text(300),
  kind: z.enum(PERPETRATOR_KINDS),
  affiliation: optionalText(300),
  roleOrRank: optionalText(300),
  status: z.enum(PERPETRATOR_STATUSES).default('unknown'),
});
export type PerpetratorInput = z.infer<typeof perpetratorInputSchema>;

export const qualificationInputSchema = z.object({
  ref: z.enum(LEGAL_QUALIFICATION_IDS, { error: 'must be an entry of the legal-qualification catalogue' }),
  note: optionalText(2000),
});

const caseFields = {
  title: text(300),
  summary: z.string().trim().max(20_000).default(''),
  incidentIds: uuidList,
  evidenceIds: uuidList,
  perpetrators: z.array(perpetratorInputSchema).max(200).default([]),
  qualifications: z
    .array(qualificationInputSchema)
    .max(100)
    .default([])
    .refine((qs) => new Set(qs.map((q) => q.ref)).size === qs.length, 'lists a qualification twice'),
};

export const caseInputSchema = z.object(caseFields);
export type CaseInput = z.infer<typeof caseInputSchema>;

export const caseUpdateSchema = z.object({ ...caseFields, expectedVersion: z.number().int().min(1) });
export type CaseUpdate = z.infer<typeof caseUpdateSchema>;

/** What a step rests on: the document or report, and where to find it. */
export const sourceSchema = z.object({
  title: text(500),
  reference: optionalText(500),
  url: z.url().max(2000).optional(),
});
export type StepSource = z.infer<typeof sourceSchema>;

const stepBase = {
  date: isoDate,
  source: sourceSchema,
  note: optionalText(5000),
  expectedVersion: z.number().int().min(1),
};

/** A status step; what it carries depends on the status it moves to. */
export const caseStepInputSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('referred'), ...stepBase, referredTo: z.object({ body: z.enum(REFERRAL_BODIES), name: text(300) }) }),
  z.object({ status: z.literal('warrant'), ...stepBase, issuedBy: text(300), warrantReference: optionalText(300) }),
  z.object({ status: z.literal('arrested'), ...stepBase, by: text(300), place: optionalText(300) }),
  z.object({ status: z.literal('tried'), ...stepBase, court: text(300) }),
  z.object({ status: z.literal('outcome'), ...stepBase, outcome: z.enum(CASE_OUTCOMES), detail: optionalText(5000) }),
  z.object({ status: z.literal('closed_without_action'), ...stepBase, reason: text(5000) }),
  // Not a step anyone takes (a case opens as documented); here so a request for it is refused by the workflow.
  z.object({ status: z.literal('documented'), ...stepBase }),
]);
export type CaseStepInput = z.infer<typeof caseStepInputSchema>;

export const PERPETRATOR_EVENT_KINDS = ['arrested', 'killed', 'surrendered', 'escaped', 'released'] as const;
export type PerpetratorEventKind = (typeof PERPETRATOR_EVENT_KINDS)[number];

const eventBase = {
  date: isoDate,
  note: optionalText(5000),
  source: sourceSchema.optional(),
  /** Optional: an event only appends, but a client that names the version it saw is told when it is stale. */
  expectedVersion: z.number().int().min(1).optional(),
};

/** What happened to an alleged perpetrator (a person): arrests and killings recorded as such. */
export const perpetratorEventInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('arrested'), ...eventBase, by: text(300), place: text(300) }),
  z.object({
    kind: z.literal('killed'),
    ...eventBase,
    by: text(300),
    circumstances: text(5000),
    incidentId: z.uuid().optional(),
    forceRequestId: z.uuid().optional(),
  }),
  z.object({ kind: z.literal('surrendered'), ...eventBase, by: text(300), place: optionalText(300) }),
  z.object({ kind: z.literal('escaped'), ...eventBase, place: optionalText(300) }),
  z.object({ kind: z.literal('released'), ...eventBase, by: text(300), reason: optionalText(2000) }),
]);
export type PerpetratorEventInput = z.infer<typeof perpetratorEventInputSchema>;

/** Where a person is after an event. */
export const STATUS_AFTER_EVENT: Record<PerpetratorEventKind, PerpetratorStatus> = {
  arrested: 'in_custody',
  surrendered: 'in_custody',
  killed: 'deceased',
  escaped: 'at_large',
  released: 'released',
};

export const caseFilterSchema = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  category: z.enum(QUALIFICATION_CATEGORIES).optional(),
  incidentId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type CaseFilter = z.infer<typeof caseFilterSchema>;

export const periodSchema = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: 'from must not be after to', path: ['to'] });

// What the API answers: one schema per shape, the types derived from them.

export const recordedBySchema = z.object({ id: z.string(), name: z.string(), role: z.string() });
export type RecordedBy = z.output<typeof recordedBySchema>;

/**
 * The fields of a step or event of its own kind (by whom, place, circumstances, referred to whom, …), stored as they
 * were entered: their shape is the input schema's for that status or kind, so here they are a plain record.
 */
const ownFields = z.record(z.string(), z.unknown());

export const perpetratorEventSchema = z.object({
  id: z.string(),
  perpetratorId: z.string(),
  kind: z.enum(PERPETRATOR_EVENT_KINDS),
  date: z.string(),
  /** The event's own fields (by whom, place, circumstances, linked incident or force request). */
  details: ownFields,
  recordedBy: recordedBySchema,
  recordedAt: z.string(),
});
export type PerpetratorEvent = z.output<typeof perpetratorEventSchema>;

export const casePerpetratorSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PERPETRATOR_KINDS),
  affiliation: z.string().nullable(),
  roleOrRank: z.string().nullable(),
  status: z.enum(PERPETRATOR_STATUSES),
  events: z.array(perpetratorEventSchema),
});
export type CasePerpetrator = z.output<typeof casePerpetratorSchema>;

export const caseQualificationSchema = z.object({
  ref: z.string(),
  category: z.enum(QUALIFICATION_CATEGORIES),
  article: z.string(),
  title: z.string(),
  verification: z.enum(['V', 'M']),
  note: z.string().nullable(),
});
export type CaseQualification = z.output<typeof caseQualificationSchema>;

export const caseStepSchema = z.object({
  id: z.string(),
  from: z.enum(CASE_STATUSES).nullable(),
  status: z.enum(CASE_STATUSES),
  date: z.string(),
  /** The step's own fields (referred to whom, warrant issued by, outcome, reason for closing). */
  details: ownFields,
  source: sourceSchema.nullable(),
  recordedBy: recordedBySchema,
  recordedAt: z.string(),
});
export type CaseStep = z.output<typeof caseStepSchema>;

export const caseSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(CASE_STATUSES),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  categories: z.array(z.enum(QUALIFICATION_CATEGORIES)),
  incidentCount: z.number().int(),
  perpetratorCount: z.number().int(),
  openedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type CaseSummary = z.output<typeof caseSummarySchema>;
/** GET /cases */
export const caseListSchema = itemListSchema(caseSummarySchema);
export type CaseList = z.output<typeof caseListSchema>;
/** GET /legal-qualifications */
export const legalQualificationListSchema = itemListSchema(legalQualificationSchema);
export type LegalQualificationList = z.output<typeof legalQualificationListSchema>;

/** The routes' paths: a case, and one of its perpetrators. */
export const caseParamsSchema = idParamsSchema('a case');
export const perpetratorParamsSchema = caseParamsSchema.extend({ pid: z.uuid({ error: 'must be a perpetrator id (UUID)' }) });

/**
 * How a case shows a record it links: `shown`, with what the reader may read of it; `restricted`, linked but not the
 * reader's to read (their role does not read evidence): the id only, never its title; `missing`, no such record (an
 * evidence id given when the case was opened that names no stored item). A link to a record restricted to named
 * readers is not listed at all for anyone else, as it is left out of `incidentIds` and `evidenceIds`.
 */
export const LINKED_RECORD_STATES = ['shown', 'restricted', 'missing'] as const;
export type LinkedRecordState = (typeof LINKED_RECORD_STATES)[number];

/** A linked incident: its title, when (earliest and latest day), where, the type of violence and the people killed. */
export const linkedIncidentSchema = z.object({
  id: z.string(),
  state: z.enum(LINKED_RECORD_STATES),
  title: z.string().nullable(),
  dateEarliest: z.string().nullable(),
  dateLatest: z.string().nullable(),
  country: z.string().nullable(),
  /** The place name, else the second then the first administrative level. */
  place: z.string().nullable(),
  violenceType: z.string().nullable(),
  killedBest: z.number().int().nullable(),
});
export type LinkedIncident = z.output<typeof linkedIncidentSchema>;

/** A linked evidence item: its file name as its title, its kind, when it was received, and an incident it was received for. */
export const linkedEvidenceSchema = z.object({
  id: z.string(),
  state: z.enum(LINKED_RECORD_STATES),
  title: z.string().nullable(),
  kind: z.string().nullable(),
  description: z.string().nullable(),
  receivedAt: z.string().nullable(),
  /** An incident the reader may see that the item was received for: the app shows the item's custody there. */
  incidentId: z.string().nullable(),
});
export type LinkedEvidence = z.output<typeof linkedEvidenceSchema>;

export const caseDetailSchema = caseSummarySchema.extend({
  summary: z.string(),
  incidentIds: z.array(z.string()),
  evidenceIds: z.array(z.string()),
  /** The same links as `incidentIds` and `evidenceIds`, in their order, with what the reader may read of each record. */
  linkedIncidents: z.array(linkedIncidentSchema),
  linkedEvidence: z.array(linkedEvidenceSchema),
  perpetrators: z.array(casePerpetratorSchema),
  qualifications: z.array(caseQualificationSchema),
  steps: z.array(caseStepSchema),
  openedBy: recordedBySchema,
});
export type CaseDetail = z.output<typeof caseDetailSchema>;

export const arrestsVersusKillingsSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  arrested: z.number().int(),
  surrendered: z.number().int(),
  killed: z.number().int(),
  escaped: z.number().int(),
  released: z.number().int(),
  /** Suspects taken alive (arrested or surrendered) out of those taken alive or killed; null when there were none. */
  takenAliveShare: z.number().nullable(),
});
export type ArrestsVersusKillings = z.output<typeof arrestsVersusKillingsSchema>;
