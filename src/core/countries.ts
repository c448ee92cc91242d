import countries from 'i18n-iso-countries';
import { z } from 'zod';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };

countries.registerLocale(english);

/** ISO 3166-1 alpha-3 code, upper case. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && countries.isValid(code);
}

export function countryName(alpha3: string): string {
  return countries.getName(alpha3, 'en') ?? alpha3;
}

/** world-atlas features are keyed by ISO 3166-1 numeric codes (zero-padded strings). */
export function alpha3FromNumeric(numeric: string): string | undefined {
  return countries.numericToAlpha3(numeric);
}

/**
 * Names the data sets Haven reads use and i18n-iso-countries does not know (its English locale has a name, and for
 * some countries a few alternatives, each matched as written). UCDP names a country as it is now with the name of the
 * time in brackets ("Russia (Soviet Union)") and keeps some of its own spellings ("Bosnia-Herzegovina", "Rumania");
 * ACLED, SIPRI, UNESCO, the UN and Geo-PKO each have theirs. A former state whose whole territory lies in one country
 * today is that country (North Yemen, the GDR, Zaire, Rhodesia): Haven places incidents where they happened.
 *
 * Kosovo has no ISO 3166-1 code. i18n-iso-countries gives it the user-assigned XK / XKK (numeric 983), and Haven
 * stores XKK; the XKX some others use is not accepted as a code.
 */
const ALIASES: Record<string, readonly string[]> = {
  BES: ['Caribbean Netherlands', 'Bonaire', 'Bonaire, Saint Eustatius and Saba'],
  BIH: ['Bosnia-Herzegovina', 'Bosnia'],
  BOL: ['Plurinational State of Bolivia'],
  BRN: ['Brunei'],
  CIV: ['Cote dIvoire'],
  COD: ['Democratic Republic of Congo', 'DR Congo', 'DRC', 'Congo, DR', 'Congo, Democratic Republic of the', 'Congo, The Democratic Republic of the', 'Congo (Kinshasa)', 'Congo-Kinshasa', 'Zaire'],
  COG: ['Republic of Congo', 'Congo, Republic', 'Congo, Republic of the', 'Congo (Brazzaville)', 'Congo-Brazzaville'],
  CPV: ['Cabo Verde'],
  DEU: ['German Democratic Republic', 'East Germany', 'West Germany', 'Federal Republic of Germany'],
  FSM: ['Micronesia', 'Federated States of Micronesia'],
  GBR: ['United Kingdom of Great Britain and Northern Ireland', 'Britain'],
  GGY: ['Bailiwick of Guernsey'],
  GMB: ['Gambia, The'],
  JEY: ['Bailiwick of Jersey'],
  KGZ: ['Kyrgyz Republic'],
  KHM: ['Kampuchea'],
  KOR: ['Korea, South'],
  LAO: ['Laos', 'Lao PDR'],
  MAF: ['Saint-Martin', 'Saint Martin', 'Collectivity of Saint Martin'],
  MDA: ['Moldova', 'Republic of Moldova'],
  MDG: ['Malagasy', 'Malagasy Republic'],
  MKD: ['Macedonia', 'Macedonia, FYR', 'FYR Macedonia', 'Former Yugoslav Republic of Macedonia'],
  MMR: ['Burma'],
  PRK: ["Democratic People's Republic of Korea", 'Korea, North', "Korea, Democratic People's Republic of"],
  PSE: ['Occupied Palestinian Territory', 'Palestinian Territories'],
  ROU: ['Rumania'],
  SUR: ['Surinam'],
  SWZ: ['Swaziland', 'eSwatini', 'Kingdom of eSwatini', 'Kingdom of Swaziland'],
  SXM: ['Sint Maarten'],
  SYR: ['Syria'],
  TLS: ['East Timor'],
  VAT: ['Holy See', 'Vatican', 'Vatican City'],
  VEN: ['Bolivarian Republic of Venezuela'],
  VNM: ['Viet Nam', 'North Vietnam', 'South Vietnam', 'Republic of Vietnam'],
  YEM: ['North Yemen', 'South Yemen', 'Yemen, North', 'Yemen, South', 'Yemen Arab Republic'],
  ZWE: ['Rhodesia'],
};

