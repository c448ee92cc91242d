import { z } from 'zod';
import { DomainError } from '../errors.js';
import { instanceIdSchema, instanceNameSchema } from './bundle.js';

/**
 * An instance's identity as one copyable block of text, exchanged between operators by any channel they trust (read
 * aloud over the phone, on paper, by e-mail with the id checked by voice): `haven sync identity` prints it and
 * `haven sync peers add` reads it. Keys are base64 of their SPKI DER; the instance id is derived from the signing
 * key, so the receiving side checks that the two agree.
 */
export const IDENTITY_BEGIN = '-----BEGIN HAVEN INSTANCE IDENTITY-----';
export const IDENTITY_END = '-----END HAVEN INSTANCE IDENTITY-----';

export interface IdentityBlock {
  name: string;
  instanceId: string;
  /** base64 SPKI DER of the Ed25519 key that signs the instance's bundles and ledger. */
  signingKey: string;
  /** base64 SPKI DER of the X25519 key bundles for the instance are encrypted to. */
  receivingKey: string;
}

const FIELDS = { name: 'name', instance: 'instanceId', 'signing-key-ed25519': 'signingKey', 'receiving-key-x25519': 'receivingKey' } as const;

const identityBlockSchema = z.object({
  name: instanceNameSchema,
  instanceId: instanceIdSchema,
  signingKey: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be a base64 public key'),
  receivingKey: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be a base64 public key'),
});

export function formatIdentityBlock(identity: IdentityBlock): string {
  return [
    IDENTITY_BEGIN,
    `name: ${identity.name}`,
    `instance: ${identity.instanceId}`,
    `signing-key-ed25519: ${identity.signingKey}`,
    `receiving-key-x25519: ${identity.receivingKey}`,
    IDENTITY_END,
    '',
  ].join('\n');
}

const refused = (message: string, path = 'identity') => new DomainError('validation_failed', `not a usable identity block: ${message}`, [{ path, code: 'invalid_identity', message }]);

/** The block's fields, checked for form (the keys themselves are checked where keys are read). */
export function parseIdentityBlock(text: string): IdentityBlock {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const begin = lines.indexOf(IDENTITY_BEGIN);
  const end = lines.indexOf(IDENTITY_END);
  if (begin < 0 || end < begin) throw refused(`expected the lines between ${IDENTITY_BEGIN} and ${IDENTITY_END}, as haven sync identity prints them`);
  const fields: Record<string, string> = {};
  for (const line of lines.slice(begin + 1, end)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    const label = colon > 0 ? line.slice(0, colon).trim() : '';
    const field = (FIELDS as Record<string, string>)[label];
    if (!field) throw refused(`unexpected line "${line.slice(0, 60)}"`);
    if (fields[field] !== undefined) throw refused(`${label} is given twice`, field);
    fields[field] = line.slice(colon + 1).trim();
  }
  const parsed = identityBlockSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    throw refused(`${path || 'block'}: ${issue.message}`, path);
  }
  return parsed.data;
}
