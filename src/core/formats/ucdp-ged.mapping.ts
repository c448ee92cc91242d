import { alpha3FromName } from '../countries.js';
import type { IncidentInput } from '../incident.schema.js';
import { DATE_PRECISIONS, LOCATION_PRECISIONS, fromUcdpCode, type ActorType, type PersonStatus } from '../taxonomy.js';

/**
 * A minimal mapping of one UCDP GED event (a CSV row as a record of strings) into Haven's incident model. The full
 * importer builds on it; the field meanings are in UCDP's GED codebook.
 */
export const GED_DATASET = 'ucdp-ged';

export type GedRow = Record<string, string | undefined>;

// GED names countries as they were at the time (with the historical name in brackets) and a few idiosyncratically.
const GED_COUNTRY_NAMES: Record<string, string> = {
  'Bosnia-Herzegovina': 'BIH',
  'DR Congo': 'COD',
  'Kingdom of eSwatini': 'SWZ',
  'Macedonia, FYR': 'MKD',
  Syria: 'SYR',
  Laos: 'LAO',
  Moldova: 'MDA',
  'East Timor': 'TLS',
  'Yemen (North Yemen)': 'YEM',
  'Yemen (South Yemen)': 'YEM',
};

export function gedCountryCode(name: string): string | undefined {
  const plain = name.replace(/\s*\(.*\)\s*$/, '').trim();
  return GED_COUNTRY_NAMES[name] ?? GED_COUNTRY_NAMES[plain] ?? alpha3FromName(plain) ?? alpha3FromName(name);
}

const int = (value: string | undefined): number => {
  const n = Number(value ?? '');
  return Number.isFinite(n) ? Math.trunc(n) : Number.NaN;
};

function actorTypeOf(name: string): ActorType {
  if (name === 'Civilians') return 'civilians';
  if (/^Government of /.test(name)) return 'state_force';
  return 'non_state_armed_group';
}

/**
 * Split GED's event-level low and high over the per-status best counts, in proportion, so each cell keeps
 * low ≤ best ≤ high and the cells add up to the event's totals. Where GED's own bounds do not bracket its best
 * estimate (it happens), the bound is widened to the best: uncertainty is never narrowed, only made consistent.
 */
function spread(cells: { status: PersonStatus; best: number }[], low: number, high: number) {
  const total = cells.reduce((s, c) => s + c.best, 0);
  const lowTotal = Math.min(low, total);
  const highTotal = Math.max(high, total);
  const out = cells.map((c) => ({ ...c, low: total ? Math.floor((c.best * lowTotal) / total) : 0, high: total ? Math.ceil((c.best * highTotal) / total) : 0 }));
  // Rounding leaves a small remainder: give it to the largest cells, which can absorb it within their bounds.
  let lowLeft = lowTotal - out.reduce((s, c) => s + c.low, 0);
  for (const c of [...out].sort((a, b) => b.best - a.best)) {
    if (lowLeft <= 0) break;
    const room = c.best - c.low;
    const take = Math.min(room, lowLeft);
    c.low += take;
    lowLeft -= take;
  }
  let highOver = out.reduce((s, c) => s + c.high, 0) - highTotal;
  for (const c of [...out].sort((a, b) => b.high - b.best - (a.high - a.best))) {
    if (highOver <= 0) break;
    const take = Math.min(c.high - c.best, highOver);
    c.high -= take;
    highOver -= take;
  }
  if (total === 0 && highTotal > 0) {
    const unknown = out.find((c) => c.status === 'unknown');
    if (unknown) unknown.high = highTotal;
  }
  return out;
}

export function gedRowToIncident(row: GedRow): IncidentInput {
  const type = int(row.type_of_violence);
  const violenceType = type === 1 ? 'state_based' : type === 2 ? 'non_state' : type === 3 ? 'one_sided' : undefined;
  const sideA = (row.side_a ?? '').trim();
  const sideB = (row.side_b ?? '').trim();
  const civilians = int(row.deaths_civilians);
  const cells = spread(
    [
      { status: 'civilian' as const, best: civilians },
      { status: 'combatant' as const, best: int(row.deaths_a) + int(row.deaths_b) },
      { status: 'unknown' as const, best: int(row.deaths_unknown) },
    ],
    int(row.low),
    int(row.high),
  );
  const oneSided = violenceType === 'one_sided';
  const place = (row.where_coordinates ?? '').trim();
  const title = `${(row.dyad_name ?? `${sideA} - ${sideB}`).trim()}${place ? `, ${place}` : ''}`;
  const narrative = [row.where_description, row.source_headline, row.source_article ? `Sources: ${row.source_article}` : undefined]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join('\n\n');
  const country = gedCountryCode((row.country ?? '').trim());

  return {
    title: title.length > 300 ? `${title.slice(0, 299)}…` : title,
    narrative,
    dateEarliest: (row.date_start ?? '').slice(0, 10),
    dateLatest: (row.date_end ?? '').slice(0, 10),
    datePrecision: fromUcdpCode(DATE_PRECISIONS, int(row.date_prec)) ?? ('' as never),
    location: {
      lat: Number(row.latitude),
      lon: Number(row.longitude),
      precision: fromUcdpCode(LOCATION_PRECISIONS, int(row.where_prec)) ?? ('' as never),
      country: country ?? (row.country ?? ''),
      ...(row.adm_1?.trim() && { admin1: row.adm_1.trim() }),
      ...(row.adm_2?.trim() && { admin2: row.adm_2.trim() }),
      ...(place && { placeName: place }),
    },
    themes: civilians > 0 || oneSided ? ['protection_of_civilians'] : [],
    categories: civilians > 0 || oneSided ? ['killing'] : [],
    ...(violenceType && { violenceType }),
    actors: [sideA, sideB]
      .filter(Boolean)
      .map((name, i) => ({ name, actorType: actorTypeOf(name), role: oneSided ? (i === 0 ? 'perpetrator' : 'target') : 'other' })),
    casualties: cells.filter((c) => c.best > 0 || c.high > 0).map((c) => ({ kind: 'killed', status: c.status, low: c.low, best: c.best, high: c.high })),
    sources: [
      {
        ref: 'GED',
        sourceType: 'dataset',
        description: `UCDP GED event ${row.id}${row.relid ? ` (${row.relid})` : ''}; ${row.number_of_sources ?? '?'} source(s) coded by UCDP`,
        // UCDP codes only what it judges reliable; clear events are graded higher than unclear ones.
        reliability: 'B',
        credibility: row.event_clarity === '1' ? 2 : 3,
      },
    ],
    origin: { dataset: GED_DATASET, externalId: String(row.id ?? '') },
  };
}