/** Names that are not one country, with the reason a row naming them is refused. */
const NOT_COUNTRIES: Record<string, string> = {
  ...Object.fromEntries(
    [
      'Africa', 'Americas', 'Asia', 'Asia & Oceania', 'Oceania', 'Europe', 'Middle East', 'World', 'North Africa', 'Sub-Saharan Africa',
      'Central America and the Caribbean', 'North America', 'South America', 'Central Asia', 'East Asia', 'South Asia', 'South East Asia',
      'Central Europe', 'Eastern Europe', 'Western Europe', 'European Union', 'Trans-European',
    ].map((name) => [name, 'is a region or a group of countries, not a country']),
  ),
  ...Object.fromEntries(
    ['USSR', 'Soviet Union', 'Yugoslavia', 'Czechoslovakia', 'Serbia and Montenegro'].map((name) => [
      name,
      'is a former state whose territory is now in several countries; name the country the place is in today',
    ]),
  ),
  'Ethiopia/Eritrea': 'names two countries; name the one the place is in',
  'ZZ [Undetermined]': 'says the country is undetermined',
  'Jerusalem (Site proposed by Jordan)': 'is a site, not a country (UNESCO lists it apart from any state)',
};

/** Case, accents, apostrophes, hyphens and spacing do not tell names apart: "CÔTE D’IVOIRE" is "Cote d'Ivoire". */
export function normaliseCountryName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[\s\-_]+/g, ' ')
    .trim();
}

const byName = new Map<string, string>();
// The library's own names first (its first name of a country, then its alternatives), in its order: where two
// countries share an alternative ("Congo"), the first keeps it, as the library's own lookup does.
for (const [alpha2, names] of Object.entries(english.countries)) {
  const alpha3 = countries.alpha2ToAlpha3(alpha2);
  if (!alpha3) continue;
  for (const name of [names].flat()) if (!byName.has(normaliseCountryName(name))) byName.set(normaliseCountryName(name), alpha3);
}
for (const [alpha3, names] of Object.entries(ALIASES)) for (const name of names) byName.set(normaliseCountryName(name), alpha3);
const refusals = new Map(Object.entries(NOT_COUNTRIES).map(([name, reason]) => [normaliseCountryName(name), reason]));

export type CountryLookup = { code: string } | { refused: string };

/**
 * A country's name as ISO 3166-1 alpha-3, or why it is refused. A name with a bracketed note ("Myanmar (Burma)",
 * "Bolivia (Plurinational State of)", "Gambia (the)") is looked up whole, then without the note.
 */
export function lookUpCountry(name: string): CountryLookup {
  const whole = normaliseCountryName(name);
  const plain = normaliseCountryName(name.replace(/\s*\([^()]*\)\s*$/, ''));
  for (const key of [whole, plain]) {
    const refused = refusals.get(key);
    if (refused !== undefined) return { refused: `"${name.trim()}" ${refused}` };
    const code = byName.get(key);
    if (code) return { code };
  }
  if (whole === '') return { refused: 'no country is named' };
  return { refused: `"${name.trim()}" is not a country name Haven knows` };
}

export function alpha3FromName(name: string): string | undefined {
  const found = lookUpCountry(name);
  return 'code' in found ? found.code : undefined;
}

/** Why a name is not accepted as a country (for a name that is, says so: callers ask only after a failed lookup). */
export function countryRefusal(name: string): string {
  const found = lookUpCountry(name);
  return 'refused' in found ? found.refused : `"${name.trim()}" is ${found.code}`;
}

export function allCountryCodes(): string[] {
  return Object.keys(countries.getAlpha3Codes()).sort();
}

/** ISO 3166-1 numeric code (zero-padded, as world-atlas keys its shapes) of an alpha-3 code. */
export function numericFromAlpha3(alpha3: string): string | undefined {
  return countries.alpha3ToNumeric(alpha3);
}

/** ISO 3166-1 alpha-2 (any case) to alpha-3; undefined when unknown. */
export function alpha3FromAlpha2(alpha2: string): string | undefined {
  return /^[A-Za-z]{2}$/.test(alpha2) ? countries.alpha2ToAlpha3(alpha2.toUpperCase()) : undefined;
}

/** A country asked for in a query: an ISO 3166-1 alpha-3 code Haven knows, in any case. */
export const countryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, 'must be an ISO 3166-1 alpha-3 country code (e.g. MMR)');
