import { greatCircleKm } from '../great-circle.js';
import { isPlaceable, locationUncertaintyKm } from '../location-uncertainty.js';
import type { DetectionIncident, DetectionSite, DetectionSiteCategory } from './detection-inputs.js';
import { isViolent } from './incident-harm.js';
import { settlementPointOf, type SettlementPoint } from './settlement-point.js';
import { SITE_ALERT_DISTANCE_KM, VICINITY_PROTECTED, fitsSiteCategory, type DetectionGrade } from './site-proximity.js';
import { siteKindsNamedIn, siteNameIn, type SiteTextMatch, type TextPassage } from './site-text-evidence.js';

/**
 * Site detection graded on evidence, not on distance alone. For each incident and each site in reach:
 * 1. coding: its categories or themes speak of harm to that kind of site;
 * 2. text: its title, narrative or sources name the kind of site ("the district hospital", "une école") or the
 *    site itself ("Juba Teaching Hospital");
 * 3. distance against the location's real uncertainty: a settlement's gazetteer point stands for the whole
 *    settlement (settlement-point.ts), a manual pin for about a kilometre, a district centroid for 50 km.
 * Violence at a settlement's point near a site inside the settlement, with neither coding nor text about the site,
 * is "in the same place": context, never a detection.
 */

/** What is read once per incident, whatever the site. */
export interface IncidentSiteFacts {
  passages: readonly TextPassage[];
  /** The kinds of site the text names, with the words that named them. */
  kindsInText: ReadonlyMap<DetectionSiteCategory, readonly SiteTextMatch[]>;
  settlement?: SettlementPoint;
  violent: boolean;
  /** How far from its point the incident may have happened: the settlement's reach, or its precision's radius. */
  uncertaintyKm: number;
}

export function incidentSiteFacts(incident: DetectionIncident): IncidentSiteFacts {
  const passages: TextPassage[] = [
    ...(incident.title ? [{ field: 'title' as const, text: incident.title }] : []),
    ...(incident.narrative ? [{ field: 'narrative' as const, text: incident.narrative }] : []),
    ...(incident.sourceTexts ?? []).map((text) => ({ field: 'source' as const, text })),
  ];
  // Read on first use: most incidents have no site near them, and reading text is the dearest part of detection.
  let kindsInText: Map<DetectionSiteCategory, SiteTextMatch[]> | undefined;
  const readText = () => {
    kindsInText = new Map();
    for (const match of siteKindsNamedIn(passages)) {
      const list = kindsInText.get(match.category);
      if (list) list.push(match);
      else kindsInText.set(match.category, [match]);
    }
    return kindsInText;
  };
  const settlement = settlementPointOf(incident);
  const uncertaintyKm = settlement ? Math.max(settlement.radiusKm, locationUncertaintyKm(incident.location.precision)) : locationUncertaintyKm(incident.location.precision);
  return {
    passages,
    get kindsInText() {
      return kindsInText ?? readText();
    },
    ...(settlement && { settlement }),
    violent: isViolent(incident),
    uncertaintyKm,
  };
}

/** The kinds of site this incident's coding, text or violence could tie it to, wherever they stand. */
export function kindsWithEvidence(incident: DetectionIncident, facts: IncidentSiteFacts, categories: Iterable<DetectionSiteCategory>): DetectionSiteCategory[] {
  return [...categories].filter(
    (category) => fitsSiteCategory(incident, category) || facts.kindsInText.has(category) || (VICINITY_PROTECTED.has(category) && facts.violent && incident.location.precision === 'exact' && !facts.settlement),
  );
}

export type SiteNameMatch = NonNullable<ReturnType<typeof siteNameIn>>;

/** Why an incident is tied to a site. */
export type SiteBasis =
  /** coding, text or name speak of harm to the site, or violence in the vicinity of works containing dangerous forces */
  | 'evidence'
  /** exactly located violence within the alert distance, nothing said about the site */
  | 'violence_nearby';

