import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type CliGlobals, operator, printOr, readJsonInput } from '../cli-context.js';
import { actorAsOperatorNamed } from '../../application/auth.service.js';
import type { AppContext } from '../../application/app-context.js';
import { chooseCourseOfAction, comparePlanningSituation, createPlanningSituation, getPlanningSituation, listPlanningSituations, planningReport } from '../../application/course-of-action.service.js';
import type { ProjectedTotal } from '../../core/courses-of-action/uncertainty.js';

const fixed = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const interval = (t: ProjectedTotal) => `${fixed(t.median)} (${fixed(t.interval.low)}–${fixed(t.interval.high)})${t.complete ? '' : ' floor'}`;
const score = (s: number | null) => (s === null ? '—' : s.toFixed(2));

/** Who acts: the named user (their role and restrictions), else the operator at the shell. */
const actorFor = async (ctx: AppContext, as: string | undefined) => (as ? actorAsOperatorNamed(ctx, as) : operator());

export function registerCoaCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const coa = program.command('coa').description('courses of action: planning situations kept, compared side by side, and the commander’s choice sealed in the ledger (docs/courses-of-action.md)');
  const asOption = '--as <username>';

  coa
    .command('create <file>')
    .description('save a planning situation and its courses of action (a JSON file, or - for standard input: { situation, coursesOfAction }); the user named plans it, and its force actions are requested in their name when a course is chosen')
    .requiredOption(asOption, 'plan as this Haven user (needs force:request)')
    .option('--json', 'print the record as JSON')
    .action(async (file: string, options: { as: string; json?: boolean }) => {
      const input = await readJsonInput(file);
      await inContext(async (ctx) => {
        const record = await createPlanningSituation(ctx, await actorFor(ctx, options.as), input);
        printOr(options.json, record, () => [`${record.id}\t${record.situation.name}${record.exercise ? ' (EXERCISE)' : ''}: ${record.coursesOfAction.length} course(s) of action, draft`]);
      });
    });

  coa
    .command('list')
    .description('planning situations, newest first')
    .option('--exercise', 'only exercise situations')
    .option('--real', 'only real situations')
    .option(asOption, 'read as this Haven user')
    .option('--json', 'print the API answer')
    .action(async (options: { exercise?: boolean; real?: boolean; as?: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const answer = await listPlanningSituations(ctx, await actorFor(ctx, options.as), { ...(options.exercise && { exercise: true }), ...(options.real && { exercise: false }) });
        printOr(options.json, answer, () =>
          answer.items.map((s) => [s.id, s.status, `${s.exercise ? 'EXERCISE ' : ''}${s.situation.name}`, `${s.situation.period.from}–${s.situation.period.to}`, s.coursesOfAction.map((c) => c.name).join(' | '), s.choice ? `chosen: ${s.choice.courseOfAction}` : ''].join('\t')),
        );
      });
    });

  coa
    .command('compare <id>')
    .description('the courses side by side: verdicts under both regimes, deaths of everyone as median (5th–95th percentile), protected places touched, escalation estimate or not enough data, principles')
    .option(asOption, 'compare as this Haven user: the register as they may see it')
    .option('--json', 'print the whole comparison')
    .action(async (id: string, options: { as?: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const answer = await comparePlanningSituation(ctx, await actorFor(ctx, options.as), id);
        printOr(options.json, answer, () => [
          `${answer.exercise ? 'EXERCISE — ' : ''}${answer.comparison.situation.name} (version ${answer.version}, ${answer.status})`,
          ['course', 'force: IHL / human security', 'deaths, everyone', 'deaths, civilians', 'places touched', 'escalation', ...answer.comparison.courses[0]!.principles.map((p) => p.title), 'overall'].join('\t'),
          ...answer.comparison.courses.map((c) =>
            [
              c.name,
              c.forceActions.map((f) => `${f.action}: ${f.ihl.verdict} / ${f.humanSecurity.verdict}`).join('; ') || 'no force',
              interval(c.casualties.all.deaths),
              interval(c.casualties.byGroup.civilians.deaths),
              String(c.protectedPlaces.sites.length + c.protectedPlaces.zones.length),
              c.escalation.map((e) => `${e.kind}: ${e.estimate.status === 'estimated' ? e.estimate.incidentsPerWeek.meanChange.toFixed(2) : `not enough data (${e.estimate.have} of ${e.estimate.needed})`}`).join('; '),
              ...c.principles.map((p) => score(p.score)),
              score(c.overall.score),
            ].join('\t'),
          ),
          answer.comparison.notice,
        ]);
      });
    });

  coa
    .command('report <id>')
    .description('the comparison as a printable page or a PDF, with its charts and the map of the area')
    .option('--html', 'write the report as a self-contained HTML page')
    .option('--pdf', 'write the report as an A4 PDF (needs Chromium)')
    .requiredOption('-o, --output <file>', 'where to write it')
    .option(asOption, 'report as this Haven user: the register as they may see it')
    .action(async (id: string, options: { html?: boolean; pdf?: boolean; output: string; as?: string }) => {
      if (options.html && options.pdf) throw new Error('choose one format: --html or --pdf');
      await inContext(async (ctx) => {
        const report = await planningReport(ctx, await actorFor(ctx, options.as), id, { format: options.pdf ? 'pdf' : 'html' });
        await writeFile(options.output, report.body);
        console.log(`wrote ${options.output}`);
      });
    });

  coa
    .command('choose <id>')
    .description("the commander's choice of a course of action, with reasons: sealed in the ledger with every course's figures; the chosen course's force actions become force requests awaiting review")
    .requiredOption('--coa <name>', 'the course of action chosen, by name')
    .requiredOption('--reason <text>', 'why (at least 10 characters)')
    .requiredOption(asOption, 'choose as this Haven user (needs force:decide)')
    .option('--at-version <n>', 'the version compared (refused if the plan changed since); default: the version held now')
    .option('--json', 'print the record as JSON')
    .action(async (id: string, options: { coa: string; reason: string; as: string; atVersion?: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const actor = await actorFor(ctx, options.as);
        const version = options.atVersion !== undefined ? Number(options.atVersion) : (await getPlanningSituation(ctx, actor, id)).version;
        const record = await chooseCourseOfAction(ctx, actor, id, { courseOfAction: options.coa, reasons: options.reason, version });
        const choice = record.choice!;
        printOr(options.json, record, () => [
          `${choice.courseOfAction} chosen by ${choice.chosenBy.name}: ledger entry ${choice.ledgerSeq}`,
          ...choice.forceRequests.map((r) => `action ${r.action} → force request ${r.id} (awaiting review)`),
        ]);
      });
    });
}
