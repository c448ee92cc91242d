import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * SQL injection through every filter of the register: each filter field of the list, summary, clusters and export
 * routes, with classic payloads, on both databases. The answer is a structured 400 or an honest result — never more
 * rows than the incidents whose text really holds the payload — and the tables are intact afterwards.
 */
const PAYLOADS = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '"; DROP TABLE incidents; --',
  "'; DROP TABLE incidents; --",
  "%' OR '%'='",
  '%',
  '_',
  '\\',
  '\\%',
  "1' UNION SELECT id, title FROM incidents --",
  '1) OR (1=1',
  'a\u0000b',
  '\u0000',
  "ʼ OR 1=1 --",
  '＇ OR 1=1 --',
  '😀',
  '$1',
  '?',
];
const FIELDS = ['from', 'to', 'themes', 'categories', 'countries', 'actor', 'statuses', 'minDeaths', 'bbox', 'q', 'exercise'] as const;
const ROUTES = ['/api/v1/incidents', '/api/v1/incidents/summary', '/api/v1/incidents/clusters', '/api/v1/exports/incidents'] as const;

/** The seeded incidents' searchable text, to compute the honest answer for the free-text fields. */
const SEEDED = [
  { title: 'Shelling of the central market', actor: 'Armed group X' },
  { title: "Raid on O'Brien's farm, 100% of the crop burned", actor: "O'Brien militia" },
  { title: 'Attack on a school_bus', actor: 'Unit_7' },
];

function honestCount(field: string, payload: string): number {
  const needle = payload.trim().toLowerCase();
  if (field === 'q') return SEEDED.filter((s) => s.title.toLowerCase().includes(needle)).length;
  if (field === 'actor') return SEEDED.filter((s) => s.actor.toLowerCase().includes(needle)).length;
  // Every other field is an enum, a date, a number or a box: no seeded incident matches a payload.
  return 0;
}

function countIn(route: string, body: string): number {
  if (route.endsWith('/summary')) return (JSON.parse(body) as { incidents: number }).incidents;
  if (route.endsWith('/clusters')) return (JSON.parse(body) as { total: number }).total;
  if (route.endsWith('/exports/incidents')) return body.split('\n').filter((line) => line.trim() !== '').length - 1;
  return (JSON.parse(body) as { items: unknown[] }).items.length;
}

describe.each(DATABASES)('SQL injection through the incident filters on %s', (kind) => {
  let h: ApiHarness;
  const tableCount = async () => {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from incidents`.execute(h.ctx.store.connection.db);
    return Number(rows[0]!.n);
  };
  beforeAll(async () => {
    h = await openApiHarness(kind);
    for (const seed of SEEDED) {
      const incident = { ...validIncident(), title: seed.title, actors: [{ name: seed.actor, actorType: 'non_state_armed_group' as const, role: 'perpetrator' as const }] };
      const created = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: incident });
      expect(created.statusCode, created.body).toBe(201);
    }
  });
  afterAll(() => h?.close());

  it('has honest answers for the seeded text, so that the comparison below means something', async () => {
    const byQuote = await h.call({ method: 'GET', url: `/api/v1/incidents?actor=${encodeURIComponent("O'Brien")}`, as: 'analyst' });
    expect(byQuote.json().items).toHaveLength(1);
    const byPercent = await h.call({ method: 'GET', url: `/api/v1/incidents?q=${encodeURIComponent('100%')}`, as: 'analyst' });
    expect(byPercent.json().items).toHaveLength(1);
  });

  it.each(ROUTES.map((r) => [r]))('%s: every filter field with every payload answers 400 or no more than the honest count', async (route) => {
    for (const field of FIELDS) {
      for (const payload of PAYLOADS) {
        const extra = route.endsWith('/clusters') ? '&zoom=3' : '';
        const response = await h.call({ method: 'GET', url: `${route}?${field}=${encodeURIComponent(payload)}${extra}`, as: 'analyst' });
        const label = `${route} ${field}=${JSON.stringify(payload)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
        expect([200, 400], label).toContain(response.statusCode);
        if (response.statusCode === 400) {
          expect(response.json().error.code, label).toBe('validation_failed');
          continue;
        }
        expect(countIn(route, response.body), label).toBeLessThanOrEqual(honestCount(field, payload));
        if (field === 'q' || field === 'actor') expect(countIn(route, response.body), label).toBe(honestCount(field, payload));
      }
    }
    expect(await tableCount()).toBe(SEEDED.length);
  });

  it('keeps the tables intact and readable afterwards', async () => {
    expect(await tableCount()).toBe(SEEDED.length);
    const list = await h.call({ method: 'GET', url: '/api/v1/incidents', as: 'analyst' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { title: string }) => i.title).sort()).toEqual(SEEDED.map((s) => s.title).sort());
  });
});
