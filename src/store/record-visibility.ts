import type { ExpressionBuilder } from 'kysely';
import type { Database } from './database.js';

/**
 * Whom a query answers for. A user sees every unrestricted record and the restricted ones granted to them or to a
 * group they belong to; `system` (backup, migrations, the import's matching by origin) sees everything.
 */
export type Audience = { userId: string } | 'system';

/** The visibility condition for incidents, for use in `where`. */
export function incidentVisibleTo(audience: Audience) {
  return (eb: ExpressionBuilder<Database, 'incidents'>) => {
    if (audience === 'system') return eb.lit(true);
    const { userId } = audience;
    return eb.or([
      eb('incidents.restricted', '=', 0),
      eb.exists(
        eb
          .selectFrom('record_restrictions as rr')
          .select('rr.entity_id')
          .where('rr.entity_type', '=', 'incident')
          .whereRef('rr.entity_id', '=', 'incidents.id')
          .where((r) =>
            r.or([
              r.and([r('rr.principal_kind', '=', 'user'), r('rr.principal_id', '=', userId)]),
              r.and([r('rr.principal_kind', '=', 'group'), r('rr.principal_id', 'in', r.selectFrom('group_members').select('group_members.group_id').where('group_members.user_id', '=', userId))]),
            ]),
          ),
      ),
    ]);
  };
}
