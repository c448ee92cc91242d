import { describe, expect, it } from 'vitest';
import { incidentInputSchema, type IncidentInput } from '../../src/core/incident.schema.js';
import { validIncident } from '../support/incident-fixtures.js';
import { CATEGORIES, THEMES, themesOfCategory } from '../../src/core/taxonomy.js';

function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = incidentInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('incident input schema', () => {
  it('accepts a complete incident and fills omitted bounds from the best estimate', () => {
    const result = incidentInputSchema.parse(validIncident());
    expect(result.casualties[1]).toMatchObject({ low: 2, best: 2, high: 2, breakdown: [] });
    expect(result.origin).toEqual({ dataset: 'manual' });
    expect(result.exercise).toBe(false);
  });

  it('normalises the country code to upper case', () => {
    const input = validIncident();
    input.location.country = 'nga';
    expect(incidentInputSchema.parse(input).location.country).toBe('NGA');
  });

  it.each([
    ['low above best', (i: IncidentInput) => (i.casualties![0]!.low = 6), 'casualties.0.low'],
    ['high below best', (i: IncidentInput) => (i.casualties![0]!.high = 4), 'casualties.0.high'],
    ['negative count', (i: IncidentInput) => (i.casualties![1]!.best = -1), 'casualties.1.best'],
    ['fractional count', (i: IncidentInput) => (i.casualties![1]!.best = 1.5), 'casualties.1.best'],
    ['latest date before earliest', (i: IncidentInput) => (i.dateLatest = '2024-02-28'), 'dateLatest'],
    ['impossible date', (i: IncidentInput) => (i.dateEarliest = '2024-02-30'), 'dateEarliest'],
    ['latitude out of range', (i: IncidentInput) => (i.location.lat = 91), 'location.lat'],
    ['longitude out of range', (i: IncidentInput) => (i.location.lon = -180.5), 'location.lon'],
    ['unknown country', (i: IncidentInput) => (i.location.country = 'XYZ'), 'location.country'],
    ['unknown location precision', (i: IncidentInput) => ((i.location as { precision: string }).precision = 'street'), 'location.precision'],
    ['unknown date precision', (i: IncidentInput) => ((i as { datePrecision: string }).datePrecision = 'decade'), 'datePrecision'],
    ['no theme and no type of violence', (i: IncidentInput) => ((i.themes = []), delete i.violenceType), 'themes'],
    ['category outside the themes', (i: IncidentInput) => (i.categories = ['killing', 'rape']), 'categories.1'],
    ['reliability grade outside A–F', (i: IncidentInput) => ((i.sources![0] as { reliability: string }).reliability = 'G'), 'sources.0.reliability'],
    ['credibility grade outside 1–6', (i: IncidentInput) => ((i.sources![0] as { credibility: number }).credibility = 7), 'sources.0.credibility'],
    ['the same casualty cell twice', (i: IncidentInput) => i.casualties!.push({ kind: 'killed', status: 'civilian', best: 1 }), 'casualties.2'],
    ['breakdown larger than the total', (i: IncidentInput) => (i.casualties![0]!.breakdown![1] = { sex: 'male', ageGroup: 'adult', best: 20 }), 'casualties.0.breakdown'],
    ['source identity for an unknown source', (i: IncidentInput) => (i.sensitive = { sourceIdentities: [{ sourceRef: 'S9', identity: 'x' }] }), 'sensitive.sourceIdentities.0.sourceRef'],
    ['external data set without its id', (i: IncidentInput) => (i.origin = { dataset: 'ucdp-ged' }), 'origin.externalId'],
    ['title too short', (i: IncidentInput) => (i.title = 'ab'), 'title'],
  ])('rejects %s, naming the field', (_name, mutate, path) => {
    const input = validIncident();
    mutate(input);
    const issues = issuesOf(input);
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.find((i) => i.path === path)!.message.length).toBeGreaterThan(5);
  });

  it('says which themes a misplaced category belongs to', () => {
    const input = validIncident();
    input.themes = ['cultural_property'];
    input.categories = ['attack_on_school'];
    const [issue] = issuesOf(input);
    expect(issue?.message).toContain('children_and_armed_conflict');
    expect(issue?.message).toContain('protection_of_civilians');
  });
});

describe('taxonomy', () => {
  it('gives every category at least one existing theme', () => {
    for (const category of CATEGORIES) {
      const themes = themesOfCategory(category);
      expect(themes.length).toBeGreaterThan(0);
      for (const theme of themes) expect(THEMES).toContain(theme);
    }
  });

  it('files an attack on a school under both children and armed conflict and protection of civilians', () => {
    expect(themesOfCategory('attack_on_school')).toEqual(expect.arrayContaining(['children_and_armed_conflict', 'protection_of_civilians']));
  });

  it('covers the six grave violations against children', () => {
    const caac = CATEGORIES.filter((c) => themesOfCategory(c).includes('children_and_armed_conflict'));
    expect(caac).toEqual(
      expect.arrayContaining([
        'killing_or_maiming_of_children',
        'recruitment_or_use_of_children',
        'sexual_violence_against_children',
        'attack_on_school',
        'attack_on_hospital',
        'abduction_of_children',
        'denial_of_humanitarian_access',
      ]),
    );
  });
});
