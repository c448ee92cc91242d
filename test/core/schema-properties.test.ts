import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incidentFilterSchema } from '../../src/core/incident-filter.schema.js';
import { incidentInputSchema } from '../../src/core/incident.schema.js';
import { CASUALTY_KINDS, CATEGORIES, CATEGORY_DEFINITIONS, DATE_PRECISIONS, LOCATION_PRECISIONS, PERSON_STATUSES, THEMES } from '../../src/core/taxonomy.js';
import { validIncident } from '../support/incident-fixtures.js';

/** Values of every shape, including the odd ones a hostile or broken client sends. */
const anything = fc.anything({ withBigInt: false, withDate: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true, withMap: true, withSet: true });

describe('incident schema properties', () => {
  it('never throws on any input: it accepts, or rejects with at least one issue that has a message', () => {
    fc.assert(
      fc.property(anything, (value) => {
        const result = incidentInputSchema.safeParse(value);
        if (!result.success) {
          expect(result.error.issues.length).toBeGreaterThan(0);
          for (const issue of result.error.issues) expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every well-formed incident and keeps its bounds ordered', () => {
    const casualty = fc
      .tuple(fc.constantFrom(...CASUALTY_KINDS), fc.constantFrom(...PERSON_STATUSES), fc.nat(1000), fc.nat(1000), fc.nat(1000))
      .map(([kind, status, a, b, c]) => {
        const [low, best, high] = [a, b, c].sort((x, y) => x - y);
        return { kind, status, low, best, high };
      });
    const incident = fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
      precision: fc.constantFrom(...LOCATION_PRECISIONS),
      datePrecision: fc.constantFrom(...DATE_PRECISIONS),
      days: fc.nat(3650),
      span: fc.nat(400),
      casualties: fc.uniqueArray(casualty, { selector: (c) => `${c.kind}/${c.status}`, maxLength: 8 }),
    });
    fc.assert(
      fc.property(incident, (r) => {
        const start = new Date(Date.UTC(2015, 0, 1) + r.days * 86_400_000);
        const end = new Date(start.getTime() + r.span * 86_400_000);
        const input = {
          ...validIncident(),
          dateEarliest: start.toISOString().slice(0, 10),
          dateLatest: end.toISOString().slice(0, 10),
          datePrecision: r.datePrecision,
          location: { lat: r.lat, lon: r.lon, precision: r.precision, country: 'UKR' },
          casualties: r.casualties,
        };
        const parsed = incidentInputSchema.parse(input);
        for (const c of parsed.casualties) expect(c.low <= c.best && c.best <= c.high).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts a category exactly when one of its themes is chosen', () => {
    fc.assert(
      fc.property(fc.subarray([...THEMES], { minLength: 1 }), fc.constantFrom(...CATEGORIES), (themes, category) => {
        const result = incidentInputSchema.safeParse({ ...validIncident(), themes, categories: [category] });
        // Read straight from the taxonomy table, not through the schema's own helper.
        const owners: readonly string[] = CATEGORY_DEFINITIONS[category].themes;
        expect(result.success).toBe(themes.some((t) => owners.includes(t)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('filter schema properties', () => {
  it('turns any query-string values into a filter or field issues, never an exception', () => {
    const queryValue = fc.oneof(fc.string(), fc.constantFrom('', ',', 'NGA,TCD', '2024-02-30', '-1', '1e309', 'NaN', '10,20,30,40', '%_\\'));
    const keys = ['from', 'to', 'themes', 'categories', 'countries', 'actor', 'statuses', 'minDeaths', 'bbox', 'q', 'exercise'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), queryValue), (query) => {
        const result = incidentFilterSchema.safeParse(query);
        if (!result.success) for (const issue of result.error.issues) expect(keys).toContain(String(issue.path[0]));
      }),
      { numRuns: 3000 },
    );
  });
});
