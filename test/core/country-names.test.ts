import { describe, expect, it } from 'vitest';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import { alpha3FromAlpha2, lookUpCountry } from '../../src/core/countries.js';
import fixture from '../fixtures/country-names.json' with { type: 'json' };

/**
 * Every distinct country name in the real data sets (extracted by tools/extract-country-names.ts into a committed
 * fixture, so this runs without them). A name that is exactly one country's English name in i18n-iso-countries'
 * own data expects that country; every other name has its expected code here, written from what the name means.
 */
const EXPECTED: Record<string, string> = {
  // UCDP GED: the country now, its name at the time in brackets, and UCDP's own spellings.
  'Myanmar (Burma)': 'MMR',
  'Bosnia-Herzegovina': 'BIH',
  'Cambodia (Kampuchea)': 'KHM',
  'DR Congo (Zaire)': 'COD',
  'Kingdom of eSwatini (Swaziland)': 'SWZ',
  'Macedonia, FYR': 'MKD',
  'Russia (Soviet Union)': 'RUS',
  'Serbia (Yugoslavia)': 'SRB',
  Syria: 'SYR',
  'Yemen (North Yemen)': 'YEM',
  // UNESCO and UN member-state names.
  'Bolivia (Plurinational State of)': 'BOL',
  'Cabo Verde': 'CPV',
  Congo: 'COG',
  "Democratic People's Republic of Korea": 'PRK',
  'Gambia (the)': 'GMB',
  'Holy See': 'VAT',
  'Iran (Islamic Republic of)': 'IRN',
  'Micronesia (Federated States of)': 'FSM',
  'Republic of Moldova': 'MDA',
  'United Kingdom of Great Britain and Northern Ireland': 'GBR',
  'Venezuela (Bolivarian Republic of)': 'VEN',
  'Viet Nam': 'VNM',
  'Côte dIvoire': 'CIV',
  // SIPRI.
  Brunei: 'BRN',
  'Congo, DR': 'COD',
  'Congo, Republic': 'COG',
  'Gambia, The': 'GMB',
  'German Democratic Republic': 'DEU',
  'Korea, North': 'PRK',
  'Korea, South': 'KOR',
  'Kyrgyz Republic': 'KGZ',
  Laos: 'LAO',
  Moldova: 'MDA',
  'Timor Leste': 'TLS',
  'Yemen, North': 'YEM',
  // Geo-PKO.
  DRC: 'COD',
};

/** Names that are not one country: refused, and the message says why. */
const REFUSED: Record<string, RegExp> = {
  'Jerusalem (Site proposed by Jordan)': /is a site, not a country/,
  'Central Asia': /is a region or a group of countries/,
  'East Asia': /is a region or a group of countries/,
  'European Union': /is a region or a group of countries/,
  'Trans-European': /is a region or a group of countries/,
  Czechoslovakia: /former state .* now in several countries; name the country the place is in today/,
  USSR: /former state .* now in several countries/,
  Yugoslavia: /former state .* now in several countries/,
  'Serbia and Montenegro': /former state .* now in several countries/,
  'ZZ [Undetermined]': /undetermined/,
  'Ethiopia/Eritrea': /names two countries/,
};

/** i18n-iso-countries' English data: each name with the countries it names (some, like "Congo", name two). */
const LIBRARY_NAMES = new Map<string, Set<string>>();
for (const [alpha2, names] of Object.entries(english.countries)) {
  for (const name of [names].flat()) LIBRARY_NAMES.set(name, new Set([...(LIBRARY_NAMES.get(name) ?? []), alpha3FromAlpha2(alpha2)!]));
}

function expectedFor(name: string): string | undefined {
  if (EXPECTED[name]) return EXPECTED[name];
  const owners = LIBRARY_NAMES.get(name);
  return owners?.size === 1 ? [...owners][0] : undefined;
}

describe('every country name in the real data sets', () => {
  const sources = Object.entries(fixture as Record<string, { column: string; names: string[] }>);

  it('the fixture covers the files the brief names, each with names', () => {
    expect(sources.map(([file]) => file.split('/')[0])).toEqual(expect.arrayContaining(['ucdp', 'acled', 'sites', 'spending', 'peacekeeping']));
    for (const [file, { names }] of sources) expect(names.length, file).toBeGreaterThan(0);
  });

  describe.each(sources)('%s', (_file, { column, names }) => {
    it.each(names)(`${column} "%s" resolves to its country, or is refused with the reason`, (name) => {
      const found = lookUpCountry(name);
      if (REFUSED[name]) {
        expect(found).toEqual({ refused: expect.stringMatching(REFUSED[name]) });
        expect('refused' in found && found.refused).toContain(`"${name}"`);
        return;
      }
      const expected = expectedFor(name);
      expect(expected, `no expected code for "${name}": add it to EXPECTED or REFUSED`).toBeDefined();
      expect(found).toEqual({ code: expected });
    });
  });
});

describe('names UCDP and ACLED use, matched whatever the case and accents', () => {
  it.each([
    ['Democratic Republic of Congo', 'COD'],
    ['Republic of Congo', 'COG'],
    ['Swaziland', 'SWZ'],
    ['eSwatini', 'SWZ'],
    ['Kingdom of eSwatini', 'SWZ'],
    ['Ivory Coast', 'CIV'],
    ["Cote d'Ivoire", 'CIV'],
    ["Côte d'Ivoire", 'CIV'],
    ['CÔTE D’IVOIRE', 'CIV'],
    ['cote d’ivoire', 'CIV'],
    ['Madagascar (Malagasy)', 'MDG'],
    ['Zimbabwe (Rhodesia)', 'ZWE'],
    ['Vietnam (North Vietnam)', 'VNM'],
    ['Yemen (South Yemen)', 'YEM'],
    ['Micronesia', 'FSM'],
    ['Palestine', 'PSE'],
    ['Kosovo', 'XKK'],
    ['Turkey', 'TUR'],
    ['Türkiye', 'TUR'],
    ['turkiye', 'TUR'],
    ['Czechia', 'CZE'],
    ['Cape Verde', 'CPV'],
    ['Laos', 'LAO'],
    ['Syria', 'SYR'],
    ['Tanzania', 'TZA'],
    ['Bolivia', 'BOL'],
    ['Iran', 'IRN'],
    ['Russia', 'RUS'],
    ['South Korea', 'KOR'],
    ['North Korea', 'PRK'],
    ['United States', 'USA'],
    ['United Kingdom', 'GBR'],
    ['Caribbean Netherlands', 'BES'],
    ['Saint-Martin', 'MAF'],
    ['Bailiwick of Guernsey', 'GGY'],
    ['  bosnia-herzegovina ', 'BIH'],
    ['SAINT BARTHELEMY', 'BLM'],
  ])('"%s" is %s', (name, code) => {
    expect(lookUpCountry(name)).toEqual({ code });
  });

  it('refuses a name it does not know, quoting it', () => {
    expect(lookUpCountry('Atlantis')).toEqual({ refused: '"Atlantis" is not a country name Haven knows' });
    expect(lookUpCountry('Africa')).toEqual({ refused: '"Africa" is a region or a group of countries, not a country' });
  });
});
