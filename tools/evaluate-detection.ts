/**
 * `npm run evaluate:detection`: precision and recall of protected-site detection on 1,052 real UCDP GED events
 * labelled by hand (test/fixtures/real/detection-evaluation/, how it was made in its README).
 *
 * The events, their text, location precision and place names are real; most have no mapped site, so sites are
 * planted around each event with a seeded generator (a "true" site of each kind and a decoy of the same kind):
 * - the true site lies uniformly over a disc around the event's point whose radius is the spread of its precision:
 *   3 km for GED's "exact" (a town's point: the hospital is somewhere in town; reviewers measured 0.96–2.5 km on
 *   held-out data), 25 km, 50 km and 250 km for the coarser precisions;
 * - the decoy, another site of the same kind, lies uniformly over a disc twice as wide (towns have more than one).
 * An event labelled as harm to a kind is a positive for it: its true site should be found; any detection of a site
 * of a kind the event did not harm, or of the decoy, is a false one. Rows the labeller marked unsure are left out
 * (and reported separately). Then the same events meet the real sites beside the set (South Sudan health facilities,
 * Ukraine's power plants) at their real distances.
 *
 * Only `SiteIndex` is used, so the script also measures an earlier version of the rules when run in its checkout.
 *   HAVEN_EVAL_SEED   seed (default 2024)
 *   HAVEN_EVAL_JSON   print only JSON
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { DetectionIncident, DetectionSite, DetectionSiteCategory } from '../src/core/detection/detection-inputs.js';
import { SiteIndex } from '../src/core/detection/site-index.js';
import { mulberry32 } from '../src/core/seeded-random.js';
import type { LocationPrecision } from '../src/core/taxonomy.js';

const FOLDER = fileURLToPath(new URL('../test/fixtures/real/detection-evaluation/', import.meta.url));
const SEED = Number(process.env.HAVEN_EVAL_SEED ?? 2024);
const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

interface LabelledEvent {
  id: number;
  latitude: number;
  longitude: number;
  where_prec: number;
  where_coordinates: string;
  where_description: string;
  source_headline: string;
  type_of_violence: number;
  best: number;
  harmed: DetectionSiteCategory[];
  unsure: boolean;
}

/** GED's `where_prec` 1–7 in Haven's terms (as the GED importer reads it). */
const PRECISIONS: readonly LocationPrecision[] = ['exact', 'within_25km', 'admin2', 'admin1', 'region', 'country', 'water_or_air'];
const VIOLENCE = ['state_based', 'non_state', 'one_sided'] as const;
/** How far the true site may lie from the event's point, per precision. */
const SPREAD_KM: Partial<Record<LocationPrecision, number>> = { exact: 3, within_25km: 25, admin2: 50, admin1: 250 };
const KINDS: readonly DetectionSiteCategory[] = ['health_facility', 'school', 'place_of_worship', 'displacement_camp', 'other', 'power', 'dam_or_dyke', 'cultural_property'];

/** An event as Haven's GED import records it: title from dyad and place, narrative from description and headline. */
function incidentOf(e: LabelledEvent): DetectionIncident {
  const precision = PRECISIONS[e.where_prec - 1] ?? 'country';
  return {
    id: `ged-${e.id}`,
    title: e.where_coordinates,
    narrative: [e.where_description, e.source_headline].filter(Boolean).join('\n\n'),
    origin: { dataset: 'ucdp-ged' },
    dateEarliest: '2000-01-01',
    dateLatest: '2000-01-01',
    location: { lat: e.latitude, lon: e.longitude, precision, placeName: e.where_coordinates },
    categories: [],
    themes: [],
    violenceType: VIOLENCE[e.type_of_violence - 1],
    actors: [],
    killed: { best: e.best },
  };
}

function pointAt(lat: number, lon: number, distanceKm: number, bearing: number): { lat: number; lon: number } {
  const dLat = (distanceKm * Math.cos(bearing)) / KM_PER_DEGREE;
  const dLon = (distanceKm * Math.sin(bearing)) / (KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180));
  return { lat: lat + dLat, lon: lon + dLon };
}

