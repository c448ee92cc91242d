import { principalMay, type Permission } from '../core/access-control.js';
import { DomainError } from '../core/errors.js';
import type { Actor } from './app-context.js';

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!principalMay(actor, permission)) {
    if (actor.scopes) throw new DomainError('forbidden', `this API token is not scoped for ${permission}`);
    throw new DomainError('forbidden', `the ${actor.role} role may not ${permission.replace(':', ' ').replace('_', ' ')}`);
  }
}
