import { z } from 'zod';
import { estimateSchema } from '../incident.schema.js';
import { PARADIGMS, REGIMES, RULE_SETS, VERDICTS, type Assessment } from './assessment.js';
import { JUDGEMENT_KINDS, judgementSchema } from './force-request.schema.js';
import { registeredSystemSchema } from './registered-system.js';

/**
 * The engine's assessment as the API answers it. The engine builds it from the interfaces in assessment.ts (rules and
 * traces are code, not data read from outside); this schema describes the same value for the contract, and the check
 * at the end of the file fails to compile when the two part.
 */

const citationSchema = z.object({ quote: z.string(), at: z.string(), url: z.string() });
const exceptionNoteSchema = z.object({ id: z.string(), statement: z.string(), accepted: z.boolean(), reason: z.string() });
const judged = { facts: z.array(z.string()), exception: exceptionNoteSchema.optional(), judgement: judgementSchema.optional() };

export const ruleFindingSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('not_applicable'), reason: z.string() }),
  z.object({ outcome: z.literal('satisfied'), reason: z.string(), ...judged }),
  z.object({ outcome: z.literal('prohibits'), reason: z.string(), ...judged }),
  z.object({ outcome: z.literal('condition'), reason: z.string(), condition: z.string(), ...judged }),
  z.object({ outcome: z.literal('needs_fact'), reason: z.string(), missing: z.array(z.string()) }),
  z.object({ outcome: z.literal('needs_judgement'), reason: z.string(), judgement: z.enum(JUDGEMENT_KINDS) }),
]);

export const traceEntrySchema = z.object({
  ruleId: z.string(),
  ruleSet: z.enum(RULE_SETS),
  source: z.string(),
  statement: z.string(),
  verification: z.enum(['V', 'M']),
  quotes: z.array(citationSchema).readonly().optional(),
  unchecked: z.string().optional(),
  finding: ruleFindingSchema,
  floor: z.boolean().optional(),
});

export const regimeAssessmentSchema = z.object({
  regime: z.enum(REGIMES),
  label: z.string(),
  paradigm: z.union([z.enum(PARADIGMS), z.literal('undetermined')]),
  paradigmReason: z.string(),
  verdict: z.enum(VERDICTS),
  conditions: z.array(z.string()),
  missingFacts: z.array(z.string()),
  requiredJudgements: z.array(z.enum(JUDGEMENT_KINDS)),
  decisiveRules: z.array(z.string()),
  trace: z.array(traceEntrySchema),
});

export const situationContextSchema = z.object({
  asOf: z.string(),
  radiusKm: z.number(),
  sinceDays: z.number(),
  recentIncidents: z.object({
    count: z.number().int(),
    killed: estimateSchema,
    civilianKilled: estimateSchema,
    childrenKilledOrInjured: z.number().int(),
    nearest: z.array(z.object({ id: z.string(), title: z.string(), date: z.string(), distanceKm: z.number(), killedBest: z.number() })),
  }),
  protectedSites: z.object({ available: z.boolean(), sites: z.array(z.object({ id: z.string(), name: z.string(), category: z.string(), distanceKm: z.number() })) }),
});

export const assessmentSchema = z.object({
  engineVersion: z.string(),
  ruleSets: z.array(z.object({ id: z.enum(RULE_SETS), version: z.string(), date: z.string(), title: z.string() })),
  ihl: regimeAssessmentSchema,
  humanSecurity: regimeAssessmentSchema,
  divergence: z.array(z.string()),
  situationContext: situationContextSchema.nullable(),
  registeredSystem: registeredSystemSchema.nullable().optional(),
  expectedDeaths: z.object({ low: z.number(), best: z.number(), high: z.number(), known: z.boolean(), toRecord: z.array(z.string()).optional() }),
  judgementsUsed: z.array(judgementSchema),
  notice: z.string(),
});

// Fails to compile when the engine's type and the schema part (each must be assignable to the other).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const inStep: Same<Assessment, z.output<typeof assessmentSchema>> = true;
void inStep;