export interface SiteAssessment {
  site: DetectionSite;
  basis: SiteBasis;
  distanceKm: number;
  /** The site's alert distance plus its own extent. */
  reachKm: number;
  uncertaintyKm: number;
  coded: boolean;
  text: readonly SiteTextMatch[];
  name?: SiteNameMatch;
  /** Violence near a dam, dyke or nuclear power station, counted as coded (AP I art. 56). */
  vicinity: boolean;
}

/** One incident against one site: undefined when nothing ties them (too far, or the same place without evidence). */
export function assessSite(incident: DetectionIncident, facts: IncidentSiteFacts, site: DetectionSite, distanceKm?: number): SiteAssessment | undefined {
  const { precision } = incident.location;
  if (!isPlaceable(precision)) return undefined;
  const distance = distanceKm ?? greatCircleKm(incident.location, site);
  const reachKm = SITE_ALERT_DISTANCE_KM[site.category] + site.radiusKm;
  const exact = precision === 'exact';
  const coded = fitsSiteCategory(incident, site.category);
  const text = facts.kindsInText.get(site.category) ?? [];
  // A settlement's point near a dam says only that the violence was somewhere in the settlement: it needs words too.
  const vicinity = VICINITY_PROTECTED.has(site.category) && facts.violent && exact && !facts.settlement;
  // One disc for every basis: the site's alert area widened by how far from its point the incident may have been.
  if (distance > reachKm + facts.uncertaintyKm) return undefined;
  const common = { site, distanceKm: distance, reachKm, uncertaintyKm: facts.uncertaintyKm, coded, text, vicinity };
  const name = coded || text.length > 0 || vicinity ? siteNameIn(site.name, facts.passages) : undefined;
  if (coded || text.length > 0 || vicinity) return { ...common, basis: 'evidence', ...(name && { name }) };
  // Nothing said about the site: only violence pinned to the spot, not to a settlement's point, is tied to it.
  if (exact && facts.violent && !facts.settlement) return { ...common, basis: 'violence_nearby' };
  return undefined;
}

/** How a site was singled out among the sites of its kind in reach. */
export type SiteIdentification = 'named' | 'only_one_in_reach' | 'only_one_within_alert_distance';

export interface SiteMatch extends SiteAssessment {
  grade: DetectionGrade;
  identified?: SiteIdentification;
  /** Sites of this kind tied to the incident, this one included. */
  inReach: number;
  /** This site's place among them, 1 first: named before unnamed, evidence before mere nearness, then nearest. */
  rank: number;
}

/**
 * At most this many possible sites are listed per incident; every listed one says how many were in reach. Probable
 * ones are always listed. An exact shelling among 84 clinics lists the 10 nearest, with "10 of 84 in reach".
 */
export const MAX_LISTED_POSSIBLE_SITES = 10;

const basisRank = (a: SiteAssessment) => (a.name ? 0 : a.basis === 'evidence' && (a.coded || a.text.length > 0) ? 1 : a.basis === 'evidence' ? 2 : 3);

/**
 * Grades what `assessSite` found for one incident, all kinds together:
 * - probable: evidence, the site singled out among its kind (named in the text, the only one in reach, or the only
 *   one within its alert distance), and the incident placed to a settlement or the spot — or named, wherever placed;
 *   violence near a dam, dyke or nuclear station pinned to the spot within its alert distance (AP I art. 56);
 * - possible: the rest — evidence without a single site, violence nearby;
 * then ranked, and the possible ones beyond the first `MAX_LISTED_POSSIBLE_SITES` left out (their number is kept).
 */
