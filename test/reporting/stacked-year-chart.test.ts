import { describe, expect, it } from 'vitest';
import { stackedYearChart } from '../../src/reporting/stacked-year-chart.js';
import { markupProblems } from './markup-check.js';

const text = { id: 'pko-test', title: 'UNMISS: troops by type', description: 'Troops by type.' };
const parts = [
  { key: 'infantry', label: 'Infantry' },
  { key: 'other', label: 'Other troops' },
];
const descOf = (svg: string) => /<desc[^>]*>([^<]*)<\/desc>/.exec(svg)![1]!;
const segmentsOf = (svg: string) =>
  [...svg.matchAll(/<rect class="segment" x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)"[^>]*data-year="(\d+)" data-part="([^"]+)" data-value="([^"]+)"/g)].map((m) => ({ y: Number(m[1]), height: Number(m[2]), year: Number(m[3]), part: m[4]!, value: Number(m[5]) }));

describe('stacked year chart', () => {
  it('stacks each year\'s parts on one scale, and leaves a year without figures empty, the share line broken there', () => {
    const svg = stackedYearChart({
      ...text,
      from: 2010,
      to: 2013,
      parts,
      years: [
        { year: 2010, values: [1000, 500] },
        { year: 2011, values: [2000, 1000] },
        { year: 2013, values: [500, 0] },
      ],
      valueLabel: 'troops (personnel)',
      share: { label: 'Protective share', points: [{ year: 2010, value: 0.25 }, { year: 2011, value: 0.5 }, { year: 2013, value: 1 }] },
    });
    expect(markupProblems(svg)).toEqual([]);
    const segments = segmentsOf(svg);
    expect(segments.map((s) => [s.year, s.part, s.value])).toEqual([
      [2010, 'infantry', 1000],
      [2010, 'other', 500],
      [2011, 'infantry', 2000],
      [2011, 'other', 1000],
      [2013, 'infantry', 500],
      [2013, 'other', 0],
    ]);
    // Heights in proportion to values, each part sitting on the one below it.
    const [a, b, c, d] = segments;
    expect(c!.height).toBeCloseTo(2 * a!.height, 0);
    expect(d!.height).toBeCloseTo(2 * b!.height, 0);
    expect(b!.y + b!.height).toBeCloseTo(a!.y, 0);
    expect(svg).not.toContain('data-year="2012"');
    // The share: one line over 2010–2011, a lone point in 2013, nothing at 2012.
    expect([...svg.matchAll(/<path class="share-line"[^>]*data-from="(\d+)" data-to="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])])).toEqual([[2010, 2011]]);
    expect([...svg.matchAll(/<circle class="share-point"[^>]*data-year="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([2010, 2011, 2013]);
    expect(descOf(svg)).toContain('2010: 1,500 troops (personnel) (Infantry 1,000, Other troops 500).');
    expect(descOf(svg)).toContain('No figures for 2012.');
    expect(descOf(svg)).toContain('Protective share: 25% in 2010, 100% in 2013.');
  });

  it('says so instead of drawing when no year has figures', () => {
    const svg = stackedYearChart({ ...text, from: 2010, to: 2012, parts, years: [], valueLabel: 'troops' });
    expect(svg).toContain('data-empty="true"');
    expect(svg).not.toContain('class="segment"');
  });
});
