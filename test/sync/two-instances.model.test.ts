import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Actor, AppContext } from '../../src/application/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { readCheckedEvidenceFile, receiveEvidence, stageEvidenceFile, verifyEvidence } from '../../src/application/evidence.service.js';
import { getIncident, recordIncident, updateIncident } from '../../src/application/incident.service.js';
import { resolveConflict } from '../../src/application/incident-merge.service.js';
import { verifyLedger } from '../../src/application/ledger.service.js';
import { FileKeyring } from '../../src/application/master-keys.js';
import { addPeer, exportBundle, identityBlock, importBundle, verifyForeignLedger, type ImportReport } from '../../src/application/sync.service.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { DomainError } from '../../src/core/errors.js';
import type { IncidentDetail } from '../../src/core/incident.schema.js';
import { canonicalJson } from '../../src/core/ledger/canonical-json.js';
import type { DatabaseKind } from '../../src/store/database.js';
import { openTestStore, type TestStore } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * A model-based test of sync between two instances (issue 18, "proven under faults"): a field office and
 * headquarters share a small pool of incidents, edit them offline (from the current version or from an older one,
 * as an edit arriving late), attach evidence, and carry bundles across an air gap that loses, duplicates, delays and
 * corrupts them — or loses one for good, with no copy kept. The model holds, for each incident and field, every value ever proposed on either side (each value
 * is unique, so it has one origin) and the values a person knowingly replaced. After every command: a refused import
 * wrote nothing; every field holds a proposed value; no proposed value is lost — it is current on a side, or kept in
 * a conflict on a side, or a person replaced it knowingly; both ledgers and both foreign chains verify; every evidence
 * file matches its hash. At the end of a run: all conflicts resolved, bundles exchanged until nothing travels, and
 * both sides hold the same data for every incident.
 *
 * `npm test` runs a few runs; `npm run test:sync` runs HAVEN_SYNC_RUNS (1,000).
 */
const RUNS = Number(process.env.HAVEN_SYNC_RUNS ?? 20);
/** PostgreSQL at headquarters is slower: it gets a share of the runs (all of them when HAVEN_SYNC_PG_RUNS says so). */
const PG_RUNS = Number(process.env.HAVEN_SYNC_PG_RUNS ?? Math.max(5, Math.ceil(RUNS / 10)));

interface Instance {
  name: 'field' | 'hq';
  ctx: AppContext;
  test: TestStore;
  dir: string;
  /** Registers the peer. */
  admin: Actor;
  /** Does the work: cleared for everything an exchange needs (sensitive details, evidence, the ledger). */
  user: Actor;
  /** The highest number of the other side's bundles imported here (runs on one pair continue the series). */
  highestImported: number;
}

async function openInstance(kind: DatabaseKind, name: 'field' | 'hq'): Promise<Instance> {
  const dir = await mkdtemp(join(tmpdir(), `haven-model-${name}-`));
  const keyring = new FileKeyring(join(dir, 'master-key'));
  const test = await openTestStore(kind, { masterKeys: () => keyring });
  const ctx = createAppContext(test.store, { ledgerKeyFile: join(dir, 'ledger-key.pem'), syncKeyFile: join(dir, 'sync-key.pem'), evidenceDir: join(dir, 'evidence'), instanceName: name });
  const user = async (role: Actor['role']): Promise<Actor> => {
    const created = await createUserAsOperator(ctx, { username: `${role}-${name}`, displayName: `${role} at ${name}`, role, password: 'correct horse battery staple' });
    return { id: created.id, username: created.username, role };
  };
  return { name, ctx, test, dir, admin: await user('administrator'), user: await user('investigator'), highestImported: 0 };
}

const closeInstance = async (i: Instance) => {
  await i.test.cleanup();
  await rm(i.dir, { recursive: true, force: true });
};

/** The fields the commands edit, each read and written at its dotted path. */
const FIELDS = ['title', 'dateLatest', 'location.admin1', 'casualties'] as const;
type Field = (typeof FIELDS)[number];

