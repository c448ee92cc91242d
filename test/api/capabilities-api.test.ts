import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapabilityRecord } from '../../src/core/capabilities/capability-api.schema.js';
import type { PostureBalance } from '../../src/core/capabilities/posture-balance.js';
import { DATABASES } from '../support/databases.js';
import { pdfText } from '../support/pdf-text.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';

const closeInDefence = {
  name: 'Close-in weapon system',
  purpose: 'defensive',
  isWeapon: true,
  quantity: 4,
  targetTypes: 'objects_only',
  autonomy: { humanRole: 'human_supervises', autonomousFunctions: ['search', 'identify', 'track', 'select', 'engage'], predictable: 'yes', humanCanDeactivateInTime: 'yes', parametersSetBy: 'the weapons officer sets the defended sector' },
  limits: { duration: 'while a threat is tracked', area: 'a 2 km sector', scale: 'one ship', environment: 'at sea' },
  legalReview: { status: 'completed', date: '2024-05-02', reviewer: 'Weapons review board', conclusion: 'lawful' },
  seniorReview: { beforeDevelopment: 'yes', beforeFielding: 'yes' },
};

describe.each(DATABASES)('the capability register over HTTP on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  it('adds a system and answers it with its assessment, for anyone who reads posture', async () => {
    const created = await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'analyst', payload: closeInDefence });
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json<CapabilityRecord>();
    expect(record.version).toBe(1);
    expect(record.assessment.humanSecurity).toBe('may_be_permitted_within_limits');
    expect(record.assessment.findings.find((f) => f.ruleId === 'API-36')?.quote?.text).toMatch(/^In the study, development, acquisition or adoption of a new weapon/);
    const read = await h.call({ method: 'GET', url: `/api/v1/capabilities/${record.id}`, as: 'viewer' });
    expect(read.json<CapabilityRecord>().capability.name).toBe('Close-in weapon system');
    const list = await h.call({ method: 'GET', url: '/api/v1/capabilities', as: 'commander' });
    expect(list.json<{ items: CapabilityRecord[] }>().items.map((r) => r.id)).toContain(record.id);
  });

  it('re-judges a system when its record changes, audits the changed fields, and refuses a stale change', async () => {
    const record = (await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'human_security_advisor', payload: { ...closeInDefence, name: 'Loitering munition' } })).json<CapabilityRecord>();
    const changed = await h.call({ method: 'PUT', url: `/api/v1/capabilities/${record.id}`, as: 'analyst', payload: { version: 1, capability: { ...closeInDefence, name: 'Loitering munition', purpose: 'offensive', targetTypes: 'persons' } } });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = changed.json<CapabilityRecord>();
    expect(after.version).toBe(2);
    expect(after.assessment.humanSecurity).toBe('cannot_be_permitted');
    expect(after.assessment.reasons).toContain('HS-CAP-1: It would select and engage persons without a person deciding each use of force.');
    const stale = await h.call({ method: 'PUT', url: `/api/v1/capabilities/${record.id}`, as: 'analyst', payload: { version: 1, capability: closeInDefence } });
    expect(stale.statusCode).toBe(409);
    const audit = await h.call({ method: 'GET', url: `/api/v1/audit?entityType=capability&entityId=${record.id}`, as: 'auditor' });
    const entries = audit.json<{ items: { action: string; changes: Record<string, unknown> }[] }>().items;
    expect(entries.map((e) => e.action)).toEqual(['capability.update', 'capability.create']);
    expect(Object.keys(entries[0]!.changes).sort()).toEqual(['purpose', 'targetTypes']);
  });

  it('refuses a record that contradicts itself, naming the field, and a writer without posture:write', async () => {
    const refused = await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'analyst', payload: { ...closeInDefence, legalReview: { status: 'completed' } } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toContainEqual(expect.objectContaining({ path: 'legalReview.conclusion', message: 'a completed review has a conclusion' }));
    expect((await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'commander', payload: closeInDefence })).statusCode).toBe(403);
    expect((await h.call({ method: 'GET', url: '/api/v1/capabilities/no-such-system', as: 'viewer' })).statusCode).toBe(404);
  });
});