interface Tally {
  positives: number;
  unplaceablePositives: number;
  /** Positives placed well enough whose true site was not found, by why. */
  missed: { textSilent: number; outsideDisc: number };
  probable: { true: number; false: number };
  possible: { true: number; false: number };
  foundProbable: number;
  foundAny: number;
}
const emptyTally = (): Tally => ({ positives: 0, unplaceablePositives: 0, missed: { textSilent: 0, outsideDisc: 0 }, probable: { true: 0, false: 0 }, possible: { true: 0, false: 0 }, foundProbable: 0, foundAny: 0 });

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);
const figures = (t: Tally) => ({
  positives: t.positives,
  unplaceablePositives: t.unplaceablePositives,
  missed: t.missed,
  recallOfPlaceable: ratio(t.foundAny, t.positives - t.unplaceablePositives),
  probable: { ...t.probable, precision: ratio(t.probable.true, t.probable.true + t.probable.false), recall: ratio(t.foundProbable, t.positives) },
  possible: { ...t.possible, precision: ratio(t.possible.true, t.possible.true + t.possible.false) },
  recallProbableOrPossible: ratio(t.foundAny, t.positives),
});

function plantedEvaluation(events: readonly LabelledEvent[]) {
  const next = mulberry32(SEED);
  const tallies = new Map(KINDS.map((k) => [k, emptyTally()]));
  for (const event of events) {
    const incident = incidentOf(event);
    const spread = SPREAD_KM[incident.location.precision] ?? 250;
    const sites: DetectionSite[] = [];
    for (const kind of KINDS) {
      const at = (radius: number, id: string) => {
        const p = pointAt(event.latitude, event.longitude, radius * Math.sqrt(next()), next() * 2 * Math.PI);
        sites.push({ id, name: `Planted site ${id}`, category: kind, lat: p.lat, lon: p.lon, radiusKm: 0 });
      };
      at(spread, `${kind}:true`);
      at(2 * spread, `${kind}:decoy`);
    }
    const matches = SiteIndex.build(sites).matchesFor(incident);
    for (const kind of KINDS) {
      const tally = tallies.get(kind)!;
      const positive = event.harmed.includes(kind);
      if (positive) {
        tally.positives++;
        if (SPREAD_KM[incident.location.precision] === undefined) tally.unplaceablePositives++;
      }
      let found = false;
      for (const match of matches.filter((m) => m.site.category === kind)) {
        const correct = positive && match.site.id === `${kind}:true`;
        tally[match.grade][correct ? 'true' : 'false']++;
        if (process.env.HAVEN_EVAL_DEBUG && match.grade === 'probable' && !correct) console.error(event.id, match.site.id, match.distanceKm.toFixed(2), incident.location.placeName, '|', incident.narrative?.replace(/\s+/g, ' ').slice(0, 160));
        if (correct) {
          found = true;
          tally.foundAny++;
          if (match.grade === 'probable') tally.foundProbable++;
        }
      }
      if (positive && !found && SPREAD_KM[incident.location.precision] !== undefined) {
        // Would the event have been tied to its true site, had the text spoken of the site right next to it?
        const probe = { ...incident, location: { ...incident.location, lat: sites.find((s) => s.id === `${kind}:true`)!.lat, lon: sites.find((s) => s.id === `${kind}:true`)!.lon } };
        const atSite = SiteIndex.build(sites.filter((s) => s.id === `${kind}:true`)).matchesFor(probe);
        tally.missed[atSite.length > 0 ? 'outsideDisc' : 'textSilent']++;
      }
    }
  }
  const total = emptyTally();
  for (const t of tallies.values()) {
    total.positives += t.positives;
    total.unplaceablePositives += t.unplaceablePositives;
    total.missed.textSilent += t.missed.textSilent;
    total.missed.outsideDisc += t.missed.outsideDisc;
    total.foundAny += t.foundAny;
    total.foundProbable += t.foundProbable;
    for (const grade of ['probable', 'possible'] as const) {
      total[grade].true += t[grade].true;
      total[grade].false += t[grade].false;
    }
  }
  return { perKind: Object.fromEntries([...tallies].map(([k, t]) => [k, figures(t)])), allKinds: figures(total) };
}

