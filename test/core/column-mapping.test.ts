import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnMappingSchema, mapAndCheckRow, mapRow, missingColumns, readMappedDate, type ColumnMappingInput } from '../../src/core/formats/column-mapping.js';
import { incidentInputSchema } from '../../src/core/incident.schema.js';
import { CATEGORIES, themesOfCategory, type Category } from '../../src/core/taxonomy.js';

const RESOURCES: Record<string, Category[]> = {
  Facility: ['attack_on_hospital'],
  Transport: ['attack_on_medical_transport'],
  Personnel: ['attack_on_health_personnel'],
  Patients: ['attack_on_patients'],
  Supplies: ['attack_on_medical_supplies'],
  Warehouse: ['attack_on_medical_supplies'],
};

const base: ColumnMappingInput = {
  name: 'test',
  dataset: 'test-set',
  date: { column: 'When' },
  dateOrder: 'excel-serial',
  country: { column: 'Country', as: 'name' },
  themes: ['protection_of_civilians', 'humanitarian_space'],
  categories: [{ column: 'Resources', separator: ';', values: RESOURCES }],
  casualties: [
    { column: 'Dead', kind: 'killed', status: 'civilian' },
    { column: 'Hurt', kind: 'injured', status: 'civilian' },
  ],
  source: { description: 'test data', reliability: 'B', credibility: 2 },
};
const mapping = columnMappingSchema.parse(base);
const NOWHERE = { countryPoint: () => [10, 20] as const, contentKey: 'row-key' };

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const dates = fc.integer({ min: Date.UTC(1900, 2, 1), max: Date.UTC(2150, 11, 31) }).map((t) => Math.floor(t / 86_400_000) * 86_400_000);

