import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { VERDICTS } from '../../../src/core/use-of-force/assessment.js';
import { capabilitySchema } from '../../../src/core/capabilities/capability.schema.js';
import { forceRequestSchema } from '../../../src/core/use-of-force/force-request.schema.js';
import { missionRoeSchema } from '../../../src/core/use-of-force/mission-roe.js';
import { registeredSystemOf } from '../../../src/core/use-of-force/registered-system.js';

/** The scenario files of test/fixtures/use-of-force, checked for shape as they load so a typo fails loudly. */
const DIRECTORY = new URL('../../fixtures/use-of-force/', import.meta.url);

const byColumn = z.object({ ihl: z.array(z.string()), humanSecurity: z.array(z.string()) }).strict();

const scenarioSchema = z
  .object({
    name: z.string().min(3),
    /** One line: the case or rule the scenario follows. */
    source: z.string().min(3),
    request: forceRequestSchema,
    roe: missionRoeSchema.optional(),
    /** The capability register's record of the system the request names, as the application would hand it over. */
    system: z.object({ id: z.string(), version: z.number().int().min(1), capability: capabilitySchema }).strict().transform(registeredSystemOf).optional(),
    expect: z
      .object({
        ihl: z.enum(VERDICTS),
        humanSecurity: z.enum(VERDICTS),
        paradigm: z.object({ ihl: z.enum(['conduct_of_hostilities', 'law_enforcement', 'undetermined']) }).optional(),
        fired: byColumn,
        notFired: byColumn.optional(),
        missingFacts: byColumn.optional(),
        /** Where the request's own entries differ from the register's (paths), when it names a system. */
        differences: z.array(z.string()).optional(),
      })
      .strict(),
  })
  .strict();

export type Scenario = z.output<typeof scenarioSchema> & { file: string };

export function loadScenarios(): Scenario[] {
  return readdirSync(DIRECTORY)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const raw: unknown = JSON.parse(readFileSync(new URL(file, DIRECTORY), 'utf8'));
      const parsed = scenarioSchema.safeParse(raw);
      if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
      return { ...parsed.data, file };
    });
}
