import { LRUCache } from 'lru-cache';
import type { Actor, AppContext } from './app-context.js';

/**
 * Answers read from the whole register (map clusters, counts, aggregations), kept until the data changes: the key
 * holds the audit log's newest id, which every write moves, from any server. Readers who may see no restricted
 * incident see the same answers and share them; a reader named on a restricted incident gets their own. A pending
 * answer is shared too, so a burst of readers after a write computes it once.
 */
export class ReadCache<T extends object> {
  private readonly answers: LRUCache<string, Promise<T>>;

  constructor(
    private readonly ctx: AppContext,
    max: number,
  ) {
    this.answers = new LRUCache<string, Promise<T>>({ max });
  }

  /** The answer to a parsed query as the actor may see it now: the cached one, or `compute`'s (then cached). */
  async get(actor: Actor, query: unknown, compute: () => Promise<T>): Promise<T> {
    const db = this.ctx.store.connection.db;
    const [stamp, seesRestricted] = await Promise.all([this.ctx.store.audit.latestId(db), this.ctx.store.restrictions.seesAnyRestricted(db, 'incident', actor.id)]);
    const key = `${stamp}|${seesRestricted ? actor.id : 'unrestricted'}|${JSON.stringify(query)}`;
    let answer = this.answers.get(key);
    if (!answer) {
      answer = compute().catch((error: unknown) => {
        this.answers.delete(key);
        throw error;
      });
      this.answers.set(key, answer);
    }
    return answer;
  }
}
