import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { ephemeralSigningKey, ledgerCrypto } from '../../src/infrastructure/ledger-keys.js';
import { exportLedgerSegment, verifyLedger, verifyLedgerSegment } from '../../src/application/ledger.service.js';
import { canonicalJson } from '../../src/core/ledger/canonical-json.js';
import { GENESIS_HASH } from '../../src/core/ledger/hash-chain.js';
import { connect } from '../../src/store/connect.js';
import { migrateTo } from '../../src/store/migrator.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createDatabase, DATABASES } from '../support/databases.js';

const key = ephemeralSigningKey();
const crypto = ledgerCrypto(key, new Map());
const requestId = '01930000-0000-7000-8000-000000000001';
const commander = { id: 'u-commander', name: 'cdr', role: 'commander' };
const advisor = { id: 'u-advisor', name: 'hsa', role: 'human_security_advisor' };

/**
 * A ledger written by Haven before payload digests and signed heads (format 1: the hash covered the payload; no head;
 * force steps not linked to their entries) is upgraded in place: it verifies, its steps are linked, its head is signed
 * on first use, and new entries continue the same chain.
 */
describe.each(DATABASES)('upgrading a format-1 ledger on %s', (kind) => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let store: Store;
  const auditor: Actor = { id: 'u-auditor', username: 'auditor', role: 'auditor' };

  beforeAll(async () => {
    database = await createDatabase(kind);
    const old = connect(database.url);
    await migrateTo(old.db, old.kind, '0011-detections');
    const at = '2026-06-01T10:00:00.000Z';
    await sql`insert into force_requests (id, mission_name, purpose, status, emergency, request, requested_by, requested_at, decided_by, ihl_verdict, hs_verdict, updated_at, version)
      values (${requestId}, 'EXERCISE', 'self_defence', 'authorised', 0, '{}', ${commander.id}, ${at}, ${commander.id}, 'permitted', 'permitted', ${at}, 3)`.execute(old.db);
    const payloads: [string, typeof commander, unknown][] = [
      ['force.request', commander, { request: { mission: { name: 'EXERCISE' } } }],
      ['force.review', advisor, { position: 'concur', reasons: 'Protects the camp.', status: 'awaiting_decision' }],
      ['force.decision', { ...commander, id: 'u-commander-2' }, { decision: 'authorise', reasons: 'Lives at risk.', status: 'authorised' }],
    ];
    let prevHash = GENESIS_HASH;
    for (const [i, [entryKind, actor, payload]] of payloads.entries()) {
      const content = { seq: i + 1, at, kind: entryKind, subjectId: requestId, actor, payload, prevHash };
      const hash = crypto.sha256Hex(canonicalJson(content));
      const { signature, keyId } = crypto.sign(hash);
      await sql`insert into ledger_entries (seq, at, kind, subject_id, actor, payload, prev_hash, hash, signature, key_id)
        values (${i + 1}, ${at}, ${entryKind}, ${requestId}, ${JSON.stringify(actor)}, ${JSON.stringify(payload)}, ${prevHash}, ${hash}, ${signature}, ${keyId})`.execute(old.db);
      prevHash = hash;
    }
    await sql`insert into ledger_keys (key_id, public_key, created_at) values (${key.keyId}, ${key.publicKeyPem}, ${at})`.execute(old.db);
    for (const [id, stepKind, actor] of [['s-review', 'review', advisor], ['s-decision', 'decision', { ...commander, id: 'u-commander-2' }]] as const) {
      await sql`insert into force_steps (id, request_id, kind, value, reasons, payload, actor_id, actor_name, actor_role, at)
        values (${id}, ${requestId}, ${stepKind}, 'x', 'reasons', '{}', ${actor.id}, ${actor.name}, ${actor.role}, ${at})`.execute(old.db);
    }
    await old.close();
    store = await openStore(database.url);
  });
  afterAll(async () => {
    await store?.connection.close();
    await database?.remove();
  });

  it('links the old steps to their entries, signs the head on first use, verifies, and continues the chain', async () => {
    const ctx = createAppContext(store, { ledgerKey: key });
    const steps = await store.connection.db.selectFrom('force_steps').select(['id', 'ledger_seq']).orderBy('id').execute();
    expect(steps.map((s) => [s.id, Number(s.ledger_seq)])).toEqual([
      ['s-decision', 3],
      ['s-review', 2],
    ]);
    expect((await store.ledger.head(store.connection.db))?.signature).toBe('');

    const first = await verifyLedger(ctx, auditor);
    expect(first).toMatchObject({ ok: true, entries: 3, head: { ok: true, signed: { size: 3 } }, records: { checked: 2, problems: [] } });
    expect((await store.ledger.head(store.connection.db))?.signature).not.toBe('');

    // An auditor may read force entries: the format-1 payloads are disclosed to them and checked in full.
    const lines: string[] = [];
    for await (const line of exportLedgerSegment(ctx, auditor)) lines.push(line);
    expect(verifyLedgerSegment(lines.join('').split('\n'), key.publicKeyPem)).toMatchObject({ ok: true, chain: { payloadsChecked: 3, contentWithheld: 0 }, head: { ok: true } });
    // Without the payloads (a reader of the ledger only), the old entries are checked by link and signature.
    const withheld = lines.map((line) => line.replace(/,"disclosure":\{.*\}\}\n$/, '}\n'));
    expect(verifyLedgerSegment(withheld.join('').split('\n'), key.publicKeyPem)).toMatchObject({ ok: true, chain: { payloadsChecked: 0, contentWithheld: 3 } });

    const { appendToLedger } = await import('../../src/application/ledger.service.js');
    await store.connection.db.transaction().execute((trx) => appendToLedger(ctx, trx, { kind: 'force.assessment', subjectId: requestId, actor: commander, payload: { note: 'reassessed' } }));
    expect(await verifyLedger(ctx, auditor)).toMatchObject({ ok: true, entries: 4, head: { ok: true, signed: { size: 4 } } });

    // An old step edited to claim another actor is still caught: kind, subject and actor are compared for format 1.
    await sql`update force_steps set actor_id = 'u-someone-else' where id = 's-review'`.execute(store.connection.db);
    expect((await verifyLedger(ctx, auditor)).records.problems).toEqual([expect.objectContaining({ recordId: 's-review', reason: expect.stringMatching(/different event/) as unknown })]);
  });
});
