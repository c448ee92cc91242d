import { totalOf } from '../casualty-totals.js';
import type { IncidentData } from '../incident.schema.js';
import type { LocationPrecision } from '../taxonomy.js';
import { ceasefireViolations, normalisePartyName, partyNames } from './ceasefire.js';
import type { DetectionAgreement, DetectionIncident, DetectionSite, DetectionSiteCategory, DetectionZone, DetectionZoneKind } from './detection-inputs.js';
import { detectionKeys, type DetectionCandidate, type SiteDetectionEvidence, type TextEvidence } from './detection.js';
import type { IncidentSiteFacts, SiteMatch } from './site-evidence.js';
import { isPlaceable, locationUncertaintyKm } from '../location-uncertainty.js';
import { SiteIndex } from './site-index.js';
import { boxesAround, type LonLatBox } from './spherical-box.js';
import { gradeZoneIncident } from './zone-containment.js';

/** Zones whose violation is a violation of humanitarian space; the others matter through agreements. */
export const HUMANITARIAN_SPACE_ZONE_KINDS: ReadonlySet<DetectionZoneKind> = new Set(['humanitarian_corridor', 'safe_haven']);

const SITE_CATEGORY_WORDS: Record<DetectionSiteCategory, string> = {
  health_facility: 'health facility',
  school: 'school',
  place_of_worship: 'place of worship',
  cultural_property: 'cultural property',
  displacement_camp: 'camp for displaced people',
  humanitarian_premises: 'humanitarian premises',
  water: 'water installation',
  power: 'power installation',
  dam_or_dyke: 'dam or dyke',
  nuclear_power_station: 'nuclear power station',
  other: 'protected site',
};

const PRECISION_WORDS: Record<LocationPrecision, string> = {
  exact: 'located exactly',
  within_25km: 'located to within 25 km',
  admin2: 'located only to its district',
  admin1: 'located only to its province',
  region: 'located only to a region',
  country: 'located only to the country',
  water_or_air: 'located at sea or in the air',
};

const ZONE_KIND_WORDS: Record<DetectionZoneKind, string> = {
  humanitarian_corridor: 'humanitarian corridor',
  safe_haven: 'safe haven',
  demilitarised_zone: 'demilitarised zone',
  ceasefire_line: 'ceasefire line',
  area_of_operations: 'area of operations',
};

const km = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const titleOf = (incident: DetectionIncident) => (incident.title ? `"${incident.title}"` : `Incident ${incident.id}`);

interface PreparedZone {
  zone: DetectionZone;
  /** The box of its vertices: its lines and edges are straight in lon/lat, so they stay inside it. */
  box: LonLatBox;
  halfWidthKm: number;
}

function prepareZone(zone: DetectionZone): PreparedZone {
  const box: LonLatBox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      box[0] = Math.min(box[0], value[0]);
      box[1] = Math.min(box[1], value[1]);
      box[2] = Math.max(box[2], value[0]);
      box[3] = Math.max(box[3], value[1]);
      return;
    }
    for (const item of value) visit(item);
  };
  visit(zone.geometry.coordinates);
  return { zone, box, halfWidthKm: (zone.widthKm ?? 0) / 2 };
}

