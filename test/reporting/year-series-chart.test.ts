import { describe, expect, it } from 'vitest';
import { formatYearValue, yearSeriesChart, type YearPoint } from '../../src/reporting/year-series-chart.js';
import { markupProblems, textOf } from './markup-check.js';

const text = { id: 'milex-test', title: 'Military expenditure', description: 'Share of GDP.' };
const point = (year: number, value: number | null, flags: YearPoint['flags'] = value === null ? ['some_unavailable'] : []): YearPoint => ({ year, value, flags });
const descOf = (svg: string) => /<desc[^>]*>([^<]*)<\/desc>/.exec(svg)![1]!;
const pointsOf = (svg: string) => [...svg.matchAll(/<circle class="point[^"]*"[^>]*data-year="(\d+)" data-value="([^"]+)"/g)].map((m) => ({ year: Number(m[1]), value: Number(m[2]) }));
const pathsOf = (svg: string) => [...svg.matchAll(/<path class="line" d="([^"]+)"[^>]*data-from="(\d+)" data-to="(\d+)"/g)].map((m) => ({ d: m[1]!, from: Number(m[2]), to: Number(m[3]) }));

describe('year series chart', () => {
  it('breaks the line at a year without a figure: no point there, and the path split in two', () => {
    const points = [point(2000, 0.02), point(2001, 0.025), point(2002, null), point(2003, 0.03), point(2004, 0.035)];
    const svg = yearSeriesChart({ ...text, from: 2000, to: 2004, series: [{ label: 'Chad', points }], format: 'share', valueLabel: 'share of GDP' });
    expect(markupProblems(svg)).toEqual([]);
    expect(pointsOf(svg).map((p) => p.year)).toEqual([2000, 2001, 2003, 2004]);
    expect(pathsOf(svg).map((p) => [p.from, p.to])).toEqual([
      [2000, 2001],
      [2003, 2004],
    ]);
    // Each path holds only its own run of years: two vertices each, none at the gap.
    for (const path of pathsOf(svg)) expect(path.d.match(/[ML]/g)).toHaveLength(2);
    expect(descOf(svg)).toContain('Chad: 2% in 2000; 3.5% in 2004; highest 3.5% in 2004; no figure for 2002.');
  });

  it('maps values to heights on one scale: zero on the axis, a double value twice as high above it', () => {
    const svg = yearSeriesChart({ ...text, from: 2010, to: 2012, series: [{ label: 'A', points: [point(2010, 0), point(2011, 1000), point(2012, 2000)] }], format: 'usd_m', valueLabel: 'US$ m' });
    const cy = [...svg.matchAll(/<circle class="point"[^>]*cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    const axis = Number(/<line x1="64" x2="624" y1="([\d.]+)" y2="\1" stroke="#4b5563"\/>/.exec(svg)![1]);
    expect(cy[0]).toBeCloseTo(axis, 1);
    expect(axis - cy[2]!).toBeCloseTo(2 * (axis - cy[1]!), 0);
    // The top tick is a round number at least the largest value, written with a thousands separator.
    expect(textOf(svg)).toContain('2,000');
    // Years run left to right at equal steps.
    const cx = [...svg.matchAll(/<circle class="point"[^>]*cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(cx[1]! - cx[0]!).toBeCloseTo(cx[2]! - cx[1]!, 1);
    expect(cx[1]!).toBeGreaterThan(cx[0]!);
  });

  it('formats the value axis per measure: shares as percentages, amounts with thousands separators', () => {
    const share = yearSeriesChart({ ...text, from: 2000, to: 2001, series: [{ label: 'A', points: [point(2000, 0.031), point(2001, 0.052)] }], format: 'share', valueLabel: 'share of GDP' });
    const ticks = [...share.matchAll(/text-anchor="end" fill="#4b5563">([^<]+)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['0%', '2%', '4%', '6%']);
    expect(formatYearValue(0.0532696, 'share')).toBe('5.33%');
    expect(formatYearValue(12513.9, 'usd_m')).toBe('12,513.9');
    expect(formatYearValue(1049100, 'usd_m')).toBe('1,049,100');
  });

  it('draws figures marked as estimates or highly uncertain as hollow points, names them, and adds a legend entry', () => {
    const points = [point(2019, 100), point(2020, 110, ['estimate']), point(2021, 120, ['uncertain']), point(2022, 130)];
    const svg = yearSeriesChart({ ...text, from: 2019, to: 2022, series: [{ label: 'Niger', points }], format: 'usd_m', valueLabel: 'US$ m' });
    expect(markupProblems(svg)).toEqual([]);
    const flagged = [...svg.matchAll(/<circle class="point flagged"[^>]*fill="([^"]+)"[^>]*data-year="(\d+)"[^>]*data-flags="([^"]+)"/g)].map((m) => ({ fill: m[1], year: Number(m[2]), flags: m[3] }));
    expect(flagged).toEqual([
      { fill: '#ffffff', year: 2020, flags: 'estimate' },
      { fill: '#ffffff', year: 2021, flags: 'uncertain' },
    ]);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(2);
    expect(descOf(svg)).toContain('estimates for 2020; highly uncertain for 2021');
    expect(textOf(svg)).toContain('estimate or highly uncertain');
    expect(svg).toContain('<title>Niger, 2020: 110 (SIPRI estimate)</title>');
  });

  it('says "no figures" for a series without any, in its legend and description, and draws nothing for it', () => {
    const ussr = [point(1992, null, ['not_independent']), point(1993, null, ['not_independent'])];
    const svg = yearSeriesChart({ ...text, from: 1992, to: 1993, series: [{ label: 'Russia', points: [point(1992, 0.05), point(1993, 0.045)] }, { label: 'USSR', points: ussr }], format: 'share', valueLabel: 'share of GDP' });
    expect(textOf(svg)).toContain('USSR (no figures)');
    expect(descOf(svg)).toContain('USSR: no figures in 1992–1993.');
    expect(svg).toMatch(/<g class="series" data-series="USSR"><\/g>/);

    const alone = yearSeriesChart({ ...text, from: 1992, to: 1993, series: [{ label: 'USSR', points: ussr }], format: 'share', valueLabel: 'share of GDP' });
    expect(markupProblems(alone)).toEqual([]);
    expect(alone).toContain('data-empty="true"');
    expect(textOf(alone)).toContain('No figures for USSR in 1992–1993.');
    expect(alone).not.toContain('class="point');
  });

  it('names the years a state was not independent apart from years without a figure', () => {
    const points = [point(1989, null), point(1990, 100), point(1991, 90), point(1992, null, ['not_independent']), point(1993, null, ['not_independent'])];
    const svg = yearSeriesChart({ ...text, from: 1989, to: 1993, series: [{ label: 'USSR', points }], format: 'usd_m', valueLabel: 'US$ m' });
    expect(descOf(svg)).toContain('no figure for 1989; not independent in 1992–1993');
    expect(Math.max(...pointsOf(svg).map((p) => p.year))).toBe(1991);
  });

  it('escapes labels that hold markup', () => {
    const svg = yearSeriesChart({ ...text, from: 2000, to: 2001, series: [{ label: '<script>alert(1)</script>', points: [point(2000, 1), point(2001, 2)] }], format: 'usd_m', valueLabel: 'US$ m' });
    expect(markupProblems(svg)).toEqual([]);
    expect(svg).not.toContain('<script>');
  });
});
