import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { sortCasualties, sortCategories, sortThemes } from '../core/canonical-order.js';
import type { IncidentFilter, PageRequest } from '../core/incident-filter.schema.js';
import { sensitiveDetailsSchema, type Incident, type SensitiveDetails } from '../core/incident.schema.js';
import { dataOf } from '../core/incident-diff.js';
import { DomainError } from '../core/errors.js';
import type { IncidentHistoryRepository } from './incident-history.repository.js';
import { rewrapDataKey, type MasterKey, type MasterKeyring, type SensitiveCipher } from './sensitive-envelope.js';
import type { IncidentBulkWriter } from './incident-bulk-writer.js';
import { CHILD_TABLES, incidentRows, type IncidentWrite, type SensitiveSealer } from './incident-rows.js';
import type { LocationPrecision } from '../core/taxonomy.js';
import type { VerificationStatus } from '../core/verification.js';
import type { Database, DatabaseKind, Db } from './database.js';
import { incidentVisibleTo, type Audience } from './record-visibility.js';
import { withinBoundingBox } from './spatial-filter.js';
import type { Page } from '../core/api-contract.schema.js';

export type { IncidentWrite } from './incident-rows.js';

export interface IncidentKey {
  seq: number;
  id: string;
  version: number;
  verificationStatus: VerificationStatus;
}

/** A record an import row names, and whether the importer may see it. */
export interface ImportMatch extends IncidentKey {
  origin: { dataset: string; externalId?: string };
  visible: boolean;
}

export interface VerificationEvent {
  seq: number;
  from: VerificationStatus | null;
  to: VerificationStatus;
  reason: string;
  userId: string;
  at: string;
}

export interface IncidentPoint {
  id: string;
  lon: number;
  lat: number;
  killed: number;
  status: VerificationStatus;
  precision: LocationPrecision;
}

export type { Page };

type IncidentQuery<O> = SelectQueryBuilder<Database, 'incidents', O>;

const escapeLike = (text: string) => text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

/** Cursor over (date_earliest desc, seq desc): opaque to clients, stable under inserts. */
function encodeCursor(date: string, seq: number): string {
  return Buffer.from(JSON.stringify([date, seq])).toString('base64url');
}
function decodeCursor(cursor: string): [string, number] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && Number.isInteger(value[1])) return [value[0], value[1] as number];
  } catch {
    // fall through: an unreadable cursor is reported by the caller
  }
  return undefined;
}

export class InvalidCursorError extends Error {}

/**
 * A write replaces the version it read, or nothing: two writers who read the same version at the same moment (possible
 * on PostgreSQL, whose row lock makes the second wait and then find the version moved on) do not both write it.
 */
function assertNotRaced(result: { numUpdatedRows: bigint }, superseded: Incident): void {
  if (Number(result.numUpdatedRows) > 0) return;
  throw new DomainError('conflict', `incident ${superseded.id} was changed by someone else at the same moment (it is no longer at version ${superseded.version}); send the change again`, [
    { path: 'expectedVersion', code: 'stale_version', message: 'changed by someone else at the same moment' },
  ]);
}

/** A sensitive row as rotation sees it: never its plaintext, unless it predates encryption (key_id null). */
export interface StoredSensitiveRow {
  seq: number;
  incidentId: string;
  payload: string;
  iv: string | null;
  tag: string | null;
  wrappedKey: string | null;
  keyId: string | null;
}

export class IncidentRepository {
  constructor(
    private readonly kind: DatabaseKind,
    private readonly writer: IncidentBulkWriter,
    private readonly cipher: SensitiveCipher,
    private readonly history: IncidentHistoryRepository,
  ) {}

  private readonly seal: SensitiveSealer = (plaintext, incidentId) => {
    const sealed = this.cipher.seal(plaintext, incidentId);
    return { payload: sealed.ciphertext, iv: sealed.iv, tag: sealed.tag, wrapped_key: sealed.wrappedKey, key_id: sealed.keyId };
  };

