import { describe, expect, it } from 'vitest';
import { carriedByInput, mergeImported, type CarriedField } from '../../src/core/incident-merge.js';
import { incidentInputSchema, type IncidentData } from '../../src/core/incident.schema.js';
import { validIncident } from '../support/incident-fixtures.js';

const stored: IncidentData = incidentInputSchema.parse({
  ...validIncident(),
  narrative: 'What the analyst wrote.',
  location: { ...validIncident().location, placeName: 'Central market' },
  casualties: [...validIncident().casualties!, { kind: 'injured', status: 'civilian', best: 4 }],
  sources: [
    { ref: 'S1', sourceType: 'media', description: 'Local radio report', reliability: 'B', credibility: 2 },
    { ref: 'S2', sourceType: 'witness', description: 'A trader', reliability: 'C', credibility: 3 },
  ],
  sensitive: { victims: [{ name: 'A victim' }], witnesses: [], sourceIdentities: [{ sourceRef: 'S2', identity: 'The trader' }] },
});

/** A file's version: a data set's view of the same event, with fewer deaths and no narrative or breakdown. */
const incoming: IncidentData = incidentInputSchema.parse({
  ...validIncident(),
  title: 'Made-up title',
  narrative: '',
  themes: ['protection_of_civilians'],
  categories: ['killing'],
  location: { ...validIncident().location, admin1: undefined },
  casualties: [{ kind: 'killed', status: 'civilian', best: 6 }],
  sources: [{ ref: 'GED', sourceType: 'dataset', description: 'UCDP GED event 1', reliability: 'B', credibility: 2 }],
});

const merge = (carried: CarriedField[], sensitive = true) => mergeImported(stored, incoming, new Set(carried), { sensitive });

describe('an import merges field by field', () => {
  it('keeps every field the file does not carry', () => {
    expect(merge([])).toEqual(stored);
    const merged = merge(['location', 'casualties.killed']);
    expect(merged.title).toBe(stored.title);
    expect(merged.narrative).toBe(stored.narrative);
    expect(merged.location).toEqual(stored.location);
    expect(merged.sources).toEqual(stored.sources);
  });

  it('takes one kind of harm from the file, keeps the other kinds, and keeps a breakdown the file does not give', () => {
    const casualties = merge(['casualties.killed']).casualties;
    expect(casualties.filter((c) => c.kind === 'injured')).toEqual(stored.casualties.filter((c) => c.kind === 'injured'));
    const killed = casualties.filter((c) => c.kind === 'killed');
    expect(killed).toHaveLength(1);
    expect(killed[0]).toMatchObject({ status: 'civilian', best: 6, breakdown: stored.casualties[0]!.breakdown });
    expect(merge(['casualties', 'casualties.breakdown']).casualties).toEqual(incoming.casualties);
  });

  it('takes place names one by one, and never drops a theme a kept category needs', () => {
    // The file says there is no admin1 (and carries it); it says nothing of the place name.
    expect(merge(['location', 'location.admin1']).location).toEqual({ lat: 11.85, lon: 13.16, precision: 'exact', country: 'NGA', placeName: 'Central market' });
    const themed = merge(['themes']);
    expect(themed.categories).toEqual(stored.categories);
    expect(incidentInputSchema.safeParse(themed).success).toBe(true);
    // A file carrying only categories brings the themes they need, and the record keeps its own.
    const categorised = mergeImported({ ...stored, categories: [], themes: ['conflict_related_sexual_violence'] }, incoming, new Set(['categories']), { sensitive: false });
    expect(categorised.themes).toEqual(['conflict_related_sexual_violence', 'protection_of_civilians']);
  });

  it('changes sensitive details only when carried and allowed, and keeps the sources they refer to', () => {
    expect(merge(['sensitive', 'sources'], false).sensitive).toBe(stored.sensitive);
    const sources = merge(['sources'], true).sources.map((s) => s.ref);
    expect(sources).toEqual(['GED', 'S2']);
    expect(incidentInputSchema.safeParse(merge(['sources'])).success).toBe(true);
    expect(merge(['sensitive', 'sources'], true).sensitive).toEqual(incoming.sensitive);
  });

  it('reads what plain input carries from the fields it has', () => {
    expect([...carriedByInput({ title: 'x', location: { lat: 1, lon: 2, precision: 'exact', country: 'NGA', admin1: 'B' }, casualties: [] })].sort()).toEqual(
      ['casualties', 'casualties.breakdown', 'location', 'location.admin1', 'location.precision', 'title'].sort(),
    );
  });
});
