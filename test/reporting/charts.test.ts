import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/reporting/bar-chart.js';
import { niceTicks } from '../../src/reporting/chart-kit.js';
import { escapeMarkup, safeId } from '../../src/reporting/markup.js';
import { monthsBetween } from '../../src/reporting/months.js';
import { timeSeriesChart } from '../../src/reporting/time-series-chart.js';
import { markupProblems, textOf } from './markup-check.js';

const HOSTILE = ['<script>alert(1)</script>', '"><svg onload=alert(1)>', "'; x='", '&amp; & <b>bold</b>', ']]><![CDATA[', '\u0000\u0007 control'];
const text = { id: 'chart-test', title: 'People killed per month', description: 'A test chart.' };
const flat = (n: number) => ({ low: n, best: n, high: n });

describe('time series chart', () => {
  it('draws the best estimate as a line and the low–high range as a band, with every month on the time axis', () => {
    const periods = monthsBetween('2023-01-01', '2023-06-30');
    const values = periods.map((_, i) => ({ low: i, best: 2 * i, high: 3 * i + 1 }));
    const svg = timeSeriesChart({ ...text, periods, series: [{ label: 'Killed', values }], valueLabel: 'people' });
    expect(markupProblems(svg)).toEqual([]);
    expect(svg).toContain('<polyline class="line"');
    expect(svg).toContain('<polygon class="band"');
    // One point per month, each carrying its best estimate.
    expect([...svg.matchAll(/class="point"[^>]*data-value="(\d+)"/g)].map((m) => Number(m[1]))).toEqual(values.map((v) => v.best));
    expect(textOf(svg)).toContain('Jan 2023');
    expect(textOf(svg)).toContain('Jun 2023');
    expect(svg).toMatch(/<title id="chart-test-title">People killed per month<\/title>/);
    expect(svg).toContain('aria-labelledby="chart-test-title chart-test-desc"');
    // The description is the text alternative: it gives the total with its range and the worst month.
    const desc = /<desc[^>]*>([^<]*)<\/desc>/.exec(svg)![1]!;
    expect(desc).toContain('Killed: 30 (15–51) in all');
    expect(desc).toContain('most in Jun 2023 (10 (5–16))');
  });

  it('draws one month as a point with its range, not a line', () => {
    const svg = timeSeriesChart({ ...text, periods: ['2024-02'], series: [{ label: 'Killed', values: [{ low: 3, best: 5, high: 9 }] }], valueLabel: 'people' });
    expect(markupProblems(svg)).toEqual([]);
    expect(svg).not.toContain('<polyline');
    expect(svg).toContain('<rect class="band"');
    expect(svg.match(/class="point"/g)).toHaveLength(1);
    expect(textOf(svg)).toContain('Feb 2024');
  });

  it('says there is no data instead of drawing empty axes', () => {
    for (const svg of [
      timeSeriesChart({ ...text, periods: [], series: [{ label: 'Killed', values: [] }], valueLabel: 'people' }),
      timeSeriesChart({ ...text, periods: ['2024-01'], series: [], valueLabel: 'people' }),
    ]) {
      expect(markupProblems(svg)).toEqual([]);
      expect(svg).toContain('data-empty="true"');
      expect(textOf(svg)).toContain('No data for this area and period.');
      expect(svg).not.toContain('class="point"');
    }
  });

  it('gives a series without uncertainty no band, and all-zero values a sensible axis', () => {
    const periods = monthsBetween('2023-01-01', '2023-03-31');
    const svg = timeSeriesChart({ ...text, periods, series: [{ label: 'Party A', values: periods.map(() => flat(0)) }], valueLabel: 'violations' });
    expect(markupProblems(svg)).toEqual([]);
    expect(svg).not.toContain('class="band"');
    expect(svg).not.toContain('NaN');
  });
});

describe('bar chart', () => {
  it('stacks the series in each bar and writes the total with its range', () => {
    const svg = barChart({
      ...text,
      series: [{ label: 'Civilians' }, { label: 'Combatants' }],
      categories: [
        { label: 'Protection of civilians', values: [30, 10], range: { low: 20, best: 40, high: 70 } },
        { label: 'Ceasefire monitoring', values: [0, 5] },
      ],
      valueLabel: 'people killed',
    });
    expect(markupProblems(svg)).toEqual([]);
    expect([...svg.matchAll(/data-total="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([40, 5]);
    expect(textOf(svg)).toContain('40 (20–70)');
    expect(svg).toContain('class="range"');
    expect(textOf(svg)).toContain('Civilians');
    expect(/<desc[^>]*>([^<]*)<\/desc>/.exec(svg)![1]).toContain('Protection of civilians: 40 (20–70) (Civilians 30, Combatants 10)');
  });

  it('says there is no data when there are no categories', () => {
    const svg = barChart({ ...text, series: [{ label: 'Killed' }], categories: [], valueLabel: 'people killed', emptyMessage: 'No parties recorded.' });
    expect(textOf(svg)).toContain('No parties recorded.');
    expect(markupProblems(svg)).toEqual([]);
  });

  it('shortens a long name for its column and keeps the whole name as its tooltip', () => {
    const long = 'Government of Myanmar and its allied militias of the border guard forces';
    const svg = barChart({ ...text, series: [{ label: 'Killed' }], categories: [{ label: long, values: [3] }], valueLabel: 'people killed' });
    expect(svg).toContain(`<title>${long}</title>`);
    expect(textOf(svg)).toContain('Government of Myanmar and its…');
  });
});

describe('escaping', () => {
  it('escapes every character that could end text or an attribute, and drops those XML forbids', () => {
    expect(escapeMarkup(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeMarkup('a\u0000b\u001fc')).toBe('abc');
    expect(safeId('Chart "1" <x>')).toBe('chart-1-x');
    expect(safeId('9 lives')).toBe('x-9-lives');
  });

  it('has a markup check that catches what escaping prevents', () => {
    expect(markupProblems('<svg><script>x</script></svg>')).toContain('element not allowed: script');
    expect(markupProblems('<svg><g data-x="a"b"></g></svg>')).toContain('malformed tag: <g data-x="a"b">');
    expect(markupProblems('<svg><g onload="x"></g></svg>')).toContain('attribute not allowed: onload on g');
    expect(markupProblems('<svg><g></svg>')).not.toEqual([]);
  });

  it('renders hostile labels in every chart as text, never as markup', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 40 })), { minLength: 1, maxLength: 4 }), (labels) => {
        const periods = ['2023-01', '2023-02'];
        const charts = [
          timeSeriesChart({ id: labels[0]!, title: labels[0]!, description: labels[0]!, periods, series: labels.map((label) => ({ label, values: [flat(1), flat(2)] })), valueLabel: labels[0]! }),
          barChart({ id: 'bars', title: labels[0]!, description: 'x', series: labels.map((label) => ({ label })), categories: labels.map((label) => ({ label, values: labels.map(() => 1) })), valueLabel: 'x' }),
        ];
        for (const svg of charts) expect(markupProblems(svg)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('nice ticks', () => {
  it.each([
    [0, [0, 1]],
    [1, [0, 1]],
    [7, [0, 2, 4, 6, 8]],
    [100, [0, 20, 40, 60, 80, 100]],
    [1234, [0, 500, 1000, 1500]],
  ])('covers %i with round steps', (max, ticks) => {
    expect(niceTicks(max)).toEqual(ticks);
  });
});
