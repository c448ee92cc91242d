import type { Selectable } from 'kysely';
import { MILEX_FLAGS, type MilexFlag, type MilexObservation } from '../core/spending/military-expenditure.js';
import type { Db, MilexObservationsTable } from './database.js';

type Row = Selectable<MilexObservationsTable>;

/** A stored observation: the figures, and which release and price base they came from. */
export type StoredMilexObservation = MilexObservation & { priceBaseYear: number; release: string };

function toObservation(r: Row): StoredMilexObservation {
  const flags = JSON.parse(r.flags) as string[];
  return {
    entity: r.entity,
    country: r.country,
    kind: r.kind as MilexObservation['kind'],
    region: r.region,
    subregion: r.subregion,
    year: Number(r.year),
    // PostgreSQL's double precision comes back as a number; SQLite's REAL too. Null stays null.
    constantUsdM: r.constant_usd_m,
    currentUsdM: r.current_usd_m,
    shareOfGdp: r.share_of_gdp,
    perCapitaUsd: r.per_capita_usd,
    shareOfGovernmentSpending: r.share_of_govt_spending,
    flags: flags.filter((f): f is MilexFlag => (MILEX_FLAGS as readonly string[]).includes(f)),
    priceBaseYear: Number(r.price_base_year),
    release: r.release,
  };
}

function toRow(o: MilexObservation, priceBaseYear: number, release: string, importedAt: string): Row {
  return {
    entity: o.entity,
    year: o.year,
    country: o.country,
    kind: o.kind,
    region: o.region,
    subregion: o.subregion,
    constant_usd_m: o.constantUsdM,
    current_usd_m: o.currentUsdM,
    share_of_gdp: o.shareOfGdp,
    per_capita_usd: o.perCapitaUsd,
    share_of_govt_spending: o.shareOfGovernmentSpending,
    flags: JSON.stringify(o.flags),
    price_base_year: priceBaseYear,
    release,
    imported_at: importedAt,
  };
}

export interface MilexQuery {
  /** SIPRI names or ISO alpha-3 codes: an entity matches by either. */
  entitiesOrCountries?: readonly string[] | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

/** SIPRI's military expenditure: public reference data, read whole by series or by year range. */
export class MilitaryExpenditureRepository {
  /** Replaces the whole data set with a release's rows (a new release rebases every constant-price figure). */
  async replaceAll(db: Db, observations: readonly MilexObservation[], priceBaseYear: number, release: string, importedAt: string): Promise<void> {
    await db.deleteFrom('milex_observations').execute();
    const rows = observations.map((o) => toRow(o, priceBaseYear, release, importedAt));
    // 15 columns a row: 60 rows stay under SQLite's 999 bound parameters.
    for (let i = 0; i < rows.length; i += 60) await db.insertInto('milex_observations').values(rows.slice(i, i + 60)).execute();
  }

  async find(db: Db, query: MilexQuery = {}): Promise<StoredMilexObservation[]> {
    let q = db.selectFrom('milex_observations').selectAll();
    const asked = query.entitiesOrCountries;
    if (asked?.length) q = q.where((eb) => eb.or([eb('entity', 'in', [...asked]), eb('country', 'in', [...asked])]));
    if (query.from !== undefined) q = q.where('year', '>=', query.from);
    if (query.to !== undefined) q = q.where('year', '<=', query.to);
    return (await q.orderBy('entity').orderBy('year').execute()).map(toObservation);
  }

  /** The entities held, with their kind, ISO code, region and the years covered. */
  async entities(db: Db): Promise<{ entity: string; country: string | null; kind: string; region: string | null; subregion: string | null; firstYear: number; lastYear: number }[]> {
    const rows = await db
      .selectFrom('milex_observations')
      .select((eb) => ['entity', 'country', 'kind', 'region', 'subregion', eb.fn.min('year').as('first_year'), eb.fn.max('year').as('last_year')])
      .groupBy(['entity', 'country', 'kind', 'region', 'subregion'])
      .orderBy('entity')
      .execute();
    return rows.map((r) => ({ entity: r.entity, country: r.country, kind: r.kind, region: r.region, subregion: r.subregion, firstYear: Number(r.first_year), lastYear: Number(r.last_year) }));
  }
}
