import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakdownsFromAggregate, figuresFromAggregates, timelineFromAggregate, violationSeriesFromDetections, violationSeriesFromSummaries } from '../../src/reporting/chart-inputs.js';
import type { AggregateResult } from '../../src/reporting/monitoring-views.js';
import { renderSituationReport } from '../../src/reporting/situation-report.js';
import { available, unavailable, type SituationReportData } from '../../src/reporting/situation-report-data.js';
import { violenceTypeLabelOf } from '../../src/reporting/status-labels.js';
import { markupProblems, textOf } from './markup-check.js';

const NO_COUNTRIES = { type: 'FeatureCollection' as const, features: [] };
const e = (low: number, best: number, high: number) => ({ low, best, high });
const zero = e(0, 0, 0);

const byMonth: AggregateResult = {
  groups: [
    { keys: { month: '2023-01' }, incidents: 4, killed: e(10, 12, 20), injured: e(1, 2, 3) },
    { keys: { month: '2023-03' }, incidents: 2, killed: e(0, 3, 5), injured: zero },
  ],
  unplaced: { incidents: 0, killed: zero, injured: zero },
  coarseDates: 1,
};
const byStatus: AggregateResult = {
  groups: [
    { keys: { status: 'civilian' }, incidents: 3, killed: e(6, 8, 15), injured: e(1, 2, 3) },
    { keys: { status: 'combatant' }, incidents: 2, killed: e(4, 7, 10), injured: zero },
  ],
  unplaced: { incidents: 0, killed: zero, injured: zero },
  coarseDates: 0,
};

function reportData(overrides: Partial<SituationReportData> = {}): SituationReportData {
  return {
    area: { kind: 'country', country: 'MMR', countryNumeric: '104', name: 'Myanmar', bbox: [92, 10, 101, 28] },
    period: { from: '2023-01-01', to: '2023-03-31' },
    generatedAt: '2024-05-01T10:00:00.000Z',
    generatedBy: 'analyst',
    figures: available(figuresFromAggregates(byMonth, byStatus)),
    timeline: available(timelineFromAggregate(byMonth, '2023-01-01', '2023-03-31')),
    byTheme: available(breakdownsFromAggregate({ ...byStatus, groups: byStatus.groups.map((g) => ({ ...g, keys: { ...g.keys, theme: 'protection_of_civilians' } })) }, 'theme', (t) => t)),
    byParty: available([]),
    byEventType: available(breakdownsFromAggregate({ ...byStatus, groups: byStatus.groups.map((g) => ({ ...g, keys: { ...g.keys, eventType: 'Violence against civilians' } })) }, 'eventType', (t) => t)),
    byViolence: available(breakdownsFromAggregate({ ...byStatus, groups: byStatus.groups.map((g, i) => ({ ...g, keys: { ...g.keys, violence: i === 0 ? 'one_sided' : 'state_based' } })) }, 'violence', violenceTypeLabelOf)),
    ceasefireViolations: unavailable('the ceasefire monitor is not connected'),
    map: {
      incidents: available([{ lon: 96, lat: 20, count: 6, killed: 15 }]),
      sites: available([]),
      zones: available([]),
      hotspots: unavailable('hot spots are not connected'),
      alerts: [],
      tooImpreciseToMap: available(2),
    },
    scorecard: unavailable('the scorecard is not connected'),
    alerts: available({ method: 'Poisson tail test against the area’s own 12-week baseline', alerts: [], total: 0 }),
    agreements: available(1),
    violations: available({
      protectedSites: {
        items: [
          {
            id: 'd1',
            kind: 'protected_site',
            key: 'k',
            grade: 'probable',
            incidentIds: ['i1'],
            siteId: 's1',
            summary: 'Airstrike 300 m from District hospital',
            detectedAt: '2023-02-03T00:00:00Z',
            status: 'confirmed',
            review: { by: { id: 'u1', username: 'advisor' }, at: '2023-02-05T00:00:00Z', reason: 'Ward destroyed, seen by the team' },
          },
        ],
        total: 1,
        awaitingReview: 0,
        dismissed: 0,
        bySite: [{ siteId: 's1', name: 'District hospital', total: 1 }],
      },
      humanitarianSpace: { items: [], total: 0, awaitingReview: 0, dismissed: 0 },
      ceasefire: { items: [], total: 0, awaitingReview: 0, dismissed: 0 },
    }),
    sources: available([{ dataset: 'ucdp-ged', label: 'UCDP GED', licence: 'CC BY 4.0', incidents: 6 }]),
    ...overrides,
  };
}

