import { z } from 'zod';
import type { FieldIssue } from './errors.js';

/**
 * The consent a person named in an incident gave: for what use their details may be used, and with whom they may be
 * shared (ICRC Handbook on Data Protection in Humanitarian Action: purpose limitation, consent for sharing; MARA:
 * informed consent before any sharing). Absent consent reads as the most restrictive: internal documentation only.
 */
export const CONSENT_USES = ['documentation', 'accountability_referral', 'humanitarian_assistance', 'publication'] as const;
export type ConsentUse = (typeof CONSENT_USES)[number];

export const CONSENT_RECIPIENTS = ['mission_internal', 'un_partners', 'icc_or_court', 'ngo_partners', 'public'] as const;
export type ConsentRecipient = (typeof CONSENT_RECIPIENTS)[number];

export const DEFAULT_CONSENT = { uses: ['documentation'], recipients: ['mission_internal'] } as const satisfies { uses: ConsentUse[]; recipients: ConsentRecipient[] };

export const consentSchema = z
  .object({
    uses: z.array(z.enum(CONSENT_USES)).max(CONSENT_USES.length).default([...DEFAULT_CONSENT.uses]),
    recipients: z.array(z.enum(CONSENT_RECIPIENTS)).max(CONSENT_RECIPIENTS.length).default([...DEFAULT_CONSENT.recipients]),
    /** The day consent was given or last changed. */
    recordedOn: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }).optional(),
    /** Who recorded it (a username), stamped by Haven when not given. */
    recordedBy: z.string().trim().min(1).max(200).optional(),
  })
  .default({ uses: [...DEFAULT_CONSENT.uses], recipients: [...DEFAULT_CONSENT.recipients] });
export type Consent = z.output<typeof consentSchema>;

export const PERSON_GROUPS = ['victims', 'witnesses', 'sourceIdentities'] as const;
const PERSON_NOUN: Record<(typeof PERSON_GROUPS)[number], string> = { victims: 'victim', witnesses: 'witness', sourceIdentities: 'source identity' };

type PersonGroups = Record<(typeof PERSON_GROUPS)[number], readonly { consent: Consent }[]>;

/**
 * Every person whose consent does not cover this use and recipient, as issues naming the incident and the person
 * record by position (never by name: the refusal itself must not leak who is in the record).
 */
export function consentGaps(incidentId: string, sensitive: PersonGroups, use: ConsentUse, recipient: ConsentRecipient): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const group of PERSON_GROUPS) {
    sensitive[group].forEach((person, index) => {
      const missing = [
        ...(person.consent.uses.includes(use) ? [] : [`use "${use}"`]),
        ...(person.consent.recipients.includes(recipient) ? [] : [`sharing with "${recipient}"`]),
      ];
      if (missing.length === 0) return;
      issues.push({
        path: `incidents.${incidentId}.sensitive.${group}.${index}`,
        code: 'consent_missing',
        message: `${PERSON_NOUN[group]} ${index + 1} of incident ${incidentId} has not consented to ${missing.join(' or ')} (consented: ${person.consent.uses.join(', ') || 'no use'}; shared with ${person.consent.recipients.join(', ') || 'no one'})`,
      });
    });
  }
  return issues;
}

export function personCount(sensitive: PersonGroups): number {
  return PERSON_GROUPS.reduce((n, group) => n + sensitive[group].length, 0);
}

/** Fills in who recorded consent, and when, where the submission did not say. */
export function stampConsent<T extends PersonGroups>(sensitive: T, by: string, on: string): T {
  const stamp = <P extends { consent: Consent }>(person: P): P =>
    person.consent.recordedBy !== undefined && person.consent.recordedOn !== undefined
      ? person
      : { ...person, consent: { ...person.consent, recordedBy: person.consent.recordedBy ?? by, recordedOn: person.consent.recordedOn ?? on } };
  return { ...sensitive, victims: sensitive.victims.map(stamp), witnesses: sensitive.witnesses.map(stamp), sourceIdentities: sensitive.sourceIdentities.map(stamp) };
}