const read = (data: IncidentDetail | Record<string, unknown>, field: Field): unknown => {
  const record = data as Record<string, unknown>;
  if (field === 'location.admin1') return (record.location as Record<string, unknown>).admin1;
  return record[field];
};
const write = (data: Record<string, unknown>, field: Field, value: unknown): Record<string, unknown> =>
  field === 'location.admin1' ? { ...data, location: { ...(data.location as Record<string, unknown>), admin1: value } } : { ...data, [field]: value };

/** A fresh value for a field, unique across the whole test, so every value has exactly one origin. */
let counter = 0;
function freshValue(field: Field): unknown {
  counter++;
  switch (field) {
    case 'title':
      return `Incident title ${counter}`;
    case 'location.admin1':
      return `Province ${counter}`;
    case 'dateLatest': {
      const day = new Date(Date.UTC(2024, 2, 2) + counter * 86_400_000);
      return day.toISOString().slice(0, 10);
    }
    case 'casualties':
      return [{ kind: 'killed', status: 'civilian', low: counter, best: counter, high: counter, breakdown: [] }];
  }
}
const key = (value: unknown) => canonicalJson(value ?? null);

/** What a user submits to update an incident: its data without the stored facts. */
function editable(incident: IncidentDetail): Record<string, unknown> {
  const { id: _id, verificationStatus: _v, killed: _k, injured: _i, version: _version, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, verificationHistory: _h, conflicts: _cf, ...data } = incident;
  return data;
}

type Side = 0 | 1;
type Command =
  | { kind: 'create'; side: Side }
  | { kind: 'edit'; side: Side; incident: number; field: Field }
  | { kind: 'staleEdit'; side: Side; incident: number; field: Field; back: number }
  | { kind: 'attach'; side: Side; incident: number; bytes: number[] }
  | { kind: 'export'; side: Side }
  | { kind: 'importNext'; side: Side }
  | { kind: 'importLater'; side: Side }
  | { kind: 'importAgain'; side: Side }
  | { kind: 'corrupt'; side: Side; at: number; bit: number }
  | { kind: 'lose'; side: Side; forGood: boolean }
  | { kind: 'resolve'; side: Side; pick: number; how: 'keep' | 'take' | 'value' };

const side = fc.constantFrom<Side>(0, 1);
const pick = fc.nat({ max: 50 });
const field = fc.constantFrom(...FIELDS);
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('create' as const), side }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('edit' as const), side, incident: pick, field }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('staleEdit' as const), side, incident: pick, field, back: fc.integer({ min: 1, max: 3 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('attach' as const), side, incident: pick, bytes: fc.array(fc.integer({ min: 0x20, max: 0x7e }), { minLength: 1, maxLength: 24 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('export' as const), side }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('importNext' as const), side }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('importLater' as const), side }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('importAgain' as const), side }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('corrupt' as const), side, at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('lose' as const), side, forGood: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('resolve' as const), side, pick, how: fc.constantFrom('keep' as const, 'take' as const, 'value' as const) }), weight: 2 },
);

/** A bundle on its way from `side` to the other side. */
interface Carried {
  bytes: Buffer;
  /** Its number in the sender's series. */
  sequence: number;
  /** Imported, or found superseded by a later one (either way: nothing more to carry). */
  imported: boolean;
  /** Lost for good: never carried. */
  lost: boolean;
}

async function refusalCode(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.issues[0]?.code ?? error.code;
    throw error;
  }
}

async function rowCounts(i: Instance) {
  const db = i.test.store.connection.db;
  const tables = ['incidents', 'incident_versions', 'incident_conflicts', 'ledger_entries', 'evidence_items', 'sync_foreign_ledger', 'sync_bundles', 'sync_state'] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
  return counts;
}