describe('aggregates into report figures', () => {
  it('fills every month of the period, the quiet ones with zeros', () => {
    const timeline = timelineFromAggregate(byMonth, '2023-01-01', '2023-03-31');
    expect(timeline.periods).toEqual(['2023-01', '2023-02', '2023-03']);
    expect(timeline.incidents).toEqual([4, 0, 2]);
    expect(timeline.killed).toEqual([e(10, 12, 20), zero, e(0, 3, 5)]);
  });

  it('totals every incident, lists every status and keeps the bounds as bounds', () => {
    const figures = figuresFromAggregates({ ...byMonth, unplaced: { incidents: 1, killed: e(1, 1, 2), injured: zero } }, byStatus);
    expect(figures.incidents).toBe(7);
    expect(figures.killed).toEqual(e(11, 16, 27));
    expect(figures.byStatus.map((s) => s.status)).toEqual(['civilian', 'own_force', 'allied_force', 'opposing_force', 'combatant', 'unknown']);
    expect(figures.byStatus.find((s) => s.status === 'combatant')!.killed).toEqual(e(4, 7, 10));
    expect(figures.coarseDates).toBe(1);
  });

  it('keeps the largest categories and puts the rest together', () => {
    const groups = Array.from({ length: 5 }, (_, i) => ({ keys: { actor: `Party ${i}`, status: 'civilian' }, incidents: 1, killed: e(i, i, i), injured: zero }));
    const bars = breakdownsFromAggregate({ groups, unplaced: { incidents: 0, killed: zero, injured: zero }, coarseDates: 0 }, 'actor', (a) => a, { limit: 3 });
    expect(bars.map((b) => b.label)).toEqual(['Party 4', 'Party 3', '3 others']);
    expect(bars[2]!.killed.best).toBe(0 + 1 + 2);
    expect(bars[0]!.killedByStatus).toEqual({ civilian: 4 });
  });
});

describe('aggregates with gaps', () => {
  it('puts incidents without a party in a bar of their own when asked, and leaves them out otherwise', () => {
    const groups = [
      { keys: { actor: 'Party A', status: 'civilian' }, incidents: 2, killed: e(1, 2, 3), injured: zero },
      { keys: { actor: null, status: 'civilian' }, incidents: 1, killed: e(4, 4, 4), injured: zero },
    ];
    const aggregate = { groups, unplaced: { incidents: 0, killed: zero, injured: zero }, coarseDates: 0 };
    expect(breakdownsFromAggregate(aggregate, 'actor', (a) => a, { noneLabel: 'No party recorded' }).map((b) => [b.label, b.killed.best])).toEqual([
      ['No party recorded', 4],
      ['Party A', 2],
    ]);
    expect(breakdownsFromAggregate(aggregate, 'actor', (a) => a).map((b) => b.label)).toEqual(['Party A']);
  });

  it('takes the total the aggregate gives over the sum of its groups', () => {
    const figures = figuresFromAggregates({ ...byMonth, total: { incidents: 99, killed: e(1, 2, 3), injured: zero } }, byStatus);
    expect(figures.incidents).toBe(99);
    expect(figures.killed).toEqual(e(1, 2, 3));
  });
});