  private openSensitive(row: { payload: string; iv: string | null; tag: string | null; wrapped_key: string | null; key_id: string | null }, incidentId: string): SensitiveDetails {
    const json =
      row.key_id === null || row.iv === null || row.tag === null || row.wrapped_key === null
        ? row.payload
        : this.cipher.open({ ciphertext: row.payload, iv: row.iv, tag: row.tag, wrappedKey: row.wrapped_key, keyId: row.key_id }, incidentId);
    // Parsed, so records stored before consent was recorded read with the most restrictive default.
    return sensitiveDetailsSchema.parse(JSON.parse(json));
  }

  async insert(db: Db, write: IncidentWrite): Promise<number> {
    const [seq] = await this.insertMany(db, [write]);
    return seq!;
  }

  beginBulkTransaction(db: Db): Promise<void> {
    return this.writer.beginBulkTransaction(db);
  }

  refreshStatistics(db: Db): Promise<void> {
    return this.writer.refreshStatistics(db);
  }

  /** Runs a whole import as one bulk load (see IncidentBulkWriter.duringBulkLoad). */
  duringBulkLoad<T>(work: () => Promise<T>): Promise<T> {
    return this.writer.duringBulkLoad(work);
  }

  /** Many incidents at once, through the database's fastest path (see IncidentBulkWriter). Seqs in input order. */
  async insertMany(db: Db, writes: readonly IncidentWrite[]): Promise<number[]> {
    return this.writer.insert(db, writes.map((write) => incidentRows(write, this.seal)));
  }

  /**
   * Replaces the whole record: main row in place, children deleted and written again, in the caller's transaction.
   * The version replaced (`superseded`, as loaded with its sensitive details) is kept in the history first, so an
   * edit based on it can still be merged: every path that supersedes a version comes through here.
   */
  async replace(db: Db, seq: number, write: IncidentWrite, superseded: Incident): Promise<void> {
    const rows = incidentRows(write, this.seal);
    assertNotRaced(await db.updateTable('incidents').set(rows.main).where('seq', '=', seq).where('version', '=', superseded.version).executeTakeFirst(), superseded);
    await this.keepSuperseded(db, seq, superseded, write.updatedAt);
    for (const table of CHILD_TABLES) await db.deleteFrom(table).where('incident_seq', '=', seq).execute();
    await this.writer.insertChildren(db, [[seq, rows]]);
  }

  /** A verification change makes a new version of the same data: the version it supersedes is kept too. */
  async setVerificationStatus(db: Db, seq: number, status: VerificationStatus, version: number, at: string, userId: string): Promise<void> {
    const [superseded] = await this.load(db, [seq], true);
    if (!superseded) return;
    const result = await db
      .updateTable('incidents')
      .set({ verification_status: status, version, updated_at: at, updated_by: userId })
      .where('seq', '=', seq)
      .where('version', '=', superseded.version)
      .executeTakeFirst();
    assertNotRaced(result, superseded);
    await this.keepSuperseded(db, seq, superseded, at);
  }

  private async keepSuperseded(db: Db, seq: number, superseded: Incident, at: string): Promise<void> {
    if (superseded.sensitive === undefined) throw new Error('a superseded version is kept whole: load it with its sensitive details');
    await this.history.recordSuperseded(db, {
      seq,
      incidentId: superseded.id,
      version: superseded.version,
      data: dataOf(superseded),
      updatedAt: superseded.updatedAt,
      updatedBy: superseded.updatedBy.id,
      supersededAt: at,
    });
  }

  async addVerificationEvent(db: Db, event: VerificationEvent): Promise<void> {
    await this.addVerificationEvents(db, [event]);
  }

