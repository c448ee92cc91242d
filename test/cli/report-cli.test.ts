import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/composition/app-context.js';
import { recordIncident } from '../../src/application/incident.service.js';
import { openStore } from '../../src/store/store.js';
import { haven } from '../support/cli-runner.js';
import { validIncident } from '../support/incident-fixtures.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';

describe('haven report', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-report-cli-'));
    database = join(dir, 'haven.db');
    const store = await openStore(database);
    try {
      const ctx = createAppContext(store);
      const analyst = { id: 'analyst-1', username: 'ana', role: 'analyst' as const };
      const base = validIncident();
      for (const [lat, lon, killed] of [[11.85, 13.16, 4], [10.3, 9.8, 6]] as const) {
        await recordIncident(ctx, analyst, { ...base, location: { ...base.location, lat, lon }, casualties: [{ kind: 'killed', status: 'civilian', best: killed }] });
      }
    } finally {
      await store.connection.close();
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the HTML and the PDF for a country and period', { timeout: 60_000 }, async () => {
    const html = join(dir, 'report.html');
    const pdf = join(dir, 'report.pdf');
    const out = await haven(['report', '--area', 'NGA', '--from', '2024-01-01', '--to', '2024-06-30', '--html', html, '--pdf', pdf], { database });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain(`wrote the situation report (PDF`);
    const page = await readFile(html, 'utf8');
    expect(page).toContain('<h1>Nigeria</h1>');
    const dots = [...page.matchAll(/<circle class="incident"[^>]*data-killed="(\d+)"/g)].map((m) => Number(m[1]));
    expect(dots.reduce((a, b) => a + b, 0)).toBe(10);
    const printed = await readFile(pdf);
    expect(pdfPageCount(printed)).toBeGreaterThanOrEqual(2);
    expect(pdfText(printed).normalize('NFKC')).toContain('1 January 2024 – 30 June 2024');
  });

  it('prints the HTML to standard output without a file, and names the field of a bad area', async () => {
    const out = await haven(['report', '--area', 'NGA', '--from', '2024-01-01', '--to', '2024-06-30'], { database });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout.startsWith('<!doctype html>')).toBe(true);
    const bad = await haven(['report', '--area', 'Narnia', '--from', '2024-01-01', '--to', '2024-06-30'], { database });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('country: must be an ISO 3166-1 alpha-3 country code');
  });
});
