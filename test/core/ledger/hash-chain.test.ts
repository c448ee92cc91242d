import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ephemeralSigningKey, ledgerCrypto } from '../../../src/infrastructure/ledger-keys.js';
import { canonicalJson } from '../../../src/core/ledger/canonical-json.js';
import {
  checkEarlierHead,
  checkHead,
  GENESIS_HASH,
  publishEntry,
  sealEntry,
  signHead,
  verifyChain,
  type LedgerEntry,
  type SealedLedgerEntry,
} from '../../../src/core/ledger/hash-chain.js';
import { RecordLinkCheck } from '../../../src/core/ledger/record-links.js';

const key = ephemeralSigningKey();
const crypto = ledgerCrypto(key, new Map());
const actor = { id: 'u', name: 'U', role: 'commander' };

function chain(payloads: unknown[]): SealedLedgerEntry[] {
  const entries: SealedLedgerEntry[] = [];
  for (const [i, payload] of payloads.entries()) {
    entries.push(
      sealEntry({ seq: i + 1, at: `2026-01-01T00:00:0${i % 10}Z`, kind: 'force.request', subjectId: `r${i}`, actor, payload, prevHash: entries.at(-1)?.hash ?? GENESIS_HASH }, `salt-${i}`, crypto),
    );
  }
  return entries;
}

/** An entry as written before payload digests: the hash covered the payload itself. */
function formatOneChain(payloads: unknown[]): SealedLedgerEntry[] {
  const entries: SealedLedgerEntry[] = [];
  for (const [i, payload] of payloads.entries()) {
    const content = { seq: i + 1, at: '2025-06-01T00:00:00Z', kind: 'force.request' as const, subjectId: `r${i}`, actor, payload, prevHash: entries.at(-1)?.hash ?? GENESIS_HASH };
    const hash = crypto.sha256Hex(canonicalJson(content));
    const { payload: _payload, ...rest } = content;
    entries.push({ ...rest, v: 1, payloadDigest: null, hash, ...crypto.sign(hash), disclosure: { payload } });
  }
  return entries;
}

