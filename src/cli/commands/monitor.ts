import type { Command } from 'commander';
import { type CliGlobals, operator, printOr } from '../cli-context.js';
import { aggregateHarm, escalationAlerts, hotspots } from '../../application/analytics.service.js';
import { escalationWhat } from '../../reporting/escalation-text.js';
import { GROUP_DIMENSIONS } from '../../core/analytics/aggregation.js';
import { principlesScorecardFor } from '../../application/scorecard.service.js';

export function registerMonitorCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const monitor = program.command('monitor').description('the analyses behind the dashboard, as the API gives them (--json) or as text');
  const range = (t: { low: number; best: number; high: number }) => (t.low === t.high ? String(t.best) : `${t.best} (${t.low}–${t.high})`);

  monitor
    .command('aggregate')
    .description('incidents, killed and injured (low/best/high) grouped by time, area, theme, actor, status or type of violence; incidents too imprecise for the unit counted apart')
    .option('--group-by <dims>', `one or two of ${GROUP_DIMENSIONS.join(', ')}`, 'month')
    .option('--country <iso3>', 'one country')
    .option('--admin1 <name>', 'one first-level area')
    .option('--theme <theme>', 'one theme')
    .option('--from <date>', 'incidents whose dates overlap from this day')
    .option('--to <date>', 'up to this day')
    .option('--json', 'print the API answer')
    .action(async (options: { groupBy: string; country?: string; admin1?: string; theme?: string; from?: string; to?: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const { json, ...query } = options;
        const result = await aggregateHarm(ctx, operator(), query);
        printOr(json, result, () => [
          ...result.groups.map((g) => `${Object.values(g.keys).map((k) => k ?? '—').join(' · ')}\t${g.incidents} incidents\tkilled ${range(g.killed)}\tinjured ${range(g.injured)}`),
          `total\t${result.total.incidents} incidents\tkilled ${range(result.total.killed)}\tinjured ${range(result.total.injured)}`,
          `too imprecise for the units asked: ${result.unplaced.incidents} incidents (killed ${range(result.unplaced.killed)}), ${result.coarseDates} of them by date`,
        ]);
      });
    });

  monitor
    .command('escalation')
    .description("escalation alerts: the latest weeks' incidents and deaths per area against the area's own baseline")
    .option('--level <level>', 'country, admin1 or h3', 'country')
    .option('--resolution <n>', 'H3 resolution for --level h3')
    .option('--country <iso3>', 'one country')
    .option('--as-of <date>', 'test the complete weeks up to this day (default today)')
    .option('--weeks <n>', 'how many of the latest weeks to test (1–12)')
    .option('--from <date>', 'instead of --weeks: test every complete week from this day')
    .option('--limit <n>', 'list only the most extreme alerts (lowest p-value first)')
    .option('--json', 'print the API answer')
    .action(async (options: { level: string; resolution?: string; country?: string; asOf?: string; weeks?: string; from?: string; limit?: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const { json, ...query } = options;
        const report = await escalationAlerts(ctx, operator(), query);
        printOr(json, report, () => [
          report.alerts.length === 0 ? `no escalation in the ${report.testedWeeks.length} weeks tested (${report.testedWeeks[0] ?? ''}…${report.testedWeeks.at(-1) ?? ''})` : '',
          ...report.alerts.map((a) => `${a.weekStart}\t${a.area.name ?? a.area.code}\t${a.metric}: ${escalationWhat(a)} against ${a.expected.toFixed(1)} expected (p = ${a.pValue.toPrecision(2)})`),
          report.total > report.alerts.length ? `${report.total - report.alerts.length} more alerts not listed` : '',
        ]);
      });
    });

  monitor
    .command('hotspots')
    .description('hot and cold spots: H3 cells with their Getis–Ord Gi* z-score')
    .option('--country <iso3>', 'one country')
    .option('--from <date>', 'from this day')
    .option('--to <date>', 'up to this day')
    .option('--resolution <n>', 'H3 resolution', '4')
    .option('--metric <metric>', 'incidents or deaths', 'incidents')
    .option('--json', 'print the GeoJSON')
    .action(async (options: { country?: string; from?: string; to?: string; resolution: string; metric: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const { json, ...query } = options;
        const cells = await hotspots(ctx, operator(), query);
        printOr(json, cells, () => {
          const byClass = new Map<string, number>();
          for (const f of cells.features) byClass.set(f.properties.class, (byClass.get(f.properties.class) ?? 0) + 1);
          // Already ranked: cells with incidents hottest first; cells without any are context and never listed as hot.
          const hottest = cells.features.filter((f) => !f.properties.context).slice(0, 10);
          const context = cells.features.length - cells.features.filter((f) => !f.properties.context).length;
          return [
            `${cells.features.length} cells: ${[...byClass].map(([c, n]) => `${c} ${n}`).join(', ')} (${context} without incidents, context only)`,
            ...hottest.map((f) => `${f.properties.cell}\t${f.properties.value} ${options.metric}\t${f.properties.incidents} incidents\tz = ${f.properties.z.toFixed(2)}\t${f.properties.class}`),
          ];
        });
      });
    });

  monitor
    .command('scorecard')
    .description('the principles scorecard for an area and period: all deaths, stability, defensive posture, civilian control and law-based security')
    .option('--country <iso3>', 'one country')
    .option('--from <date>', 'first day of the period')
    .option('--to <date>', 'last day of the period')
    .option('--json', 'print the API answer')
    .action(async (options: { country?: string; from?: string; to?: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const { json, ...query } = options;
        const card = await principlesScorecardFor(ctx, operator(), query);
        printOr(json, card, () => [
          `${card.country ?? 'every area'}, ${card.period.from} to ${card.period.to} (against ${card.previousPeriod.from} to ${card.previousPeriod.to})` +
            (card.periodBasis === 'latest_incident' ? ' — no period given: the 90 days up to the latest incident' : card.periodBasis === 'today' ? ' — no period given: the 90 days up to today' : ''),
          ...card.principles.flatMap((p) => [
            p.title,
            ...p.measures.map((m) =>
              m.value === null
                ? `  ${m.label}: ${m.note ?? 'no data'}`
                : `  ${m.label}: ${m.unit === 'share' ? `${Math.round(m.value * 100)}%` : String(m.value)}${m.trend ? ` (${m.trend})` : ''}${m.note ? ` — ${m.note}` : ''}`,
            ),
          ]),
        ]);
      });
    });
}