  async addVerificationEvents(db: Db, events: readonly VerificationEvent[]): Promise<void> {
    await this.writer.insertVerificationEvents(
      db,
      events.map((e) => ({ incident_seq: e.seq, from_status: e.from, to_status: e.to, reason: e.reason, user_id: e.userId, at: e.at })),
    );
  }

  async setRestricted(db: Db, seq: number, restricted: boolean): Promise<void> {
    await db.updateTable('incidents').set({ restricted: restricted ? 1 : 0 }).where('seq', '=', seq).execute();
  }

  /** The record's key, if it exists and the audience may see it: a restricted record is missing to everyone else. */
  async findKeyById(db: Db, id: string, audience: Audience): Promise<IncidentKey | undefined> {
    const row = await db
      .selectFrom('incidents')
      .select(['seq', 'id', 'version', 'verification_status'])
      .where('id', '=', id)
      .where(incidentVisibleTo(audience))
      .executeTakeFirst();
    return row && { seq: row.seq, id: row.id, version: row.version, verificationStatus: row.verification_status as VerificationStatus };
  }

  /** Who recorded the incident (the user id it was created by). */
  async recordedBy(db: Db, seq: number): Promise<string | undefined> {
    return (await db.selectFrom('incidents').select('created_by').where('seq', '=', seq).executeTakeFirst())?.created_by;
  }

