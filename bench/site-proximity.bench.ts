/**
 * Site-proximity detection at scale: synthetic incidents against synthetic protected sites through the k-d tree
 * index, beside the nested loop (every incident against every site) timed on a sample and extrapolated.
 */
import { performance } from 'node:perf_hooks';
import { DETECTION_SITE_CATEGORIES, type DetectionIncident, type DetectionSite } from '../src/core/detection/detection-inputs.js';
import { matchSites } from '../src/core/detection/site-evidence.js';
import { SiteIndex } from '../src/core/detection/site-index.js';
import type { Category, LocationPrecision, Theme } from '../src/core/taxonomy.js';
import { mulberry32 } from '../src/core/seeded-random.js';

// Roughly Ukraine's extent: 22–40°E, 44–52°N.
const WEST = 22;
const SOUTH = 44;
const WIDTH = 18;
const HEIGHT = 8;

/** Sites cluster in towns, as real ones do: 70% around 500 town centres, the rest scattered. */
function syntheticSites(count: number, next: () => number): DetectionSite[] {
  const towns = Array.from({ length: 500 }, () => [WEST + next() * WIDTH, SOUTH + next() * HEIGHT] as const);
  const weights: [DetectionSite['category'], number][] = [
    ['school', 0.4], ['health_facility', 0.2], ['place_of_worship', 0.15], ['cultural_property', 0.05], ['water', 0.05], ['power', 0.05],
    ['humanitarian_premises', 0.04], ['displacement_camp', 0.03], ['dam_or_dyke', 0.02], ['other', 0.009], ['nuclear_power_station', 0.001],
  ];
  const pick = () => {
    let r = next();
    for (const [category, w] of weights) if ((r -= w) <= 0) return category;
    return DETECTION_SITE_CATEGORIES[0];
  };
  return Array.from({ length: count }, (_, i) => {
    const town = towns[Math.floor(next() * towns.length)] ?? [30, 48];
    const clustered = next() < 0.7;
    const lon = clustered ? town[0] + (next() - 0.5) * 0.2 : WEST + next() * WIDTH;
    const lat = clustered ? town[1] + (next() - 0.5) * 0.14 : SOUTH + next() * HEIGHT;
    const category = pick();
    const radiusKm = category === 'nuclear_power_station' || category === 'cultural_property' ? next() * 3 : 0;
    return { id: `site-${i}`, name: `Site ${i}`, category, lat, lon, radiusKm };
  });
}

/** Incidents with UCDP GED's mix of location precision; one in twenty coded as harm to a kind of site. */
function syntheticIncidents(count: number, next: () => number): DetectionIncident[] {
  const precisions: [LocationPrecision, number][] = [['exact', 0.62], ['within_25km', 0.12], ['admin2', 0.1], ['admin1', 0.1], ['country', 0.06]];
  const coded: [Category, Theme][] = [
    ['attack_on_school', 'children_and_armed_conflict'], ['attack_on_hospital', 'children_and_armed_conflict'], ['cultural_property_damage', 'cultural_property'],
    ['destruction_of_homes_or_services', 'protection_of_civilians'], ['attack_on_aid_workers', 'humanitarian_space'],
  ];
  return Array.from({ length: count }, (_, i) => {
    let r = next();
    let precision: LocationPrecision = 'exact';
    for (const [p, w] of precisions) if ((r -= w) <= 0) { precision = p; break; }
    const code = next() < 0.05 ? coded[Math.floor(next() * coded.length)] : undefined;
    return {
      id: `incident-${i}`,
      dateEarliest: '2022-03-05',
      dateLatest: '2022-03-05',
      location: { lat: SOUTH + next() * HEIGHT, lon: WEST + next() * WIDTH, precision },
      categories: code ? [code[0]] : [],
      themes: code ? [code[1]] : [],
      violenceType: next() < 0.9 ? 'state_based' : 'other',
      actors: [],
    };
  });
}

export interface SiteProximityBenchOptions {
  incidents: number;
  sites: number;
  /** Incidents compared with every site for the baseline. */
  baselineSample: number;
  log: (line: string) => void;
}

export async function benchSiteProximity(options: SiteProximityBenchOptions) {
  const next = mulberry32(20220224);
  options.log(`site proximity: generating ${options.sites} sites and ${options.incidents} incidents`);
  const sites = syntheticSites(options.sites, next);
  const incidents = syntheticIncidents(options.incidents, next);

  const buildStart = performance.now();
  const index = SiteIndex.build(sites);
  const buildMs = performance.now() - buildStart;

  options.log('site proximity: detecting through the index');
  let probable = 0;
  let possible = 0;
  const detectStart = performance.now();
  for (const incident of incidents) {
    for (const match of index.matchesFor(incident)) {
      if (match.grade === 'probable') probable++;
      else possible++;
    }
  }
  const detectMs = performance.now() - detectStart;

  // Baseline: every sampled incident against every site, spread over the whole set of incidents.
  const step = Math.max(1, Math.floor(incidents.length / options.baselineSample));
  const sample = incidents.filter((_, i) => i % step === 0).slice(0, options.baselineSample);
  options.log(`site proximity: nested loop over a sample of ${sample.length} incidents × ${sites.length} sites`);
  let disagreements = 0;
  const loopStart = performance.now();
  const nested = sample.map((incident) => matchSites(incident, sites).map((m) => `${m.site.id}:${m.grade}`));
  const loopMs = performance.now() - loopStart;
  sample.forEach((incident, i) => {
    const found = index.matchesFor(incident).map((m) => `${m.site.id}:${m.grade}`);
    if (JSON.stringify(found) !== JSON.stringify(nested[i])) disagreements++;
  });

  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    incidents: incidents.length,
    sites: sites.length,
    index: {
      buildMs: round(buildMs),
      detectMs: round(detectMs),
      microsecondsPerIncident: round((detectMs * 1000) / incidents.length),
      detections: { probable, possible },
    },
    baseline: {
      method: 'nested loop: every incident graded against every site',
      sampleIncidents: sample.length,
      sampleMs: round(loopMs),
      extrapolatedMs: round((loopMs * incidents.length) / sample.length),
    },
    speedup: round((loopMs * incidents.length) / sample.length / (buildMs + detectMs)),
    sampleDisagreementsWithBaseline: disagreements,
    targetMs: 60_000,
  };
}
