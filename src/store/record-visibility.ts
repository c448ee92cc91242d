import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from './database.js';

/**
 * Whom a query answers for. A user sees every unrestricted record and the restricted ones granted to them or to a
 * group they belong to; `everyone` is what every reader shares — no restricted record at all — for what is stored once
 * and shown to many (the situation context signed into a force request's assessment); `system` (backup, migrations,
 * audit diffs) sees everything. An import matches as its user: a record hidden from them is not theirs to update.
 *
 * This module is the one place that says who sees which restricted record: every query that reads a restrictable
 * table (incidents, cases, evidence items, the capability register) or a table that names their ids (links, events, the audit log) takes its
 * condition from here.
 */
export type Audience = { userId: string } | 'everyone' | 'system';

/** The kinds of record that can be restricted, as `record_restrictions.entity_type` names them. */
export type RestrictableType = 'incident' | 'case' | 'evidence' | 'capability';
export const RESTRICTABLE_TYPES: readonly RestrictableType[] = ['incident', 'case', 'evidence', 'capability'];

/** The ids of the records of a type granted to a user, by name or through one of their groups: a subquery. */
export function idsGrantedTo(entityType: string, userId: string) {
  const eb = expressionBuilder<Database, never>();
  return eb
    .selectFrom('record_restrictions as granted')
    .select('granted.entity_id')
    .where('granted.entity_type', '=', entityType)
    .where((g) =>
      g.or([
        g.and([g('granted.principal_kind', '=', 'user'), g('granted.principal_id', '=', userId)]),
        g.and([g('granted.principal_kind', '=', 'group'), g('granted.principal_id', 'in', g.selectFrom('group_members').select('group_members.group_id').where('group_members.user_id', '=', userId))]),
      ]),
    );
}

/** The ids of the restricted records of a type that the audience may not see: a subquery (never for `system`). */
export function idsHiddenFrom(entityType: RestrictableType, audience: Exclude<Audience, 'system'>) {
  const eb = expressionBuilder<Database, never>();
  const restricted = eb.selectFrom('record_restrictions as hidden').select('hidden.entity_id').where('hidden.entity_type', '=', entityType);
  return audience === 'everyone' ? restricted : restricted.where('hidden.entity_id', 'not in', idsGrantedTo(entityType, audience.userId));
}

const always = (): Expression<SqlBool> => sql<SqlBool>`1 = 1`;

/**
 * Whether the record of a type whose id is in `idColumn` (any table or alias: `evidence_items.id`,
 * `link.incident_id`, `a.entity_id` …) is visible to the audience, for use in `where`.
 */
export function idVisibleTo(entityType: RestrictableType, idColumn: string, audience: Audience): Expression<SqlBool> {
  if (audience === 'system') return always();
  const eb = expressionBuilder<Database, never>();
  return eb(sql.ref<string>(idColumn), 'not in', idsHiddenFrom(entityType, audience));
}

/** The visibility condition for incidents, read from the row's own flag, for use in `where` on `incidents`. */
export function incidentVisibleTo(audience: Audience) {
  return (eb: ExpressionBuilder<Database, 'incidents'>) => {
    if (audience === 'system') return eb.lit(true);
    if (audience === 'everyone') return eb('incidents.restricted', '=', 0);
    return eb.or([eb('incidents.restricted', '=', 0), eb('incidents.id', 'in', idsGrantedTo('incident', audience.userId))]);
  };
}

/** An incident named by id in another table (evidence and case links, detections, events): visible to the audience. */
export const linkedIncidentVisibleTo = (idColumn: string, audience: Audience) => idVisibleTo('incident', idColumn, audience);

/** The visibility condition for cases (`cases.id`, or the column that names the case). */
export const caseVisibleTo = (audience: Audience, idColumn = 'cases.id') => idVisibleTo('case', idColumn, audience);

/** The visibility condition for evidence items (`evidence_items.id`, or the column that names the item). */
export const evidenceVisibleTo = (audience: Audience, idColumn = 'evidence_items.id') => idVisibleTo('evidence', idColumn, audience);

/** The visibility condition for systems of the capability register (`capabilities.id`, or the column that names one). */
export const capabilityVisibleTo = (audience: Audience, idColumn = 'capabilities.id') => idVisibleTo('capability', idColumn, audience);

/**
 * A detection is hidden from a reader only when it rests on incidents and every one of them is hidden from them.
 * `idColumn` names the detection (`detections.id`, or `a.entity_id` in the audit log).
 */
export function detectionVisibleTo(audience: Audience, idColumn = 'detections.id'): Expression<SqlBool> {
  if (audience === 'system') return always();
  const eb = expressionBuilder<Database, never>();
  const links = eb.selectFrom('detection_incidents as dlink').select('dlink.incident_id').where(sql.ref<string>('dlink.detection_id'), '=', sql.ref<string>(idColumn));
  return eb.or([eb.not(eb.exists(links)), eb.exists(links.where(linkedIncidentVisibleTo('dlink.incident_id', audience)))]);
}

/** An entry of the audit log is visible when the record it is about is (entries about other things always are). */
export function auditEntryVisibleTo(audience: Audience, alias = 'a'): Expression<SqlBool> {
  if (audience === 'system') return always();
  const eb = expressionBuilder<Database, never>();
  const type = sql.ref<string>(`${alias}.entity_type`);
  const id = `${alias}.entity_id`;
  return eb.and([
    eb.or([eb(type, '<>', 'incident'), linkedIncidentVisibleTo(id, audience)]),
    eb.or([eb(type, '<>', 'case'), caseVisibleTo(audience, id)]),
    eb.or([eb(type, '<>', 'evidence'), evidenceVisibleTo(audience, id)]),
    eb.or([eb(type, '<>', 'detection'), detectionVisibleTo(audience, id)]),
    eb.or([eb(type, '<>', 'capability'), capabilityVisibleTo(audience, id)]),
  ]);
}
