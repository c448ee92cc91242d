import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/ledger/canonical-json.js';
import { threeWayMerge, type Fields } from '../../../src/core/sync/three-way-merge.js';

/** Every leaf of a record by dotted path (plain objects entered, arrays and values whole), as canonical JSON. */
function leaves(record: Fields, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(record)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) for (const [p, v] of leaves(value as Fields, path)) out.set(p, v);
    else if (value !== undefined) out.set(path, canonicalJson(value));
  }
  return out;
}
const json = (value: unknown) => canonicalJson(value);

// Small domains, so both sides often touch the same field, and sometimes change it the same way.
const value = fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 3 }), fc.constantFrom(['x'], ['x', 'y'], []));
const location = fc.record({ lat: fc.integer({ min: 0, max: 2 }), lon: fc.integer({ min: 0, max: 2 }), placeName: fc.constantFrom('Bol', 'Baga') }, { requiredKeys: ['lat', 'lon'] });
const record = fc.record({ title: value, narrative: value, themes: value, location }, { requiredKeys: ['title', 'location'] });
/** A version derived from another: each field kept, changed or (where optional) removed. */
const editOf = (base: Fields) =>
  fc.record({ title: fc.option(value), narrative: fc.option(value), themes: fc.option(value), placeName: fc.option(fc.constantFrom('Bol', 'Baga')), lat: fc.option(fc.integer({ min: 0, max: 2 })) }).map((e) => {
    const edited: Record<string, unknown> = { ...base, location: { ...(base.location as Fields) } };
    if (e.title !== null) edited.title = e.title;
    if (e.narrative !== null) edited.narrative = e.narrative;
    if (e.themes !== null) edited.themes = e.themes;
    if (e.placeName !== null) (edited.location as Record<string, unknown>).placeName = e.placeName;
    if (e.lat !== null) (edited.location as Record<string, unknown>).lat = e.lat;
    return edited;
  });
const triple = record.chain((base) => fc.tuple(fc.constant<Fields>(base), editOf(base), editOf(base)));

describe('three-way merge of an update made against an older version', () => {
  it('takes an update against the version held as it is, and leaves the held version alone when the update changed nothing', () => {
    fc.assert(
      fc.property(triple, ([base, current, proposed]) => {
        const onHeld = threeWayMerge(current, current, proposed);
        expect(json(onHeld.merged)).toBe(json(proposed));
        expect(onHeld.conflicts).toEqual([]);
        const unchanged = threeWayMerge(base, current, base);
        expect(json(unchanged.merged)).toBe(json(current));
        expect(unchanged.applied).toEqual([]);
        expect(unchanged.conflicts).toEqual([]);
      }),
    );
  });

  it('never overwrites silently: a field changed on both sides differently is a conflict, held as it is, with both values', () => {
    fc.assert(
      fc.property(triple, ([base, current, proposed]) => {
        const { merged, applied, conflicts } = threeWayMerge(base, current, proposed);
        const [b, c, p, m] = [leaves(base), leaves(current), leaves(proposed), leaves(merged)];
        const paths = new Set([...b.keys(), ...c.keys(), ...p.keys()]);
        const expectedConflicts = [...paths].filter((path) => c.get(path) !== b.get(path) && p.get(path) !== b.get(path) && c.get(path) !== p.get(path));
        expect(conflicts.map((x) => x.path).sort()).toEqual(expectedConflicts.sort());
        for (const path of paths) {
          const changedHere = c.get(path) !== b.get(path);
          const changedThere = p.get(path) !== b.get(path);
          // What was changed where held is never replaced by the update's value; what only the update changed, it takes.
          if (changedHere) expect(m.get(path), path).toBe(c.get(path));
          else if (changedThere) expect(m.get(path), path).toBe(p.get(path));
          else expect(m.get(path), path).toBe(b.get(path));
        }
        for (const conflict of conflicts) expect(json(conflict)).toBe(json({ path: conflict.path, base: conflict.base, current: conflict.current, proposed: conflict.proposed }));
        expect(applied.every((path) => !expectedConflicts.includes(path))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('finds the same conflicts whichever side is held', () => {
    fc.assert(
      fc.property(triple, ([base, current, proposed]) => {
        const one = threeWayMerge(base, current, proposed).conflicts.map((c) => c.path);
        const other = threeWayMerge(base, proposed, current).conflicts.map((c) => c.path);
        expect(one).toEqual(other);
      }),
    );
  });

  it('merges a location field by field: a corrected place name and moved coordinates are no conflict', () => {
    const base = { title: 'Shelling of a market', location: { lat: 12.1, lon: 14.2, placeName: 'Bol' } };
    const current = { ...base, location: { ...base.location, placeName: 'Bol town' } };
    const proposed = { ...base, location: { ...base.location, lat: 12.15 } };
    expect(threeWayMerge(base, current, proposed)).toEqual({ merged: { title: 'Shelling of a market', location: { lat: 12.15, lon: 14.2, placeName: 'Bol town' } }, applied: ['location.lat'], conflicts: [] });
    const both = threeWayMerge(base, current, { ...base, location: { ...base.location, placeName: 'Bol market' } });
    expect(both.conflicts).toEqual([{ path: 'location.placeName', base: 'Bol', current: 'Bol town', proposed: 'Bol market' }]);
    expect(both.merged.location.placeName).toBe('Bol town');
  });
});