/** One run's world: the two instances, the incidents of this run, the bundles carried, and the model. */
class Run {
  readonly incidents: string[] = [];
  readonly evidence: string[] = [];
  /** Per incident and field: every value proposed on either side (by key), and those a person replaced knowingly. */
  readonly proposed = new Map<string, Map<Field, Set<string>>>();
  readonly replaced = new Map<string, Map<Field, Set<string>>>();
  /** Versions seen at each side: the data of each, for edits based on an older version. */
  readonly seen: Map<string, Map<number, IncidentDetail>>[] = [new Map(), new Map()];
  readonly carried: Carried[][] = [[], []];
  readonly log: string[] = [];

  constructor(readonly sides: readonly [Instance, Instance]) {}

  private note(incident: string, which: 'proposed' | 'replaced', f: Field, value: unknown) {
    const map = this[which];
    if (!map.has(incident)) map.set(incident, new Map(FIELDS.map((x) => [x, new Set<string>()])));
    map.get(incident)!.get(f)!.add(key(value));
  }

  private async held(s: Side, id: string): Promise<IncidentDetail | undefined> {
    const i = this.sides[s];
    if (!(await i.ctx.store.incidents.findKeyById(i.test.store.connection.db, id, 'system'))) return undefined;
    const incident = await getIncident(i.ctx, i.user, id);
    if (!this.seen[s]!.has(id)) this.seen[s]!.set(id, new Map());
    this.seen[s]!.get(id)!.set(incident.version, incident);
    return incident;
  }

  async apply(c: Command): Promise<void> {
    this.log.push(JSON.stringify(c));
    const here = this.sides[c.side];
    const there = this.sides[1 - c.side]!;
    switch (c.kind) {
      case 'create': {
        const data = { ...validIncident(), title: freshValue('title') as string };
        const created = await recordIncident(here.ctx, here.user, { ...data, id: crypto.randomUUID() });
        this.incidents.push(created.id);
        for (const f of FIELDS) this.note(created.id, 'proposed', f, read(created, f));
        await this.held(c.side, created.id);
        return;
      }
      case 'edit':
      case 'staleEdit': {
        const id = this.incidents[c.incident % Math.max(this.incidents.length, 1)];
        const current = id && (await this.held(c.side, id));
        if (!id || !current) return;
        let base = current;
        if (c.kind === 'staleEdit') {
          const versions = [...this.seen[c.side]!.get(id)!.keys()].filter((v) => v < current.version).sort((a, b) => b - a);
          if (versions.length === 0) return;
          base = this.seen[c.side]!.get(id)!.get(versions[Math.min(c.back, versions.length) - 1]!)!;
        }
        const value = freshValue(c.field);
        this.note(id, 'proposed', c.field, value);
        // The person editing saw the base's value and replaced it.
        this.note(id, 'replaced', c.field, read(base, c.field));
        const result = await updateIncident(here.ctx, here.user, id, { ...write(editable(base), c.field, value), expectedVersion: base.version });
        // An edit from an older version that met a change of the same field is a conflict: the held value stays.
        if (result.merge?.conflicts.some((x) => x.path === c.field)) expect(read(result, c.field)).toEqual(read(current, c.field));
        else expect(key(read(result, c.field))).toBe(key(value));
        await this.held(c.side, id);
        return;
      }
      case 'attach': {
        const id = this.incidents[c.incident % Math.max(this.incidents.length, 1)];
        if (!id || !(await this.held(c.side, id))) return;
        const text = `Field note ${++counter}: ${String.fromCharCode(...c.bytes)}\n`;
        const staged = await stageEvidenceFile(here.ctx, here.user, Readable.from([Buffer.from(text)]));
        const item = await receiveEvidence(here.ctx, here.user, staged, { incidentIds: [id] }, { declaredName: 'note.txt', ip: null });
        this.evidence.push(item.id);
        return;
      }
      case 'export': {
        // Always `--since last`: after the last bundle the other side acknowledged, so a bundle lost for good is made
        // good by the next one without anyone choosing an earlier cursor.
        const { bundle, report } = await exportBundle(here.ctx, here.user, { peer: there.name, since: 'last' });
        this.carried[c.side]!.push({ bytes: bundle, sequence: report.sequence, imported: false, lost: false });
        return;
      }
      case 'importNext':
      case 'importLater': {
        const waiting = this.carried[c.side]!.filter((b) => !b.imported && !b.lost);
        const bundle = c.kind === 'importNext' ? waiting[0] : waiting[1];
        if (!bundle) return;
        await this.carry(c.side, bundle, c.kind);
        return;
      }
      case 'importAgain': {
        const done = this.carried[c.side]!.filter((b) => b.imported && !b.lost);
        const bundle = done.at(-1);
        if (!bundle) return;
        const before = await rowCounts(there);
        const again = await importBundle(there.ctx, there.user, bundle.bytes);
        // Imported before, or found superseded by a later one before: either way nothing is written.
        expect(again.alreadyImported || again.superseded).toBe(true);
        expect(await rowCounts(there)).toEqual(before);
        return;
      }
      case 'corrupt': {
        const bundle = this.carried[c.side]!.find((b) => !b.imported && !b.lost) ?? this.carried[c.side]!.at(-1);
        if (!bundle) return;
        const flipped = Buffer.from(bundle.bytes);
        flipped[c.at % flipped.length]! ^= 1 << c.bit;
        const before = await rowCounts(there);
        expect(await refusalCode(importBundle(there.ctx, there.user, flipped))).not.toBeNull();
        expect(await rowCounts(there)).toEqual(before);
        return;
      }
      case 'lose': {
        // A lost stick: either its copy is carried later (the next bundle arrives first), or it is lost for good, with
        // no copy kept — the next bundles must make it good on their own.
        if (!c.forGood) return this.apply({ kind: 'importLater', side: c.side });
        const bundle = this.carried[c.side]!.find((b) => !b.imported && !b.lost);
        if (bundle) {
          bundle.lost = true;
          tally('lost for good');
        }
        return;
      }
      case 'resolve': {
        const open = await this.openConflicts(c.side);
        const conflict = open[c.pick % Math.max(open.length, 1)];
        if (!conflict) return;
        await this.resolve(c.side, conflict, c.how);
        return;
      }
    }
  }

