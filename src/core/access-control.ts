import { z } from 'zod';
import { totpCodeSchema, withPasswordPolicy } from './sign-in-policy.js';

/**
 * Roles and what each may do: one matrix, enforced by the application layer, checked again at the HTTP edge from the
 * route table in src/api/route-access.ts, tested as a matrix (every route × every role) and printed in docs/security.md.
 */
export const ROLES = [
  'viewer',
  'analyst',
  'human_security_advisor',
  'commander',
  'civilian_authority',
  'investigator',
  'auditor',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'incident:read',
  /** Named victims, witnesses and source identities, decrypted. */
  'incident:read_sensitive',
  'incident:write',
  'incident:verify',
  /** Restrict a record to named users or groups (a restricted record is invisible to everyone else). */
  'incident:restrict',
  /** Export sensitive fields, when asked for explicitly and within the consent given; every such export is audited. */
  'incident:export_sensitive',
  'audit:read',
  'user:manage',
  /** Read force requests, their assessments and decisions. */
  'force:read',
  /** Propose a use of force (it is assessed at once; it is never authorised by the engine). */
  'force:request',
  /** Review a request as the human-security advisor. */
  'force:review',
  /** Decide on a request: the commander, by name. */
  'force:decide',
  /** Approve or reject a decision as the mission's civilian authority. */
  'force:approve',
  'ledger:read',
  /** See evidence items, their metadata and custody; download working copies. */
  'evidence:read',
  /** Add evidence, make working copies, transfer custody. */
  'evidence:write',
  /** Check stored originals against their hashes and the custody chain. */
  'evidence:verify',
  'case:read',
  'case:write',
  /** Dashboards, aggregations, hotspots, escalation alerts, detections, the scorecard and situation reports. */
  'monitoring:read',
  /** Keep the registers of protected sites, zones (corridors, safe havens, ceasefire lines) and agreements. */
  'place:write',
  /** Confirm or dismiss a detection (an attack near a protected site, a ceasefire violation …), with a reason. */
  'detection:review',
  /** Military expenditure series and totals, force budgets, rebalancing scenarios and the capability register. */
  'posture:read',
  /** Import expenditure data; keep budgets, scenarios and capability records. */
  'posture:write',
  /**
   * Exchange sync bundles with another Haven instance over HTTPS (pull, acknowledge, push). What travels is still
   * what the user behind the token may read; importing still needs incident:write.
   */
  'sync:exchange',
  /**
   * Facilitate an exercise: start one from a shipped script, run its clock, release injects, see the facilitator's
   * notes. Administrators only: the facilitator stands outside play, and every player role acts in it.
   */
  'exercise:run',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['incident:read', 'monitoring:read', 'posture:read'],
  analyst: [
    'incident:read',
    'incident:read_sensitive',
    'incident:write',
    'incident:verify',
    'incident:restrict',
    'force:read',
    'force:request',
    'ledger:read',
    'evidence:read',
    'evidence:write',
    'case:read',
    'monitoring:read',
    'place:write',
    'detection:review',
    'posture:read',
    'posture:write',
  ],
  human_security_advisor: ['incident:read', 'incident:read_sensitive', 'force:read', 'force:request', 'force:review', 'ledger:read', 'evidence:read', 'case:read', 'monitoring:read', 'detection:review', 'posture:read', 'posture:write'],
  commander: ['incident:read', 'force:read', 'force:request', 'force:decide', 'ledger:read', 'monitoring:read', 'posture:read'],
  civilian_authority: ['incident:read', 'force:read', 'force:approve', 'ledger:read', 'case:read', 'monitoring:read', 'posture:read'],
  // Builds accountability cases: the evidence, its custody, the sensitive details of victims and witnesses.
  investigator: [
    'incident:read',
    'incident:read_sensitive',
    'incident:write',
    'incident:restrict',
    'incident:export_sensitive',
    'ledger:read',
    'evidence:read',
    'evidence:write',
    'evidence:verify',
    'case:read',
    'case:write',
    'monitoring:read',
    'posture:read',
    'sync:exchange',
  ],
  // Oversight: reads the record of what was done (audit, ledger, custody, decisions), never the people in it.
  auditor: ['incident:read', 'audit:read', 'force:read', 'ledger:read', 'evidence:verify', 'case:read', 'monitoring:read', 'posture:read'],
  // Running the system is not commanding a force nor investigating: administrators cannot review, decide on or
  // approve force, read sensitive details or evidence, nor judge what a detection means.
  administrator: PERMISSIONS.filter(
    (p) =>
      !['force:review', 'force:decide', 'force:approve', 'incident:read_sensitive', 'incident:export_sensitive', 'evidence:read', 'evidence:write', 'case:write', 'detection:review'].includes(p),
  ),
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Who is asking, for a permission check: a role, narrowed to `scopes` when the caller holds an API token. */
export interface Principal {
  role: Role;
  scopes?: readonly Permission[] | undefined;
}

/** The one permission check: the role must grant it and, for an API token, so must the token's scopes. */
export function principalMay(principal: Principal, permission: Permission): boolean {
  return hasPermission(principal.role, permission) && (principal.scopes === undefined || principal.scopes.includes(permission));
}

export const usernameSchema = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, dot, dash or underscore');

/** Long passphrases beat composition rules (NIST SP 800-63B); common ones and the username are refused on top. */
export const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(256);

export const newUserSchema = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    /** Absent: Haven makes a one-time password, shown once, which the user must change at first sign-in. */
    password: passwordSchema.optional(),
  })
  .superRefine(withPasswordPolicy('password'));
export type NewUser = z.infer<typeof newUserSchema>;

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  /** The authenticator code, for a user with a second factor (asked for with `totp_required`). */
  totp: totpCodeSchema.optional(),
});

export const userSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;
export const userListSchema = z.array(userSchema);
