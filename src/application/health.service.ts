import type { DatabaseKind } from '../store/database.js';
import type { AppContext } from './app-context.js';

/** What the health route answers: the process is up, and the kind of database it runs on (no secret, no location). */
export function healthOf(ctx: AppContext): { status: 'ok'; database: DatabaseKind } {
  return { status: 'ok', database: ctx.store.connection.kind };
}