  /**
   * Import a bundle carried from side `s`. An unaltered bundle is never refused: one older than a bundle imported
   * before is superseded (it writes nothing), and one after a gap is imported, saying which bundles never arrived.
   */
  async carry(s: Side, bundle: Carried, how: string): Promise<ImportReport> {
    const there = this.sides[1 - s]!;
    const before = await rowCounts(there);
    const highest = there.highestImported;
    const report = await importBundle(there.ctx, there.user, bundle.bytes);
    bundle.imported = true;
    expect(report.alreadyImported).toBe(false);
    expect(report.sequence).toBe(bundle.sequence);
    expect(report.superseded, `bundle ${bundle.sequence} after ${highest}`).toBe(bundle.sequence <= highest);
    if (report.superseded) {
      expect(await rowCounts(there)).toEqual(before);
      tally(`${how} superseded`);
      return report;
    }
    expect(report.missing).toEqual(bundle.sequence > highest + 1 ? { first: highest + 1, last: bundle.sequence - 1 } : null);
    tally(`${how} applied${report.missing ? ' after a gap' : ''}`);
    there.highestImported = bundle.sequence;
    return report;
  }

  async openConflicts(s: Side) {
    const i = this.sides[s];
    const db = i.test.store.connection.db;
    const all = [];
    for (const id of this.incidents) {
      const found = await i.ctx.store.incidents.findKeyById(db, id, 'system');
      if (found) all.push(...(await i.ctx.store.incidentHistory.conflictsOf(db, found.seq, 'open', true)));
    }
    return all;
  }