export function gradeAssessments(incident: DetectionIncident, facts: IncidentSiteFacts, assessments: readonly SiteAssessment[]): SiteMatch[] {
  const placedToSpot = incident.location.precision === 'exact';
  const byCategory = new Map<DetectionSiteCategory, SiteAssessment[]>();
  for (const a of assessments) {
    const list = byCategory.get(a.site.category);
    if (list) list.push(a);
    else byCategory.set(a.site.category, [a]);
  }
  const matches: SiteMatch[] = [];
  const order = (a: SiteAssessment, b: SiteAssessment) => basisRank(a) - basisRank(b) || a.distanceKm - b.distanceKm || a.site.id.localeCompare(b.site.id);
  for (const all of byCategory.values()) {
    const withEvidence = all.filter((a) => a.basis === 'evidence');
    const withinAlert = withEvidence.filter((a) => a.distanceKm <= a.reachKm);
    const list = leading(all, order, MAX_LISTED_POSSIBLE_SITES + 1);
    // A site's place in the whole ranking: the first ones are all in `list`; one listed beyond them is counted.
    const rankOf = (a: SiteAssessment, index: number) => (list.length === all.length || index <= MAX_LISTED_POSSIBLE_SITES ? index + 1 : all.filter((b) => order(b, a) < 0).length + 1);
    // Only the first possible ones of a kind can be among the first listed overall: the others are only counted.
    let possibleOfKind = 0;
    list.forEach((a, index) => {
      const identified: SiteIdentification | undefined =
        a.basis !== 'evidence'
          ? undefined
          : a.name
            ? 'named'
            : withEvidence.length === 1
              ? 'only_one_in_reach'
              : // From a settlement's point, distance does not say which of the town's sites it was.
                !facts.settlement && withinAlert.length === 1 && withinAlert[0] === a
                ? 'only_one_within_alert_distance'
                : undefined;
      const saidOrCoded = a.coded || a.text.length > 0 || a.name !== undefined;
      const probable =
        (identified === 'named') ||
        (identified !== undefined && saidOrCoded && placedToSpot) ||
        (a.vicinity && !saidOrCoded && a.distanceKm <= a.reachKm);
      if (!probable && ++possibleOfKind > MAX_LISTED_POSSIBLE_SITES) return;
      matches.push({ ...a, grade: probable ? 'probable' : 'possible', ...(identified && { identified }), inReach: all.length, rank: rankOf(a, index) });
    });
  }
  matches.sort((a, b) => (a.grade === b.grade ? 0 : a.grade === 'probable' ? -1 : 1) || order(a, b));
  let listedPossible = 0;
  return matches.filter((m) => m.grade === 'probable' || ++listedPossible <= MAX_LISTED_POSSIBLE_SITES);
}

/**
 * The first of the sites in the ranking order, without sorting them all (a province-wide record can reach thousands):
 * every site named in the text, every one near works containing dangerous forces (each may be probable), and the
 * `count` first of the rest; in order. Within a kind, coding and text are the incident's, so apart from a name the
 * order is by distance.
 */
function leading(all: readonly SiteAssessment[], order: (a: SiteAssessment, b: SiteAssessment) => number, count: number): SiteAssessment[] {
  if (all.length <= 4 * count) return [...all].sort(order);
  const always = all.filter((a) => a.name || (a.vicinity && a.distanceKm <= a.reachKm));
  const best: SiteAssessment[] = [];
  for (const a of all) {
    if (a.name || (a.vicinity && a.distanceKm <= a.reachKm)) continue;
    if (best.length === count && order(a, best[count - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && order(a, best[at - 1]!) < 0) at--;
    best.splice(at, 0, a);
    if (best.length > count) best.pop();
  }
  return [...always, ...best].sort(order);
}

/** Every site the incident is tied to, by comparing it with each site: the rule itself, which the index speeds up. */
export function matchSites(incident: DetectionIncident, sites: readonly DetectionSite[]): SiteMatch[] {
  const facts = incidentSiteFacts(incident);
  const assessments = sites.flatMap((site) => assessSite(incident, facts, site) ?? []);
  return gradeAssessments(incident, facts, assessments);
}
