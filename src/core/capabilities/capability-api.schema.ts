import { z } from 'zod';
import { CAPABILITY_FRAMEWORKS } from './capability-assessment.js';
import { capabilitySchema } from './capability.schema.js';

/** The contract of /capabilities: the register of systems and each one's assessment. */

export const capabilityAssessmentSchema = z.object({
  findings: z.array(
    z.object({
      framework: z.enum(CAPABILITY_FRAMEWORKS),
      ruleId: z.string(),
      source: z.string(),
      verification: z.enum(['V', 'M']),
      quote: z.object({ text: z.string(), at: z.string(), url: z.string().optional() }).optional(),
      outcome: z.enum(['ruled_out', 'unmet', 'met', 'needs_fact', 'not_applicable']),
      explanation: z.string(),
      facts: z.array(z.string()),
    }),
  ),
  humanSecurity: z.enum(['cannot_be_permitted', 'needs_facts', 'may_be_permitted_within_limits']),
  reasons: z.array(z.string()),
});

export const capabilityRecordSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  capability: capabilitySchema,
  assessment: capabilityAssessmentSchema,
});
export type CapabilityRecord = z.output<typeof capabilityRecordSchema>;

export const capabilityListSchema = z.object({ items: z.array(capabilityRecordSchema) });

/** PUT /capabilities/:id: the whole record again, and the version it was read at (409 when stale). */
export const capabilityUpdateSchema = z.object({ version: z.number({ error: 'must be the version you edited' }).int().min(1), capability: capabilitySchema });
export const capabilityParamsSchema = z.object({ id: z.string().min(1).max(100) });