  async resolve(s: Side, conflict: Awaited<ReturnType<Run['openConflicts']>>[number], how: 'keep' | 'take' | 'value') {
    const i = this.sides[s];
    const f = conflict.path as Field;
    // The person resolving saw both values: whichever is not chosen is replaced knowingly.
    this.note(conflict.incidentId, 'replaced', f, conflict.held);
    this.note(conflict.incidentId, 'replaced', f, conflict.proposed);
    let input: unknown = how === 'keep' ? { keep: 'held' } : { take: 'proposed' };
    if (how === 'value') {
      const value = freshValue(f);
      this.note(conflict.incidentId, 'proposed', f, value);
      input = { value };
    }
    await resolveConflict(i.ctx, i.user, conflict.incidentId, conflict.id, input);
    await this.held(s, conflict.incidentId);
  }

  /** The invariants that hold after every command. */
  async check(): Promise<void> {
    const values: Map<string, Map<Field, Set<string>>> = new Map();
    const account = (id: string, f: Field, value: unknown) => {
      if (!values.has(id)) values.set(id, new Map(FIELDS.map((x) => [x, new Set<string>()])));
      values.get(id)!.get(f)!.add(key(value));
    };
    for (const s of [0, 1] as const) {
      const i = this.sides[s];
      const db = i.test.store.connection.db;
      for (const id of this.incidents) {
        const found = await i.ctx.store.incidents.findKeyById(db, id, 'system');
        if (!found) continue;
        const incident = await this.held(s, id);
        for (const f of FIELDS) {
          const value = read(incident!, f);
          // Every field holds a value someone proposed: nothing invented, nothing mixed.
          expect(this.proposed.get(id)!.get(f)!.has(key(value)), `${i.name} ${id} ${f} holds ${key(value)}, never proposed`).toBe(true);
          account(id, f, value);
        }
        for (const status of ['open', 'resolved'] as const) {
          for (const conflict of await i.ctx.store.incidentHistory.conflictsOf(db, found.seq, status, true)) {
            const f = conflict.path as Field;
            expect(FIELDS, `a conflict on ${conflict.path}, a field no command changed`).toContain(f);
            account(id, f, conflict.held);
            account(id, f, conflict.proposed);
          }
        }
      }
      // Both ledgers verify, and each side's copy of the other's chain.
      expect((await verifyLedger(i.ctx, i.user)).ok, `${i.name}'s ledger`).toBe(true);
      expect((await verifyForeignLedger(i.ctx, i.user, this.sides[1 - s]!.name)).ok, `${i.name}'s copy of the peer's chain`).toBe(true);
      // Every evidence file held matches its hash.
      for (const id of this.evidence) {
        const row = await i.ctx.store.evidence.find(db, id, 'system');
        if (row) expect(await readCheckedEvidenceFile(i.ctx, 'originals', row.sha256), `${i.name} evidence ${id}`).toBeDefined();
      }
    }
    // No value is lost: each proposed value is current on a side, kept in a conflict, or knowingly replaced.
    for (const [id, fields] of this.proposed) {
      for (const [f, proposed] of fields) {
        for (const value of proposed) {
          const kept = values.get(id)?.get(f)?.has(value) || this.replaced.get(id)?.get(f)?.has(value);
          expect(kept, `${id} ${f}: ${value} was silently lost`).toBe(true);
        }
      }
    }
  }

