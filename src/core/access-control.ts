import { z } from 'zod';

/** Roles and what each may do: one matrix, enforced by the application layer and tested as a matrix. */
export const ROLES = ['viewer', 'analyst', 'human_security_advisor', 'commander', 'civilian_authority', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'incident:read',
  'incident:read_sensitive',
  'incident:write',
  'incident:verify',
  'audit:read',
  'user:manage',
  /** Propose a use of force (it is assessed at once; it is never authorised by the engine). */
  'force:request',
  /** Review a request as the human-security advisor. */
  'force:review',
  /** Decide on a request: the commander, by name. */
  'force:decide',
  /** Approve or reject a decision as the mission's civilian authority. */
  'force:approve',
  'ledger:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['incident:read'],
  analyst: ['incident:read', 'incident:read_sensitive', 'incident:write', 'incident:verify', 'force:request', 'ledger:read'],
  human_security_advisor: ['incident:read', 'incident:read_sensitive', 'force:request', 'force:review', 'ledger:read'],
  commander: ['incident:read', 'force:request', 'force:decide', 'ledger:read'],
  civilian_authority: ['incident:read', 'force:approve', 'ledger:read'],
  // Running the system is not commanding a force: administrators cannot review, decide on or approve force.
  administrator: PERMISSIONS.filter((p) => !['force:review', 'force:decide', 'force:approve'].includes(p)),
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export const usernameSchema = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, dot, dash or underscore');

/** Long passphrases beat composition rules (NIST SP 800-63B). */
export const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(256);

export const newUserSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  password: passwordSchema,
});
export type NewUser = z.infer<typeof newUserSchema>;

export const loginSchema = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });

export const userSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;
