import countries from 'i18n-iso-countries';
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

export function alpha3FromName(name: string): string | undefined {
  return countries.getAlpha3Code(name, 'en');
}

export function allCountryCodes(): string[] {
  return Object.keys(countries.getAlpha3Codes()).sort();
}

/** ISO 3166-1 alpha-2 (any case) to alpha-3; undefined when unknown. */
export function alpha3FromAlpha2(alpha2: string): string | undefined {
  return /^[A-Za-z]{2}$/.test(alpha2) ? countries.alpha2ToAlpha3(alpha2.toUpperCase()) : undefined;
}
