import type { CommitmentCode, DetectionIncident, DetectionSite } from '../core/detection/detection-inputs.js';
import { siteDetectionEvidenceSchema, type DatedDetectionCandidate, type Detection, type DetectionFilter, type DetectionKind, type DetectionStatus } from '../core/detection/detection.js';
import type { DetectionGrade } from '../core/detection/site-proximity.js';
import { pointKey } from '../core/detection/settlement-point.js';
import type { ActorRole, ActorType, Category, LocationPrecision, Theme, ViolenceType } from '../core/taxonomy.js';
import type { ExpressionBuilder } from 'kysely';
import { groupKey, incidentGroupLabel, type DetectionGroupPage, type DetectionGroupQuery } from '../core/detection/detection-review.js';
import type { Database, DatabaseKind, Db, DetectionsTable } from './database.js';
import { detectionVisibleTo, linkedIncidentVisibleTo, type Audience } from './record-visibility.js';
import type { BoundingBox } from '../core/incident-filter.schema.js';
import { withinBoundingBox } from './spatial-filter.js';

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface DetectionReviewWrite {
  status: Extract<DetectionStatus, 'confirmed' | 'dismissed'>;
  by: string;
  at: string;
  reason: string;
}

/** A ceasefire-violation detection as the adherence summary reads it. */
export interface StoredViolation {
  agreementId: string;
  party: string;
  commitment: CommitmentCode;
  grade: DetectionGrade;
  incidentId: string;
  date: string;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const same = (a: number | null, b: number | undefined) => (a === null ? b === undefined : b !== undefined && Math.abs(a - b) < 1e-9);

function rowOf(c: DatedDetectionCandidate): Omit<DetectionsTable, 'id' | 'detected_at' | 'updated_at' | 'lapsed_at' | 'status' | 'reviewed_by' | 'reviewed_at' | 'review_reason'> {
  return {
    kind: c.kind,
    key: c.key,
    grade: c.grade ?? null,
    site_id: c.siteId ?? null,
    zone_id: c.zoneId ?? null,
    agreement_id: c.agreementId ?? null,
    party: c.party ?? null,
    commitment: c.commitment ?? null,
    distance_km: c.distanceKm ?? null,
    summary: c.summary,
    evidence: c.evidence ? JSON.stringify(c.evidence) : null,
    date_earliest: c.dateEarliest,
    date_latest: c.dateLatest,
  };
}

/** Detections, their incidents and their reviews; every method runs inside the caller's transaction or handle. */
export class DetectionRepository {
  /**
   * Stores what a run found: new keys are added as open detections; a key found again keeps its status and review
   * (a dismissed detection stays dismissed) but takes the new grade, distance and wording, and is no longer lapsed.
   */
  async upsert(db: Db, found: readonly DatedDetectionCandidate[], at: string, newId: () => string): Promise<UpsertCounts> {
    const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
    const unique = [...new Map(found.map((c) => [c.key, c])).values()];
    for (const batch of chunks(unique)) {
      const existing = new Map((await db.selectFrom('detections').selectAll().where('key', 'in', batch.map((c) => c.key)).execute()).map((r) => [r.key, r]));
      const links = await this.linksOf(db, [...existing.values()].map((r) => r.id));
      const inserts: DetectionsTable[] = [];
      const newLinks: { detection_id: string; incident_id: string }[] = [];
      for (const candidate of batch) {
        const row = rowOf(candidate);
        const before = existing.get(candidate.key);
        if (!before) {
          const id = newId();
          inserts.push({ id, ...row, detected_at: at, updated_at: at, lapsed_at: null, status: 'open', reviewed_by: null, reviewed_at: null, review_reason: null });
          for (const incidentId of new Set(candidate.incidentIds)) newLinks.push({ detection_id: id, incident_id: incidentId });
          counts.created++;
          continue;
        }
        const linked = links.get(before.id) ?? [];
        const sameLinks = linked.length === new Set(candidate.incidentIds).size && candidate.incidentIds.every((i) => linked.includes(i));
        const unchanged =
          sameLinks &&
          before.lapsed_at === null &&
          before.grade === row.grade &&
          same(before.distance_km, candidate.distanceKm) &&
          before.summary === row.summary &&
          before.evidence === row.evidence &&
          before.site_id === row.site_id &&
          before.zone_id === row.zone_id &&
          before.agreement_id === row.agreement_id &&
          before.party === row.party &&
          before.commitment === row.commitment &&
          before.date_earliest === row.date_earliest &&
          before.date_latest === row.date_latest;
        if (unchanged) {
          counts.unchanged++;
          continue;
        }
        await db.updateTable('detections').set({ ...row, updated_at: at, lapsed_at: null }).where('id', '=', before.id).execute();
        if (!sameLinks) {
          await db.deleteFrom('detection_incidents').where('detection_id', '=', before.id).execute();
          for (const incidentId of new Set(candidate.incidentIds)) newLinks.push({ detection_id: before.id, incident_id: incidentId });
        }
        counts.updated++;
      }
      for (const rows of chunks(inserts, 200)) await db.insertInto('detections').values(rows).execute();
      for (const rows of chunks(newLinks, 1000)) await db.insertInto('detection_incidents').values(rows).execute();
    }
    return counts;
  }

