import type { FastifyInstance } from 'fastify';
import { DomainError } from '../core/errors.js';

/** The path of the first string holding a NUL character, or undefined; depth-limited, as bodies are bounded anyway. */
function nulPathOf(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 64 || value === null || typeof value !== 'object' || Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return here;
    const found = nulPathOf(item, here, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses a NUL character anywhere in a request's path parameters, query or JSON body with a 400 naming the field.
 * No text Haven keeps may contain one: PostgreSQL cannot store it (the query fails, a 500), and SQLite compares text
 * up to it in places (a filter `a<NUL>b` matched like `a`, answering more rows than the honest answer).
 */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const path = nulPathOf(value, '');
      if (path !== undefined) {
        const field = path || where;
        throw new DomainError('validation_failed', `${field} must not contain a NUL character`, [{ path: field, code: 'nul_character', message: 'must not contain a NUL character' }]);
      }
    }
  });
}
