import KDBush from 'kdbush';
import type { DetectionIncident, DetectionSite, DetectionSiteCategory } from './detection-inputs.js';
import { DETECTION_SITE_CATEGORIES } from './detection-inputs.js';
import { isViolent } from './incident-harm.js';
import { isPlaceable, locationUncertaintyKm } from './location-uncertainty.js';
import { SITE_ALERT_DISTANCE_KM, fitsSiteCategory, gradeSiteProximity, type SiteProximity } from './site-proximity.js';
import { boxesAround } from './spherical-box.js';

/**
 * Beyond this many sites within reach, an imprecise incident points at none of them: an "attack on a school"
 * placed at a province's centroid would otherwise be a possible hit on each of the province's hundreds of schools.
 * Its probable hits (exactly located) are kept whatever their number.
 */
export const MAX_POSSIBLE_SITES_PER_INCIDENT = 25;

export interface SiteMatch extends SiteProximity {
  site: DetectionSite;
}

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

  /** Every site the incident probably or possibly hit, nearest first. */
  matchesFor(incident: DetectionIncident): SiteMatch[] {
    const { precision, lat, lon } = incident.location;
    if (!this.all || !isPlaceable(precision) || !Number.isFinite(lat) || !Number.isFinite(lon)) return [];
    const uncertaintyKm = locationUncertaintyKm(precision);
    const fitting = [...this.byCategory.keys()].filter((category) => fitsSiteCategory(incident, category));
    const matches: SiteMatch[] = [];
    const consider = (index: PointIndex, radiusKm: number) => {
      for (const [west, south, east, north] of boxesAround(lat, lon, radiusKm)) {
        for (const i of index.tree.range(west, south, east, north)) {
          const site = index.sites[i];
          const proximity = site && gradeSiteProximity(incident, site);
          if (site && proximity) matches.push({ site, ...proximity });
        }
      }
    };
    if (precision === 'exact' && isViolent(incident)) {
      // Any kind of site may be hit: one query over all of them. The uncertainty disc counts even without fitting
      // coding, because violence near a dam or nuclear station fits whatever its coding.
      consider(this.all, this.all.reachKm + uncertaintyKm);
    } else {
      for (const category of fitting) {
        const index = this.byCategory.get(category);
        if (index) consider(index, index.reachKm + uncertaintyKm);
      }
    }
    const possible = matches.filter((m) => m.grade === 'possible').length;
    const kept = possible > MAX_POSSIBLE_SITES_PER_INCIDENT ? matches.filter((m) => m.grade === 'probable') : matches;
    return kept.sort((a, b) => a.distanceKm - b.distanceKm || a.site.id.localeCompare(b.site.id));
  }
}
