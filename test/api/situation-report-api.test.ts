import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIncidentBatch } from '../../src/application/import.service.js';
import { gedRowToIncident, type GedRow } from '../../src/core/formats/ucdp-ged.mapping.js';
import type { IncidentInput } from '../../src/core/incident.schema.js';
import { DATABASES } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';

/** An incident in Nigeria in 2024, killing `killed` combatants, at a given precision and from a given data set. */
function incident(over: { lat: number; lon: number; precision: IncidentInput['location']['precision']; killed: number; dataset?: string; country?: string; date?: string; title?: string }): IncidentInput {
  const base = validIncident();
  const date = over.date ?? '2024-03-01';
  return {
    ...base,
    title: over.title ?? base.title,
    dateEarliest: date,
    dateLatest: date,
    datePrecision: 'day',
    location: { lat: over.lat, lon: over.lon, precision: over.precision, country: over.country ?? 'NGA' },
    casualties: [{ kind: 'killed', status: 'combatant', best: over.killed }],
    ...(over.dataset && { origin: { dataset: over.dataset, externalId: `${over.dataset}-${over.lat}-${over.lon}-${date}` } }),
  };
}

const REPORT = '/api/v1/reports/situation?country=NGA&from=2024-01-01&to=2024-12-31';

/** What the report's map draws: its incident dots' deaths, and how many incidents it says it left off. */
function mapOf(html: string) {
  const dots = [...html.matchAll(/<circle class="incident"[^>]*data-killed="(\d+)"/g)].map((m) => Number(m[1]));
  return { dots: dots.length, killed: dots.reduce((a, b) => a + b, 0), tooImprecise: Number(/data-too-imprecise="(\d+)"/.exec(html)?.[1] ?? NaN) };
}

