/**
 * Crash consistency: the real server, in a child process, is killed with SIGKILL while concurrent writes are in flight,
 * again and again on the same database. After each restart every write it acknowledged (a 2xx received before the
 * kill) is there with the content and version it acknowledged, nothing is half-written, the audit trail has an entry
 * for every acknowledged write, and the ledger verifies. Creates carry the id their client chose; those the kill cut
 * off are resent after the restart, as a device's outbox would, and are recorded once whether or not they had landed.
 *
 * HAVEN_CRASH_CYCLES sets the number of kill/restart cycles (default 3; `npm run test:crash` runs 20 on each
 * database), HAVEN_CRASH_DATABASES the databases (default sqlite; comma-separated), HAVEN_CRASH_SEED the random seed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentInput } from '../../src/core/incident.schema.js';
import type { ForceRequestInput } from '../../src/core/use-of-force/force-request.schema.js';
import type { VerificationStatus } from '../../src/core/verification.js';
import type { DatabaseKind } from '../../src/store/database.js';
import { haven } from '../support/cli-runner.js';
import { openTestStore, type TestStore } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';
import { mulberry32 } from '../../src/core/seeded-random.js';
import { CLI_BUNDLE } from '../support/cli-bundle.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CYCLES = Number(process.env.HAVEN_CRASH_CYCLES ?? 3);
const KINDS = (process.env.HAVEN_CRASH_DATABASES ?? 'sqlite').split(',').map((k) => k.trim()) as DatabaseKind[];
const SEED = Number(process.env.HAVEN_CRASH_SEED ?? Date.now() % 2 ** 31);
const WORKERS = 6;
const CYCLE_LIMIT_MS = 90_000;
const PASSWORD = 'correct horse battery staple';
const USERS = { analyst: 'crash-analyst', commander: 'crash-commander', human_security_advisor: 'crash-advisor' } as const;
type Role = keyof typeof USERS;

const sleepingFighter = (mission: string): ForceRequestInput => ({
  mission: { name: mission, civilianApprovalRequired: true },
  situation: { armedConflict: 'non_international', description: 'Exercise scenario' },
  purpose: 'neutralise_military_objective',
  target: { kind: 'person', status: 'fighter', description: 'A fighter asleep in a house far from any fighting' },
  threat: { imminence: 'not_imminent', toLife: 'no', toWhom: 'none', hostileAct: 'no', hostileIntent: 'no' },
  alternatives: { nonViolentMeansTried: 'no', arrestFeasible: 'yes', warningFeasible: 'yes', warningGiven: 'no', lessLethalAvailable: 'yes', targetVerified: 'yes' },
  means: { weapon: 'small_arms', lethal: 'yes' },
  expectedEffects: { civilians: { deaths: { low: 0, best: 0, high: 0 }, injuries: { low: 0, best: 0, high: 0 } }, opposingForce: { deaths: { low: 1, best: 1, high: 1 } }, civilianObjectDamage: 'none', populatedArea: 'no', childrenPresent: 'no' },
});

/** One verification step on from each status, so the workflow keeps moving. */
const NEXT_STATUS: Record<VerificationStatus, VerificationStatus> = { reported: 'under_review', under_review: 'verified', verified: 'under_review', contested: 'under_review', discounted: 'under_review' };

interface HttpResponse {
  status: number;
  body: string;
  /** The session cookie the response sets, as a Cookie header value. */
  session?: string;
}

/** Plain node:http, loopback only, no keep-alive: a killed server shows up as a failed request, never a stale pool. */
function call(port: number, method: string, path: string, options: { cookie?: string; body?: unknown } = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        timeout: 30_000,
        headers: { ...(payload !== undefined && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }), ...(options.cookie && { cookie: options.cookie }) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        const session = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).find((c) => c.startsWith('haven_session='));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ...(session && { session }) }));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('response aborted')));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.end(payload);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Server {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
}

