import { z } from 'zod';
import { usernameSchema } from './access-control.js';
import { idParamsSchema } from './api-contract.schema.js';

/**
 * The contract of record-level restrictions (an incident, case, evidence item or system of the capability register
 * visible only to named users and groups: GET/PUT /…/:id/restriction) and of the groups they name (/groups).
 */

export const groupNameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, dot, dash or underscore');

/** Who may see a record: empty lists lift the restriction (the one restricting stays on the list). */
export const restrictionSchema = z.object({
  users: z.array(usernameSchema).max(200).default([]),
  groups: z.array(groupNameSchema).max(50).default([]),
});
export type RestrictionInput = z.input<typeof restrictionSchema>;

/** Who may see a record, by username and group name; a restricted record is missing to everyone else. */
export const recordRestrictionSchema = z.object({ restricted: z.boolean(), users: z.array(z.string()), groups: z.array(z.string()) });
export type RecordRestriction = z.output<typeof recordRestrictionSchema>;

export const newGroupSchema = z.object({ name: groupNameSchema, description: z.string().trim().max(500).default(''), members: z.array(usernameSchema).max(500).default([]) });
export const groupMembersSchema = z.object({ members: z.array(usernameSchema).max(500) });

/** A group as the API answers it: its members by username. */
export const groupSchema = z.object({ id: z.string(), name: z.string(), description: z.string(), members: z.array(z.string()), createdAt: z.string() });
export type Group = z.output<typeof groupSchema>;
export const groupListSchema = z.array(groupSchema);

/** The path of a restricted record, or of a group. */
export const restrictionParamsSchema = z.object({ id: z.uuid({ error: 'must be a UUID' }) });
export const groupParamsSchema = idParamsSchema('a group');
