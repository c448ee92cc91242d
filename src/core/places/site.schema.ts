import { z } from 'zod';
import { idParamsSchema } from '../api-contract.schema.js';
import { isCountryCode } from '../countries.js';
import { boundingBoxSchema } from '../incident-filter.schema.js';
import { indexBoxOf, radiusKmOf, representativePointOf, siteGeometrySchema, type Box } from './geometry.js';
import { expectedVersionSchema, optionalNotes, placeSourceSchema, withoutUndefined } from './place-source.js';

/** What a protected site is; detection fits the kind of attack to it (MRM counts attacks on schools and hospitals). */
export const SITE_CATEGORIES = [
  'health_facility',
  'school',
  'place_of_worship',
  'cultural_property',
  'displacement_camp',
  'humanitarian_premises',
  'water',
  'power',
  'dam_or_dyke',
  'nuclear_power_station',
  'other',
] as const;
export type SiteCategory = (typeof SITE_CATEGORIES)[number];

/** The level of protection of cultural property (1954 Hague Convention and its Second Protocol; World Heritage List). */
export const CULTURAL_PROTECTION_LEVELS = ['general', 'special', 'enhanced', 'world_heritage', 'world_heritage_in_danger'] as const;
export type CulturalProtection = (typeof CULTURAL_PROTECTION_LEVELS)[number];

/** The rules that protect a site; a site may rest on several. */
export const PROTECTION_BASES = [
  /** GC IV art. 18: civilian hospitals. */
  'gc_iv_art18_hospital',
  /** AP I art. 12 (and AP II art. 11): medical units, civilian and military, of every size. */
  'api_art12_medical_unit',
  /** AP I art. 52: civilian objects in general. */
  'api_art52_civilian_object',
  /** 1954 Hague Convention: cultural property (general or special protection). */
  'hague_1954',
  /** Second Protocol (1999) to the Hague Convention: enhanced protection. */
  'hague_1954_p2_enhanced',
  /** 1972 World Heritage Convention: cultural and natural heritage on the list. */
  'world_heritage_convention',
  /** AP I art. 56 (AP II art. 15): dams, dykes and nuclear electrical generating stations, works containing dangerous forces. */
  'api_art56_dangerous_forces',
  /** AP I art. 54 (AP II art. 14): objects indispensable to the survival of the civilian population (water, food). */
  'api_art54_indispensable',
  /** The Safe Schools Declaration (2015), for the states that endorsed it. */
  'safe_schools_declaration',
  /** Premises notified to the parties under a humanitarian notification (deconfliction) system. */
  'humanitarian_notification',
  'other',
] as const;
export type ProtectionBasis = (typeof PROTECTION_BASES)[number];