describe('ceasefire violations per party', () => {
  const detection = (party: string, incident: string, date: string, grade: string, status = 'open') => ({ party, incidentIds: [incident], dateEarliest: date, grade, status });

  it('counts each incident once per party and month, leaves dismissed ones out, and finds who broke it first', () => {
    const series = violationSeriesFromDetections(
      [
        detection('Army', 'i1', '2023-01-05', 'possible'),
        detection('Army', 'i1', '2023-01-05', 'probable'),
        detection('Army', 'i2', '2023-03-01', 'probable'),
        detection('Militia', 'i3', '2023-01-20', 'probable'),
        detection('Militia', 'i4', '2023-02-01', 'probable', 'dismissed'),
        detection('Militia', 'i5', '2024-01-01', 'probable'),
      ],
      '2023-01-01',
      '2023-03-31',
    );
    expect(series.periods).toEqual(['2023-01', '2023-02', '2023-03']);
    expect(series.parties).toEqual([
      { party: 'Army', counts: [1, 0, 1] },
      { party: 'Militia', counts: [1, 0, 0] },
    ]);
    expect(series.first).toEqual({ date: '2023-01-05', parties: ['Army'], grade: 'probable' });
  });

  it('sums the per-agreement summaries over agreements and commitments', () => {
    const series = violationSeriesFromSummaries(
      [
        { parties: [{ party: 'Army', commitments: [{ months: [{ month: '2023-01', count: 2 }] }, { months: [{ month: '2023-02', count: 1 }] }] }], first: { date: '2023-01-03', parties: ['Army'], grade: 'probable' } },
        { parties: [{ party: 'Army', commitments: [{ months: [{ month: '2023-01', count: 1 }] }] }, { party: 'Militia', commitments: [{ months: [] }] }] },
      ],
      '2023-01-01',
      '2023-02-28',
    );
    expect(series.parties).toEqual([{ party: 'Army', counts: [3, 1] }]);
    expect(series.first).toEqual({ date: '2023-01-03', parties: ['Army'], grade: 'probable' });
  });
});

