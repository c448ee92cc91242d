import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { VERDICTS } from '../../../src/core/use-of-force/assessment.js';
import { forceRequestSchema } from '../../../src/core/use-of-force/force-request.schema.js';
import { missionRoeSchema } from '../../../src/core/use-of-force/mission-roe.js';

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
    expect: z
      .object({
        ihl: z.enum(VERDICTS),
        humanSecurity: z.enum(VERDICTS),
        paradigm: z.object({ ihl: z.enum(['conduct_of_hostilities', 'law_enforcement', 'undetermined']) }).optional(),
        fired: byColumn,
        notFired: byColumn.optional(),
        missingFacts: byColumn.optional(),
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
