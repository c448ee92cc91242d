import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AppContext } from '../../src/application/app-context.js';
import { getIncident, recordIncident, updateIncident } from '../../src/application/incident.service.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { valueAtPath } from '../../src/core/incident-conflict.schema.js';
import { dataOf } from '../../src/core/incident-diff.js';
import { incidentInputSchema, type IncidentData, type IncidentInput } from '../../src/core/incident.schema.js';
import { canonicalJson } from '../../src/core/ledger/canonical-json.js';
import { openTestStore, type TestStore } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * Two edits of the same version, saved one after the other (the second merged against what the first saved), in
 * either order: no value is lost. Every field the first edit changed keeps its value (never the last write); every
 * field the second changed is either applied or flagged as an open conflict holding its value.
 */

const analyst: Actor = { id: 'merge-analyst', username: 'merge-analyst', role: 'analyst' };
const consent = { uses: ['documentation' as const], recipients: ['mission_internal' as const], recordedOn: '2024-01-01', recordedBy: 'someone' };

/** Changes an edit may make, each keeping the incident valid alone; mixed, some make an invalid incident. */
const CHANGES = {
  title: (i: IncidentInput, v: string): IncidentInput => ({ ...i, title: v }),
  narrative: (i: IncidentInput, v: string): IncidentInput => ({ ...i, narrative: v }),
  placeName: (i: IncidentInput, v: string): IncidentInput => ({ ...i, location: { ...i.location, placeName: v } }),
  lat: (i: IncidentInput, v: number): IncidentInput => ({ ...i, location: { ...i.location, lat: v } }),
  dateEarliest: (i: IncidentInput, v: string): IncidentInput => ({ ...i, dateEarliest: v }),
  dateLatest: (i: IncidentInput, v: string): IncidentInput => ({ ...i, dateLatest: v }),
  narrowThemes: (i: IncidentInput): IncidentInput => ({ ...i, themes: ['protection_of_civilians'], categories: ['killing'] }),
  schoolOnly: (i: IncidentInput): IncidentInput => ({ ...i, categories: ['attack_on_school'] }),
  sourceRef: (i: IncidentInput, v: string): IncidentInput => ({ ...i, sources: i.sources!.map((s) => ({ ...s, ref: v })) }),
  witness: (i: IncidentInput, v: string): IncidentInput => ({ ...i, sensitive: { ...i.sensitive, witnesses: [{ name: v, consent }] } }),
  sourceIdentity: (i: IncidentInput, v: string): IncidentInput => ({ ...i, sensitive: { ...i.sensitive, sourceIdentities: [{ sourceRef: 'S1', identity: v, consent }] } }),
};
type Change = { [K in keyof typeof CHANGES]: [K, Parameters<(typeof CHANGES)[K]>[1]] }[keyof typeof CHANGES];

const change = <K extends keyof typeof CHANGES>(name: K, ...values: Parameters<(typeof CHANGES)[K]>[1][]) =>
  fc.constantFrom(...values).map((value) => [name, value] as Change);
const changes: fc.Arbitrary<Change>[] = [
  change('title', 'Title one', 'Title two'),
  change('narrative', 'First account.', 'Second account.'),
  change('placeName', 'Market', 'School'),
  change('lat', 11.5, 12),
  change('dateEarliest', '2024-02-20', '2024-03-02'),
  change('dateLatest', '2024-03-05', '2024-03-09'),
  change('narrowThemes', undefined),
  change('schoolOnly', undefined),
  change('sourceRef', 'S1', 'S2'),
  change('witness', 'Witness A', 'Witness B'),
  change('sourceIdentity', 'Identity A', 'Identity B'),
];

/** An edit: some of the changes, each with one of its values (shown as such in a counterexample). */
const editOf = fc.subarray(changes, { minLength: 1 }).chain((picked) => fc.tuple(...picked));
const applyEdit = (base: IncidentInput, edit: readonly Change[]): IncidentInput =>
  edit.reduce((input, [name, value]) => (CHANGES[name] as (i: IncidentInput, v: unknown) => IncidentInput)(input, value), base);