describe('situation report page', () => {
  it('shows the key figures with their uncertainty and every status', () => {
    const html = renderSituationReport(reportData(), { countries: NO_COUNTRIES });
    expect(markupProblems(html)).toEqual([]);
    const text = textOf(html);
    expect(html).toMatch(/data-figure="incidents"><div class="label">Incidents<\/div><div class="value">6</);
    expect(html).toMatch(/data-figure="killed">.*?<div class="value">15<\/div><div class="range">range 10 to 25</);
    expect(html).toMatch(/<tr data-status="combatant"><th scope="row">Combatants \(side not assessed\)<\/th><td class="num">7<\/td><td class="num">4–10<\/td>/);
    expect(html).toContain('data-status="own_force"');
    expect(text).toContain('1 incident cannot be put in one month (dated more roughly, or over two months): in the totals, not in the monthly chart.');
    expect(text).toContain('2 incidents are located only to a region or a country');
    expect(html).toContain('data-too-imprecise="2"');
    expect(text).toContain('Airstrike 300 m from District hospital');
    expect(text).toContain('UCDP GED (CC BY 4.0): 6 incidents');
    expect(text).toContain('People killed by type of violence');
    expect(html).toMatch(/data-chart="chart-violence"[\s\S]*data-category="One-sided \(against civilians\)" data-total="8"/);
    expect(text).toContain('No escalation alerts in this area and period.');
    expect(text).toContain('Generated 1 May 2024, 10:00 UTC by analyst');
  });

  it('lists the most extreme escalation alerts, says how many more there are, and names a single event', () => {
    const alert = (weekStart: string, observed: number, incidents: number, pValue: number) => ({
      key: `escalation:country:SDN:${weekStart}:deaths`,
      area: { level: 'country', code: 'SDN', name: 'Sudan' },
      weekStart,
      metric: 'deaths' as const,
      observed,
      expected: 4,
      pValue,
      incidents,
      singleEvent: incidents === 1,
      incidentIds: Array.from({ length: incidents }, (_, i) => `i${i}`),
    });
    const html = renderSituationReport(reportData({ alerts: available({ method: 'test', alerts: [alert('2023-02-06', 300, 1, 1e-12), alert('2024-11-04', 40, 9, 1e-5)], total: 7 }) }), { countries: NO_COUNTRIES });
    expect(markupProblems(html)).toEqual([]);
    const section = textOf(/<section id="alerts">(.*?)<\/section>/s.exec(html)![1]!);
    expect(html).toContain('<tr data-week="2023-02-06" data-single-event="true">');
    expect(section).toContain('single event: one incident with 300 deaths');
    expect(section).toContain('the 2 most extreme of 7 alerts are listed, lowest p-value first');
    expect(section).toContain('5 more alerts are not listed.');
  });

  it('lists the hot cells beside the map with their deaths, incidents and z, and says the empty cells are context', () => {
    const hex = (lon: number, lat: number) => ({ type: 'Polygon' as const, coordinates: [[[lon - 0.1, lat], [lon, lat - 0.1], [lon + 0.1, lat], [lon, lat + 0.1], [lon - 0.1, lat]]] });
    const hotspots = available([
      { geometry: hex(96, 20), class: 'hot99' as const, value: 120, incidents: 14, z: 4.2, context: false },
      { geometry: hex(96.3, 20), class: 'none' as const, value: 2, incidents: 1, z: 1.1, context: false },
      { geometry: hex(96.6, 20), class: 'none' as const, value: 0, incidents: 0, z: 3.9, context: true },
    ]);
    const html = renderSituationReport(reportData({ map: { ...reportData().map, hotspots } }), { countries: NO_COUNTRIES });
    expect(markupProblems(html)).toEqual([]);
    const table = /<table class="hot-cells" data-hot-cells="1">.*?<\/table>/s.exec(html)![0];
    expect(textOf(table)).toMatch(/20\.00, 96\.00\s*Hot spot, 99% confidence\s*120\s*14\s*4\.20/);
    expect(textOf(html)).toContain('1 cell without incidents, next to cells with some, is context for the statistic, never a hot spot.');
  });

  it('embeds the map and charts as SVG, and nothing external: no script, no link, no image to fetch', () => {
    const html = renderSituationReport(reportData(), { countries: NO_COUNTRIES });
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('data-chart="chart-casualties"');
    expect(html).toContain('data-chart="chart-themes"');
    expect(html).toContain('data-chart="chart-violence"');
    expect(html).toMatch(/data-chart="chart-event-types"[\s\S]*data-category="Violence against civilians" data-total="15"/);
    expect(html).not.toMatch(/<script|<link|<img|url\((?!#)|@import|(?<!xmlns=")https?:\/\//i);
    expect(html).toContain('@page { size: A4;');
  });

  it('lets sections flow on from one another, keeping figures, table rows and principles whole and headings with what follows', () => {
    const html = renderSituationReport(reportData(), { countries: NO_COUNTRIES });
    expect(html).not.toMatch(/new-page|break-before:\s*page|page-break-before:\s*always/);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    for (const selector of ['figure', 'tr', '.principle', '.figures']) expect(css).toMatch(new RegExp(`(^|\\n)${selector.replace('.', '\\.')} \\{[^}]*break-inside: avoid`));
    for (const heading of ['h2', 'h3']) expect(css).toMatch(new RegExp(`(^|\\n)${heading} \\{[^}]*break-after: avoid`));
  });

  it('lists confirmed violations only, grouped by site, and counts those awaiting review and dismissed', () => {
    const confirmed = (id: string, siteId: string, day: string) => ({
      id,
      kind: 'protected_site' as const,
      key: id,
      grade: 'possible' as const,
      incidentIds: [`i-${id}`],
      siteId,
      summary: `Shelling near site ${siteId} (${id})`,
      detectedAt: `${day}T00:00:00Z`,
      dateEarliest: day,
      status: 'confirmed' as const,
      review: { by: { id: 'u1', username: 'advisor' }, at: `${day}T12:00:00Z`, reason: 'Confirmed by the field team' },
    });
    const base = reportData();
    const violations = available({
      ...(base.violations.available ? base.violations.value : ({} as never)),
      protectedSites: {
        items: [confirmed('a', 's2', '2023-03-01'), confirmed('b', 's1', '2023-02-01'), confirmed('c', 's2', '2023-01-01')],
        total: 3,
        awaitingReview: 12,
        dismissed: 1,
        bySite: [
          { siteId: 's2', name: 'Market school', total: 2 },
          { siteId: 's1', name: 'District hospital', total: 1 },
        ],
      },
    });
    const html = renderSituationReport(reportData({ violations }), { countries: NO_COUNTRIES });
    expect(markupProblems(html)).toEqual([]);
    const table = /<table data-violations="protected_site" data-total="3">.*?<\/table>/s.exec(html)![0];
    const groups = [...table.matchAll(/<tbody data-site="([^"]+)" data-site-total="(\d+)">(.*?)<\/tbody>/gs)].map((m) => ({ site: m[1], total: Number(m[2]), text: textOf(m[3]!) }));
    expect(groups.map((g) => [g.site, g.total])).toEqual([['s2', 2], ['s1', 1]]);
    expect(groups[0]!.text).toContain('Market school — 2 confirmed');
    expect(groups[0]!.text).toMatch(/\(a\)[\s\S]*\(c\)/);
    expect(groups[1]!.text).toContain('District hospital — 1 confirmed');
    const section = textOf(/<section id="violations">(.*?)<\/section>/s.exec(html)![1]!);
    expect(section).toContain('12 possible violations await review (in Monitor → Detections). 1 was dismissed after review.');
    expect(section).toContain('Confirmed by the field team');
  });

  it('says in one line that no agreement is registered instead of the ceasefire chart and list, and shows them when one is', () => {
    const series = available({ periods: ['2023-01', '2023-02', '2023-03'], parties: [] });
    const without = renderSituationReport(reportData({ agreements: available(0), ceasefireViolations: series }), { countries: NO_COUNTRIES });
    expect(markupProblems(without)).toEqual([]);
    expect(without).not.toContain('data-chart="chart-violations"');
    expect(without).not.toContain('data-violations="ceasefire_violation"');
    expect(without.match(/No ceasefire or local agreement is registered for this area and period\./g)).toHaveLength(1);
    const withOne = renderSituationReport(reportData({ agreements: available(1), ceasefireViolations: series }), { countries: NO_COUNTRIES });
    expect(withOne).toContain('data-chart="chart-violations"');
    expect(withOne).toContain('<p data-violations="ceasefire_violation" data-total="0">');
    expect(withOne).not.toContain('data-no-agreement');
  });

  it('says injuries are not recorded, instead of 0, when every incident comes from sources that do not record them, and how many when some do', () => {
    const figures = figuresFromAggregates(byMonth, byStatus);
    const none = renderSituationReport(reportData({ figures: available({ ...figures, injuriesNotRecorded: { incidents: figures.incidents, sources: ['UCDP GED'] } }) }), { countries: NO_COUNTRIES });
    expect(markupProblems(none)).toEqual([]);
    expect(none).toContain('data-figure="injured"><div class="label">Injured</div><div class="value">not recorded</div><div class="range">not recorded by the sources (UCDP GED)</div>');
    expect(none).not.toContain('Injured, low–high');
    expect(/<figure>(.*?data-chart="chart-casualties".*?)<\/figure>/s.exec(none)![1]).not.toContain('data-series="Injured"');
    const some = renderSituationReport(reportData({ figures: available({ ...figures, injuriesNotRecorded: { incidents: 2, sources: ['ACLED'] } }) }), { countries: NO_COUNTRIES });
    expect(some).toMatch(/data-figure="injured"><div class="label">Injured \(best estimate\)<\/div><div class="value">2<\/div><div class="range">range 1 to 3; 2 incidents come from sources that do not record injuries \(ACLED\)</);
    expect(some).toContain('Injured, low–high');
  });

  it('says which parts are not available and why, in their place, instead of showing numbers', () => {
    const html = renderSituationReport(reportData({ figures: unavailable('the monitoring aggregate is not connected') }), { countries: NO_COUNTRIES });
    const text = textOf(html);
    expect(text).toContain('Key figures: not available. the monitoring aggregate is not connected');
    expect(text).toContain('Principles scorecard: not available. the scorecard is not connected');
    expect(text).toContain('Ceasefire violations per party: not available.');
    expect(text).toContain('Map layer “Hot spots”: not available. hot spots are not connected');
    expect(html).not.toContain('data-figure="incidents"');
  });

  it('shows the scorecard with shares as percentages, ranges, and trends judged by the principle', () => {
    const html = renderSituationReport(
      reportData({
        scorecard: available({
          period: { from: '2023-01-01', to: '2023-03-31' },
          previousPeriod: { from: '2022-10-03', to: '2022-12-31' },
          principles: [
            {
              id: 'minimise_loss_of_life',
              title: 'Minimise all loss of life',
              measures: [
                { id: 'deaths', label: 'People killed, every side', value: 15, low: 10, high: 25, trend: 'rising', previous: 9, unit: 'people', better: 'lower' },
                { id: 'protective', label: 'Force requests with a protective purpose', value: 0.25, unit: 'share', better: 'higher', trend: 'steady' },
                { id: 'approved', label: 'Decisions approved by civilian authority', value: null, unit: 'share', note: 'reading force requests needs the force:read permission' },
              ],
            },
          ],
        }),
      }),
      { countries: NO_COUNTRIES },
    );
    expect(markupProblems(html)).toEqual([]);
    const row = (id: string) => textOf(/<tr data-measure="[^"]*">.*?<\/tr>/g.exec(html.slice(html.indexOf(`data-measure="${id}"`) - 20))![0]).trim();
    expect(row('deaths')).toBe('People killed, every side 15 (10–25) rising, worse (was 9)');
    expect(row('protective')).toBe('Force requests with a protective purpose 25% steady');
    expect(row('approved')).toBe('Decisions approved by civilian authority no data — reading force requests needs the force:read permission');
    expect(textOf(html)).toContain('1 January 2023 to 31 March 2023, compared with 3 October 2022 to 31 December 2022.');
  });

  it('handles an area and period with no incidents at all', () => {
    const empty: AggregateResult = { groups: [], unplaced: { incidents: 0, killed: zero, injured: zero }, coarseDates: 0 };
    const html = renderSituationReport(
      reportData({
        figures: available(figuresFromAggregates(empty, empty)),
        timeline: available(timelineFromAggregate(empty, '2023-01-01', '2023-03-31')),
        byTheme: available([]),
        sources: available([]),
        map: { incidents: available([]), sites: available([]), zones: available([]), hotspots: available([]), alerts: [], tooImpreciseToMap: available(0) },
      }),
      { countries: NO_COUNTRIES },
    );
    expect(markupProblems(html)).toEqual([]);
    const text = textOf(html);
    expect(html).toMatch(/data-figure="incidents"><div class="label">Incidents<\/div><div class="value">0</);
    expect(text).toContain('No incidents in this area and period.');
    expect(text).toContain('No incidents, so no sources.');
  });

  it('renders whatever names the data holds as text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "</style><script>x</script>", '&lt;'), (any, hostile) => {
        const name = `${any}${hostile}`;
        const html = renderSituationReport(
          reportData({
            area: { kind: 'bbox', name, bbox: [0, 0, 1, 1] },
            generatedBy: name,
            byParty: available([{ key: name, label: name, incidents: 1, killed: e(1, 1, 1), killedByStatus: { civilian: 1 } }]),
            map: { incidents: available([]), sites: available([{ lon: 0.5, lat: 0.5, name, category: name }]), zones: available([{ name, kind: name, geometry: { type: 'Point', coordinates: [0.5, 0.5] }, widthKm: 2 }]), hotspots: available([]), alerts: [{ label: name, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }], tooImpreciseToMap: unavailable(name) },
            sources: available([{ dataset: name, label: name, licence: name, incidents: 1 }]),
            alerts: available({ method: name, alerts: [{ key: name, area: { level: name, code: name, name }, weekStart: name, metric: 'deaths', observed: 1, expected: 0.5, pValue: 0.01, incidents: 1, singleEvent: true, incidentIds: [name] }], total: 3 }),
          }),
          { countries: NO_COUNTRIES },
        );
        expect(markupProblems(html)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
