import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ephemeralSigningKey, ledgerCrypto } from '../../../src/application/ledger-keys.js';
import { canonicalJson } from '../../../src/core/ledger/canonical-json.js';
import { GENESIS_HASH, sealEntry, verifyChain, type LedgerEntry } from '../../../src/core/ledger/hash-chain.js';

const key = ephemeralSigningKey();
const crypto = ledgerCrypto(key, new Map());

function chain(payloads: unknown[]): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (const [i, payload] of payloads.entries()) {
    entries.push(
      sealEntry(
        { seq: i + 1, at: `2026-01-01T00:00:0${i % 10}Z`, kind: 'force.request', subjectId: `r${i}`, actor: { id: 'u', name: 'U', role: 'commander' }, payload, prevHash: entries.at(-1)?.hash ?? GENESIS_HASH },
        crypto,
      ),
    );
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
  it('verifies an untouched chain', () => {
    const entries = chain([{ a: 1 }, { b: [1, 2] }, 'text', null]);
    expect(verifyChain(entries, crypto)).toEqual({ ok: true, entries: 4, lastHash: entries[3]!.hash });
  });

  it.each<[string, (entries: LedgerEntry[]) => LedgerEntry[], number, RegExp]>([
    ['altered payload', (e) => e.map((x, i) => (i === 2 ? { ...x, payload: { b: [1, 3] } } : x)), 3, /altered/],
    ['altered actor', (e) => e.map((x, i) => (i === 1 ? { ...x, actor: { ...x.actor, name: 'Someone else' } } : x)), 2, /altered/],
    ['removed entry', (e) => e.filter((_, i) => i !== 1), 3, /missing or out of order|previous-hash/],
    ['reordered entries', (e) => [e[0]!, e[2]!, e[1]!, ...e.slice(3)], 3, /missing or out of order|previous-hash/],
    ['forged signature', (e) => e.map((x, i) => (i === 3 ? { ...x, signature: e[0]!.signature } : x)), 4, /signature/],
    ['rehashed after an edit, without the key', (e) => e.map((x, i) => (i === 0 ? { ...x, payload: 'forged', hash: crypto.sha256Hex(canonicalJson({ ...x, payload: 'forged', hash: undefined, signature: undefined, keyId: undefined })) } : x)), 1, /signature|altered/],
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

  it('detects any single-field change anywhere in any chain (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 8 }), fc.nat(), fc.jsonValue(), (payloads, at, replacement) => {
        const entries = chain(payloads);
        const index = at % entries.length;
        fc.pre(canonicalJson(replacement) !== canonicalJson(entries[index]!.payload));
        entries[index] = { ...entries[index]!, payload: replacement };
        const result = verifyChain(entries, crypto);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.firstBroken.seq).toBe(index + 1);
      }),
      { numRuns: 300 },
    );
  });
});
