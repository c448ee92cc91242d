import { expressionBuilder, type ExpressionBuilder } from 'kysely';
import type { Database } from './database.js';

/**
 * Whom a query answers for. A user sees every unrestricted record and the restricted ones granted to them or to a
 * group they belong to; `system` (backup, migrations) sees everything. An import matches as its user: a record hidden from them is not theirs to update.
 */
export type Audience = { userId: string } | 'system';

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

/** The visibility condition for incidents, for use in `where`. */
export function incidentVisibleTo(audience: Audience) {
  return (eb: ExpressionBuilder<Database, 'incidents'>) =>
    audience === 'system' ? eb.lit(true) : eb.or([eb('incidents.restricted', '=', 0), eb('incidents.id', 'in', idsGrantedTo('incident', audience.userId))]);
}