  /** Resolve every open conflict, then exchange bundles both ways until nothing travels. */
  async settle(): Promise<void> {
    for (let round = 0; round < 8; round++) {
      for (const s of [0, 1] as const) for (const conflict of await this.openConflicts(s)) await this.resolve(s, conflict, 'keep');
      // Counts what changed anything: records sent again that the other side holds already arrive 'unchanged'.
      let travelled = 0;
      for (const s of [0, 1] as const) {
        // The bundles still on their way arrive, in order (the lost ones never do); then the sender exports what is
        // left since the last bundle the other side acknowledged.
        for (const b of this.carried[s]!.filter((x) => !x.imported && !x.lost)) await this.carry(s, b, 'settle');
        const { bundle, report } = await exportBundle(this.sides[s].ctx, this.sides[s].user, { peer: this.sides[1 - s]!.name, since: 'last' });
        const carried: Carried = { bytes: bundle, sequence: report.sequence, imported: false, lost: false };
        this.carried[s]!.push(carried);
        const imported = await this.carry(s, carried, 'settle');
        const { created, merged, conflict, refused } = imported.counts;
        travelled += report.heldBack.length + created + merged + conflict + refused;
      }
      await this.check();
      if (travelled === 0 && (await this.openConflicts(0)).length === 0 && (await this.openConflicts(1)).length === 0) return;
    }
    throw new Error('bundles still travel after 8 rounds each way');
  }

  /** Both sides hold every incident and evidence item of the run, once, with the same data. */
  async converged(): Promise<void> {
    for (const id of this.incidents) {
      const [a, b] = [await this.held(0, id), await this.held(1, id)];
      expect(a && b, `incident ${id} is on both sides`).toBeTruthy();
      expect(key(editable(b!)), `incident ${id}`).toBe(key(editable(a!)));
    }
    for (const id of this.evidence) {
      for (const i of this.sides) expect(await i.ctx.store.evidence.find(i.test.store.connection.db, id, 'system'), `${i.name} evidence ${id}`).toBeDefined();
    }
  }
}

/** How often each outcome happened, printed with HAVEN_SYNC_TALLY=1: a check that the faults are really exercised. */
const outcomes = new Map<string, number>();
const tally = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

/** Runs share a pair of instances (fresh incident ids each run); a new pair every so many runs keeps ledgers short. */
const RUNS_PER_PAIR = 25;

describe.each([
  ['sqlite', 'sqlite', RUNS],
  ['sqlite', 'postgres', PG_RUNS],
] as const)('sync between a field office (%s) and headquarters (%s), model-based', (fieldKind, hqKind, runs) => {
  let pair: [Instance, Instance] | undefined;
  let runsOnPair = 0;

  /** The full evidence verification (files, and their custody in a verifying ledger) on both sides, then close them. */
  async function retirePair() {
    if (!pair) return;
    const retiring = pair;
    pair = undefined;
    try {
      for (const i of retiring) expect((await verifyEvidence(i.ctx, i.user)).ok, `${i.name} evidence verification`).toBe(true);
    } finally {
      await Promise.all(retiring.map(closeInstance));
    }
  }
  async function currentPair(): Promise<[Instance, Instance]> {
    if (pair && runsOnPair < RUNS_PER_PAIR) return pair;
    await retirePair();
    const field = await openInstance(fieldKind, 'field');
    const hq = await openInstance(hqKind, 'hq');
    await addPeer(field.ctx, field.admin, { name: 'hq', block: identityBlock(hq.ctx) });
    await addPeer(hq.ctx, hq.admin, { name: 'field', block: identityBlock(field.ctx) });
    pair = [field, hq];
    runsOnPair = 0;
    return pair;
  }
  afterAll(async () => {
    if (pair) await Promise.all(pair.map(closeInstance));
  });

  it(`keeps every value, refuses bad bundles whole and converges (${runs} runs)`, { timeout: 3_600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 20, size: 'max' }), async (commands) => {
        // Each run starts with both sides in step: every run ends settled (a failed one too, as far as it can).
        const run = new Run(await currentPair());
        runsOnPair++;
        try {
          for (const c of commands) {
            await run.apply(c);
            await run.check();
          }
          await run.settle();
          await run.converged();
        } catch (error) {
          await run.settle().catch(() => undefined);
          throw error;
        }
      }),
      { numRuns: runs, ...(process.env.HAVEN_SYNC_SEED && { seed: Number(process.env.HAVEN_SYNC_SEED) }) },
    );
    await retirePair();
    if (process.env.HAVEN_SYNC_TALLY === '1') console.log(Object.fromEntries(outcomes));
  });
});