export const SITE_STATUSES = ['functioning', 'damaged', 'destroyed', 'closed', 'unknown'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

/** The basis a site rests on when its record names none: the general rule for its category. */
export const DEFAULT_PROTECTION_BASIS: Readonly<Record<SiteCategory, readonly ProtectionBasis[]>> = {
  health_facility: ['api_art12_medical_unit'],
  school: ['api_art52_civilian_object'],
  place_of_worship: ['api_art52_civilian_object'],
  cultural_property: ['hague_1954'],
  displacement_camp: ['api_art52_civilian_object'],
  humanitarian_premises: ['api_art52_civilian_object'],
  water: ['api_art54_indispensable'],
  power: ['api_art52_civilian_object'],
  dam_or_dyke: ['api_art56_dangerous_forces'],
  nuclear_power_station: ['api_art56_dangerous_forces'],
  other: ['api_art52_civilian_object'],
};

export const countryCodeSchema = z
  .string({ error: 'must be an ISO 3166-1 alpha-3 country code' })
  .trim()
  .toUpperCase()
  .refine(isCountryCode, 'must be an ISO 3166-1 alpha-3 country code (e.g. UKR)');

const siteFields = {
  name: z.string({ error: 'a site needs a name' }).trim().min(1, 'a site needs a name').max(500, 'must be at most 500 characters'),
  category: z.enum(SITE_CATEGORIES, { error: `must be one of ${SITE_CATEGORIES.join(', ')}` }),
  culturalProtection: z.enum(CULTURAL_PROTECTION_LEVELS, { error: `must be one of ${CULTURAL_PROTECTION_LEVELS.join(', ')}` }).optional(),
  geometry: siteGeometrySchema,
  country: countryCodeSchema.optional(),
  admin1: z.string().trim().min(1).max(200).optional(),
  /** Absent or empty: the default basis of the category. */
  protectionBasis: z
    .array(z.enum(PROTECTION_BASES, { error: `must be one of ${PROTECTION_BASES.join(', ')}` }))
    .max(PROTECTION_BASES.length)
    .optional(),
  status: z.enum(SITE_STATUSES, { error: `must be one of ${SITE_STATUSES.join(', ')}` }).default('unknown'),
  source: placeSourceSchema,
  notes: optionalNotes,
};

/**
 * A site as entered or imported. Its representative point and radius are derived from the geometry, never taken from
 * the input (a `lat`, `lon` or `radiusKm` sent along, as in a site read back from the API, is ignored).
 */
export const siteInputSchema = z.object(siteFields);
export type SiteInput = z.input<typeof siteInputSchema>;
export type SiteData = z.output<typeof siteInputSchema>;

/** An edit: the whole site again, with the version it was read at. */
export const siteUpdateSchema = z.object({ ...siteFields, version: expectedVersionSchema });

/** A site in the register, as the API answers it: the input with its derived point, radius and bases, and its history. */
export const siteSchema = z.object({
  ...siteFields,
  id: z.string(),
  /** The representative point (the point itself, or an area's centroid). */
  lat: z.number(),
  lon: z.number(),
  /** 0 for a point; for an area, the distance from the representative point to its farthest vertex. */
  radiusKm: z.number(),
  protectionBasis: z.array(z.enum(PROTECTION_BASES)),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Site = z.output<typeof siteSchema>;
export const siteParamsSchema = idParamsSchema('a site');

/** A page of the register. */
export const siteListSchema = z.object({ items: z.array(siteSchema), total: z.number().int() });
export type SiteList = z.output<typeof siteListSchema>;

/** What a site is, without its identity and history: two imports of the same row compare equal on this. */
export type SiteContent = Omit<Site, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/** The stored form of validated input: derived point and radius, default basis, sorted bases, no undefined fields. */
export function siteContentOf(data: SiteData): SiteContent {
  const centre = representativePointOf(data.geometry);
  const bases = data.protectionBasis && data.protectionBasis.length > 0 ? data.protectionBasis : DEFAULT_PROTECTION_BASIS[data.category];
  return withoutUndefined({
    name: data.name,
    category: data.category,
    culturalProtection: data.culturalProtection,
    geometry: data.geometry,
    lat: centre.lat,
    lon: centre.lon,
    radiusKm: radiusKmOf(data.geometry, centre),
    country: data.country,
    admin1: data.admin1,
    protectionBasis: [...new Set(bases)].sort(),
    status: data.status,
    source: withoutUndefined(data.source),
    notes: data.notes || undefined,
  });
}

/** The box the spatial index keeps for a site (see indexBoxOf). */
export const siteIndexBox = (site: Pick<Site, 'geometry' | 'lat' | 'lon' | 'radiusKm'>): Box => indexBoxOf(site.geometry, site, site.radiusKm);

export const siteFilterSchema = z.object({
  bbox: boundingBoxSchema.optional().describe('bounding box in degrees'),
  category: z
    .enum(SITE_CATEGORIES, { error: `must be one of ${SITE_CATEGORIES.join(', ')}` })
    .optional()
    .describe('only this category (health_facility, school, cultural_property, nuclear_power_station …)'),
  country: countryCodeSchema.optional().describe('only this country (ISO 3166-1 alpha-3)'),
  /** Text in the name. */
  q: z.string().trim().min(1).max(200).optional().describe('text in the name'),
  dataset: z.string().trim().min(1).max(100).optional().describe('only sites of this data set'),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(1000).default(100).describe('at most this many (1–1000)'),
  offset: z.coerce.number({ error: 'must be a number' }).int().min(0).default(0).describe('skip this many'),
});
export type SiteFilter = z.output<typeof siteFilterSchema>;
export type SiteFilterInput = z.input<typeof siteFilterSchema>;

/** A plain-language label for people reading an assessment: "dam or dyke (works containing dangerous forces)". */
export function siteCategoryLabel(site: Pick<Site, 'category' | 'culturalProtection'>): string {
  const base = site.category.replaceAll('_', ' ');
  if (site.category === 'dam_or_dyke' || site.category === 'nuclear_power_station') return `${base} (works containing dangerous forces)`;
  switch (site.culturalProtection) {
    case undefined:
      return base;
    case 'world_heritage':
      return `${base} (World Heritage)`;
    case 'world_heritage_in_danger':
      return `${base} (World Heritage in danger)`;
    case 'general':
    case 'special':
    case 'enhanced':
      return `${base} (${site.culturalProtection} protection)`;
  }
}
