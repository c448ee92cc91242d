import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/composition/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { submitForceRequest } from '../../src/application/force-request.service.js';
import { recordIncident } from '../../src/application/incident.service.js';
import { openStore } from '../../src/store/store.js';
import { haven } from '../support/cli-runner.js';
import { validIncident } from '../support/incident-fixtures.js';

const FIXTURES = new URL('../fixtures/use-of-force/', import.meta.url).pathname;
const fixture = (file: string) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { request: unknown; expect: { ihl: string; humanSecurity: string } };
const shout = (verdict: string) => verdict.replaceAll('_', ' ').toUpperCase();

describe('haven assess and haven ledger', { timeout: 120_000 }, () => {
  let dir: string;
  let database: string;
  let key: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-force-cli-'));
    database = join(dir, 'haven.db');
    key = join(dir, 'ledger-key.pem');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints both verdicts, why they differ and the trace; --json gives the whole assessment', async () => {
    const file = join(FIXTURES, '01-sleeping-fighter.json');
    const { expect: expected } = fixture('01-sleeping-fighter.json');
    const text = await haven(['assess', file], { database });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`International humanitarian law: ${shout(expected.ihl)}`);
    expect(text.stdout).toContain(`Human security: ${shout(expected.humanSecurity)}`);
    expect(text.stdout).toMatch(/Why the verdicts differ:/);
    expect(text.stdout).toMatch(/Trace — International humanitarian law:[\s\S]*CIHL-R1/);
    // Where there is no armed conflict, the first column is human rights law, and its heading says so.
    const peace = await haven(['assess', join(FIXTURES, '125-knife-attack-no-armed-conflict.json')], { database });
    expect(peace.stdout).toMatch(/^International human rights law \(no armed conflict\): /m);
    const json = await haven(['assess', '--json', '-'], { database, stdin: readFileSync(file, 'utf8') });
    const assessment = JSON.parse(json.stdout) as { ihl: { verdict: string }; humanSecurity: { verdict: string }; notice: string };
    expect({ ihl: assessment.ihl.verdict, humanSecurity: assessment.humanSecurity.verdict }).toEqual({ ihl: expected.ihl, humanSecurity: expected.humanSecurity });
    expect(assessment.notice).toMatch(/does not authorise/);
  });

  it("reads the register for the request's place and time, as the API's preview does, and says so when there is no database", async () => {
    const example = new URL('../../docs/examples/force-request-checkpoint.json', import.meta.url).pathname;
    const register = join(dir, 'register.db');
    const store = await openStore(register);
    try {
      const ctx = createAppContext(store, { ledgerKeyFile: key });
      const analyst = await createUserAsOperator(ctx, { username: 'analyst', displayName: 'Analyst', role: 'analyst', password: 'a long passphrase here' });
      const actor = { id: analyst.id, username: analyst.username, role: 'analyst' as const };
      // Two incidents near the checkpoint in the 90 days before the request's time; one far away; one after it.
      const places = [
        { title: 'Shelling near the checkpoint', lat: 11.851, lon: 13.161, date: '2026-11-20' },
        { title: 'Raid on the village', lat: 11.87, lon: 13.18, date: '2026-10-02' },
        { title: 'Far away', lat: 12.5, lon: 13.16, date: '2026-11-20' },
        { title: 'After the request', lat: 11.85, lon: 13.16, date: '2026-11-30' },
      ];
      for (const p of places) {
        await recordIncident(ctx, actor, { ...validIncident(), title: p.title, dateEarliest: p.date, dateLatest: p.date, location: { ...validIncident().location, lat: p.lat, lon: p.lon } });
      }
    } finally {
      await store.connection.close();
    }

    const withRegister = await haven(['assess', example], { database: register });
    expect(withRegister.code, withRegister.stderr).toBe(0);
    expect(withRegister.stdout).toMatch(/ENGINE-CONTEXT \[V\][\s\S]*The register holds 2 incidents within 10 km in the 90 days before 2026-11-27/);
    expect(withRegister.stdout).not.toContain('gives no location');
    const json = JSON.parse((await haven(['assess', '--json', example], { database: register })).stdout);
    expect(json.situationContext.recentIncidents.nearest.map((n: { title: string }) => n.title)).toEqual(['Shelling near the checkpoint', 'Raid on the village']);

    const ownFacts = await haven(['assess', '--no-register', example], { database: register });
    expect(ownFacts.stdout).toContain('ENGINE-CONTEXT: not applicable — The register was not consulted');
    const noDatabase = await haven(['assess', example], { database: join(dir, 'no-such.db') });
    expect(noDatabase.code, noDatabase.stderr).toBe(0);
    expect(noDatabase.stderr).toContain("no database at");
    expect(noDatabase.stdout).toContain('The register was not consulted');
    expect(existsSync(join(dir, 'no-such.db'))).toBe(false);
  }, 120_000);

  it('says what is wrong with a file that is not a request', async () => {
    const notJson = join(dir, 'broken.json');
    await writeFile(notJson, '{ "purpose": ');
    const broken = await haven(['assess', notJson], { database });
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain('is not JSON');
    const invalid = await haven(['assess', '-'], { database, stdin: JSON.stringify({ ...fixture('01-sleeping-fighter.json').request as object, purpose: 'win' }) });
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain('request.purpose');
  });

  it('verifies the ledger, exports a segment that verifies with only the public key, and names the first entry altered in the file', async () => {
    const store = await openStore(database);
    try {
      const ctx = createAppContext(store, { ledgerKeyFile: key });
      const user = await createUserAsOperator(ctx, { username: 'cdr', displayName: 'Commander', role: 'commander', password: 'a long passphrase here' });
      for (const file of ['01-sleeping-fighter.json', '09-mccann-operation-planned-for-arrest.json']) {
        // The fixtures' judgements are the engine's; a stored request carries none (they are signed through their own step).
        await submitForceRequest(ctx, { id: user.id, username: user.username, role: 'commander' }, { request: { ...(fixture(file).request as object), judgements: [] } });
      }
    } finally {
      await store.connection.close();
    }
    const withKey = (...args: string[]) => haven(['--ledger-key', key, ...args], { database });

    const verified = await withKey('ledger', 'verify');
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/ledger verified: 4 entries/);

    const segment = join(dir, 'segment.jsonl');
    expect((await withKey('ledger', 'export', '--from', '2', '-o', segment)).stdout).toContain('exported 3 ledger entries');
    const publicKey = join(dir, 'public.pem');
    await writeFile(publicKey, (await withKey('ledger', 'public-key')).stdout);
    // Another machine: no database, no private key — only the file and the public key.
    const elsewhere = await haven(['ledger', 'verify-segment', segment, '--public-key', publicKey], { database: join(dir, 'nothing-here.db') });
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(elsewhere.stdout).toMatch(/segment verified: 3 entries, all signed by/);

    // A head saved outside, then the newest entry removed from the file: the signed head no longer matches.
    const savedHead = join(dir, 'head.json');
    expect((await withKey('ledger', 'head', '-o', savedHead)).stdout).toMatch(/signed head written to .*: 4 entries/);
    const raw = new Database(database);
    const newest = raw.prepare('select * from ledger_entries where seq = 4').get() as Record<string, unknown>;
    raw.prepare('delete from ledger_entries where seq = 4').run();
    const truncated = await withKey('ledger', 'verify');
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/LEDGER HEAD: the signed head records 4 entries but the ledger holds 3: entry 4 was removed/);
    raw.prepare('insert into ledger_entries (seq, at, kind, subject_id, actor, payload, prev_hash, hash, signature, key_id, format, payload_digest, payload_salt) values (@seq, @at, @kind, @subject_id, @actor, @payload, @prev_hash, @hash, @signature, @key_id, @format, @payload_digest, @payload_salt)').run(newest);
    raw.close();
    const whole = await withKey('ledger', 'verify', '--head', savedHead);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stdout).toMatch(/signed head matches \(4 entries.*the earlier head is still part of the ledger/);

    const again = new Database(database);
    again.prepare(`update ledger_entries set payload = replace(payload, 'EXERCISE', 'REAL') where seq = 3`).run();
    again.close();
    const broken = await withKey('ledger', 'verify');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/LEDGER BROKEN at entry 3/);
  }, 120_000);
});
