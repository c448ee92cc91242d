import { DomainError } from '../core/errors.js';
import type { Actor } from './app-context.js';

/**
 * Managing how one signs in (password, second factor, tokens, sessions) needs the person, signed in: an API token,
 * however scoped, may not mint more tokens or change the password it was derived from.
 */
export function requireSignedInPerson(actor: Actor): void {
  if (actor.scopes) throw new DomainError('forbidden', 'an API token cannot manage sign-in; log in as the user');
}