const intersects = (a: LonLatBox, b: LonLatBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/**
 * Everything detection compares incidents with, prepared once for a batch: the site index, the zones with their
 * boxes, and each agreement's party names.
 */
export interface DetectionContext {
  sites: SiteIndex;
  zones: readonly PreparedZone[];
  zonesById: ReadonlyMap<string, DetectionZone>;
  agreements: readonly { agreement: DetectionAgreement; names: ReadonlyMap<string, string> }[];
}

export function prepareDetection(registers: {
  sites: readonly DetectionSite[];
  zones: readonly DetectionZone[];
  agreements: readonly DetectionAgreement[];
}): DetectionContext {
  return {
    sites: SiteIndex.build(registers.sites),
    zones: registers.zones.map(prepareZone),
    zonesById: new Map(registers.zones.map((z) => [z.id, z])),
    agreements: registers.agreements.map((agreement) => ({ agreement, names: partyNames(agreement) })),
  };
}

const SETTLEMENT_BECAUSE: Record<NonNullable<SiteDetectionEvidence['settlement']>['because'], (s: NonNullable<IncidentSiteFacts['settlement']>) => string> = {
  place_name: (s) => `the place name gives a ${s.kind ?? 'settlement'}`,
  shared_point: (s) => `${s.sharedBy ?? 0} incidents are recorded at exactly this point`,
  data_set: () => 'its data set geocodes events to the settlement named',
};

const IDENTIFIED_WORDS: Record<NonNullable<SiteMatch['identified']>, string> = {
  named: 'named in the text',
  only_one_in_reach: 'the only one of its kind in reach',
  only_one_within_alert_distance: 'the only one of its kind within its alert distance',
};

/** The words that matched, with up to 70 characters either side, offsets moved into the excerpt. */
function excerptOf(facts: IncidentSiteFacts, match: { passageIndex: number; field: TextEvidence['field']; start: number; end: number; matched: string }): TextEvidence {
  const text = facts.passages[match.passageIndex]?.text ?? match.matched;
  const from = Math.max(0, match.start - 70);
  const to = Math.min(text.length, match.end + 70);
  const lead = from > 0 ? '…' : '';
  return {
    field: match.field,
    matched: match.matched,
    excerpt: `${lead}${text.slice(from, to)}${to < text.length ? '…' : ''}`,
    start: lead.length + match.start - from,
    end: lead.length + match.end - from,
  };
}

/** The evidence a site detection rests on, with the reasons in plain sentences, strongest first. */
export function siteDetectionEvidence(incident: DetectionIncident, facts: IncidentSiteFacts, match: SiteMatch): SiteDetectionEvidence {
  const kind = SITE_CATEGORY_WORDS[match.site.category];
  // One quote per distinct wording: "hospital" said three times is one reason.
  const text = [...new Map(match.text.map((t) => [t.matched.toLowerCase(), excerptOf(facts, t)])).values()].slice(0, 3);
  const named = match.name && excerptOf(facts, match.name);
  const reasons: string[] = [];
  if (named) reasons.push(`The ${named.field} names the site itself: "${named.matched}".`);
  if (text.length > 0) reasons.push(`The ${text[0]!.field} speaks of a ${kind}: ${text.map((t) => `"${t.matched}"`).join(', ')}.`);
  if (match.coded) reasons.push(`Its coding speaks of harm to a ${kind}.`);
  if (match.vicinity) reasons.push('Armed violence in the vicinity of works containing dangerous forces (AP I art. 56).');
  if (match.basis === 'violence_nearby') reasons.push(`Violence located exactly, within the ${km(match.reachKm)} km alert distance; nothing recorded says the site was harmed.`);
  const where = facts.settlement
    ? `${km(match.distanceKm)} km from the incident's point, which stands for a settlement (${SETTLEMENT_BECAUSE[facts.settlement.because](facts.settlement)}): the event may have been anywhere within ${km(match.uncertaintyKm)} km of it.`
    : `${km(match.distanceKm)} km from the incident's point, ${PRECISION_WORDS[incident.location.precision]} (within ${km(match.uncertaintyKm)} km).`;
  reasons.push(where.charAt(0).toUpperCase() + where.slice(1));
  const others = match.inReach > 1 ? ` (${match.inReach} sites of this kind in reach)` : '';
  reasons.push(
    match.identified
      ? `Singled out: ${IDENTIFIED_WORDS[match.identified]}${others}.`
      : match.inReach === 1
        ? `The only ${kind} in reach.`
        : `One of ${match.inReach} sites of this kind in reach, ranked ${match.rank} (named first, then what the text or coding says, then distance).`,
  );
  return {
    site: { name: match.site.name, category: match.site.category },
    basis: match.basis,
    coded: match.coded,
    text,
    ...(named && { named }),
    vicinity: match.vicinity,
    distanceKm: match.distanceKm,
    reachKm: match.reachKm,
    uncertaintyKm: match.uncertaintyKm,
    ...(facts.settlement && { settlement: facts.settlement }),
    ...(match.identified && { identified: match.identified }),
    inReach: match.inReach,
    rank: match.rank,
    reasons,
  };
}

export function detectProtectedSites(incident: DetectionIncident, context: DetectionContext): DetectionCandidate[] {
  const { facts, matches } = context.sites.assess(incident);
  return matches.map((match) => {
    const { site, grade, distanceKm } = match;
    const what = `${site.name} (${SITE_CATEGORY_WORDS[site.category]})`;
    const evidence = siteDetectionEvidence(incident, facts, match);
    const head = grade === 'probable' ? `Probable attack on or near ${what}` : match.basis === 'violence_nearby' ? `Possible harm to ${what}` : `Possible attack on ${what}`;
    return {
      kind: 'protected_site',
      key: detectionKeys.protectedSite(incident.id, site.id),
      grade,
      incidentIds: [incident.id],
      siteId: site.id,
      distanceKm,
      summary: `${head}: ${titleOf(incident)}. ${evidence.reasons[0]}`,
      evidence,
    };
  });
}

export function detectHumanitarianSpace(incident: DetectionIncident, context: DetectionContext): DetectionCandidate[] {
  const { lat, lon, precision } = incident.location;
  if (!isPlaceable(precision)) return [];
  const candidates: DetectionCandidate[] = [];
  for (const { zone, box, halfWidthKm } of context.zones) {
    if (!HUMANITARIAN_SPACE_ZONE_KINDS.has(zone.kind)) continue;
    if (incident.dateLatest < zone.validFrom || (zone.validTo !== undefined && incident.dateEarliest > zone.validTo)) continue;
    if (!boxesAround(lat, lon, locationUncertaintyKm(precision) + halfWidthKm).some((b) => intersects(b, box))) continue;
    const placement = gradeZoneIncident(incident, zone);
    if (!placement) continue;
    const what = `${ZONE_KIND_WORDS[zone.kind]} ${zone.name}`;
    const where = placement.distanceKm > 0 ? `, ${km(placement.distanceKm)} km outside its edge but ${PRECISION_WORDS[precision]}` : '';
    candidates.push({
      kind: 'humanitarian_space',
      key: detectionKeys.humanitarianSpace(incident.id, zone.id),
      grade: placement.grade,
      incidentIds: [incident.id],
      zoneId: zone.id,
      distanceKm: placement.distanceKm,
      summary: `${placement.grade === 'probable' ? 'Probably' : 'Possibly'} inside the ${what} while it was in force: ${titleOf(incident)}${where}.`,
    });
  }
  return candidates;
}

const COMMITMENT_WORDS = {
  cessation_of_hostilities: 'cessation of hostilities',
  heavy_weapons_withdrawal: 'withdrawal of heavy weapons',
  humanitarian_access: 'humanitarian access',
  prisoner_exchange: 'exchange of prisoners',
  other: 'a commitment',
} as const;

export function detectCeasefireViolations(incident: DetectionIncident, context: DetectionContext): DetectionCandidate[] {
  return context.agreements.flatMap(({ agreement, names }) =>
    ceasefireViolations(incident, agreement, context.zonesById, names).map((v) => {
      const who = v.attribution === 'perpetrator' ? `${v.party} as perpetrator` : `${v.party} as one side of a clash that does not say who fired first`;
      return {
        kind: 'ceasefire_violation' as const,
        key: detectionKeys.ceasefireViolation(incident.id, agreement.id, normalisePartyName(v.party), v.commitment),
        grade: v.grade,
        incidentIds: [incident.id],
        agreementId: agreement.id,
        party: v.party,
        commitment: v.commitment,
        ...(v.zoneId !== undefined && { zoneId: v.zoneId }),
        summary: `${v.grade === 'probable' ? 'Probable' : 'Possible'} violation of ${agreement.name} (${COMMITMENT_WORDS[v.commitment]}) by ${who}: ${titleOf(incident)}.`,
      };
    }),
  );
}

/** Every detection for one incident, of every kind but escalation (which looks at areas over time, not incidents). */
export function detectForIncident(incident: DetectionIncident, context: DetectionContext): DetectionCandidate[] {
  return [...detectProtectedSites(incident, context), ...detectHumanitarianSpace(incident, context), ...detectCeasefireViolations(incident, context)];
}

/** An incident as written (validated input and its id) as detection reads it. */
export function detectionIncidentOf(id: string, data: IncidentData): DetectionIncident {
  return {
    id,
    title: data.title,
    narrative: data.narrative,
    sourceTexts: data.sources.map((source) => source.description),
    origin: { dataset: data.origin.dataset },
    dateEarliest: data.dateEarliest,
    dateLatest: data.dateLatest,
    location: data.location,
    categories: data.categories,
    themes: data.themes,
    violenceType: data.violenceType,
    actors: data.actors,
    killed: totalOf(data.casualties, 'killed'),
  };
}
