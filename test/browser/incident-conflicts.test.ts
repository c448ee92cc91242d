import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIncidents } from '../../src/application/incident.service.js';
import { dataOf } from '../../src/core/incident-diff.js';
import type { IncidentDetail, IncidentUpdateResult } from '../../src/core/incident.schema.js';
import { addUser, checkEachTest, logIn, openBrowser, rows, startHaven, type BrowserSession, type HavenServer } from './browser-harness.js';

/** Calls the API as a user with their own session, as another client would (not through the page under test). */
async function apiAs(baseUrl: string, credentials: { username: string; password: string }) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  if (login.status !== 200) throw new Error(`login failed: ${await login.text()}`);
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('haven_session='))!.split(';')[0]!;
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, { method, headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

describe('a field changed on both sides, resolved in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession | undefined;
  let analyst: { username: string; password: string };
  let incidentId = '';

  beforeAll(async () => {
    haven = await startHaven({ incidents: 8 });
    analyst = await addUser(haven, 'analyst');
    const investigator = await addUser(haven, 'investigator');
    incidentId = (await listIncidents(haven.ctx, haven.actor, {}, { limit: 1 })).items[0]!.id;
    // Two people edit the same version: the analyst saves first, the investigator's edit arrives later.
    const asAnalyst = await apiAs(haven.url, analyst);
    const asInvestigator = await apiAs(haven.url, investigator);
    const base = await asAnalyst<IncidentDetail>('GET', `/incidents/${incidentId}`);
    await asAnalyst('PUT', `/incidents/${incidentId}`, { ...dataOf(base), title: 'Title kept by the analyst', expectedVersion: base.version });
    const late = await asInvestigator<IncidentUpdateResult>('PUT', `/incidents/${incidentId}`, { ...dataOf(base), title: 'Title from the investigator', expectedVersion: base.version });
    expect(late.merge?.conflicts.map((c) => c.path)).toEqual(['title']);
    session = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, 'failure-incident-conflicts-');

  it('lists the incident under the conflicts filter, shows the banner with both values, and takes the other value', { timeout: 90_000 }, async () => {
    const page = session!.page;
    await logIn(page, haven.url, analyst);
    // The queue: the filter "only with conflicts to resolve", kept in the link.
    await page.goto(`${haven.url}/?hasConflicts=true`);
    expect((await rows(page)).map((r) => r.id)).toEqual([incidentId]);
    expect(await page.getByTestId('conflict-marker').textContent()).toBe('1 conflict');
    expect(await page.getByTestId('filter-has-conflicts').inputValue()).toBe('true');

    await page.locator(`[data-testid="incident-row"][data-id="${incidentId}"]`).click();
    await page.locator('[data-testid="incident-detail"][data-state="ready"]').waitFor();
    const banner = page.getByTestId('detail-conflicts');
    expect(await banner.locator('h3').textContent()).toBe('1 field changed on both sides');
    const conflict = banner.getByTestId('conflict');
    expect(await conflict.getAttribute('data-path')).toBe('title');
    expect(await conflict.getByTestId('conflict-held').textContent()).toBe('Title kept by the analyst');
    expect(await conflict.getByTestId('conflict-proposed').textContent()).toBe('Title from the investigator');
    expect(await conflict.textContent()).toContain('investigator-browser');
    expect(await page.getByTestId('detail-title').textContent()).toBe('Title kept by the analyst');
    await session!.screenshot('incident-conflict-banner');

    await conflict.getByTestId('conflict-take').click();
    await page.locator('[data-testid="incident-detail"][data-state="ready"]').waitFor();
    await expect.poll(() => page.getByTestId('detail-title').textContent()).toBe('Title from the investigator');
    expect(await page.getByTestId('detail-conflicts').count()).toBe(0);
    const audit = await page.getByTestId('detail-audit').textContent();
    expect(audit).toContain('Conflict flagged');
    expect(audit).toContain('Conflict resolved');
    expect(audit).toContain('took the other value: Title from the investigator');

    // Resolved, the incident leaves the queue.
    await page.goto(`${haven.url}/?hasConflicts=true`);
    await page.locator('.incident-list[data-state="ready"]').waitFor();
    expect(await page.getByTestId('incident-row').count()).toBe(0);
    expect(await page.locator('.incident-list .list-status').textContent()).toBe('No incidents match the filter.');
  });
});
