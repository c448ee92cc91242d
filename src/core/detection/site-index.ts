import KDBush from 'kdbush';
import type { DetectionIncident, DetectionSite, DetectionSiteCategory } from './detection-inputs.js';
import { DETECTION_SITE_CATEGORIES } from './detection-inputs.js';
import { isPlaceable } from '../location-uncertainty.js';
import { assessSite, gradeAssessments, incidentSiteFacts, kindsWithEvidence, type IncidentSiteFacts, type SiteAssessment, type SiteMatch } from './site-evidence.js';
import { SITE_ALERT_DISTANCE_KM } from './site-proximity.js';
import { boxesAround } from './spherical-box.js';

interface PointIndex {
  tree: KDBush;
  sites: DetectionSite[];
  /** The largest alert distance plus site extent in the index: how far a site's point can be and still be hit. */
  reachKm: number;
}

function pointIndex(sites: DetectionSite[]): PointIndex | undefined {
  if (sites.length === 0) return undefined;
  const tree = new KDBush(sites.length);
  let reachKm = 0;
  for (const site of sites) {
    tree.add(site.lon, site.lat);
    reachKm = Math.max(reachKm, SITE_ALERT_DISTANCE_KM[site.category] + site.radiusKm);
  }
  return { tree: tree.finish(), sites, reachKm };
}

/**
 * Sites held in k-d trees (one over all sites, one per category) so that each incident is compared only with the
 * sites in a box around it, never with every site. Immutable once built: build one per batch of detection.
 */
export class SiteIndex {
  private constructor(
    private readonly all: PointIndex | undefined,
    private readonly byCategory: ReadonlyMap<DetectionSiteCategory, PointIndex>,
    readonly size: number,
  ) {}

  static build(sites: readonly DetectionSite[]): SiteIndex {
    const byCategory = new Map<DetectionSiteCategory, PointIndex>();
    for (const category of DETECTION_SITE_CATEGORIES) {
      const index = pointIndex(sites.filter((s) => s.category === category));
      if (index) byCategory.set(category, index);
    }
    return new SiteIndex(pointIndex([...sites]), byCategory, sites.length);
  }

  /** Every site the incident is tied to, graded and ranked as `matchSites` does (site-evidence.ts), probable first. */
  matchesFor(incident: DetectionIncident): SiteMatch[] {
    return this.assess(incident).matches;
  }

  /** The matches with what was read of the incident to find them (its text passages, its settlement). */
  assess(incident: DetectionIncident): { facts: IncidentSiteFacts; matches: SiteMatch[] } {
    const facts = incidentSiteFacts(incident);
    const { precision, lat, lon } = incident.location;
    const all = this.all;
    if (!all || !isPlaceable(precision) || !Number.isFinite(lat) || !Number.isFinite(lon)) return { facts, matches: [] };
    const assessments: SiteAssessment[] = [];
    const consider = (index: PointIndex) => {
      for (const [west, south, east, north] of boxesAround(lat, lon, index.reachKm + facts.uncertaintyKm)) {
        for (const i of index.tree.range(west, south, east, north)) {
          const site = index.sites[i];
          const assessment = site && assessSite(incident, facts, site);
          if (assessment) assessments.push(assessment);
        }
      }
    };
    const anyInReach = () => boxesAround(lat, lon, all.reachKm + facts.uncertaintyKm).some(([west, south, east, north]) => all.tree.range(west, south, east, north).length > 0);
    if (precision === 'exact' && facts.violent && !facts.settlement) {
      // Violence pinned to the spot may have hit any kind of site: one query over all of them.
      consider(all);
    } else if (facts.passages.length === 0 || anyInReach()) {
      // Text is read only when a site stands within reach: most incidents have none near them.
      for (const category of kindsWithEvidence(incident, facts, this.byCategory.keys())) consider(this.byCategory.get(category)!);
    }
    return { facts, matches: gradeAssessments(incident, facts, assessments) };
  }
}
export type { SiteMatch } from './site-evidence.js';