/** The paths a property is checked at: every top-level field, and the fields of the nested objects. */
const PATHS = [
  'title',
  'narrative',
  'dateEarliest',
  'dateLatest',
  'datePrecision',
  'location.lat',
  'location.lon',
  'location.placeName',
  'location.country',
  'location.admin1',
  'themes',
  'categories',
  'violenceType',
  'actors',
  'casualties',
  'sources',
  'sensitive.victims',
  'sensitive.witnesses',
  'sensitive.sourceIdentities',
  'origin',
  'exercise',
];

const same = (a: unknown, b: unknown) => (a === undefined || b === undefined ? a === b : canonicalJson(a) === canonicalJson(b));
const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

describe('merging two edits of the same version, in either order (SQLite, through the application)', () => {
  let t: TestStore;
  let ctx: AppContext;
  beforeAll(async () => {
    t = await openTestStore('sqlite');
    ctx = createAppContext(t.store);
  });
  afterAll(() => t?.cleanup());

  it('keeps every value, and a valid incident: the first edit is never overwritten, the second is applied or flagged', async () => {
    const baseInput: IncidentInput = { ...validIncident(), sensitive: { victims: [{ name: 'Victim', consent }], witnesses: [], sourceIdentities: [] } };
    const base: IncidentData = incidentInputSchema.parse(baseInput);
    await fc.assert(
      fc.asyncProperty(editOf, editOf, async (editA, editB) => {
        const [a, b] = [applyEdit(baseInput, editA), applyEdit(baseInput, editB)];
        // Each edit alone must be a valid incident; a pair that is not (a source renamed under an identity) is not a case.
        const parsedA = incidentInputSchema.safeParse(a);
        const parsedB = incidentInputSchema.safeParse(b);
        if (!parsedA.success || !parsedB.success) return fc.pre(false);
        for (const [first, second] of [
          [parsedA.data, parsedB.data],
          [parsedB.data, parsedA.data],
        ] as const) {
          const { id } = await recordIncident(ctx, analyst, baseInput);
          await updateIncident(ctx, analyst, id, { ...first, expectedVersion: 1 });
          const late = await updateIncident(ctx, analyst, id, { ...second, expectedVersion: 1 });
          const final = dataOf(await getIncident(ctx, analyst, id));
          // A first edit that changed nothing made no new version: the second is then an ordinary edit, not a merge.
          const { conflicts, applied } = late.merge ?? { conflicts: [], applied: [] };
          for (const path of PATHS) {
            const [was, firstValue, secondValue, now] = [base, first, second, final].map((d) => valueAtPath(d, path));
            if (!same(firstValue, was)) expect(now, `${path}: the first edit's value was overwritten`).toEqual(firstValue);
            if (same(secondValue, was) || same(secondValue, now)) continue;
            const flagged = conflicts.find((c) => overlaps(c.path, path) && same(c.proposed, valueAtPath(second, c.path)) && same(c.held, valueAtPath(final, c.path)));
            expect(flagged, `${path}: the second edit's value was neither applied nor flagged`).toBeDefined();
          }
          expect(incidentInputSchema.safeParse(final).success, 'the merged incident is invalid').toBe(true);
          expect(applied.every((path) => same(valueAtPath(final, path), valueAtPath(second, path)))).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it('applies nothing when the merged incident would be invalid: each change of the late edit waits as a conflict', async () => {
    const baseInput: IncidentInput = validIncident();
    const { id } = await recordIncident(ctx, analyst, baseInput);
    await updateIncident(ctx, analyst, id, { ...applyEdit(baseInput, [['sourceRef', 'S2']]), expectedVersion: 1 });
    // Valid alone; beside the renamed source its identity would name a source the incident no longer lists.
    const late = await updateIncident(ctx, analyst, id, { ...applyEdit(baseInput, [['sourceIdentity', 'Identity A'], ['title', 'Late title']]), expectedVersion: 1 });
    expect(late.version).toBe(2);
    expect(late.title).toBe(baseInput.title);
    expect(late.merge?.applied).toEqual([]);
    expect(late.merge?.conflicts.map((c) => c.path)).toEqual(['sensitive', 'title']);
    expect(late.merge?.conflicts.find((c) => c.path === 'title')).toMatchObject({ base: baseInput.title, held: baseInput.title, proposed: 'Late title' });
  });
});