  /** Which of these incidents the audience may see. */
  async visibleIds(db: Db, ids: readonly string[], audience: Audience): Promise<Set<string>> {
    if (ids.length === 0 || audience === 'system') return new Set(ids);
    const visible = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db.selectFrom('incidents').select('id').where('id', 'in', ids.slice(i, i + 500)).where(incidentVisibleTo(audience)).execute();
      for (const row of rows) visible.add(row.id);
    }
    return visible;
  }

  /**
   * The records an import batch names, by Haven id or by origin (data set + external id), found whatever their
   * restriction so that no id or origin is ever written twice; each says whether the audience may see it (the same
   * predicate as every read), computed in the same query. A record the importer may not see is never theirs to update.
   */
  async findImportMatches(db: Db, names: { ids: readonly string[]; origins: readonly { dataset: string; externalId: string }[] }, audience: Audience): Promise<ImportMatch[]> {
    const found = new Map<number, ImportMatch>();
    const matching = () =>
      db
        .selectFrom('incidents')
        .select(['seq', 'id', 'version', 'verification_status', 'origin_dataset', 'origin_external_id'])
        .select((eb) => incidentVisibleTo(audience)(eb).as('visible'));
    const keep = (rows: Awaited<ReturnType<ReturnType<typeof matching>['execute']>>) => {
      for (const r of rows) {
        found.set(r.seq, {
          seq: r.seq,
          id: r.id,
          version: r.version,
          verificationStatus: r.verification_status as VerificationStatus,
          origin: { dataset: r.origin_dataset, ...(r.origin_external_id !== null && { externalId: r.origin_external_id }) },
          // SQLite answers 1 or 0, PostgreSQL true or false.
          visible: Boolean(Number(r.visible)),
        });
      }
    };
    if (this.kind === 'postgres') {
      // One statement per kind of name, whatever the batch's size: the names travel as arrays, and the origins are
      // joined against the unique (data set, external id) index row by row.
      if (names.ids.length) keep(await matching().where(sql<boolean>`incidents.id = any(${[...names.ids]}::text[])`).execute());
      if (names.origins.length) {
        const datasets = names.origins.map((o) => o.dataset);
        const externalIds = names.origins.map((o) => o.externalId);
        keep(
          await matching()
            .where('incidents.origin_external_id', 'is not', null)
            .where(sql<boolean>`(incidents.origin_dataset, incidents.origin_external_id) in (select * from unnest(${datasets}::text[], ${externalIds}::text[]))`)
            .execute(),
        );
      }
      return [...found.values()];
    }
    type Term = { id: string } | { dataset: string; externalId: string };
    const terms: Term[] = [...names.ids.map((id) => ({ id })), ...names.origins];
    for (const chunk of chunks(terms, 500)) {
      const ids = chunk.flatMap((t) => ('id' in t ? [t.id] : []));
      const byDataset = new Map<string, string[]>();
      for (const t of chunk) {
        if ('id' in t) continue;
        // A push, not a spread: a spread per row copies the list each time (quadratic in the batch).
        const externalIds = byDataset.get(t.dataset);
        if (externalIds) externalIds.push(t.externalId);
        else byDataset.set(t.dataset, [t.externalId]);
      }
      keep(
        await matching()
          .where((eb) =>
            eb.or([
              ...(ids.length ? [eb('incidents.id', 'in', ids)] : []),
              ...[...byDataset].map(([dataset, externalIds]) => eb.and([eb('incidents.origin_dataset', '=', dataset), eb('incidents.origin_external_id', 'in', externalIds)])),
            ]),
          )
          .execute(),
      );
    }
    return [...found.values()];
  }

  async findKeysByIds(db: Db, ids: readonly string[]): Promise<Map<string, IncidentKey>> {
    const keys = new Map<string, IncidentKey>();
    for (const chunk of chunks(ids, 500)) {
      const rows = await db.selectFrom('incidents').select(['seq', 'id', 'version', 'verification_status']).where('id', 'in', chunk).execute();
      for (const r of rows) keys.set(r.id, { seq: r.seq, id: r.id, version: r.version, verificationStatus: r.verification_status as VerificationStatus });
    }
    return keys;
  }

  async verificationHistory(db: Db, seq: number) {
    const rows = await db
      .selectFrom('verification_events as v')
      .leftJoin('users as u', 'u.id', 'v.user_id')
      .select(['v.from_status', 'v.to_status', 'v.reason', 'v.user_id', 'u.username', 'v.at'])
      .where('v.incident_seq', '=', seq)
      .orderBy('v.id')
      .execute();
    return rows.map((r) => ({
      from: r.from_status as VerificationStatus | null,
      to: r.to_status as VerificationStatus,
      reason: r.reason,
      by: { id: r.user_id, username: r.username ?? r.user_id },
      at: r.at,
    }));
  }

  async list(db: Db, filter: IncidentFilter, page: PageRequest, includeSensitive: boolean, audience: Audience): Promise<Page<Incident>> {
    let query = this.filtered(db, filter, audience).select(['incidents.seq', 'incidents.date_earliest']);
    if (page.cursor !== undefined) {
      const cursor = decodeCursor(page.cursor);
      if (!cursor) throw new InvalidCursorError('cursor is not one this server issued');
      const [date, seq] = cursor;
      // A row-value comparison, so both databases walk the (date_earliest, seq) index instead of sorting every page.
      query = query.where((eb) => eb(eb.refTuple('incidents.date_earliest', 'incidents.seq'), '<', eb.tuple(date, seq)));
    }
    const rows = await query.orderBy('incidents.date_earliest', 'desc').orderBy('incidents.seq', 'desc').limit(page.limit + 1).execute();
    const more = rows.length > page.limit;
    const pageRows = rows.slice(0, page.limit);
    const last = pageRows.at(-1);
    return {
      items: await this.load(db, pageRows.map((r) => r.seq), includeSensitive),
      nextCursor: more && last ? encodeCursor(last.date_earliest, last.seq) : null,
    };
  }

  async count(db: Db, filter: IncidentFilter, audience: Audience): Promise<{ incidents: number; killedBest: number; earliest: string | null; latest: string | null }> {
    const row = await this.filtered(db, filter, audience)
      .select((eb) => [
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.sum<number | string | null>('incidents.killed_best').as('killed'),
        eb.fn.min<string | null>('incidents.date_earliest').as('earliest'),
        eb.fn.max<string | null>('incidents.date_latest').as('latest'),
      ])
      .executeTakeFirstOrThrow();
    return { incidents: Number(row.n), killedBest: Number(row.killed ?? 0), earliest: row.earliest ?? null, latest: row.latest ?? null };
  }

  /** Just what the map needs to cluster, as flat rows: no children, no text. */
  async points(db: Db, filter: IncidentFilter, audience: Audience): Promise<IncidentPoint[]> {
    const rows = await this.filtered(db, filter, audience)
      .select(['incidents.id', 'incidents.lon', 'incidents.lat', 'incidents.killed_best', 'incidents.verification_status', 'incidents.location_precision'])
      .execute();
    return rows.map((r) => ({ id: r.id, lon: r.lon, lat: r.lat, killed: r.killed_best, status: r.verification_status as VerificationStatus, precision: r.location_precision as LocationPrecision }));
  }

  /** The query for a filter, as the audience may see it; every condition is a bound parameter. */
  filtered(db: Db, filter: IncidentFilter, audience: Audience): IncidentQuery<object> {
    let q: IncidentQuery<object> = db.selectFrom('incidents').where(incidentVisibleTo(audience));
    if (filter.from) q = q.where('incidents.date_latest', '>=', filter.from);
    if (filter.to) q = q.where('incidents.date_earliest', '<=', filter.to);
    if (filter.countries?.length) q = q.where('incidents.country', 'in', filter.countries);
    if (filter.statuses?.length) q = q.where('incidents.verification_status', 'in', filter.statuses);
    if (filter.minDeaths !== undefined) q = q.where('incidents.killed_best', '>=', filter.minDeaths);
    if (filter.exercise !== undefined) q = q.where('incidents.exercise', '=', filter.exercise ? 1 : 0);
    if (filter.themes?.length) {
      const themes = filter.themes;
      q = q.where((eb) => eb.exists(eb.selectFrom('incident_themes as t').select('t.incident_seq').whereRef('t.incident_seq', '=', 'incidents.seq').where('t.theme', 'in', themes)));
    }
    if (filter.categories?.length) {
      const categories = filter.categories;
      q = q.where((eb) =>
        eb.exists(eb.selectFrom('incident_categories as c').select('c.incident_seq').whereRef('c.incident_seq', '=', 'incidents.seq').where('c.category', 'in', categories)),
      );
    }
    if (filter.actor) {
      const pattern = `%${escapeLike(filter.actor)}%`;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('incident_actors as a')
            .select('a.incident_seq')
            .whereRef('a.incident_seq', '=', 'incidents.seq')
            .where(sql`lower(a.name)`, 'like', sql`${pattern} escape '\\'`),
        ),
      );
    }
    if (filter.q) {
      const pattern = `%${escapeLike(filter.q)}%`;
      q = q.where((eb: ExpressionBuilder<Database, 'incidents'>) =>
        eb.or([eb(sql`lower(incidents.title)`, 'like', sql`${pattern} escape '\\'`), eb(sql`lower(incidents.narrative)`, 'like', sql`${pattern} escape '\\'`)]),
      );
    }
    if (filter.hasConflicts !== undefined) {
      const open = (eb: ExpressionBuilder<Database, 'incidents'>) =>
        eb.exists(eb.selectFrom('incident_conflicts as ic').select('ic.incident_seq').whereRef('ic.incident_seq', '=', 'incidents.seq').where('ic.status', '=', 'open'));
      q = q.where((eb) => (filter.hasConflicts ? open(eb) : eb.not(open(eb))));
    }
    if (filter.bbox) q = q.where(withinBoundingBox(this.kind, filter.bbox));
    return q;
  }

  /** Loads whole incidents for the given seqs, in the given order, with one query per child table. */
  async load(db: Db, seqs: readonly number[], includeSensitive: boolean): Promise<Incident[]> {
    if (seqs.length === 0) return [];
    const ids = [...seqs];
    const [main, themes, categories, actors, casualties, sources, sensitive] = await Promise.all([
      db
        .selectFrom('incidents')
        .leftJoin('users as creator', 'creator.id', 'incidents.created_by')
        .leftJoin('users as updater', 'updater.id', 'incidents.updated_by')
        .selectAll('incidents')
        .select(['creator.username as created_by_name', 'updater.username as updated_by_name'])
        .where('incidents.seq', 'in', ids)
        .execute(),
      db.selectFrom('incident_themes').selectAll().where('incident_seq', 'in', ids).execute(),
      db.selectFrom('incident_categories').selectAll().where('incident_seq', 'in', ids).execute(),
      db.selectFrom('incident_actors').selectAll().where('incident_seq', 'in', ids).orderBy('position').execute(),
      db.selectFrom('incident_casualties').selectAll().where('incident_seq', 'in', ids).execute(),
      db.selectFrom('incident_sources').selectAll().where('incident_seq', 'in', ids).orderBy('position').execute(),
      includeSensitive ? db.selectFrom('incident_sensitive').selectAll().where('incident_seq', 'in', ids).execute() : Promise.resolve([]),
    ]);
    const group = <R extends { incident_seq: number }>(rows: R[]) => {
      const bySeq = new Map<number, R[]>();
      for (const r of rows) {
        const group = bySeq.get(r.incident_seq);
        if (group) group.push(r);
        else bySeq.set(r.incident_seq, [r]);
      }
      return (seq: number) => bySeq.get(seq) ?? [];
    };
    const themesOf = group(themes);
    const categoriesOf = group(categories);
    const actorsOf = group(actors);
    const casualtiesOf = group(casualties);
    const sourcesOf = group(sources);
    const sensitiveOf = group(sensitive);
    const bySeq = new Map(main.map((r) => [r.seq, r]));

    return seqs.flatMap((seq) => {
      const r = bySeq.get(seq);
      if (!r) return [];
      const cells = casualtiesOf(seq);
      const incident: Incident = {
        id: r.id,
        title: r.title,
        narrative: r.narrative,
        dateEarliest: r.date_earliest,
        dateLatest: r.date_latest,
        datePrecision: r.date_precision as Incident['datePrecision'],
        location: {
          lat: r.lat,
          lon: r.lon,
          precision: r.location_precision as Incident['location']['precision'],
          country: r.country,
          ...(r.admin1 !== null && { admin1: r.admin1 }),
          ...(r.admin2 !== null && { admin2: r.admin2 }),
          ...(r.place_name !== null && { placeName: r.place_name }),
        },
        themes: sortThemes(themesOf(seq).map((t) => t.theme)) as Incident['themes'],
        categories: sortCategories(categoriesOf(seq).map((c) => c.category)) as Incident['categories'],
        ...(r.violence_type !== null && { violenceType: r.violence_type as Incident['violenceType'] }),
        actors: actorsOf(seq).map((a) => ({ name: a.name, actorType: a.actor_type, role: a.role }) as Incident['actors'][number]),
        casualties: sortCasualties(
          cells
          .filter((c) => c.sex === 'all')
          .map((total) => ({
            kind: total.kind,
            status: total.status,
            ...(total.population_group !== 'all' && { group: total.population_group }),
            low: total.low,
            best: total.best,
            high: total.high,
            breakdown: cells
              .filter((c) => c.sex !== 'all' && c.kind === total.kind && c.status === total.status && c.population_group === total.population_group)
              .map((c) => ({ sex: c.sex, ageGroup: c.age_group, low: c.low, best: c.best, high: c.high })),
          })),
        ) as Incident['casualties'],
        sources: sourcesOf(seq).map(
          (s) =>
            ({
              ref: s.ref,
              sourceType: s.source_type,
              description: s.description,
              ...(s.url !== null && { url: s.url }),
              ...(s.published_on !== null && { publishedOn: s.published_on }),
              reliability: s.reliability,
              credibility: s.credibility,
            }) as Incident['sources'][number],
        ),
        origin: {
          dataset: r.origin_dataset,
          ...(r.origin_external_id !== null && { externalId: r.origin_external_id }),
          ...(r.origin_event_type !== null && { eventType: r.origin_event_type }),
        },
        exercise: r.exercise === 1,
        verificationStatus: r.verification_status as VerificationStatus,
        killed: { low: r.killed_low, best: r.killed_best, high: r.killed_high },
        injured: { low: r.injured_low, best: r.injured_best, high: r.injured_high },
        version: r.version,
        createdAt: r.created_at,
        createdBy: { id: r.created_by, username: r.created_by_name ?? r.created_by },
        updatedAt: r.updated_at,
        updatedBy: { id: r.updated_by, username: r.updated_by_name ?? r.updated_by },
      };
      const secret = sensitiveOf(seq)[0];
      if (includeSensitive) incident.sensitive = secret ? this.openSensitive(secret, r.id) : { victims: [], witnesses: [], sourceIdentities: [] };
      return [incident];
    });
  }
}