function realSites(): DetectionSite[] {
  const read = (file: string) => parse<Record<string, string>>(readFileSync(`${FOLDER}${file}`, 'utf8'), { columns: true, bom: true });
  const facilities = read('south-sudan-facilities-near-events.csv').map((r): DetectionSite => ({
    id: `ssd-${r.id}`,
    name: r.name ?? '',
    category: 'health_facility',
    lat: Number(r.lat),
    lon: Number(r.lon),
    radiusKm: 0,
  }));
  const plants = read('ukraine-power-near-events.csv').map((r): DetectionSite => ({
    id: `gppd-${r.gppd_idnr}`,
    name: r.name ?? '',
    category: r.primary_fuel === 'Nuclear' ? 'nuclear_power_station' : 'power',
    lat: Number(r.latitude),
    lon: Number(r.longitude),
    radiusKm: 0,
  }));
  return [...facilities, ...plants];
}

/** The labelled events against the real mapped sites: every detection, right (the event harmed that kind) or not. */
function realSiteEvaluation(events: readonly LabelledEvent[]) {
  const index = SiteIndex.build(realSites());
  const out = { probable: { true: 0, false: 0 }, possible: { true: 0, false: 0 }, positivesNearSites: 0, positivesFound: 0 };
  const sites = realSites();
  for (const event of events) {
    const incident = incidentOf(event);
    const matches = index.matchesFor(incident);
    const nearKinds = new Set(sites.filter((s) => Math.hypot((s.lat - event.latitude) * KM_PER_DEGREE, (s.lon - event.longitude) * KM_PER_DEGREE * Math.cos((event.latitude * Math.PI) / 180)) <= 5).map((s) => s.category));
    const positives = event.harmed.filter((k) => nearKinds.has(k));
    out.positivesNearSites += positives.length;
    out.positivesFound += positives.filter((k) => matches.some((m) => m.site.category === k)).length;
    for (const match of matches) out[match.grade][event.harmed.includes(match.site.category) ? 'true' : 'false']++;
  }
  return {
    ...out,
    probablePrecision: ratio(out.probable.true, out.probable.true + out.probable.false),
    possiblePrecision: ratio(out.possible.true, out.possible.true + out.possible.false),
  };
}

const all = readFileSync(`${FOLDER}ged-site-events.jsonl`, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledEvent);
const sure = all.filter((e) => !e.unsure);
const result = {
  method: 'planted sites around real labelled GED events (seeded); then the real mapped sites beside the set',
  seed: SEED,
  events: all.length,
  eventsLeftOutAsUnsure: all.length - sure.length,
  planted: plantedEvaluation(sure),
  plantedWithUnsureAsLabelled: plantedEvaluation(all).allKinds,
  realSites: realSiteEvaluation(sure),
};

if (process.env.HAVEN_EVAL_JSON) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const show = (n: number | null) => (n === null ? '–' : n.toFixed(2));
  console.log(`Protected-site detection on ${sure.length} labelled GED events (${result.eventsLeftOutAsUnsure} unsure left out), seed ${SEED}\n`);
  console.log('| site kind | positives (placed too coarsely) | probable right/wrong | probable precision | possible right/wrong | possible precision | found as probable | found as probable or possible | of those placed well enough | missed: text silent / site beyond the disc |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [kind, f] of [...Object.entries(result.planted.perKind), ['all kinds', result.planted.allKinds] as const]) {
    console.log(
      `| ${kind} | ${f.positives} (${f.unplaceablePositives}) | ${f.probable.true}/${f.probable.false} | ${show(f.probable.precision)} | ${f.possible.true}/${f.possible.false} | ${show(f.possible.precision)} | ${show(f.probable.recall)} | ${show(f.recallProbableOrPossible)} | ${show(f.recallOfPlaceable)} | ${f.missed.textSilent} / ${f.missed.outsideDisc} |`,
    );
  }
  console.log(`\nReal sites (South Sudan facilities, Ukraine power plants): ${JSON.stringify(result.realSites)}`);
  console.log(`\n${JSON.stringify(result)}`);
}
