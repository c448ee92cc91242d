import { z } from 'zod';
import type { FieldIssue } from './errors.js';

/**
 * Sign-in hardening as data (OWASP ASVS level 2, chapters 2 and 3): how many failures lock an account or an address
 * and for how long, how long a session lives, and what a password may not be.
 */

/** Failed sign-ins per username (known or not, so a lock-out says nothing about who exists) within the window. */
export const USERNAME_MAX_FAILURES = 5;
/**
 * Per client address the limit is higher: several people may sign in from behind one office's NAT. A success clears
 * the username's count but not the address's, or an attacker holding one account could reset it between guesses.
 */
export const ADDRESS_MAX_FAILURES = 50;
export const FAILURE_WINDOW_MINUTES = 15;
/**
 * A username's lock-out doubles with each lock-out since its last successful sign-in (15, 30, 60 … minutes), capped
 * at a day: slow enough to stop guessing, short enough that an attacker cannot lock a colleague out for good. An
 * address is locked for the base period each time.
 */
export const LOCKOUT_BASE_MINUTES = 15;
export const LOCKOUT_MAX_MINUTES = 24 * 60;

export function lockoutMinutes(previousLockouts: number): number {
  return Math.min(LOCKOUT_BASE_MINUTES * 2 ** Math.min(previousLockouts, 16), LOCKOUT_MAX_MINUTES);
}

/** Absolute lifetime of a session, and how long it may sit unused (ASVS 3.3.2: 12 hours, 30 minutes). */
export const SESSION_IDLE_MINUTES = 30;

/**
 * The most common passwords of 12 characters and more in public breach corpora, and the words they are built on
 * (compared without case, digits and punctuation at either end): short on purpose — the length rule does most of the
 * work, this catches what length alone lets through.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  'password',
  'passw0rd',
  'qwerty',
  'qwertyuiop',
  'qwertyuiopasdfghjkl',
  'asdfghjkl',
  'iloveyou',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'changeme',
  'trustno1',
  'football',
  'baseball',
  'monkey',
  'dragon',
  'sunshine',
  'princess',
  'superman',
  'starwars',
  'abcdefghijkl',
  '1q2w3e4r5t6y',
  'zaq12wsxcde3',
  'haven',
];

const core = (password: string) =>
  password
    .toLowerCase()
    .replace(/^[^a-z]+/, '')
    .replace(/[^a-z]+$/, '');

/** Why a password is refused, as field issues on `path`; empty when it is acceptable. */
export function passwordProblems(password: string, username: string | undefined, path = 'password'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const lower = password.toLowerCase();
  const name = username?.trim().toLowerCase();
  if (name && name.length >= 3 && lower.includes(name)) {
    issues.push({ path, code: 'contains_username', message: 'must not contain the username' });
  }
  const word = core(password);
  const onlyDigits = /^[^a-z]*$/i.test(password);
  const repeated = /^(.{1,4})\1+$/.test(lower);
  if (COMMON_PASSWORDS.includes(word) || (onlyDigits && /^(0123456789|1234567890|0987654321)/.test(password.replace(/\D/g, ''))) || repeated) {
    issues.push({ path, code: 'too_common', message: 'is one of the most common passwords; choose a longer phrase of your own' });
  }
  return issues;
}

/** Attach the policy to a schema holding a username and a password field. */
export function withPasswordPolicy<T extends { username: string }>(passwordKey: keyof T & string) {
  return (value: T, ctx: z.RefinementCtx): void => {
    const password = value[passwordKey];
    if (typeof password !== 'string') return;
    for (const issue of passwordProblems(password, value.username, passwordKey)) {
      ctx.addIssue({ code: 'custom', path: [passwordKey], message: issue.message, params: { reason: issue.code } });
    }
  };
}

/** A one-time code from an authenticator app. */
export const totpCodeSchema = z.string().trim().regex(/^\d{6}$/, 'must be the 6 digits your authenticator app shows');