const SEALED_HISTORY_TABLES = ['incident_versions', 'incident_conflicts'] as const;

/** A sealed row of a superseded version or of a conflict, as rotation sees it: its wrapped data key only. */
export type SealedHistoryRow =
  | { table: 'incident_versions'; seq: number; version: number; wrappedKey: string; keyId: string }
  | { table: 'incident_conflicts'; id: string; wrappedKey: string; keyId: string };

/** Key rotation's view of the sensitive rows: it re-wraps data keys and never needs the records' plaintext. */
export class SensitiveKeyStore {
  /** The next rows whose data key is not wrapped by `keyId` (or that are not sealed yet), in seq order. */
  async rowsNotWrappedBy(db: Db, keyId: string, limit: number): Promise<StoredSensitiveRow[]> {
    const rows = await db
      .selectFrom('incident_sensitive as s')
      .innerJoin('incidents as i', 'i.seq', 's.incident_seq')
      .select(['s.incident_seq', 'i.id', 's.payload', 's.iv', 's.tag', 's.wrapped_key', 's.key_id'])
      .where((eb) => eb.or([eb('s.key_id', 'is', null), eb('s.key_id', '<>', keyId)]))
      .orderBy('s.incident_seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ seq: r.incident_seq, incidentId: r.id, payload: r.payload, iv: r.iv, tag: r.tag, wrappedKey: r.wrapped_key, keyId: r.key_id }));
  }

  /** Rows still to re-wrap: incidents' sensitive rows, and sealed rows of superseded versions and conflicts. */
  async countNotWrappedBy(db: Db, keyId: string): Promise<number> {
    const row = await db
      .selectFrom('incident_sensitive')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where((eb) => eb.or([eb('key_id', 'is', null), eb('key_id', '<>', keyId)]))
      .executeTakeFirstOrThrow();
    let n = Number(row.n);
    for (const table of SEALED_HISTORY_TABLES) {
      const counted = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('key_id', 'is not', null)
        .where('key_id', '<>', keyId)
        .executeTakeFirstOrThrow();
      n += Number(counted.n);
    }
    return n;
  }

  /** Sealed rows by the master key that wraps their data key (null: incidents' rows from before encryption). */
  async countByKey(db: Db): Promise<Map<string | null, number>> {
    const counts = new Map<string | null, number>();
    const add = (rows: { key_id: string | null; n: number | string }[]) => {
      for (const r of rows) counts.set(r.key_id, (counts.get(r.key_id) ?? 0) + Number(r.n));
    };
    add(await db.selectFrom('incident_sensitive').select(['key_id', (eb) => eb.fn.countAll<number | string>().as('n')]).groupBy('key_id').execute());
    for (const table of SEALED_HISTORY_TABLES) {
      add(await db.selectFrom(table).select(['key_id', (eb) => eb.fn.countAll<number | string>().as('n')]).where('key_id', 'is not', null).groupBy('key_id').execute());
    }
    return counts;
  }

  /**
   * The next sealed rows of superseded versions and of conflicts whose data key is not wrapped by `keyId`. Rows that
   * hold nothing sensitive have no key and are never selected; these tables never held plaintext to seal.
   */
  async historyRowsNotWrappedBy(db: Db, keyId: string, limit: number): Promise<SealedHistoryRow[]> {
    const versions = await db
      .selectFrom('incident_versions')
      .select(['incident_seq', 'version', 'wrapped_key', 'key_id'])
      .where('key_id', 'is not', null)
      .where('key_id', '<>', keyId)
      .orderBy('incident_seq')
      .orderBy('version')
      .limit(limit)
      .execute();
    const rows: SealedHistoryRow[] = versions.map((r) => ({ table: 'incident_versions', seq: r.incident_seq, version: r.version, wrappedKey: r.wrapped_key!, keyId: r.key_id! }));
    if (rows.length >= limit) return rows;
    const conflicts = await db
      .selectFrom('incident_conflicts')
      .select(['id', 'wrapped_key', 'key_id'])
      .where('key_id', 'is not', null)
      .where('key_id', '<>', keyId)
      .orderBy('id')
      .limit(limit - rows.length)
      .execute();
    return [...rows, ...conflicts.map((r) => ({ table: 'incident_conflicts' as const, id: r.id, wrappedKey: r.wrapped_key!, keyId: r.key_id! }))];
  }

  /** Re-wraps one history or conflict row's data key, unless it was rewritten meanwhile. Returns whether it changed. */
  async rewrapHistory(db: Db, row: SealedHistoryRow, keyring: MasterKeyring, to: MasterKey): Promise<boolean> {
    const rewrapped = rewrapDataKey(row.wrappedKey, row.keyId, keyring, to);
    const set = { wrapped_key: rewrapped.wrappedKey, key_id: rewrapped.keyId };
    const result =
      row.table === 'incident_versions'
        ? await db
            .updateTable('incident_versions')
            .set(set)
            .where('incident_seq', '=', row.seq)
            .where('version', '=', row.version)
            .where('key_id', '=', row.keyId)
            .where('wrapped_key', '=', row.wrappedKey)
            .executeTakeFirst()
        : await db.updateTable('incident_conflicts').set(set).where('id', '=', row.id).where('key_id', '=', row.keyId).where('wrapped_key', '=', row.wrappedKey).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Re-wraps one row's data key (or seals a row that predates encryption). The update is conditional on the row being
   * as it was read: if the server rewrote the record meanwhile, it is left alone (it now carries a fresh data key).
   * Returns whether the row was changed.
   */
  async rewrap(db: Db, row: StoredSensitiveRow, keyring: MasterKeyring, to: MasterKey, seal: SensitiveCipher['seal']): Promise<boolean> {
    if (row.keyId === null || row.wrappedKey === null) {
      const sealed = seal(row.payload, row.incidentId);
      const result = await db
        .updateTable('incident_sensitive')
        .set({ payload: sealed.ciphertext, iv: sealed.iv, tag: sealed.tag, wrapped_key: sealed.wrappedKey, key_id: sealed.keyId })
        .where('incident_seq', '=', row.seq)
        .where('key_id', 'is', null)
        .where('payload', '=', row.payload)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    }
    const rewrapped = rewrapDataKey(row.wrappedKey, row.keyId, keyring, to);
    const result = await db
      .updateTable('incident_sensitive')
      .set({ wrapped_key: rewrapped.wrappedKey, key_id: rewrapped.keyId })
      .where('incident_seq', '=', row.seq)
      .where('key_id', '=', row.keyId)
      .where('wrapped_key', '=', row.wrappedKey)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