const sourcesOf = (html: string) =>
  Object.fromEntries([...html.matchAll(/<li data-dataset="([^"]+)">.*?: ([\d,]+) incidents?<\/li>/g)].map((m) => [m[1], Number(m[2]!.replace(/,/g, ''))]));

describe.each(DATABASES)('situation reports over HTTP on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    const record = async (input: IncidentInput) => {
      const response = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: input });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    };
    // In the area and period: two precise enough to map (7 and 10 killed), one known only to the country.
    await record(incident({ lat: 11.85, lon: 13.16, precision: 'exact', killed: 7 }));
    await record(incident({ lat: 11.0, lon: 12.5, precision: 'admin1', killed: 10, dataset: 'ucdp-ged' }));
    await record(incident({ lat: 9.1, lon: 8.7, precision: 'country', killed: 4, dataset: 'acled' }));
    // Outside the period, and in another country.
    await record(incident({ lat: 11.85, lon: 13.16, precision: 'exact', killed: 50, date: '2020-05-05' }));
    await record(incident({ lat: 12.1, lon: 15.0, precision: 'exact', killed: 60, country: 'TCD' }));
    // Restricted to the investigator: for everyone else it does not exist.
    const hidden = await record(incident({ lat: 11.8, lon: 13.1, precision: 'exact', killed: 100, title: 'Restricted incident' }));
    const restricted = await h.call({ method: 'PUT', url: `/api/v1/incidents/${hidden}/restriction`, as: 'analyst', payload: { users: ['investigator-user'], groups: [] } });
    expect(restricted.statusCode, restricted.body).toBe(200);
    // A hospital in the country and one far away; a corridor valid in the period, one that ended before it, one elsewhere.
    for (const [name, lon, lat] of [['General Hospital <Maiduguri>', 13.161, 11.851], ['Hospital in Kenya', 36.8, -1.3]] as const) {
      const site = await h.call({ method: 'POST', url: '/api/v1/sites', as: 'analyst', payload: { name, category: 'health_facility', geometry: { type: 'Point', coordinates: [lon, lat] }, source: { dataset: 'report-test' } } });
      expect(site.statusCode, site.body).toBe(201);
    }
    const corridor = (name: string, validFrom: string, validTo: string, coordinates: number[][]) => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates },
      properties: { name, kind: 'humanitarian_corridor', widthKm: 4, validFrom, validTo, partiesBound: ['Party A'], status: 'in_force', source: { dataset: 'report-test' } },
    });
    for (const zone of [
      corridor('Corridor to Bama', '2024-02-01', '2024-02-20', [[13.16, 11.85], [13.69, 11.52]]),
      corridor('Corridor of 2020', '2020-01-01', '2020-02-01', [[13.16, 11.85], [13.3, 11.7]]),
      corridor('Corridor in Kenya', '2024-02-01', '2024-12-01', [[36.8, -1.3], [37, -1.1]]),
    ]) {
      const created = await h.call({ method: 'POST', url: '/api/v1/zones', as: 'analyst', payload: zone });
      expect(created.statusCode, created.body).toBe(201);
    }
    // A ceasefire binding the party of every incident, everywhere it fights, from the start of 2024.
    const truce = await h.call({
      method: 'POST',
      url: '/api/v1/agreements',
      as: 'analyst',
      payload: { name: 'Lake truce', kind: 'ceasefire', parties: ['Armed group X'], validFrom: '2024-01-01', commitments: [{ code: 'cessation_of_hostilities', description: 'No attacks' }], source: { dataset: 'report-test' } },
    });
    expect(truce.statusCode, truce.body).toBe(201);
    // The places came after the incidents: detection runs over history.
    const run = await h.call({ method: 'POST', url: '/api/v1/detections/runs', as: 'analyst', payload: {} });
    expect(run.statusCode, run.body).toBe(200);
  });

  it('draws the protected sites in the area and the zones valid in the period', async () => {
    const html = (await h.call({ method: 'GET', url: REPORT, as: 'viewer' })).body;
    const sites = [...html.matchAll(/<rect class="site"[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(sites).toEqual(['General Hospital &lt;Maiduguri&gt; (health facility, unknown)']);
    const zones = [...html.matchAll(/<g class="zone" data-kind="([^"]+)"><title>([^<]*)<\/title>/g)].map((m) => m[2]);
    expect(zones).toEqual(['Humanitarian corridor: Corridor to Bama']);
    expect(html).not.toContain('data-unavailable="Map layer “Protected sites”"');
  });
  afterAll(() => h?.close());

  it('serves a self-contained HTML page under a policy that allows only its own stylesheet', async () => {
    const response = await h.call({ method: 'GET', url: REPORT, as: 'viewer' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    const style = /<style>([\s\S]*?)<\/style>/.exec(response.body)![1]!;
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    expect(response.body).not.toMatch(/<script|<link /i);
    expect(response.body).toContain('<h1>Nigeria</h1>');
  });

  it('maps the incidents located precisely enough, counts those too imprecise, and cites the data sets, as the reader may see them', async () => {
    const forViewer = (await h.call({ method: 'GET', url: REPORT, as: 'viewer' })).body;
    expect(mapOf(forViewer)).toEqual({ dots: 2, killed: 17, tooImprecise: 1 });
    expect(sourcesOf(forViewer)).toEqual({ manual: 1, 'ucdp-ged': 1, acled: 1 });
    expect(forViewer).toContain('UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program</strong> (CC BY 4.0)');
    // The investigator is named on the restricted incident: it is on their map and in their sources.
    const forInvestigator = (await h.call({ method: 'GET', url: REPORT, as: 'investigator' })).body;
    expect(mapOf(forInvestigator).killed).toBe(117);
    expect(sourcesOf(forInvestigator)).toEqual({ manual: 2, 'ucdp-ged': 1, acled: 1 });
  });

  it('covers a box instead of a country', async () => {
    const response = await h.call({ method: 'GET', url: '/api/v1/reports/situation?bbox=13,11.5,14,12.5&from=2024-01-01&to=2024-12-31', as: 'viewer' });
    expect(response.statusCode, response.body).toBe(200);
    expect(mapOf(response.body)).toEqual({ dots: 1, killed: 7, tooImprecise: 0 });
    expect(response.body).toContain('<h1>Area of interest</h1>');
  });

  it('gives the key figures with their bounds and every status, the charts, the scorecard and the alerts, as the reader may see them', async () => {
    const html = (await h.call({ method: 'GET', url: REPORT, as: 'viewer' })).body;
    // Three incidents in Nigeria in 2024 that a viewer may see: 7, 10 and 4 combatants killed.
    expect(html).toMatch(/data-figure="incidents"><div class="label">Incidents<\/div><div class="value">3</);
    expect(html).toMatch(/data-figure="killed"><div class="label">Killed \(best estimate\)<\/div><div class="value">21</);
    expect(html).toMatch(/<tr data-status="combatant"><th scope="row">[^<]*<\/th><td class="num">21<\/td><td class="num">21–21<\/td>/);
    expect(html).toMatch(/<tr data-status="civilian"><th scope="row">Civilians<\/th><td class="num">0<\/td>/);
    // The chart of March 2024 holds them all; the others are zero.
    const points = [...html.matchAll(/<circle class="point"[^>]*data-value="(\d+)"><title>Killed, (\w+ \d{4})/g)].map((m) => [m[2], Number(m[1])]);
    expect(points).toHaveLength(12);
    expect(points.filter(([, n]) => n !== 0)).toEqual([['Mar 2024', 21]]);
    expect(html).toContain('data-category="Protection of civilians" data-total="21"');
    expect(html).toContain('data-category="Armed group X" data-total="21"');
    for (const part of ['Key figures', 'Casualties over time', 'Principles scorecard', 'Escalation alerts']) expect(html).not.toContain(`data-unavailable="${part}"`);
    expect(html).toContain('data-principle="minimise_loss_of_life"');
    expect(html).toMatch(/data-alerts="\d+"/);
    expect(html).not.toContain('data-unavailable');
    // The restricted incident (100 killed) counts for the investigator named on it.
    const forInvestigator = (await h.call({ method: 'GET', url: REPORT, as: 'investigator' })).body;
    expect(forInvestigator).toMatch(/data-figure="killed"><div class="label">Killed \(best estimate\)<\/div><div class="value">121</);
  });

  it('lists only confirmed violations, grouped by site, counts those awaiting review, and charts ceasefire violations per party and month', async () => {
    const before = (await h.call({ method: 'GET', url: REPORT, as: 'viewer' })).body;
    // Only the shelling 150 m from the hospital, exactly located, may have hit it: a possible attack, not yet reviewed,
    // so counted as awaiting review and not listed as a violation.
    const sitesPart = (html: string) => html.slice(html.indexOf('<h3>Attacks on or near protected sites</h3>'), html.indexOf('<h3>Humanitarian space'));
    expect(sitesPart(before)).toContain('<p data-violations="protected_site" data-total="0">');
    expect(sitesPart(before)).toContain('<span data-awaiting-review="1">1 possible violation awaits review (in Monitor → Detections).</span>');
    expect(sitesPart(before)).not.toContain('General Hospital');
    // The corridor was in force in February only; no incident of the period fell in it.
    expect(before).toContain('<p data-violations="humanitarian_space" data-total="0">');
    // Every violent incident of the bound party in Nigeria in 2024 that a viewer may see (the three of March, not the
    // one in Chad, not the one of 2020, not the restricted one) was detected; none is confirmed yet.
    const ceasefirePart = (html: string) => html.slice(html.indexOf('<h3>Ceasefire violations</h3>'), html.indexOf('</section>', html.indexOf('<h3>Ceasefire violations</h3>')));
    expect(ceasefirePart(before)).toContain('<p data-violations="ceasefire_violation" data-total="0">');
    expect(ceasefirePart(before)).toContain('data-awaiting-review="3"');
    const chart = before.slice(before.indexOf('data-chart="chart-violations"'));
    const party = /<g class="series" data-series="Armed group X">(.*?)<\/g>/.exec(chart)![1]!;
    expect([...party.matchAll(/data-value="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(before).toContain('data-first-violation="2024-03-01"');
    const forInvestigator = (await h.call({ method: 'GET', url: REPORT, as: 'investigator' })).body;
    expect(ceasefirePart(forInvestigator)).toContain('data-awaiting-review="4"');

    // An advisor confirms the attack on the hospital: it is listed, under the hospital, and no longer awaits review.
    const found = await h.call({ method: 'GET', url: '/api/v1/detections?kind=protected_site&country=NGA', as: 'viewer' });
    const [detection] = found.json<{ items: { id: string }[] }>().items;
    const review = await h.call({ method: 'POST', url: `/api/v1/detections/${detection!.id}/review`, as: 'human_security_advisor', payload: { decision: 'confirm', reason: 'The ward was hit, seen by the team' } });
    expect(review.statusCode, review.body).toBe(200);
    const after = (await h.call({ method: 'GET', url: REPORT, as: 'viewer' })).body;
    const table = /<table data-violations="protected_site" data-total="1">(.*?)<\/table>/s.exec(after)?.[1];
    const groups = [...(table ?? '').matchAll(/<tbody data-site="[^"]+" data-site-total="(\d+)"><tr class="group"><th scope="rowgroup" colspan="5">([^<]*)/g)].map((m) => [m[2]!.trim(), Number(m[1])]);
    expect(groups).toEqual([['General Hospital &lt;Maiduguri&gt;', 1]]);
    expect(table).toContain('The ward was hit, seen by the team');
    expect(sitesPart(after)).not.toContain('data-awaiting-review');
  });

  it('says in one line that no ceasefire or local agreement is registered, instead of its chart and list, for a period before any', async () => {
    const html = (await h.call({ method: 'GET', url: '/api/v1/reports/situation?country=NGA&from=2020-01-01&to=2020-12-31', as: 'viewer' })).body;
    expect(html.match(/No ceasefire or local agreement is registered for this area and period\./g)).toHaveLength(1);
    expect(html).not.toContain('data-chart="chart-violations"');
    expect(html).not.toContain('data-violations="ceasefire_violation"');
    // The truce of 2024 applies in 2024.
    const in2024 = (await h.call({ method: 'GET', url: REPORT, as: 'viewer' })).body;
    expect(in2024).not.toContain('data-no-agreement');
    expect(in2024).toContain('data-chart="chart-violations"');
  });

  it('says how many incidents come from sources that do not record injuries next to the injured figure', async () => {
    // Of the three a viewer sees, the GED and the ACLED one come from data sets that record deaths only.
    const html = (await h.call({ method: 'GET', url: REPORT, as: 'viewer' })).body;
    expect(html).toContain('<div class="range">no range recorded; 2 incidents come from sources that do not record injuries (ACLED, UCDP GED)</div>');
    expect(html).toContain('Injured, low–high');
  });

  it('says injuries are not recorded, instead of 0, for a register of UCDP GED events only', async () => {
    // Every 50th GED 24.1 event in Myanmar: the only incidents in Myanmar in this register.
    const text = await readFile(new URL('../fixtures/real/ucdp/ged241-myanmar-every50th.csv', import.meta.url), 'utf8');
    const rows = parse<GedRow>(text, { columns: true });
    const imported = await importIncidentBatch(h.ctx, h.users.analyst, rows.map((row, i) => ({ rowNumber: i + 1, input: gedRowToIncident(row) })));
    expect(imported.rejected).toEqual([]);
    const response = await h.call({ method: 'GET', url: '/api/v1/reports/situation?country=MMR&from=2014-01-01&to=2023-12-31', as: 'viewer' });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const html = response.body;
    expect(html).toContain('data-figure="injured"><div class="label">Injured</div><div class="value">not recorded</div><div class="range">not recorded by the sources (UCDP GED)</div>');
    expect(html).not.toContain('Injured, low–high');
    expect(html).not.toContain('data-series="Injured"');
    const inPeriod = rows.filter((row) => (row.date_end ?? '').slice(0, 10) >= '2014-01-01').length;
    expect(inPeriod).toBeGreaterThan(0);
    expect(html).toContain(`data-figure="incidents"><div class="label">Incidents</div><div class="value">${inPeriod}<`);
  });

  it('lets its sections flow on, with no page forced between them', async () => {
    const html = (await h.call({ method: 'GET', url: REPORT, as: 'viewer' })).body;
    expect(html).not.toMatch(/new-page|break-before:\s*page|page-break-before:\s*always/);
  });

  it('refuses a query without an area, with both areas, or with the period backwards, naming the field', async () => {
    const cases: [string, string][] = [
      ['from=2024-01-01&to=2024-12-31', 'country'],
      ['country=NGA&bbox=1,1,2,2&from=2024-01-01&to=2024-12-31', 'bbox'],
      ['country=NGA&from=2024-12-31&to=2024-01-01', 'to'],
      ['country=XYZ&from=2024-01-01&to=2024-12-31', 'country'],
      ['country=NGA&from=2024-01-01', 'to'],
    ];
    for (const [query, field] of cases) {
      for (const path of ['/api/v1/reports/situation', '/api/v1/reports/situation.pdf']) {
        const response = await h.call({ method: 'GET', url: `${path}?${query}`, as: 'viewer' });
        expect(response.statusCode, `${path}?${query}`).toBe(400);
        expect(response.json().error.issues.map((i: { path: string }) => i.path)).toContain(field);
      }
    }
  });

  it('prints the same report to an A4 PDF with its pages and figures', { timeout: 60_000 }, async () => {
    const response = await h.call({ method: 'GET', url: REPORT.replace('situation?', 'situation.pdf?'), as: 'viewer' });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('attachment; filename="situation-report-NGA-2024-01-01-2024-12-31.pdf"');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(2);
    const text = pdfText(pdf).normalize('NFKC').replace(/\s+/g, ' ');
    expect(text).toContain('Nigeria');
    expect(text).toContain('1 January 2024 – 31 December 2024');
    expect(text).toContain('1 incident is located only to a region or a country');
    expect(text).toContain('INCIDENTS 3 recorded in the area and period');
    expect(text).toContain('KILLED (BEST ESTIMATE) 21');
    expect(text).toMatch(/Page 1 of \d/);
  });

  describe('escalation over a long period', () => {
    // Cameroon, two quiet incidents a week (one death each) from July 2022 to the end of 2024; in the week of
    // 6 February 2023 ten more with 25 deaths each (252 deaths in 12 incidents), in the week of 4 November 2024 eight
    // more with one death each. The report covers 2023–2024: the worst week is early, far before its last twelve weeks.
    const LONG = '/api/v1/reports/situation?country=CMR&from=2023-01-01&to=2024-12-31';
    const place = { lat: 10.6, lon: 14.3, precision: 'exact' as const, country: 'CMR', admin1: 'Far North' };
    const day = (monday: string, offset: number) => new Date(Date.parse(`${monday}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    beforeAll(async () => {
      const rows: IncidentInput[] = [];
      const add = (date: string, killed: number, title: string) =>
        rows.push({ ...validIncident(), title, dateEarliest: date, dateLatest: date, datePrecision: 'day', location: place, casualties: [{ kind: 'killed', status: 'civilian', best: killed }] });
      for (let monday = '2022-07-04'; monday <= '2024-12-23'; monday = day(monday, 7)) for (let k = 0; k < 2; k++) add(day(monday, k), 1, `quiet ${monday} ${k}`);
      for (let k = 0; k < 10; k++) add(day('2023-02-06', k % 7), 25, `worst week ${k}`);
      for (let k = 0; k < 8; k++) add(day('2024-11-04', k % 7), 1, `late rise ${k}`);
      const report = await importIncidentBatch(h.ctx, h.users.analyst, rows.map((input, i) => ({ rowNumber: i + 1, input: { ...input, origin: { dataset: 'long-period-fixture', externalId: String(i) } } })));
      expect(report.rejected).toEqual([]);
    });

    it('tests every complete week of the period and lists its worst week first, though it is early', async () => {
      const response = await h.call({ method: 'GET', url: LONG, as: 'viewer' });
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      const alerts = /<section id="alerts">(.*?)<\/section>/s.exec(response.body)![1]!;
      const weeks = [...alerts.matchAll(/<tr data-week="([\d-]+)"/g)].map((m) => m[1]);
      expect(weeks[0]).toBe('2023-02-06');
      expect(weeks).toContain('2024-11-04');
      // The worst week's deaths: 2 × 1 + 10 × 25, in twelve incidents, not a single event.
      expect(alerts).toMatch(/<tr data-week="2023-02-06"><td>[^<]*<span class="note">\((country|admin1)\)<\/span><\/td><td>[^<]*<\/td><td>deaths<\/td><td class="num">252<\/td>.*?<td class="num">12<\/td><\/tr>/);
      expect(alerts).not.toContain('data-single-event');
      expect(alerts).toContain('Every complete week of the period was tested');
      expect(alerts).toMatch(/data-alerts-total="\d+"/);
    });
  });
});
