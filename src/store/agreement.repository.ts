import type { Selectable } from 'kysely';
import type { Agreement, AgreementKind, Commitment } from '../core/places/agreement.schema.js';
import type { AgreementsTable, Db } from './database.js';
import { placeSourceColumns, placeSourceOf } from './place-source-columns.js';

type AgreementRow = Selectable<AgreementsTable>;

function toAgreement(r: AgreementRow): Agreement {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as AgreementKind,
    parties: JSON.parse(r.parties) as string[],
    ...(r.signed_on !== null && { signedOn: r.signed_on }),
    validFrom: r.valid_from,
    ...(r.valid_to !== null && { validTo: r.valid_to }),
    zoneIds: JSON.parse(r.zone_ids) as string[],
    commitments: JSON.parse(r.commitments) as Commitment[],
    source: placeSourceOf(r),
    ...(r.notes !== null && { notes: r.notes }),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRow(a: Agreement, actorId: string): AgreementRow {
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    parties: JSON.stringify(a.parties),
    signed_on: a.signedOn ?? null,
    valid_from: a.validFrom,
    valid_to: a.validTo ?? null,
    zone_ids: JSON.stringify(a.zoneIds),
    commitments: JSON.stringify(a.commitments),
    ...placeSourceColumns(a.source),
    notes: a.notes ?? null,
    version: a.version,
    created_at: a.createdAt,
    created_by: actorId,
    updated_at: a.updatedAt,
    updated_by: actorId,
  };
}

/** Ceasefires and local peace agreements, with their parties, zones and commitments. */
export class AgreementRepository {
  async insert(db: Db, agreement: Agreement, actorId: string): Promise<void> {
    await db.insertInto('agreements').values(toRow(agreement, actorId)).execute();
  }

  /** False when the stored version is not `expectedVersion`. */
  async update(db: Db, agreement: Agreement, expectedVersion: number, actorId: string): Promise<boolean> {
    const { id: _id, created_at: _createdAt, created_by: _createdBy, ...values } = toRow(agreement, actorId);
    const result = await db.updateTable('agreements').set(values).where('id', '=', agreement.id).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async find(db: Db, id: string): Promise<Agreement | undefined> {
    const row = await db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAgreement(row);
  }

  /** Every agreement, or those in force on a day, oldest first. */
  async list(db: Db, filter: { activeOn?: string | undefined } = {}): Promise<Agreement[]> {
    let q = db.selectFrom('agreements').selectAll().orderBy('valid_from').orderBy('id');
    if (filter.activeOn) {
      const day = filter.activeOn;
      q = q.where('valid_from', '<=', day).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]));
    }
    return (await q.execute()).map(toAgreement);
  }
}
