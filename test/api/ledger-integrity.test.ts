import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { verifyLedger, verifyLedgerSegment } from '../../src/application/ledger.service.js';
import { hasPermission, ROLES, type Role } from '../../src/core/access-control.js';
import { canonicalJson } from '../../src/core/ledger/canonical-json.js';
import type { LedgerEntry, LedgerHead } from '../../src/core/ledger/hash-chain.js';
import type { LedgerVerification } from '../../src/core/ledger/record-links.js';
import type { ForceRequestInput } from '../../src/core/use-of-force/force-request.schema.js';
import { openApiHarness, PASSWORD, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';
import { multipart } from '../support/evidence-files.js';
import { validIncident } from '../support/incident-fixtures.js';
import { createHash } from 'node:crypto';

const SECRET_CASE = 'Rape of Witness Zainab near Safe house Kilo';
const SECRET_RESTRICTED_CASE = 'Informant Yusuf inside the 3rd Battalion';
const SECRET_SOURCE = 'Witness Halima (phone 0803)';
const SECRET_LOCATION = 'Safe house Tango';
const SECRET_FILE = 'halima-statement.txt';

const request = (): ForceRequestInput => ({
  mission: { name: 'EXERCISE Lake Shield', civilianApprovalRequired: false },
  situation: { armedConflict: 'non_international', description: 'Exercise scenario' },
  purpose: 'protect_civilians_from_imminent_threat',
  target: { kind: 'person', status: 'civilian_directly_participating', description: 'A gunman firing on a camp' },
  threat: { imminence: 'imminent', toLife: 'yes', toWhom: 'civilians', hostileAct: 'yes', hostileIntent: 'yes' },
  alternatives: { nonViolentMeansTried: 'yes', arrestFeasible: 'no', warningFeasible: 'yes', warningGiven: 'yes', lessLethalAvailable: 'no', targetVerified: 'yes' },
  means: { weapon: 'small_arms', lethal: 'yes' },
  expectedEffects: { civilians: { deaths: { low: 0, best: 0, high: 0 }, injuries: { low: 0, best: 0, high: 0 } }, opposingForce: { deaths: { low: 0, best: 1, high: 1 } }, civilianObjectDamage: 'none', populatedArea: 'no', childrenPresent: 'no' },
});

/**
 * The ledger as a read channel and as an accountability record (issue 11): payloads reach only readers of their
 * record; truncation, edited custody records and edited or removed force steps are caught.
 */
describe.each(DATABASES)('the ledger: what it discloses and what it catches, on %s', (kind) => {
  let h: ApiHarness;
  let otherInvestigator: string;
  let caseId = '';
  let restrictedCaseId = '';
  let itemId = '';
  let requestId = '';

  const segmentAs = async (as: Role | { cookie: string }) => {
    const response =
      typeof as === 'object' ? await h.app.inject({ method: 'GET', url: '/api/v1/ledger/segment', headers: { cookie: as.cookie } }) : await h.call({ method: 'GET', url: '/api/v1/ledger/segment', as });
    expect(response.statusCode, response.body).toBe(200);
    return response.body;
  };
  const entriesOf = (body: string) => body.split('\n').filter((l) => l.startsWith('{"v":')).map((l) => JSON.parse(l) as LedgerEntry);
  const verification = async () => (await h.call({ method: 'GET', url: '/api/v1/ledger/verification', as: 'auditor' })).json<LedgerVerification>();

  beforeAll(async () => {
    h = await openApiHarness(kind);
    await createUserAsOperator(h.ctx, { username: 'investigator-two', displayName: 'Second investigator', role: 'investigator', password: PASSWORD });
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'investigator-two', password: PASSWORD } });
    otherInvestigator = `haven_session=${login.cookies.find((c) => c.name === 'haven_session')!.value}`;

    const incident = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'investigator', payload: validIncident() });
    const incidentId = incident.json<{ id: string }>().id;
    const form = multipart([
      { name: 'source', value: SECRET_SOURCE },
      { name: 'location', value: SECRET_LOCATION },
      { name: 'file', fileName: SECRET_FILE, contentType: 'text/plain', data: Buffer.from('What I saw on the night of the attack.') },
    ]);
    const uploaded = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', payload: form.body, headers: { 'content-type': form.contentType } });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    itemId = uploaded.json<{ id: string }>().id;
    const transfer = await h.call({ method: 'POST', url: `/api/v1/evidence/${itemId}/transfers`, as: 'investigator', payload: { toPerson: 'Prosecutor Adaeze', toOrganisation: 'Special Court', reason: 'Handed over for the trial file' } });
    expect(transfer.statusCode, transfer.body).toBeLessThan(300);

    const newCase = (title: string) => ({ title, summary: 'A case for the ledger test.', incidentIds: [incidentId], evidenceIds: [], perpetrators: [], qualifications: [] });
    caseId = (await h.call({ method: 'POST', url: '/api/v1/cases', as: 'investigator', payload: newCase(SECRET_CASE) })).json<{ id: string }>().id;
    restrictedCaseId = (await h.call({ method: 'POST', url: '/api/v1/cases', as: 'investigator', payload: newCase(SECRET_RESTRICTED_CASE) })).json<{ id: string }>().id;
    const restricted = await h.call({ method: 'PUT', url: `/api/v1/cases/${restrictedCaseId}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } });
    expect(restricted.statusCode, restricted.body).toBe(200);

    const submitted = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'analyst', payload: { request: request() } });
    expect(submitted.statusCode, submitted.body).toBe(201);
    requestId = submitted.json<{ id: string }>().id;
    const review = await h.call({ method: 'POST', url: `/api/v1/force/requests/${requestId}/review`, as: 'human_security_advisor', payload: { position: 'concur', reasons: 'Protects the camp; no alternative.' } });
    expect(review.statusCode, review.body).toBe(200);
    const decision = await h.call({ method: 'POST', url: `/api/v1/force/requests/${requestId}/decision`, as: 'commander', payload: { decision: 'authorise', reasons: 'Lives at immediate risk in the camp.', expectedVersion: review.json<{ version: number }>().version } });
    expect(decision.statusCode, decision.body).toBe(200);
  });
  afterAll(() => h?.close());

  it('shows every ledger reader the chain, and a payload only to readers of its record', async () => {
    for (const role of ROLES.filter((r) => hasPermission(r, 'ledger:read'))) {
      const body = await segmentAs(role);
      const entries = entriesOf(body);
      expect(verifyLedgerSegment(body.split('\n'), h.ctx.ledgerKey.publicKeyPem)).toMatchObject({ ok: true, head: { ok: true } });
      for (const entry of entries) {
        const area = entry.kind.split('.')[0]!;
        const readable =
          (area === 'force' && hasPermission(role, 'force:read')) ||
          (area === 'case' && hasPermission(role, 'case:read') && (entry.subjectId !== restrictedCaseId || role === 'investigator')) ||
          (area === 'evidence' && hasPermission(role, 'evidence:read'));
        expect(entry.disclosure !== undefined, `${role} reading ${entry.kind} of ${entry.subjectId}`).toBe(readable);
      }
      const mayReadCases = hasPermission(role, 'case:read');
      expect(body.includes(SECRET_CASE), role).toBe(mayReadCases);
      expect(body.includes(SECRET_RESTRICTED_CASE), role).toBe(role === 'investigator');
      for (const secret of [SECRET_SOURCE, SECRET_LOCATION, SECRET_FILE, '127.0.0.1']) expect(body.includes(secret), `${role}: ${secret}`).toBe(hasPermission(role, 'evidence:read'));
    }
    // A second investigator, not named on the restricted case: 404 on the case, and nothing of it in the ledger.
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/cases/${restrictedCaseId}`, headers: { cookie: otherInvestigator } })).statusCode).toBe(404);
    const theirs = await segmentAs({ cookie: otherInvestigator });
    expect(entriesOf(theirs).some((e) => e.subjectId === caseId && e.disclosure !== undefined)).toBe(true);
    expect(theirs).not.toContain(SECRET_RESTRICTED_CASE);
    expect(theirs).toContain(SECRET_CASE);
    const restrictedEntries = entriesOf(theirs).filter((e) => e.subjectId === restrictedCaseId);
    expect(restrictedEntries.length).toBeGreaterThan(0);
    expect(restrictedEntries.every((e) => e.disclosure === undefined)).toBe(true);
  });

  it('lets a reader of the record prove its payload against the digest every ledger reader sees', async () => {
    const seq = entriesOf(await segmentAs('auditor')).find((e) => e.subjectId === restrictedCaseId)!.seq;
    const blind = (await h.app.inject({ method: 'GET', url: `/api/v1/ledger/entries/${seq}`, headers: { cookie: otherInvestigator } })).json<LedgerEntry>();
    expect(blind.disclosure).toBeUndefined();
    const named = (await h.call({ method: 'GET', url: `/api/v1/ledger/entries/${seq}`, as: 'investigator' })).json<LedgerEntry>();
    expect(named.payloadDigest).toBe(blind.payloadDigest);
    expect(JSON.stringify(named.disclosure!.payload)).toContain(SECRET_RESTRICTED_CASE);
    const recomputed = createHash('sha256').update(canonicalJson({ payload: named.disclosure!.payload, salt: named.disclosure!.salt })).digest('hex');
    expect(recomputed).toBe(blind.payloadDigest);
  });

  it('catches a custody record edited behind the application, in the ledger check, the evidence check and the printed report', async () => {
    const { db } = h.ctx.store.connection;
    expect(await verification()).toMatchObject({ ok: true, head: { ok: true }, records: { problems: [] } });
    const row = await db.selectFrom('evidence_custody').select(['id', 'details']).where('kind', '=', 'transferred').where('item_id', '=', itemId).executeTakeFirstOrThrow();
    await db.updateTable('evidence_custody').set({ details: row.details.replace('Prosecutor Adaeze', 'Colonel Forger') }).where('id', '=', row.id).execute();
    try {
      const report = await verification();
      expect(report.ok).toBe(false);
      expect(report.records.problems).toEqual([expect.objectContaining({ table: 'evidence_custody', recordId: row.id, reason: expect.stringMatching(/altered/) as unknown })]);
      const evidence = (await h.call({ method: 'POST', url: '/api/v1/evidence/verification', as: 'auditor', payload: {} })).json<{ ok: boolean; custody: { notInLedger: unknown[] } }>();
      expect(evidence.ok).toBe(false);
      expect(evidence.custody.notInLedger).toEqual([expect.objectContaining({ itemId, kind: 'transferred' })]);
      const printed = (await h.call({ method: 'GET', url: `/api/v1/evidence/${itemId}/custody-report`, as: 'investigator' })).body;
      const forgedRow = printed.split('<tr>').find((r) => r.includes('Colonel Forger'))!;
      expect(forgedRow).toContain('DOES NOT MATCH THE LEDGER');
      expect(forgedRow).not.toMatch(/class="hash">[0-9a-f]{64}/);
    } finally {
      await db.updateTable('evidence_custody').set({ details: row.details }).where('id', '=', row.id).execute();
    }
  });

  it('catches a force step edited, removed or added behind the application', async () => {
    const { db } = h.ctx.store.connection;
    const decision = await db.selectFrom('force_steps').selectAll().where('request_id', '=', requestId).where('kind', '=', 'decision').executeTakeFirstOrThrow();
    await db.updateTable('force_steps').set({ reasons: 'Reviewed and found lawful by everyone.' }).where('id', '=', decision.id).execute();
    expect((await verification()).records.problems).toEqual([expect.objectContaining({ table: 'force_steps', recordId: decision.id, reason: expect.stringMatching(/altered/) as unknown })]);
    await db.deleteFrom('force_steps').where('id', '=', decision.id).execute();
    expect((await verification()).records.problems).toEqual([expect.objectContaining({ table: 'force_steps', recordId: null, seq: decision.ledger_seq, reason: expect.stringMatching(/removed/) as unknown })]);
    await db.insertInto('force_steps').values({ ...decision, id: 'forged-step', kind: 'approval', value: 'approve', ledger_seq: null }).execute();
    const forged = await verification();
    expect(forged.ok).toBe(false);
    expect(forged.records.problems.map((p) => p.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/not linked/)]));
    await db.deleteFrom('force_steps').where('id', '=', 'forged-step').execute();
    await db.insertInto('force_steps').values(decision).execute();
    expect(await verification()).toMatchObject({ ok: true });
  });

  it('catches entries removed from the end through the signed head, and a rollback of head and entries through a head kept from earlier', async () => {
    const { db } = h.ctx.store.connection;
    const kept = (await h.call({ method: 'GET', url: '/api/v1/ledger/head', as: 'auditor' })).json<{ head: LedgerHead }>().head;
    expect(kept.size).toBe((await verification()).entries);
    const newest = await db.selectFrom('ledger_entries').selectAll().orderBy('seq', 'desc').limit(2).execute();
    const evidenceCustody = await db.selectFrom('evidence_custody').selectAll().where('ledger_seq', 'in', newest.map((e) => e.seq)).execute();
    const steps = await db.selectFrom('force_steps').selectAll().where('ledger_seq', 'in', newest.map((e) => e.seq)).execute();
    // Someone with database access removes the two newest entries (and any record they sealed).
    await db.deleteFrom('evidence_custody').where('ledger_seq', 'in', newest.map((e) => e.seq)).execute();
    await db.deleteFrom('force_steps').where('ledger_seq', 'in', newest.map((e) => e.seq)).execute();
    await db.deleteFrom('ledger_entries').where('seq', 'in', newest.map((e) => e.seq)).execute();
    const truncated = await verification();
    expect(truncated.chain.ok).toBe(true);
    expect(truncated).toMatchObject({ ok: false, head: { ok: false, reason: expect.stringMatching(new RegExp(`entries ${kept.size - 1}–${kept.size} were removed`)) as unknown } });

    // …and then rolls the head back too, with a copy of an older head: only a head kept outside catches that.
    const older = await db.selectFrom('ledger_entries').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    const { signHead } = await import('../../src/core/ledger/hash-chain.js');
    const { ledgerCrypto } = await import('../../src/infrastructure/ledger-keys.js');
    const rolledBack = signHead({ size: Number(older.seq), headHash: older.hash, at: kept.at }, ledgerCrypto(h.ctx.ledgerKey, new Map()));
    await h.ctx.store.ledger.writeHead(db, rolledBack);
    expect(await verification()).toMatchObject({ ok: true });
    const auditor = { ...h.users.auditor };
    const withKept = await verifyLedger(h.ctx, auditor, { earlierHead: kept });
    expect(withKept).toMatchObject({ ok: false, earlierHead: { ok: false, reason: expect.stringMatching(/truncated or rolled back/) as unknown } });

    await db.insertInto('ledger_entries').values(newest.reverse()).execute();
    await h.ctx.store.ledger.writeHead(db, kept);
    if (evidenceCustody.length) await db.insertInto('evidence_custody').values(evidenceCustody).execute();
    if (steps.length) await db.insertInto('force_steps').values(steps).execute();
    expect(await verifyLedger(h.ctx, auditor, { earlierHead: kept })).toMatchObject({ ok: true, earlierHead: { ok: true } });
  });

  it('finds a removed head, and an export cut short', async () => {
    const { db } = h.ctx.store.connection;
    const kept = (await h.ctx.store.ledger.head(db))!;
    await sql`delete from ledger_head`.execute(db);
    expect(await verification()).toMatchObject({ ok: false, head: { ok: false, reason: expect.stringMatching(/no signed head/) as unknown } });
    await h.ctx.store.ledger.writeHead(db, kept);

    const lines = (await segmentAs('auditor')).split('\n').filter(Boolean);
    expect(verifyLedgerSegment(lines, h.ctx.ledgerKey.publicKeyPem).ok).toBe(true);
    const cut = lines.slice(0, -3);
    expect(verifyLedgerSegment(cut, h.ctx.ledgerKey.publicKeyPem)).toMatchObject({ ok: false, head: { ok: false, reason: expect.stringMatching(/cut short/) as unknown } });
  });
});
