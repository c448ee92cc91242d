import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakdownsFromAggregate, figuresFromAggregates, timelineFromAggregate } from '../../src/reporting/chart-inputs.js';
import type { AggregateResult } from '../../src/reporting/monitoring-views.js';
import { renderSituationReport } from '../../src/reporting/situation-report.js';
import { available, unavailable, type SituationReportData } from '../../src/reporting/situation-report-data.js';
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
    alerts: available({ method: 'Poisson tail test against the area’s own 12-week baseline', alerts: [] }),
    violations: available({
      protectedSites: { items: [{ id: 'd1', kind: 'protected_site', key: 'k', grade: 'probable', incidentIds: ['i1'], summary: 'Airstrike 300 m from District hospital', detectedAt: '2023-02-03T00:00:00Z', status: 'open' }], total: 1 },
      humanitarianSpace: { items: [], total: 0 },
      ceasefire: { items: [], total: 0 },
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
    const bars = breakdownsFromAggregate({ groups, unplaced: { incidents: 0, killed: zero, injured: zero }, coarseDates: 0 }, 'actor', (a) => a, 3);
    expect(bars.map((b) => b.label)).toEqual(['Party 4', 'Party 3', '3 others']);
    expect(bars[2]!.killed.best).toBe(0 + 1 + 2);
    expect(bars[0]!.killedByStatus).toEqual({ civilian: 4 });
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
    expect(text).toContain('1 incident is dated only to a month or a year.');
    expect(text).toContain('2 incidents are located only to a region or a country');
    expect(html).toContain('data-too-imprecise="2"');
    expect(text).toContain('Airstrike 300 m from District hospital');
    expect(text).toContain('UCDP GED (CC BY 4.0): 6 incidents');
    expect(text).toContain('No escalation alerts in this area and period.');
    expect(text).toContain('Generated 1 May 2024, 10:00 UTC by analyst');
  });

  it('embeds the map and charts as SVG, and nothing external: no script, no link, no image to fetch', () => {
    const html = renderSituationReport(reportData(), { countries: NO_COUNTRIES });
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('data-chart="chart-casualties"');
    expect(html).toContain('data-chart="chart-themes"');
    expect(html).not.toMatch(/<script|<link|<img|url\((?!#)|@import|(?<!xmlns=")https?:\/\//i);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('class="new-page"');
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
            alerts: available({ method: name, alerts: [{ key: name, area: { level: name, code: name, name }, weekStart: name, metric: 'deaths', observed: 1, expected: 0.5, pValue: 0.01, incidentIds: [name] }] }),
          }),
          { countries: NO_COUNTRIES },
        );
        expect(markupProblems(html)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
