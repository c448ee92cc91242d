import { hasPermission, type Permission } from '../core/access-control.js';
import { DomainError } from '../core/errors.js';
import type { Actor } from './app-context.js';

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor.role, permission)) {
    throw new DomainError('forbidden', `the ${actor.role} role may not ${permission.replace(':', ' ').replace('_', ' ')}`);
  }
}