/** The real CLI (bundled) in one node process, not a wrapper, so SIGKILL reaches the server itself. */
async function startServer(globalArgs: string[], log: string[]): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI_BUNDLE, ...globalArgs, 'serve', '--port', String(port), '--host', '127.0.0.1', '--no-demo'], {
    cwd: ROOT,
    env: { ...process.env, HAVEN_DATABASE_URL: '', HAVEN_MASTER_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 60 s:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Haven is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
      log.push(d.toString());
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server exited before it was ready:\n${output}`));
    });
  });
  return { child, port, exited };
}

async function kill(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}

interface IncidentState {
  version: number;
  title: string;
  status: VerificationStatus;
}

interface KnownIncident {
  id: string;
  /** The last state the server acknowledged (or found after a restart). */
  acknowledged: IncidentState;
  /** What an unacknowledged write in flight at the kill would have made of it: it may or may not have committed. */
  inFlight?: IncidentState;
  /** Writes acknowledged since the last restart, by audit action. */
  acknowledgedActions: string[];
  busy: boolean;
}

interface IncidentView {
  id: string;
  title: string;
  version: number;
  verificationStatus: VerificationStatus;
  verificationHistory: unknown[];
  sources: unknown[];
}

const stateOf = (incident: IncidentView): IncidentState => ({ version: incident.version, title: incident.title, status: incident.verificationStatus });

describe.each(KINDS)('the server killed with SIGKILL during writes on %s', (kind) => {
  let dir: string;
  let t: TestStore;
  let globalArgs: string[];
  let server: Server | undefined;
  const serverLog: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-crash-server-'));
    t = await openTestStore(kind);
    globalArgs = ['--database', t.url, '--ledger-key', join(dir, 'ledger-key.pem'), '--master-key', join(dir, 'master-key'), '--evidence-dir', join(dir, 'evidence')];
    for (const [role, username] of Object.entries(USERS)) {
      const created = await haven([...globalArgs.slice(2), 'user', 'add', '--username', username, '--role', role, '--password-stdin'], { database: t.url, stdin: `${PASSWORD}\n` });
      expect(created.code, created.stderr).toBe(0);
    }
  }, 120_000);

  afterAll(async () => {
    await kill(server);
    await t?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write and a verifying ledger through ${CYCLES} kill/restart cycles (seed ${SEED})`, async () => {
    const random = mulberry32(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const incidents = new Map<string, KnownIncident>();
    const forceRequests = new Map<string, string>();
    let acknowledgedTotal = 0;
    let cutOffTotal = 0;
    // Creates the kill cut off, kept as an outbox keeps them (with the id the client chose) to resend after the restart.
    const outbox: { id: string; title: string }[] = [];
    let resentTotal = 0;

    const sessions = async (port: number): Promise<Record<Role, string>> => {
      const entries = await Promise.all(
        (Object.keys(USERS) as Role[]).map(async (role) => {
          const response = await call(port, 'POST', '/api/v1/auth/login', { body: { username: USERS[role], password: PASSWORD } });
          if (response.status !== 200) throw new Error(`login of ${USERS[role]} failed: ${response.status} ${response.body}`);
          return [role, response] as const;
        }),
      );
      return Object.fromEntries(
        entries.map(([role, response]) => {
          if (!response.session) throw new Error(`no session cookie for ${USERS[role]}`);
          return [role, response.session];
        }),
      ) as Record<Role, string>;
    };

    /** Checks everything the server acknowledged against what the restarted server holds, then adopts what it holds. */
    const checkAfterRestart = async (port: number, cookie: string, cycle: number) => {
      const listed: IncidentView[] = [];
      let cursor: string | null = null;
      do {
        const page = await call(port, 'GET', `/api/v1/incidents?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { cookie });
        expect(page.status, page.body).toBe(200);
        const json = JSON.parse(page.body) as { items: IncidentView[]; nextCursor: string | null };
        listed.push(...json.items);
        cursor = json.nextCursor;
      } while (cursor);
      const summary = await call(port, 'GET', '/api/v1/incidents/summary', { cookie });
      expect(summary.status, summary.body).toBe(200);
      expect((JSON.parse(summary.body) as { incidents: number }).incidents, `cycle ${cycle}: the summary counts what the list holds`).toBe(listed.length);
      const listedIds = new Set(listed.map((i) => i.id));

      for (const known of incidents.values()) expect(listedIds.has(known.id), `cycle ${cycle}: acknowledged incident ${known.id} is listed`).toBe(true);

      for (const item of listed) {
        const detail = await call(port, 'GET', `/api/v1/incidents/${item.id}`, { cookie });
        expect(detail.status, detail.body).toBe(200);
        const incident = JSON.parse(detail.body) as IncidentView;
        const actual = stateOf(incident);
        const known = incidents.get(item.id);
        if (known) {
          const candidates = known.inFlight ? [known.acknowledged, known.inFlight] : [known.acknowledged];
          expect(candidates, `cycle ${cycle}: incident ${item.id} holds an acknowledged state (or the one write in flight)`).toContainEqual(actual);
        } else {
          // Created by a request the kill cut off: it committed whole, before any edit could be made to it.
          expect(actual, `cycle ${cycle}: an unacknowledged create is whole and untouched`).toMatchObject({ version: 1, status: 'reported' });
        }
        expect(incident.sources.length, `cycle ${cycle}: incident ${item.id} has its sources`).toBeGreaterThan(0);
        expect(incident.verificationHistory.length, `cycle ${cycle}: incident ${item.id} has its verification history`).toBeGreaterThan(0);

        const audit = await call(port, 'GET', `/api/v1/incidents/${item.id}/audit`, { cookie });
        expect(audit.status, audit.body).toBe(200);
        const actions = (JSON.parse(audit.body) as { action: string }[]).map((e) => e.action);
        // Each write raises the version by one and appends one audit entry, in the same transaction.
        expect(actions.length, `cycle ${cycle}: incident ${item.id} has one audit entry per committed write`).toBe(actual.version);
        for (const action of new Set(known?.acknowledgedActions ?? [])) {
          expect(actions.filter((a) => a === action).length, `cycle ${cycle}: ${action} audited for incident ${item.id}`).toBeGreaterThanOrEqual(known!.acknowledgedActions.filter((a) => a === action).length);
        }
        incidents.set(item.id, { id: item.id, acknowledged: actual, acknowledgedActions: [], busy: false });
      }

      for (const [id, mission] of forceRequests) {
        const response = await call(port, 'GET', `/api/v1/force/requests/${id}`, { cookie });
        expect(response.status, `cycle ${cycle}: acknowledged force request ${id}: ${response.body}`).toBe(200);
        const view = JSON.parse(response.body) as { missionName: string; ledger: { kind: string; subjectId: string }[] };
        expect(view.missionName).toBe(mission);
        expect(view.ledger.some((e) => e.kind === 'force.request' && e.subjectId === id), `cycle ${cycle}: force request ${id} is in the ledger`).toBe(true);
      }

      const ledger = await call(port, 'GET', '/api/v1/ledger/verification', { cookie });
      expect(ledger.status, ledger.body).toBe(200);
      const verification = JSON.parse(ledger.body) as { ok: boolean; entries: number };
      expect(verification, `cycle ${cycle}: the ledger verifies`).toMatchObject({ ok: true });
      expect(verification.entries).toBeGreaterThanOrEqual(forceRequests.size);

      // Children without a parent, or a parent without its children, would be a half-written transaction.
      const db = t.store.connection.db;
      const orphans = await sql<{ n: number }>`
        select count(*) as n from incidents i
        where not exists (select 1 from verification_events v where v.incident_seq = i.seq)
           or not exists (select 1 from incident_sources s where s.incident_seq = i.seq)`.execute(db);
      expect(Number(orphans.rows[0]!.n), `cycle ${cycle}: no incident without its children`).toBe(0);
    };

    /**
     * The outbox after a restart: each create the kill cut off is sent again under its id. One that had committed
     * before the kill answers 200 with what it stored (and was already listed); one that had not is recorded now (201).
     * Either way the register gains it once.
     */
    const resendOutbox = async (port: number, cookie: string, cycle: number) => {
      const countOf = async () => (JSON.parse((await call(port, 'GET', '/api/v1/incidents/summary', { cookie })).body) as { incidents: number }).incidents;
      const before = await countOf();
      let recordedNow = 0;
      for (const { id, title } of outbox.splice(0)) {
        const alreadyHeld = incidents.has(id);
        const response = await call(port, 'POST', '/api/v1/incidents', { cookie, body: { ...validIncident(), title, id } });
        expect(response.status, `cycle ${cycle}: resent ${id}: ${response.body}`).toBe(alreadyHeld ? 200 : 201);
        const stored = JSON.parse(response.body) as IncidentView;
        expect(stateOf(stored)).toEqual({ version: 1, title, status: 'reported' });
        if (!alreadyHeld) recordedNow++;
        incidents.set(id, { id, acknowledged: stateOf(stored), acknowledgedActions: ['incident.create'], busy: false });
        resentTotal++;
      }
      expect(await countOf(), `cycle ${cycle}: the resent creates are recorded once`).toBe(before + recordedNow);
    };

    /** One worker: writes until the server dies, recording what was acknowledged and what was cut off. */
    const worker = async (port: number, cookies: Record<Role, string>, cycle: number, w: number, dead: { value: boolean }) => {
      // A request the kill cut off gives no answer; any answer the server did give must be a success.
      const send = async (method: string, path: string, as: Role, body: unknown, expected: number): Promise<HttpResponse | undefined> => {
        let response: HttpResponse;
        try {
          response = await call(port, method, path, { cookie: cookies[as], body });
        } catch (error) {
          if (!dead.value) throw error;
          cutOffTotal++;
          return undefined;
        }
        expect(response.status, `${method} ${path}: ${response.body}`).toBe(expected);
        acknowledgedTotal++;
        return response;
      };
      for (let n = 0; !dead.value; n++) {
        const roll = random();
        const free = [...incidents.values()].filter((i) => !i.busy);
        if (roll < 0.3 || free.length === 0) {
          const title = `Crash c${cycle} w${w} n${n}`;
          const id = crypto.randomUUID();
          const response = await send('POST', '/api/v1/incidents', 'analyst', { ...validIncident(), title, id } satisfies IncidentInput & { id: string }, 201);
          if (!response) {
            outbox.push({ id, title });
            continue;
          }
          const created = JSON.parse(response.body) as IncidentView;
          expect(created.id).toBe(id);
          expect(stateOf(created)).toEqual({ version: 1, title, status: 'reported' });
          incidents.set(created.id, { id: created.id, acknowledged: stateOf(created), acknowledgedActions: ['incident.create'], busy: false });
        } else if (roll < 0.8) {
          const target = pick(free);
          const edit = roll < 0.55;
          const next: IncidentState = edit
            ? { ...target.acknowledged, version: target.acknowledged.version + 1, title: `Edited c${cycle} w${w} n${n}` }
            : { ...target.acknowledged, version: target.acknowledged.version + 1, status: NEXT_STATUS[target.acknowledged.status] };
          target.busy = true;
          target.inFlight = next;
          const response = edit
            ? await send('PUT', `/api/v1/incidents/${target.id}`, 'analyst', { ...validIncident(), title: next.title, expectedVersion: target.acknowledged.version }, 200)
            : await send('POST', `/api/v1/incidents/${target.id}/verification`, 'analyst', { status: next.status, reason: `crash test c${cycle} w${w} n${n}` }, 200);
          target.busy = false;
          if (!response) continue;
          expect(stateOf(JSON.parse(response.body) as IncidentView)).toEqual(next);
          target.acknowledged = next;
          target.acknowledgedActions.push(edit ? 'incident.update' : 'incident.verification');
          delete target.inFlight;
        } else {
          const mission = `EXERCISE Crash c${cycle} w${w} n${n}`;
          const as = pick(['analyst', 'commander', 'human_security_advisor'] as const);
          const response = await send('POST', '/api/v1/force/requests', as, { request: sleepingFighter(mission) }, 201);
          if (response) forceRequests.set((JSON.parse(response.body) as { id: string }).id, mission);
        }
      }
    };

    const withLimit = <T>(work: Promise<T>, what: string): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${CYCLE_LIMIT_MS / 1000} s`)), CYCLE_LIMIT_MS)));
      return Promise.race([work, limit]).finally(() => clearTimeout(timer));
    };

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      await withLimit(
        (async () => {
          server = await startServer(globalArgs, serverLog);
          const cookies = await sessions(server.port);
          await checkAfterRestart(server.port, cookies.analyst, cycle);
          await resendOutbox(server.port, cookies.analyst, cycle);
          const dead = { value: false };
          const before = acknowledgedTotal;
          const cutBefore = cutOffTotal;
          const workers = Array.from({ length: WORKERS }, (_, w) => worker(server!.port, cookies, cycle, w, dead));
          // Kill at a random moment while the workers keep writes in flight; at least a little work lands first.
          const killAfter = 150 + Math.floor(random() * 1500);
          await new Promise((resolve) => setTimeout(resolve, killAfter));
          while (acknowledgedTotal === before) await new Promise((resolve) => setTimeout(resolve, 20));
          dead.value = true;
          await kill(server);
          await Promise.all(workers);
          console.log(`${kind} cycle ${cycle}: killed after ${killAfter} ms; ${acknowledgedTotal - before} writes acknowledged, ${cutOffTotal - cutBefore} cut off by the kill, ${outbox.length} creates to resend`);
        })(),
        `cycle ${cycle}`,
      );
    }

    // The final restart: everything acknowledged in the last cycle, and the ledger checked by the CLI too.
    await withLimit(
      (async () => {
        server = await startServer(globalArgs, serverLog);
        const cookies = await sessions(server.port);
        await checkAfterRestart(server.port, cookies.analyst, CYCLES + 1);
        await resendOutbox(server.port, cookies.analyst, CYCLES + 1);
        await kill(server);
      })(),
      'the final check',
    );
    const verified = await haven([...globalArgs.slice(2), 'ledger', 'verify'], { database: t.url });
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('chain intact');
    expect(acknowledgedTotal).toBeGreaterThanOrEqual(CYCLES);
    // With every worker writing continuously, each kill lands on requests in flight.
    expect(cutOffTotal).toBeGreaterThan(0);
    expect(forceRequests.size + incidents.size).toBeGreaterThan(0);
    console.log(`${kind}: ${resentTotal} creates cut off by a kill were resent after the restart and recorded once`);
  }, CYCLES * CYCLE_LIMIT_MS + 2 * CYCLE_LIMIT_MS);
});
