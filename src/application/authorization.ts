import { principalMay, type Permission } from '../core/access-control.js';
import { DomainError } from '../core/errors.js';
import type { Audience } from '../store/record-visibility.js';
import type { Actor } from './app-context.js';

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!principalMay(actor, permission)) {
    if (actor.scopes) throw new DomainError('forbidden', `this API token is not scoped for ${permission}`);
    throw new DomainError('forbidden', `the ${actor.role} role may not ${permission.replace(':', ' ').replace('_', ' ')}`);
  }
}

/** Whom the store answers for when this actor reads: restricted records they are not named on do not exist for them. */
export const audienceOf = (actor: Actor): Audience => ({ userId: actor.id });