describe('column mapping', () => {
  it('reads the committed WHO SSA preset', () => {
    const preset = columnMappingSchema.safeParse(JSON.parse(readFileSync(new URL('../../docs/examples/mappings/who-ssa.json', import.meta.url), 'utf8')));
    expect(preset.success, JSON.stringify(preset.error?.issues)).toBe(true);
  });

  it('refuses a mapping that counts one kind and status from two columns', () => {
    const twice = columnMappingSchema.safeParse({ ...base, casualties: [...base.casualties!, { column: 'Health workers killed', kind: 'killed', status: 'civilian' }] });
    expect(twice.error?.issues.map((i) => i.path.join('.'))).toEqual(['casualties.2']);
  });

  it('refuses a value mapped to a category Haven does not have', () => {
    const result = columnMappingSchema.safeParse({ ...base, categories: [{ column: 'Resources', values: { Facility: ['attack_on_clinic'] } }] });
    expect(result.error?.issues[0]?.path.join('.')).toBe('categories.0.values.Facility.0');
  });

  it('names the columns a file lacks, by the file’s own names', () => {
    expect(missingColumns(mapping, ['country', ' WHEN ', 'Resources', 'Dead'])).toEqual(['Hurt']);
  });

  it('reads Excel day numbers as the day they stand for (1900 system, its phantom 29 February refused)', () => {
    fc.assert(
      fc.property(dates, (t) => {
        const serial = (t - Date.UTC(1899, 11, 30)) / 86_400_000;
        expect(readMappedDate(String(serial), 'excel-serial')).toEqual({ earliest: day(t), latest: day(t), precision: 'day' });
      }),
    );
    expect(readMappedDate('60', 'excel-serial')).toBeUndefined();
    expect(readMappedDate('59', 'excel-serial')?.earliest).toBe('1900-02-28');
    expect(readMappedDate('61', 'excel-serial')?.earliest).toBe('1900-03-01');
  });

  it('reads day-first and month-first dates only in the order named, and ISO dates in any', () => {
    fc.assert(
      fc.property(dates, (t) => {
        const d = new Date(t);
        const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        expect(readMappedDate(`${dd}/${m}/${y}`, 'dmy')?.earliest).toBe(day(t));
        expect(readMappedDate(`${m}/${dd}/${y}`, 'mdy')?.earliest).toBe(day(t));
        for (const order of ['iso', 'dmy', 'mdy', 'excel-serial'] as const) expect(readMappedDate(day(t), order)?.earliest).toBe(day(t));
        expect(readMappedDate(`${dd}/${m}/${y}`, 'iso')).toBeUndefined();
      }),
    );
  });

  it('maps any subset of a multi-value cell to the union of its categories, with themes that own them', () => {
    const names = Object.keys(RESOURCES);
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...names), { minLength: 1 }), fc.constantFrom(';', ' ; ', ';  '), fc.boolean(), (values, glue, upper) => {
        const cell = values.map((v) => (upper ? v.toUpperCase() : v)).join(glue);
        const mapped = mapRow(mapping, { Country: 'Sudan', When: '45300', Resources: cell, Dead: '0', Hurt: '' }, NOWHERE);
        expect(mapped.issues).toEqual([]);
        expect(new Set(mapped.input.categories)).toEqual(new Set(values.flatMap((v) => RESOURCES[v]!)));
        for (const c of mapped.input.categories ?? []) expect(themesOfCategory(c).some((t) => mapped.input.themes?.includes(t))).toBe(true);
        expect(incidentInputSchema.safeParse(mapped.input).success).toBe(true);
      }),
    );
  });

  it('refuses a value the mapping does not know, naming the file’s column and the value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '' && !s.includes(';') && !(s.trim().toLowerCase() in Object.fromEntries(Object.keys(RESOURCES).map((k) => [k.toLowerCase(), 1])))), (unknown) => {
        const mapped = mapRow(mapping, { Country: 'Sudan', When: '45300', Resources: `Facility; ${unknown}` }, NOWHERE);
        expect(mapped.issues).toHaveLength(1);
        expect(mapped.issues[0]).toMatchObject({ path: 'Resources' });
        expect(mapped.issues[0]!.message).toContain(`"${unknown.trim()}"`);
      }),
    );
  });

  it('keeps every count as given, and refuses what is not a whole number of people', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (dead, hurt) => {
        const mapped = mapAndCheckRow(mapping, { Country: 'Ukraine', When: '45300', Resources: 'Facility', Dead: String(dead), Hurt: String(hurt) }, NOWHERE);
        expect(mapped.issues).toEqual([]);
        const byKind = Object.fromEntries((mapped.input.casualties ?? []).map((c) => [c.kind, c.best]));
        expect(byKind).toEqual({ ...(dead > 0 && { killed: dead }), ...(hurt > 0 && { injured: hurt }) });
      }),
    );
    for (const bad of ['-1', '2.5', 'many', '1,000']) {
      expect(mapRow(mapping, { Country: 'Ukraine', When: '45300', Dead: bad }, NOWHERE).issues).toEqual([expect.objectContaining({ path: 'Dead' })]);
    }
  });

  it('places a record known only by its country at the country’s point, with precision country', () => {
    const mapped = mapRow(mapping, { Country: 'Syrian Arab Republic', When: '45300', Resources: 'Facility' }, { countryPoint: (c) => (c === 'SYR' ? [35, 38.5] : undefined), contentKey: 'k' });
    expect(mapped.input.location).toEqual({ lat: 35, lon: 38.5, precision: 'country', country: 'SYR' });
    const withCoordinates = columnMappingSchema.parse({ ...base, coordinates: { lat: 'Lat', lon: 'Lon', precision: 'within_25km' } });
    const placed = mapRow(withCoordinates, { Country: 'Syria', When: '45300', Lat: '36.2', Lon: '37.1' }, { countryPoint: () => [0, 0], contentKey: 'k' });
    expect(placed.input.location).toMatchObject({ lat: 36.2, lon: 37.1, precision: 'within_25km' });
    // Empty coordinates fall back to the country, never to a made-up precise point.
    const empty = mapRow(withCoordinates, { Country: 'Syrian Arab Republic', When: '45300', Lat: '', Lon: '' }, { countryPoint: () => [35, 38.5], contentKey: 'k' });
    expect(empty.input.location).toMatchObject({ lat: 35, lon: 38.5, precision: 'country' });
  });

  it('uses the mapping’s own country names, and says which list a country is missing from', () => {
    const named = columnMappingSchema.parse({ ...base, country: { column: 'Country', as: 'name', values: { 'occupied Palestinian territory': 'PSE' } } });
    expect(mapRow(named, { Country: 'Occupied Palestinian Territory', When: '45300' }, NOWHERE).input.location.country).toBe('PSE');
    expect(mapRow(named, { Country: 'Atlantis', When: '45300' }, NOWHERE).issues).toEqual([{ path: 'Country', code: 'unreadable', message: '"Atlantis" is not a country name in English' }]);
  });

  it('maps group columns as parts of their total, writes the total where the file gives none, and refuses a group larger than its total', () => {
    const grouped = columnMappingSchema.parse({
      ...base,
      casualties: [
        ...base.casualties!,
        { column: 'HW dead', kind: 'killed', status: 'civilian', group: 'health_worker' },
        { column: 'Patients dead', kind: 'killed', status: 'civilian', group: 'patient' },
        { column: 'HW held', kind: 'detained', status: 'civilian', group: 'health_worker' },
        { column: 'Patients held', kind: 'detained', status: 'civilian', group: 'patient' },
      ],
    });
    const row = { Country: 'Sudan', When: '45300', Dead: '7', Hurt: '', 'HW dead': '3', 'Patients dead': '1', 'HW held': '2', 'Patients held': '4' };
    const mapped = mapAndCheckRow(grouped, row, NOWHERE);
    expect(mapped.issues).toEqual([]);
    expect(incidentInputSchema.parse(mapped.input).casualties.map((c) => [c.kind, c.group ?? 'everyone', c.best])).toEqual([
      ['killed', 'everyone', 7],
      ['killed', 'health_worker', 3],
      ['killed', 'patient', 1],
      ['detained', 'everyone', 6],
      ['detained', 'health_worker', 2],
      ['detained', 'patient', 4],
    ]);
    // An empty total cell: the total is the groups' sum, never left out.
    expect(mapAndCheckRow(grouped, { ...row, Dead: '' }, NOWHERE).input.casualties?.filter((c) => c.kind === 'killed' && !c.group).map((c) => c.best)).toEqual([4]);
    expect(mapAndCheckRow(grouped, { ...row, Dead: '2' }, NOWHERE).issues).toEqual([
      { path: 'HW dead', code: 'unreadable', message: '3 is more than "Dead" (2); the health workers are counted among them, not beside them' },
    ]);
    const twice = columnMappingSchema.safeParse({ ...base, casualties: [{ column: 'A', kind: 'killed', status: 'civilian', group: 'patient' }, { column: 'B', kind: 'killed', status: 'civilian', group: 'patient' }] });
    expect(twice.error?.issues.map((i) => i.message)).toEqual(['killed civilian (patient) is already counted from another column; one column per kind, status and group']);
  });

  it('gives a row without an id column its content key, and a row with one its id', () => {
    expect(mapRow(mapping, { Country: 'Sudan', When: '45300' }, NOWHERE).input.origin).toEqual({ dataset: 'test-set', externalId: 'row-key' });
    const ided = columnMappingSchema.parse({ ...base, externalId: 'Event' });
    expect(mapRow(ided, { Country: 'Sudan', When: '45300', Event: 'E-7' }, NOWHERE).input.origin).toEqual({ dataset: 'test-set', externalId: 'E-7' });
    expect(mapRow(ided, { Country: 'Sudan', When: '45300', Event: '' }, NOWHERE).issues).toEqual([expect.objectContaining({ path: 'Event' })]);
  });

  it('names the file’s column for problems only the incident schema finds', () => {
    const titled = columnMappingSchema.parse({ ...base, title: 'Headline' });
    const mapped = mapAndCheckRow(titled, { Country: 'Sudan', When: '45300', Headline: 'ab' }, NOWHERE);
    expect(mapped.issues).toEqual([expect.objectContaining({ path: 'Headline', message: expect.stringContaining('(as title)') })]);
  });

  it('maps every category of the taxonomy that a value names', () => {
    const all = columnMappingSchema.parse({ ...base, themes: [], categories: [{ column: 'C', values: Object.fromEntries(CATEGORIES.map((c) => [c, [c]])) }] });
    fc.assert(
      fc.property(fc.constantFrom(...CATEGORIES), (category) => {
        const mapped = mapAndCheckRow(all, { Country: 'Sudan', When: '45300', C: category }, NOWHERE);
        expect(mapped.issues).toEqual([]);
        expect(mapped.input.categories).toEqual([category]);
      }),
    );
  });
});
