import { ApiError } from '../shared/api-client.js';

/** Why a part of the dashboard could not be shown, in the reader's words: a missing service says so plainly. */
export function unavailableReason(error: unknown): string {
  if (error instanceof ApiError) return error.status === 404 && /^no route /.test(error.message) ? 'not available on this server' : error.message;
  return error instanceof Error ? error.message : String(error);
}
