import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { totalOf } from '../../src/core/casualty-totals.js';
import { CASUALTY_KINDS, PERSON_STATUSES } from '../../src/core/taxonomy.js';

const cell = fc
  .record({ kind: fc.constantFrom(...CASUALTY_KINDS), status: fc.constantFrom(...PERSON_STATUSES), a: fc.nat(1000), b: fc.nat(1000), c: fc.nat(1000) })
  .map(({ kind, status, a, b, c }) => {
    const [low, best, high] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
    return { kind, status, low, best, high };
  });

describe('casualty totals', () => {
  it('counts every status, the opposing force included', () => {
    const total = totalOf(
      [
        { kind: 'killed', status: 'civilian', low: 1, best: 2, high: 3 },
        { kind: 'killed', status: 'opposing_force', low: 4, best: 4, high: 6 },
        { kind: 'injured', status: 'civilian', low: 9, best: 9, high: 9 },
      ],
      'killed',
    );
    expect(total).toEqual({ low: 5, best: 6, high: 9 });
  });

  it('keeps low ≤ best ≤ high for any set of valid estimates', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 20 }), fc.constantFrom(...CASUALTY_KINDS), (cells, kind) => {
        const t = totalOf(cells, kind);
        expect(t.low).toBeLessThanOrEqual(t.best);
        expect(t.best).toBeLessThanOrEqual(t.high);
        expect(t.best).toBe(cells.filter((c) => c.kind === kind).reduce((s, c) => s + c.best, 0));
      }),
    );
  });

  it('restricts to the statuses asked for', () => {
    const cells = [
      { kind: 'killed' as const, status: 'civilian' as const, low: 1, best: 1, high: 1 },
      { kind: 'killed' as const, status: 'own_force' as const, low: 2, best: 2, high: 2 },
    ];
    expect(totalOf(cells, 'killed', ['civilian']).best).toBe(1);
  });
});
