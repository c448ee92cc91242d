import { sql, type Selectable, type SqlBool } from 'kysely';
import type { Db, EvidenceCustodyTable, EvidenceItemsTable } from './database.js';
import { evidenceVisibleTo, linkedIncidentVisibleTo, type Audience } from './record-visibility.js';

export interface EvidenceItemRow extends Omit<Selectable<EvidenceItemsTable>, 'size_bytes' | 'working_size_bytes'> {
  size_bytes: number;
  working_size_bytes: number | null;
}

const toRow = (r: Selectable<EvidenceItemsTable>): EvidenceItemRow => ({
  ...r,
  size_bytes: Number(r.size_bytes),
  working_size_bytes: r.working_size_bytes === null ? null : Number(r.working_size_bytes),
});

/** What a list of evidence items may be narrowed by: one incident's, text in the item's own words, a bound. */
export interface EvidenceListFilter {
  incidentId?: string | undefined;
  q?: string | undefined;
  limit?: number | undefined;
}

const MAX_LISTED = 1000;
/** A LIKE pattern's own characters taken literally; matching is case-insensitive (both sides lower-cased). */
const escapeLike = (text: string) => text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Evidence items, their links to incidents and their custody events. Custody is append-only here. Reads answer for an
 * audience: a restricted item, and a link to a restricted incident, do not exist for a reader not named on it.
 */
export class EvidenceRepository {
  async insert(db: Db, item: EvidenceItemRow, incidentIds: readonly string[]): Promise<void> {
    await db.insertInto('evidence_items').values(item).execute();
    if (incidentIds.length) await db.insertInto('evidence_incidents').values(incidentIds.map((incident_id) => ({ item_id: item.id, incident_id }))).execute();
  }

  async find(db: Db, id: string, audience: Audience): Promise<EvidenceItemRow | undefined> {
    const row = await db.selectFrom('evidence_items').selectAll().where('id', '=', id).where(evidenceVisibleTo(audience)).executeTakeFirst();
    return row && toRow(row);
  }

  async list(db: Db, filter: EvidenceListFilter, audience: Audience): Promise<EvidenceItemRow[]> {
    let query = db
      .selectFrom('evidence_items')
      .selectAll('evidence_items')
      .where(evidenceVisibleTo(audience))
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(filter.limit ?? MAX_LISTED, MAX_LISTED));
    if (filter.q) {
      const pattern = `%${escapeLike(filter.q)}%`;
      const contains = (column: 'original_name' | 'description' | 'source' | 'location') => sql<SqlBool>`lower(${sql.ref(`evidence_items.${column}`)}) like ${pattern} escape '\\'`;
      query = query.where((eb) => eb.or([contains('original_name'), contains('description'), contains('source'), contains('location')]));
    }
    if (filter.incidentId) {
      // An incident hidden from the reader has no evidence for them, as for an id that does not exist.
      query = query
        .innerJoin('evidence_incidents', 'evidence_incidents.item_id', 'evidence_items.id')
        .where('evidence_incidents.incident_id', '=', filter.incidentId)
        .where(linkedIncidentVisibleTo('evidence_incidents.incident_id', audience));
    }
    return (await query.execute()).map(toRow);
  }

  async *all(db: Db): AsyncGenerator<EvidenceItemRow> {
    let after = '';
    for (;;) {
      const rows = await db.selectFrom('evidence_items').selectAll().where('id', '>', after).orderBy('id').limit(500).execute();
      for (const row of rows) yield toRow(row);
      if (rows.length < 500) return;
      after = rows.at(-1)!.id;
    }
  }

  /** The incidents each item is linked to, those the audience may see. */
  async incidentsOf(db: Db, itemIds: readonly string[], audience: Audience): Promise<Map<string, string[]>> {
    const links = new Map<string, string[]>(itemIds.map((id) => [id, []]));
    for (let i = 0; i < itemIds.length; i += 500) {
      const rows = await db
        .selectFrom('evidence_incidents')
        .select(['item_id', 'incident_id'])
        .where('item_id', 'in', itemIds.slice(i, i + 500))
        .where(linkedIncidentVisibleTo('evidence_incidents.incident_id', audience))
        .orderBy('incident_id')
        .execute();
      for (const r of rows) links.get(r.item_id)?.push(r.incident_id);
    }
    return links;
  }

  async addCustodyEvent(db: Db, event: EvidenceCustodyTable): Promise<void> {
    await db.insertInto('evidence_custody').values(event).execute();
  }

  async custodyOf(db: Db, itemId: string): Promise<EvidenceCustodyTable[]> {
    return db.selectFrom('evidence_custody').selectAll().where('item_id', '=', itemId).orderBy('ledger_seq').execute();
  }

  async countCustody(db: Db): Promise<number> {
    const row = await db.selectFrom('evidence_custody').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Every custody event with the SHA-256 of its item's original (which the event's ledger entry sealed), in pages. */
  async *allCustody(db: Db): AsyncGenerator<EvidenceCustodyTable & { item_sha256: string | null }> {
    let after = '';
    for (;;) {
      const rows = await db
        .selectFrom('evidence_custody')
        .leftJoin('evidence_items', 'evidence_items.id', 'evidence_custody.item_id')
        .selectAll('evidence_custody')
        .select('evidence_items.sha256 as item_sha256')
        .where('evidence_custody.id', '>', after)
        .orderBy('evidence_custody.id')
        .limit(1000)
        .execute();
      yield* rows;
      if (rows.length < 1000) return;
      after = rows.at(-1)!.id;
    }
  }
}
