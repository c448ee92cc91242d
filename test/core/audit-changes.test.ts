import { describe, expect, it } from 'vitest';
import { auditChangesInputSchema, auditChangesSchema, isFieldChange } from '../../src/core/audit-log-entry.js';
import { diffIncidentData } from '../../src/core/incident-diff.js';
import { incidentInputSchema } from '../../src/core/incident.schema.js';
import { validIncident } from '../support/incident-fixtures.js';

const valid = (changes: unknown) => auditChangesInputSchema.safeParse(changes).success;

describe("an audit entry's changes", () => {
  it('takes before/after pairs with both sides given, and facts', () => {
    expect(valid({ status: { before: 'open', after: 'confirmed' }, reason: { before: null, after: 'seen on site' } })).toBe(true);
    expect(valid({ sessionsEnded: 3, purpose: 'documentation', filter: { countries: ['UKR'] }, retiredKeyIds: ['k1'] })).toBe(true);
    expect(valid({})).toBe(true);
  });

  it('refuses half a pair, a pair with more keys, a side left undefined, and a value left undefined', () => {
    expect(valid({ status: { before: 'open' } })).toBe(false);
    expect(valid({ status: { after: 'open' } })).toBe(false);
    expect(valid({ status: { before: 'open', after: 'closed', why: 'x' } })).toBe(false);
    expect(valid({ status: { before: undefined, after: 'closed' } })).toBe(false);
    expect(valid({ status: undefined })).toBe(false);
    expect(valid([{ before: 1, after: 2 }])).toBe(false);
    const refused = auditChangesInputSchema.safeParse({ ok: 1, status: { before: 'open' } });
    expect(refused.error?.issues.map((i) => i.path)).toEqual([['status']]);
  });

  it("takes what an incident's diff writes, and reads it back as pairs", () => {
    const input = incidentInputSchema.parse(validIncident());
    const changes = diffIncidentData(undefined, input);
    expect(valid(changes)).toBe(true);
    const read = auditChangesSchema.parse(JSON.parse(JSON.stringify(changes)));
    expect(Object.values(read).every(isFieldChange)).toBe(true);
  });

  it('reads back whatever an older row holds: a value that is not exactly a pair is a fact', () => {
    const old = { title: { before: 'a', after: 'b' }, note: { after: 'only after' }, count: 2, list: [1, 'two', null] };
    const read = auditChangesSchema.parse(old);
    expect(read).toEqual(old);
    expect(Object.entries(read).filter(([, v]) => isFieldChange(v)).map(([k]) => k)).toEqual(['title']);
  });
});