describe('canonical JSON', () => {
  it('does not depend on key order, and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

describe('hash chain', () => {
  it('verifies an untouched chain, with or without its payloads', () => {
    const entries = chain([{ a: 1 }, { b: [1, 2] }, 'text', null]);
    expect(verifyChain(entries, crypto)).toMatchObject({ ok: true, entries: 4, lastHash: entries[3]!.hash, lastSeq: 4, payloadsChecked: 4 });
    const published = entries.map((e) => publishEntry(e, false));
    expect(published.every((e) => e.disclosure === undefined)).toBe(true);
    expect(verifyChain(published, crypto)).toMatchObject({ ok: true, entries: 4, payloadsChecked: 0, contentWithheld: 0 });
  });

  it('commits to a salted digest: the published entry carries neither the payload nor anything to confirm a guess with', () => {
    const [entry] = chain([{ approval: 'approve' }]);
    const published = publishEntry(entry!, false);
    expect(JSON.stringify(published)).not.toContain('approve');
    expect(published.payloadDigest).not.toBe(crypto.sha256Hex(canonicalJson({ approval: 'approve' })));
    expect(published.payloadDigest).not.toBe(crypto.sha256Hex(canonicalJson({ payload: { approval: 'approve' }, salt: '' })));
  });

  it.each<[string, (entries: LedgerEntry[]) => LedgerEntry[], number, RegExp]>([
    ['altered payload', (e) => e.map((x, i) => (i === 2 ? { ...x, disclosure: { ...x.disclosure!, payload: { b: [1, 3] } } } : x)), 3, /payload was altered/],
    ['altered digest', (e) => e.map((x, i) => (i === 2 ? { ...x, payloadDigest: 'f'.repeat(64) } : x)), 3, /altered/],
    ['altered actor', (e) => e.map((x, i) => (i === 1 ? { ...x, actor: { ...x.actor, name: 'Someone else' } } : x)), 2, /altered/],
    ['removed entry', (e) => e.filter((_, i) => i !== 1), 3, /missing or out of order|previous-hash/],
    ['reordered entries', (e) => [e[0]!, e[2]!, e[1]!, ...e.slice(3)], 3, /missing or out of order|previous-hash/],
    ['forged signature', (e) => e.map((x, i) => (i === 3 ? { ...x, signature: e[0]!.signature } : x)), 4, /signature/],
  ])('catches a %s and names the first broken entry', (_name, tamper, seq, reason) => {
    const result = verifyChain(tamper(chain([{ a: 1 }, { b: [1, 2] }, 'text', null, 5])), crypto, GENESIS_HASH, 1);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.firstBroken.seq).toBe(seq);
      expect(result.firstBroken.reason).toMatch(reason);
    }
  });

  it('refuses entries signed with a key it does not know', () => {
    const other = ledgerCrypto(undefined, new Map());
    const result = verifyChain(chain([1, 2]), other);
    expect(result.ok).toBe(false);
  });

  it('still verifies entries written before digests: in full with their payload, by link and signature without it', () => {
    const old = formatOneChain([{ a: 1 }, 'b']);
    const next = sealEntry({ seq: 3, at: '2026-12-06T00:00:00Z', kind: 'force.review', subjectId: 'r0', actor, payload: { c: 3 }, prevHash: old[1]!.hash }, 's', crypto);
    const all: LedgerEntry[] = [...old, next];
    expect(verifyChain(all, crypto)).toMatchObject({ ok: true, payloadsChecked: 3, contentWithheld: 0 });
    expect(verifyChain(all.map((e) => publishEntry(e, false)), crypto)).toMatchObject({ ok: true, payloadsChecked: 0, contentWithheld: 2 });
    const forged = all.map((e, i) => (i === 0 ? { ...e, disclosure: { payload: { a: 2 } } } : e));
    expect(verifyChain(forged, crypto)).toMatchObject({ ok: false, firstBroken: { seq: 1 } });
  });

  it('detects any single-field change of a disclosed payload anywhere in any chain (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 8 }), fc.nat(), fc.jsonValue(), (payloads, at, replacement) => {
        const entries: LedgerEntry[] = chain(payloads);
        const index = at % entries.length;
        fc.pre(canonicalJson(replacement) !== canonicalJson(entries[index]!.disclosure!.payload));
        entries[index] = { ...entries[index]!, disclosure: { ...entries[index]!.disclosure!, payload: replacement } };
        const result = verifyChain(entries, crypto);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.firstBroken.seq).toBe(index + 1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('signed head', () => {
  const entries = chain([1, 2, 3, 4]);
  const newest = (n: number) => ({ seq: n, hash: entries[n - 1]!.hash });
  const head = signHead({ size: 4, headHash: entries[3]!.hash, at: '2026-12-06T00:00:00Z' }, crypto);

  it('matches the ledger it was signed for', () => {
    expect(checkHead(head, newest(4), crypto)).toEqual({ ok: true });
    expect(checkHead(undefined, undefined, crypto)).toEqual({ ok: true });
  });

  it('catches entries removed from the end, a removed head, a forged head and replaced newest entries', () => {
    expect(checkHead(head, newest(2), crypto)).toMatchObject({ ok: false, reason: expect.stringMatching(/entries 3–4 were removed/) });
    expect(checkHead(undefined, newest(4), crypto)).toMatchObject({ ok: false, reason: expect.stringMatching(/no signed head/) });
    expect(checkHead({ ...head, size: 2, headHash: entries[1]!.hash }, newest(2), crypto)).toMatchObject({ ok: false, reason: expect.stringMatching(/signature/) });
    expect(checkHead(head, { seq: 4, hash: 'a'.repeat(64) }, crypto)).toMatchObject({ ok: false, reason: expect.stringMatching(/replaced/) });
  });

  it('proves an earlier head is still part of the ledger, and catches a rollback past it', () => {
    const earlier = signHead({ size: 3, headHash: entries[2]!.hash, at: '2026-12-05T00:00:00Z' }, crypto);
    expect(checkEarlierHead(earlier, newest(3), crypto)).toEqual({ ok: true });
    expect(checkEarlierHead(earlier, undefined, crypto)).toMatchObject({ ok: false, reason: expect.stringMatching(/truncated or rolled back/) });
    expect(checkEarlierHead(earlier, { seq: 3, hash: 'b'.repeat(64) }, crypto)).toMatchObject({ ok: false, reason: expect.stringMatching(/rewritten/) });
  });
});

describe('records beside the ledger', () => {
  const sealed = sealEntry({ seq: 1, at: '2026-12-06T10:00:00.000Z', kind: 'evidence.transferred', subjectId: 'item-1', actor, payload: { itemId: 'item-1', toPerson: 'Prosecutor A' }, prevHash: GENESIS_HASH }, 'salt', crypto);
  const record = { table: 'evidence_custody', id: 'c1', seq: 1, kind: 'evidence.transferred' as const, subjectId: 'item-1', actorId: 'u', at: sealed.at, payload: { itemId: 'item-1', toPerson: 'Prosecutor A' }, comparableInFormat1: true };
  const run = (records: (typeof record | (Omit<typeof record, 'seq'> & { seq: number | null }))[]) => {
    const check = new RecordLinkCheck('evidence_custody', new Set(['evidence.transferred']), crypto);
    check.observe(sealed);
    for (const r of records) check.check(r);
    return check.finish();
  };

  it('accepts a record that matches its entry', () => {
    expect(run([record])).toEqual([]);
  });

  it('catches an edited record, a record without its entry, an unlinked record and an entry without its record', () => {
    expect(run([{ ...record, payload: { itemId: 'item-1', toPerson: 'Someone else' } }])[0]!.reason).toMatch(/altered/);
    expect(run([record, { ...record, id: 'c2', seq: 7 }]).map((p) => p.reason)).toEqual([expect.stringMatching(/does not exist/)]);
    expect(run([record, { ...record, id: 'c3', seq: null }]).map((p) => p.reason)).toEqual([expect.stringMatching(/not linked/)]);
    expect(run([]).map((p) => p.reason)).toEqual([expect.stringMatching(/no evidence_custody record/)]);
  });
});