  /** Stores the findings of incidents new to the register: nothing exists under their keys yet. */
  async insertNew(db: Db, found: readonly DatedDetectionCandidate[], at: string, newId: () => string): Promise<void> {
    const rows: DetectionsTable[] = [];
    const links: { detection_id: string; incident_id: string }[] = [];
    for (const candidate of found) {
      const id = newId();
      rows.push({ id, ...rowOf(candidate), detected_at: at, updated_at: at, lapsed_at: null, status: 'open', reviewed_by: null, reviewed_at: null, review_reason: null });
      for (const incidentId of new Set(candidate.incidentIds)) links.push({ detection_id: id, incident_id: incidentId });
    }
    for (const chunk of chunks(rows, 200)) await db.insertInto('detections').values(chunk).execute();
    for (const chunk of chunks(links, 1000)) await db.insertInto('detection_incidents').values(chunk).execute();
  }

  /**
   * Marks as lapsed the detections of these kinds resting on these incidents that a run over them did not find
   * again. They are kept, with their review: what was seen and decided stays on record.
   */
  async markLapsed(db: Db, incidentIds: readonly string[], kinds: readonly DetectionKind[], foundKeys: ReadonlySet<string>, at: string): Promise<number> {
    let lapsed = 0;
    for (const batch of chunks(incidentIds)) {
      const rows = await db
        .selectFrom('detections')
        .innerJoin('detection_incidents as link', 'link.detection_id', 'detections.id')
        .select(['detections.id', 'detections.key'])
        .where('link.incident_id', 'in', batch)
        .where('detections.kind', 'in', kinds)
        .where('detections.lapsed_at', 'is', null)
        .execute();
      const gone = [...new Set(rows.filter((r) => !foundKeys.has(r.key)).map((r) => r.id))];
      for (const ids of chunks(gone)) await db.updateTable('detections').set({ lapsed_at: at, updated_at: at }).where('id', 'in', ids).execute();
      lapsed += gone.length;
    }
    return lapsed;
  }

  private async linksOf(db: Db, detectionIds: readonly string[], audience: Audience = 'system'): Promise<Map<string, string[]>> {
    const links = new Map<string, string[]>();
    for (const batch of chunks(detectionIds)) {
      let query = db.selectFrom('detection_incidents as link').select(['link.detection_id', 'link.incident_id']).where('link.detection_id', 'in', batch);
      // A reader never learns even the id of an incident hidden from them.
      query = query.where(linkedIncidentVisibleTo('link.incident_id', audience));
      for (const row of await query.orderBy('link.incident_id').execute()) links.set(row.detection_id, [...(links.get(row.detection_id) ?? []), row.incident_id]);
    }
    return links;
  }

