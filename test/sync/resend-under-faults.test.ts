import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail } from '../../src/core/incident.schema.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';
import { openFaultProxy, type Fault, type FaultProxy } from '../support/fault-proxy.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * Randomised runs of a field device's outbox sending to Haven through a link that drops, cuts, delays, duplicates
 * and reorders requests. `npm test` runs a few; `npm run test:sync` runs HAVEN_SYNC_RUNS (1,000 or more).
 */
const RUNS = Number(process.env.HAVEN_SYNC_RUNS ?? 12);
const ATTEMPTS = 40;

const faults: fc.Arbitrary<Fault> = fc.oneof(
  fc.constant<Fault>({ kind: 'pass' }),
  fc.constant<Fault>({ kind: 'refuse' }),
  fc.constant<Fault>({ kind: 'lose_answer' }),
  fc.constant<Fault>({ kind: 'cut_body' }),
  fc.integer({ min: 0, max: 15 }).map<Fault>((ms) => ({ kind: 'delay', ms })),
  fc.constant<Fault>({ kind: 'duplicate' }),
  fc.integer({ min: 1, max: 20 }).map<Fault>((ms) => ({ kind: 'reorder', ms })),
);

const submissions = fc.array(
  fc.record({ report: fc.integer({ min: 1, max: 99_999 }), deaths: fc.integer({ min: 0, max: 40 }) }),
  { minLength: 1, maxLength: 4 },
);

interface Outcome {
  acknowledged: Set<string>;
  serverErrors: string[];
}

/**
 * What an outbox does: each submission keeps its id and is sent until the server acknowledges it (201, or 200 for one
 * it already has); anything else — a dropped connection, a cut body, no answer — leaves it to send again.
 */
async function sendAll(proxy: FaultProxy, cookie: string, items: { id: string; body: unknown }[], together: boolean): Promise<Outcome> {
  const acknowledged = new Set<string>();
  const serverErrors: string[] = [];
  const send = async (item: { id: string; body: unknown }) => {
    for (let attempt = 0; attempt < ATTEMPTS && !acknowledged.has(item.id); attempt++) {
      try {
        const response = await fetch(`${proxy.url}/api/v1/incidents`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify(item.body),
          signal: AbortSignal.timeout(10_000),
        });
        const text = await response.text();
        if (response.status === 200 || response.status === 201) acknowledged.add(item.id);
        else serverErrors.push(`${response.status} ${text}`);
      } catch {
        // The link failed: the submission stays in the outbox.
      }
    }
  };
  if (together) await Promise.all(items.map(send));
  else for (const item of items) await send(item);
  return { acknowledged, serverErrors };
}

describe.each(DATABASES)('an outbox resending through a faulty link, on %s', (kind) => {
  let h: ApiHarness;
  let proxy: FaultProxy;
  let cookie: string;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    const url = await h.app.listen({ host: '127.0.0.1', port: 0 });
    proxy = await openFaultProxy(url);
    cookie = await h.sessionOf('analyst');
  });
  afterAll(async () => {
    await proxy?.close();
    await h?.close();
  });

  const registerSize = async () => (await h.call({ method: 'GET', url: '/api/v1/incidents/summary', as: 'analyst' })).json<{ incidents: number }>().incidents;

  it(`records every acknowledged submission exactly once and never answers with a server error (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(submissions, fc.array(faults, { maxLength: 24 }), fc.boolean(), async (specs, plan, together) => {
        const before = await registerSize();
        const items = specs.map((spec) => ({
          id: crypto.randomUUID(),
          body: { ...validIncident(), title: `Patrol report ${spec.report}`, casualties: [{ kind: 'killed', status: 'civilian', best: spec.deaths }] },
        }));
        proxy.plan(plan);
        const { acknowledged, serverErrors } = await sendAll(proxy, cookie, items.map((i) => ({ id: i.id, body: { ...i.body, id: i.id } })), together);
        // Let any duplicate still in flight land before counting.
        await new Promise((resolve) => setTimeout(resolve, 30));

        expect(serverErrors).toEqual([]);
        expect(acknowledged.size).toBe(items.length);
        for (const item of items) {
          const stored = await h.call({ method: 'GET', url: `/api/v1/incidents/${item.id}`, as: 'analyst' });
          expect(stored.statusCode).toBe(200);
          expect(stored.json<IncidentDetail>()).toMatchObject({ title: item.body.title, version: 1 });
          const audit = (await h.call({ method: 'GET', url: `/api/v1/incidents/${item.id}/audit`, as: 'analyst' })).json<{ action: string }[]>();
          expect(audit.filter((entry) => entry.action === 'incident.create')).toHaveLength(1);
        }
        expect(await registerSize()).toBe(before + items.length);
      }),
      { numRuns: RUNS },
    );
  }, RUNS * 3_000);
});
