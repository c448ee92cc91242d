import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type CliGlobals, operator, printOr } from '../cli-context.js';
import { createCapability, getCapability, listCapabilities } from '../../application/capability.service.js';
import type { CapabilityRecord } from '../../core/capabilities/capability-api.schema.js';
import { FRAMEWORK_LABELS } from '../../core/capabilities/capability-assessment.js';
import { DomainError } from '../../core/errors.js';

const VERDICTS = { cannot_be_permitted: 'cannot be permitted', needs_facts: 'needs facts', may_be_permitted_within_limits: 'may be permitted within limits' } as const;

/** One system as text: its verdict under human security, then every finding with its source. */
function assessmentText(record: CapabilityRecord): string[] {
  const { capability: c, assessment } = record;
  return [
    `${c.name} (${record.id}, version ${record.version}): ${c.purpose.replaceAll('_', ' ')}${c.isWeapon ? ', weapon' : ''} — human security: ${VERDICTS[assessment.humanSecurity]}`,
    ...assessment.findings.filter((f) => f.outcome !== 'not_applicable').map((f) => `  ${f.outcome.replaceAll('_', ' ')}\t${f.ruleId}\t${f.explanation}  [${FRAMEWORK_LABELS[f.framework]}; ${f.verification === 'V' ? 'text checked' : "Haven's rule or reading"}]`),
  ];
}

export function registerCapabilityCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const capabilities = program.command('capabilities').description('the capability register: systems, their autonomy and reviews, judged against the ICRC, DoD 3000.09, AP I Art. 36, NATO and human security');

  capabilities
    .command('add <file>')
    .description('add a system from a JSON file (its fields: docs/posture-and-spending.md) and print its assessment')
    .option('--json', 'print the API answer')
    .action(async (file: string, options: { json?: boolean }) => {
      let input: unknown;
      try {
        input = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new DomainError('validation_failed', `${file} is not a JSON capability record: ${error instanceof Error ? error.message : String(error)}`);
      }
      await inContext(async (ctx) => {
        const record = await createCapability(ctx, operator(), input);
        printOr(options.json, record, () => assessmentText(record));
      });
    });

  capabilities
    .command('list')
    .description('every system with its verdict under human security')
    .option('--json', 'print the API answer')
    .action(async (options: { json?: boolean }) => {
      await inContext(async (ctx) => {
        const list = await listCapabilities(ctx, operator());
        printOr(options.json, list, () => (list.items.length === 0 ? ['no system registered: add one with haven capabilities add <file.json>'] : list.items.map((r) => `${r.id}\t${r.capability.name}\t${r.capability.purpose}\t${VERDICTS[r.assessment.humanSecurity]}`)));
      });
    });

  capabilities
    .command('assess <id>')
    .description("a system's findings, each with its source")
    .option('--json', 'print the API answer')
    .action(async (id: string, options: { json?: boolean }) => {
      await inContext(async (ctx) => {
        const record = await getCapability(ctx, operator(), id);
        printOr(options.json, record, () => assessmentText(record));
      });
    });
}