  private filtered(db: Db, filter: Partial<DetectionFilter>, audience: Audience) {
    let q = db.selectFrom('detections').where(detectionVisibleTo(audience));
    if (filter.kind) q = q.where('detections.kind', '=', filter.kind);
    if (filter.status) q = q.where('detections.status', '=', filter.status);
    if (filter.grade) q = q.where('detections.grade', '=', filter.grade);
    if (filter.from) q = q.where('detections.date_latest', '>=', filter.from);
    if (filter.to) q = q.where('detections.date_earliest', '<=', filter.to);
    if (filter.siteId) q = q.where('detections.site_id', '=', filter.siteId);
    if (filter.zoneId) q = q.where('detections.zone_id', '=', filter.zoneId);
    if (filter.agreementId) q = q.where('detections.agreement_id', '=', filter.agreementId);
    if (filter.incidentId) {
      const incidentId = filter.incidentId;
      q = q.where((eb) => eb.exists(eb.selectFrom('detection_incidents as link').select('link.detection_id').whereRef('link.detection_id', '=', 'detections.id').where('link.incident_id', '=', incidentId)));
    }
    if (filter.country) {
      const country = filter.country;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('detection_incidents as placed')
            .innerJoin('incidents as placed_incident', 'placed_incident.id', 'placed.incident_id')
            .select('placed.detection_id')
            .whereRef('placed.detection_id', '=', 'detections.id')
            .where('placed_incident.country', '=', country),
        ),
      );
    }
    if (!filter.includeLapsed) q = q.where('detections.lapsed_at', 'is', null);
    return q;
  }

  async list(db: Db, filter: DetectionFilter, audience: Audience): Promise<{ items: Detection[]; total: number }> {
    const total = await this.filtered(db, filter, audience)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await this.filtered(db, filter, audience)
      .leftJoin('users as reviewer', 'reviewer.id', 'detections.reviewed_by')
      .selectAll('detections')
      .select('reviewer.username as reviewer_name')
      .orderBy('detections.date_earliest', 'desc')
      .orderBy('detections.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    const links = await this.linksOf(db, rows.map((r) => r.id), audience);
    return { items: rows.map((r) => toDetection(r, links.get(r.id) ?? [])), total: Number(total.n) };
  }

  async find(db: Db, id: string, audience: Audience): Promise<Detection | undefined> {
    const row = await this.filtered(db, { includeLapsed: true }, audience)
      .leftJoin('users as reviewer', 'reviewer.id', 'detections.reviewed_by')
      .selectAll('detections')
      .select('reviewer.username as reviewer_name')
      .where('detections.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return toDetection(row, (await this.linksOf(db, [id], audience)).get(id) ?? []);
  }

  /**
   * The detections the filter matches, grouped by site (protected-site detections only: others name no site) or by
   * incident (each visible incident a detection rests on is a group), with counts per status; the largest open count
   * first, then the largest, then by name (sites) or latest first (incidents). The reader sees only the detections, and the incidents, visible to them.
   */
  async groups(db: Db, query: DetectionGroupQuery, audience: Audience): Promise<DetectionGroupPage> {
    const open = (eb: ExpressionBuilder<Database, 'detections'>) => eb.fn.sum<number | string>(eb.case().when('detections.status', '=', 'open').then(1).else(0).end());
    const confirmed = (eb: ExpressionBuilder<Database, 'detections'>) => eb.fn.sum<number | string>(eb.case().when('detections.status', '=', 'confirmed').then(1).else(0).end());
    const dismissed = (eb: ExpressionBuilder<Database, 'detections'>) => eb.fn.sum<number | string>(eb.case().when('detections.status', '=', 'dismissed').then(1).else(0).end());
    const counted = (r: { open: number | string | null; confirmed: number | string | null; dismissed: number | string | null; n: number | string }) => ({
      counts: { open: Number(r.open ?? 0), confirmed: Number(r.confirmed ?? 0), dismissed: Number(r.dismissed ?? 0) },
      total: Number(r.n),
    });
    if (query.by === 'site') {
      const sited = this.filtered(db, query, audience).where('detections.site_id', 'is not', null);
      const total = await sited.select((eb) => eb.fn.count<number | string>('detections.site_id').distinct().as('n')).executeTakeFirstOrThrow();
      const rows = await sited
        .leftJoin('protected_sites as site', 'site.id', 'detections.site_id')
        .select((eb) => ['detections.site_id as id', eb.fn.max('site.name').as('name'), open(eb).as('open'), confirmed(eb).as('confirmed'), dismissed(eb).as('dismissed'), eb.fn.countAll<number | string>().as('n')])
        .groupBy('detections.site_id')
        .orderBy('open', 'desc')
        .orderBy('n', 'desc')
        .orderBy('name')
        .orderBy('detections.site_id')
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      return {
        items: rows.map((r) => ({ key: groupKey('site', r.id!), by: 'site' as const, id: r.id!, label: r.name ?? `Site ${r.id!}`, ...counted(r) })),
        total: Number(total.n),
      };
    }
    const linked = this.filtered(db, query, audience)
      .innerJoin('detection_incidents as grouped', 'grouped.detection_id', 'detections.id')
      .where(linkedIncidentVisibleTo('grouped.incident_id', audience));
    const total = await linked.select((eb) => eb.fn.count<number | string>('grouped.incident_id').distinct().as('n')).executeTakeFirstOrThrow();
    const rows = await linked
      .innerJoin('incidents as incident', 'incident.id', 'grouped.incident_id')
      .select((eb) => [
        'grouped.incident_id as id',
        eb.fn.max('incident.title').as('title'),
        eb.fn.max('incident.date_earliest').as('date_earliest'),
        eb.fn.max('incident.date_latest').as('date_latest'),
        open(eb).as('open'),
        confirmed(eb).as('confirmed'),
        dismissed(eb).as('dismissed'),
        eb.fn.countAll<number | string>().as('n'),
      ])
      .groupBy('grouped.incident_id')
      .orderBy('open', 'desc')
      .orderBy('n', 'desc')
      .orderBy('date_earliest', 'desc')
      .orderBy('grouped.incident_id')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    return {
      items: rows.map((r) => ({
        key: groupKey('incident', r.id),
        by: 'incident' as const,
        id: r.id,
        label: incidentGroupLabel(r.title ?? r.id, r.date_earliest ?? '', r.date_latest ?? r.date_earliest ?? ''),
        ...counted(r),
      })),
      total: Number(total.n),
    };
  }

  /** The status of each of these detections the reader may see (lapsed ones included, as `find` reads them). */
  async statusesOf(db: Db, ids: readonly string[], audience: Audience): Promise<{ id: string; status: DetectionStatus }[]> {
    const found: { id: string; status: DetectionStatus }[] = [];
    for (const batch of chunks(ids)) {
      const rows = await this.filtered(db, { includeLapsed: true }, audience).select(['detections.id', 'detections.status']).where('detections.id', 'in', batch).execute();
      for (const r of rows) found.push({ id: r.id, status: r.status as DetectionStatus });
    }
    return found;
  }

  /** The detections a filter matches, with their status, up to `cap` (latest incidents first, as listed). */
  async matching(db: Db, filter: Partial<DetectionFilter>, audience: Audience, cap: number): Promise<{ id: string; status: DetectionStatus }[]> {
    const rows = await this.filtered(db, filter, audience)
      .select(['detections.id', 'detections.status'])
      .orderBy('detections.date_earliest', 'desc')
      .orderBy('detections.id', 'desc')
      .limit(cap)
      .execute();
    return rows.map((r) => ({ id: r.id, status: r.status as DetectionStatus }));
  }

  /** The same decision on many open detections; returns how many were still open (and so now carry it). */
  async reviewOpen(db: Db, ids: readonly string[], review: DetectionReviewWrite): Promise<number> {
    let changed = 0;
    for (const batch of chunks(ids)) {
      const result = await db
        .updateTable('detections')
        .set({ status: review.status, reviewed_by: review.by, reviewed_at: review.at, review_reason: review.reason, updated_at: review.at })
        .where('id', 'in', batch)
        .where('status', '=', 'open')
        .executeTakeFirst();
      changed += Number(result.numUpdatedRows);
    }
    return changed;
  }

  async review(db: Db, id: string, review: DetectionReviewWrite): Promise<void> {
    await db
      .updateTable('detections')
      .set({ status: review.status, reviewed_by: review.by, reviewed_at: review.at, review_reason: review.reason, updated_at: review.at })
      .where('id', '=', id)
      .execute();
  }

  /**
   * The ceasefire violations the reader may see, one row per visible incident, leaving out dismissed and lapsed ones.
   * Optionally only those of one agreement, whose incidents' dates overlap [from, to], or whose incidents are in a
   * country.
   */
  async violations(db: Db, options: { agreementId?: string; from?: string; to?: string; country?: string }, audience: Audience): Promise<StoredViolation[]> {
    const { country, ...filter } = options;
    let q = this.filtered(db, { kind: 'ceasefire_violation', includeLapsed: false, ...filter }, audience)
      .innerJoin('detection_incidents as link', 'link.detection_id', 'detections.id')
      .innerJoin('incidents as linked', 'linked.id', 'link.incident_id')
      .where('detections.status', '<>', 'dismissed')
      .select(['detections.agreement_id', 'detections.party', 'detections.commitment', 'detections.grade', 'detections.date_earliest', 'link.incident_id']);
    if (country) q = q.where('linked.country', '=', country);
    q = q.where(linkedIncidentVisibleTo('link.incident_id', audience));
    const rows = await q.orderBy('detections.date_earliest').execute();
    return rows.flatMap((r) =>
      r.agreement_id !== null && r.party !== null && r.commitment !== null
        ? [{ agreementId: r.agreement_id, party: r.party, commitment: r.commitment as CommitmentCode, grade: (r.grade ?? 'possible') as DetectionGrade, incidentId: r.incident_id, date: r.date_earliest }]
        : [],
    );
  }

  /** The names of the actors in a country's incidents whose dates overlap [from, to]: who fights there then. */
  async actorNamesIn(db: Db, area: { country: string; from: string; to: string }): Promise<string[]> {
    const rows = await db
      .selectFrom('incident_actors as actor')
      .innerJoin('incidents', 'incidents.seq', 'actor.incident_seq')
      .select('actor.name')
      .distinct()
      .where('incidents.country', '=', area.country)
      .where('incidents.date_latest', '>=', area.from)
      .where('incidents.date_earliest', '<=', area.to)
      .execute();
    return rows.map((r) => r.name);
  }

  /**
   * A fingerprint of the place registers that changes whenever a site, zone or agreement is added, changed or removed:
   * each table's row count and latest change (a removal lowers the count; an addition or edit moves the latest change).
   */
  async registerFingerprint(db: Db): Promise<string> {
    const parts = await Promise.all(
      (['protected_sites', 'zones', 'agreements'] as const).map((table) =>
        db
          .selectFrom(table)
          .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('updated_at').as('latest')])
          .executeTakeFirstOrThrow(),
      ),
    );
    return parts.map((p) => `${Number(p.n)}@${p.latest ?? ''}`).join('|');
  }

  /** Every protected site as detection reads it: its point, radius and category, nothing else. */
  async detectionSites(db: Db): Promise<DetectionSite[]> {
    const rows = await db.selectFrom('protected_sites').select(['id', 'name', 'category', 'lat', 'lon', 'radius_km']).orderBy('seq').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, category: r.category as DetectionSite['category'], lat: Number(r.lat), lon: Number(r.lon), radiusKm: Number(r.radius_km) }));
  }

  /**
   * Detection's read of the register: just the fields detection needs, for incidents in seq order after `afterSeq`,
   * optionally only those whose dates overlap [from, to]. Every record, restricted or not: detection runs for the
   * system, and what it finds is shown to each reader as their restrictions allow.
   */
  /** Incidents in seq order after `afterSeq`, whose dates overlap the period and, given an area, placed in its box. */
  async incidentsAfter(
    db: Db,
    afterSeq: number,
    limit: number,
    period: { from?: string | undefined; to?: string | undefined } = {},
    area?: { kind: DatabaseKind; box: BoundingBox },
  ): Promise<{ seq: number; incident: DetectionIncident }[]> {
    let q = db
      .selectFrom('incidents')
      .select(['seq', 'id', 'title', 'narrative', 'date_earliest', 'date_latest', 'lat', 'lon', 'location_precision', 'country', 'place_name', 'origin_dataset', 'violence_type', 'killed_best'])
      .where('seq', '>', afterSeq);
    if (period.from) q = q.where('date_latest', '>=', period.from);
    if (period.to) q = q.where('date_earliest', '<=', period.to);
    if (area) q = q.where(withinBoundingBox(area.kind, area.box));
    const main = await q.orderBy('seq').limit(limit).execute();
    return this.withChildren(db, main);
  }

  /** The latest day any incident may have happened on (escalation over history is tested up to it). */
  async latestIncidentDay(db: Db): Promise<string | undefined> {
    const row = await db.selectFrom('incidents').select((eb) => eb.fn.max('date_latest').as('latest')).executeTakeFirst();
    return row?.latest ?? undefined;
  }

  async countIncidents(db: Db, period: { from?: string; to?: string } = {}): Promise<number> {
    let q = db.selectFrom('incidents').select((eb) => eb.fn.countAll<number | string>().as('n'));
    if (period.from) q = q.where('date_latest', '>=', period.from);
    if (period.to) q = q.where('date_earliest', '<=', period.to);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /**
   * How many incidents are recorded at exactly each of these points (each counts itself): a point many incidents
   * share is a settlement's gazetteer point, not the spot.
   */
  async pointShares(db: Db, points: readonly { lat: number; lon: number }[]): Promise<Map<string, number>> {
    const shares = new Map<string, number>();
    const lats = [...new Set(points.map((p) => p.lat))];
    for (const batch of chunks(lats)) {
      const rows = await db
        .selectFrom('incidents')
        .select(['lat', 'lon', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('lat', 'in', batch)
        .groupBy(['lat', 'lon'])
        .execute();
      for (const row of rows) shares.set(pointKey(row), Number(row.n));
    }
    return shares;
  }

  private async withChildren(
    db: Db,
    main: readonly {
      seq: number;
      id: string;
      title: string;
      narrative: string;
      place_name: string | null;
      origin_dataset: string;
      date_earliest: string;
      date_latest: string;
      lat: number;
      lon: number;
      location_precision: string;
      country: string;
      violence_type: string | null;
      killed_best: number;
    }[],
  ): Promise<{ seq: number; incident: DetectionIncident }[]> {
    if (main.length === 0) return [];
    const seqs = main.map((r) => r.seq);
    const [themes, categories, actors, sources, shares] = await Promise.all([
      db.selectFrom('incident_themes').select(['incident_seq', 'theme']).where('incident_seq', 'in', seqs).execute(),
      db.selectFrom('incident_categories').select(['incident_seq', 'category']).where('incident_seq', 'in', seqs).execute(),
      db.selectFrom('incident_actors').select(['incident_seq', 'name', 'actor_type', 'role']).where('incident_seq', 'in', seqs).orderBy('position').execute(),
      db.selectFrom('incident_sources').select(['incident_seq', 'description']).where('incident_seq', 'in', seqs).execute(),
      this.pointShares(db, main),
    ]);
    const group = <R extends { incident_seq: number }>(rows: readonly R[]) => {
      const bySeq = new Map<number, R[]>();
      for (const r of rows) {
        const list = bySeq.get(r.incident_seq);
        if (list) list.push(r);
        else bySeq.set(r.incident_seq, [r]);
      }
      return (seq: number) => bySeq.get(seq) ?? [];
    };
    const themesOf = group(themes);
    const categoriesOf = group(categories);
    const actorsOf = group(actors);
    const sourcesOf = group(sources);
    return main.map((r) => ({
      seq: r.seq,
      incident: {
        id: r.id,
        title: r.title,
        narrative: r.narrative,
        sourceTexts: sourcesOf(r.seq).map((source) => source.description),
        origin: { dataset: r.origin_dataset },
        pointShare: shares.get(pointKey(r)) ?? 1,
        dateEarliest: r.date_earliest,
        dateLatest: r.date_latest,
        location: { lat: r.lat, lon: r.lon, precision: r.location_precision as LocationPrecision, country: r.country, ...(r.place_name && { placeName: r.place_name }) },
        themes: themesOf(r.seq).map((t) => t.theme as Theme),
        categories: categoriesOf(r.seq).map((c) => c.category as Category),
        ...(r.violence_type !== null && { violenceType: r.violence_type as ViolenceType }),
        actors: actorsOf(r.seq).map((a) => ({ name: a.name, actorType: a.actor_type as ActorType, role: a.role as ActorRole })),
        killed: { best: r.killed_best },
      },
    }));
  }
}

function toDetection(r: DetectionsTable & { reviewer_name: string | null }, incidentIds: string[]): Detection {
  return {
    id: r.id,
    kind: r.kind as DetectionKind,
    key: r.key,
    ...(r.grade !== null && { grade: r.grade as DetectionGrade }),
    incidentIds,
    ...(r.site_id !== null && { siteId: r.site_id }),
    ...(r.zone_id !== null && { zoneId: r.zone_id }),
    ...(r.agreement_id !== null && { agreementId: r.agreement_id }),
    ...(r.party !== null && { party: r.party }),
    ...(r.commitment !== null && { commitment: r.commitment as CommitmentCode }),
    ...(r.distance_km !== null && { distanceKm: Number(r.distance_km) }),
    summary: r.summary,
    ...(r.evidence !== null && { evidence: siteDetectionEvidenceSchema.parse(JSON.parse(r.evidence)) }),
    detectedAt: r.detected_at,
    status: r.status as DetectionStatus,
    ...(r.reviewed_by !== null &&
      r.reviewed_at !== null && { review: { by: { id: r.reviewed_by, username: r.reviewer_name ?? r.reviewed_by }, at: r.reviewed_at, reason: r.review_reason ?? '' } }),
    dateEarliest: r.date_earliest,
    dateLatest: r.date_latest,
    ...(r.lapsed_at !== null && { lapsedAt: r.lapsed_at }),
  };
}
