import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { type CliGlobals, databaseUrl, operator, readJsonInput } from '../cli-context.js';
import { assessRequest, previewAssessment, submissionNeedsRegister } from '../../application/force-request.service.js';
import { explainAssessment } from '../../core/use-of-force/explain.js';
import type { Assessment } from '../../core/use-of-force/assessment.js';

export function registerForceCommands(program: Command, cli: CliGlobals): void {
  program
    .command('assess <file>')
    .description(
      "assess a proposed use of force (a JSON file, or - for standard input; format in docs/use-of-force.md) under IHL and human-security rules; prints both verdicts and the trace. With a location, what the register holds about the place (as of the request's time) is brought to bear",
    )
    .option('--json', 'print the whole assessment as JSON')
    .option('--no-register', "assess on the request's own facts, without reading the register")
    .action(async (file: string, options: { json?: boolean; register: boolean }) => {
      const input = await readJsonInput(file);
      // A bare request, or { request, roe } as the API takes it.
      const submission = input && typeof input === 'object' && 'request' in input ? input : { request: input };
      const assessment = await assessFromCli(cli, submission, options.register);
      console.log(options.json ? JSON.stringify(assessment, null, 2) : explainAssessment(assessment));
    });
}

/**
 * `haven assess` reads the register as the API's preview does when the request gives a location or names a registered
 * system and a database is at hand: recent harm near the place, up to the request's time, protected sites, and the
 * system's record. A SQLite file that does not exist
 * is not created for it; then, or with --no-register, the request is assessed on its own facts, and the trace says so.
 */
async function assessFromCli(cli: CliGlobals, submission: unknown, useRegister: boolean): Promise<Assessment> {
  if (!useRegister || !submissionNeedsRegister(submission)) return assessRequest(submission);
  const url = databaseUrl(cli.database());
  if (!/^postgres(ql)?:\/\//.test(url) && !existsSync(url)) {
    console.error(`haven: no database at ${url}: assessed on the request's own facts, without the register`);
    return assessRequest(submission);
  }
  return cli.inContext((ctx) => previewAssessment(ctx, operator(), submission));
}