describe.each(DATABASES)('the posture review over HTTP on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  it('reviews the posture: holdings by class per year from the register, systems out of service left out, the defensive share in the scorecard', { timeout: 90_000 }, async () => {
    const add = async (payload: Record<string, unknown>) => expect((await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'analyst', payload: { ...closeInDefence, ...payload } })).statusCode).toBe(201);
    // Held in every year (no service years): a defensive system (4) and an offensive one (4).
    await add({});
    await add({ name: 'Loitering munition', purpose: 'offensive' });
    await add({ name: 'Military police company', purpose: 'protective', isWeapon: false, targetTypes: 'none', quantity: 10, inService: { from: 2020 } });
    await add({ name: 'Strike aircraft', purpose: 'offensive', quantity: 8, inService: { to: 2019 } });
    await add({ name: 'Reconnaissance drone', purpose: 'dual_use', isWeapon: false, targetTypes: 'none', quantity: undefined, inService: { from: 2018, to: 2022 } });

    const response = await h.call({ method: 'GET', url: '/api/v1/posture/balance?from=2018&to=2021', as: 'viewer' });
    expect(response.statusCode, response.body).toBe(200);
    const review = response.json<PostureBalance>();
    expect(review.years.map((y) => [y.year, y.holdings.totalUnits, y.holdings.defensiveShare])).toEqual([
      [2018, 16, 4 / 16],
      [2019, 16, 4 / 16],
      [2020, 18, 14 / 18],
      [2021, 18, 14 / 18],
    ]);
    expect(review.years[2]!.holdings.units).toEqual({ defensive: 4, protective: 10, peace_operations: 0, offensive: 4, dual_use: 0, nuclear: 0 });
    expect(review.years[0]!.holdings.withoutQuantity.map((s) => s.name)).toEqual(['Reconnaissance drone']);
    expect(review.withoutServiceYears.map((s) => s.name).sort()).toEqual(['Close-in weapon system', 'Loitering munition']);
    expect(review.budgets).toMatchObject({ given: false });
    expect(review.years.every((y) => y.budget === undefined)).toBe(true);

    // A stored budget beside the holdings: its amounts by class in its years, a gap in the years it does not cover.
    const budget = {
      name: 'Coastal Guard 2020–2021',
      force: 'Coastal Guard',
      currency: 'EUR',
      priceBasis: { kind: 'current' },
      years: [2020, 2021],
      lines: [
        { label: 'Boarding teams', category: 'personnel', purpose: 'protective', amountsM: { '2020': 30, '2021': 31 } },
        { label: 'Patrol boats', category: 'equipment', purpose: 'defensive', amountsM: { '2020': 50, '2021': 40 } },
        { label: 'Strike missiles', category: 'equipment', purpose: 'offensive', amountsM: { '2020': 20, '2021': 25 } },
        { label: 'Scrapping old rockets', category: 'operations_maintenance', purpose: 'conversion', amountsM: { '2020': 0, '2021': 6 } },
      ],
    };
    const created = await h.call({ method: 'POST', url: '/api/v1/spending/budgets', as: 'analyst', payload: budget });
    expect(created.statusCode, created.body).toBe(201);
    const withBudget = (await h.call({ method: 'GET', url: `/api/v1/posture/balance?from=2019&to=2021&budget=${created.json<{ id: string }>().id}`, as: 'viewer' })).json<PostureBalance>();
    expect(withBudget.budgets).toEqual({ given: true, note: 'Coastal Guard 2020–2021 (Coastal Guard), EUR m, current prices' });
    expect(withBudget.years[0]!.budget).toBeNull();
    for (const [i, y] of [[1, '2020'], [2, '2021']] as const) {
      const lines = budget.lines.map((l) => ({ purpose: l.purpose, amount: l.amountsM[y] }));
      const sum = (classes: readonly string[]) => lines.filter((l) => classes.includes(l.purpose)).reduce((total, l) => total + l.amount, 0);
      const programme = sum(['protective', 'defensive', 'offensive']);
      expect(withBudget.years[i]!.budget).toMatchObject({ forces: ['Coastal Guard'], programmeM: programme, conversionM: sum(['conversion']) });
      expect(withBudget.years[i]!.budget!.defensiveShare).toBeCloseTo(sum(['protective', 'defensive']) / programme);
    }
    expect((await h.call({ method: 'GET', url: '/api/v1/posture/balance?budget=no-such-budget', as: 'viewer' })).statusCode).toBe(404);

    // The posture report: the register with each system's standing, and the same review, as a page and a PDF.
    const page = await h.call({ method: 'GET', url: `/api/v1/posture/report?from=2019&to=2021&budget=${created.json<{ id: string }>().id}`, as: 'viewer' });
    expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const html = page.body;
    const listed = (await h.call({ method: 'GET', url: '/api/v1/capabilities', as: 'viewer' })).json<{ items: { id: string; assessment: { humanSecurity: string } }[] }>().items;
    for (const record of listed) expect(html).toContain(`data-capability="${record.id}" data-verdict="${record.assessment.humanSecurity}"`);
    for (const verdict of ['cannot_be_permitted', 'needs_facts', 'may_be_permitted_within_limits']) {
      expect(html).toContain(`<li data-verdict="${verdict}">`);
      expect(html).toMatch(new RegExp(`<li data-verdict="${verdict}">[^<]*: ${listed.filter((r) => r.assessment.humanSecurity === verdict).length}</li>`));
    }
    for (const y of withBudget.years) expect(html).toContain(`<tr data-year="${y.year}">`);
    expect(html).toContain('data-chart="report-posture-holdings"');
    expect(html).toContain('Coastal Guard 2020–2021 (Coastal Guard), EUR m, current prices');
    expect((await h.call({ method: 'GET', url: '/api/v1/posture/report?format=doc', as: 'viewer' })).statusCode).toBe(400);
    const pdf = await h.call({ method: 'GET', url: '/api/v1/posture/report?from=2019&to=2021&format=pdf', as: 'commander' });
    expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="posture-report-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const text = pdfText(pdf.rawPayload).normalize('NFKC').replace(/\s+/g, ' ');
    expect(text).toContain('Posture report');
    expect(text).toContain('Military police company');

    // Without a period: the ten years up to this year.
    const thisYear = new Date().getUTCFullYear();
    const fallback = (await h.call({ method: 'GET', url: '/api/v1/posture/balance', as: 'commander' })).json<PostureBalance>();
    expect([fallback.from, fallback.to, fallback.years.length]).toEqual([thisYear - 9, thisYear, 10]);
    const backwards = await h.call({ method: 'GET', url: '/api/v1/posture/balance?from=2021&to=2018', as: 'viewer' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.issues).toContainEqual(expect.objectContaining({ path: 'to', message: 'must not be before from' }));

    // A last year in service before the first is refused at its field.
    const refused = await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'analyst', payload: { ...closeInDefence, inService: { from: 2020, to: 2010 } } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toContainEqual(expect.objectContaining({ path: 'inService.to' }));

    // The scorecard's defensive principle reads the register in the year its period ends.
    const card = (await h.call({ method: 'GET', url: '/api/v1/monitoring/scorecard?from=2020-01-01&to=2020-12-31', as: 'viewer' })).json<{ principles: { id: string; measures: { id: string; value: number | null; note?: string }[] }[] }>();
    const holdings = card.principles.find((p) => p.id === 'defensive_posture')!.measures.find((m) => m.id === 'defensive_share_of_holdings')!;
    expect(holdings.value).toBeCloseTo(14 / 18);
    expect(holdings.note).toContain('source: the capability register, systems in service in 2020: 14 of 18 unit(s)');
    expect(holdings.note).toContain('1 system(s) in service without a quantity not counted (Reconnaissance drone)');
  });
});
