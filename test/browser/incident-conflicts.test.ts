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
  let investigator: { username: string; password: string };
  let incidentId = '';

  beforeAll(async () => {
    haven = await startHaven({ incidents: 8 });
    analyst = await addUser(haven, 'analyst');
    investigator = await addUser(haven, 'investigator');
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

  it('lists open conflicts in the queue with a count in the navigation, resolves with values of one’s own, and empties', { timeout: 90_000 }, async () => {
    // A second incident, two fields changed on both sides: title and latest date.
    const otherId = (await listIncidents(haven.ctx, haven.actor, {}, { limit: 2 })).items.find((i) => i.id !== incidentId)!.id;
    const asAnalyst = await apiAs(haven.url, analyst);
    const asInvestigator = await apiAs(haven.url, investigator);
    const base = await asAnalyst<IncidentDetail>('GET', `/incidents/${otherId}`);
    const daysAfterLatest = (days: number) => new Date(Date.parse(`${base.dateLatest}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    await asAnalyst('PUT', `/incidents/${otherId}`, { ...dataOf(base), title: 'Queued: the analyst’s title', dateLatest: daysAfterLatest(2), expectedVersion: base.version });
    const late = await asInvestigator<IncidentUpdateResult>('PUT', `/incidents/${otherId}`, { ...dataOf(base), title: 'Queued: the investigator’s title', dateLatest: daysAfterLatest(1), expectedVersion: base.version });
    expect(late.merge?.conflicts.map((c) => c.path).sort()).toEqual(['dateLatest', 'title']);

    const page = session!.page;
    await page.goto(haven.url);
    await expect.poll(() => page.getByTestId('area-conflicts-count').textContent()).toBe('2');
    await page.getByTestId('area-conflicts').click();
    const queue = page.getByTestId('conflict-queue');
    await page.locator('[data-testid="conflict-queue"][data-state="ready"]').waitFor();
    expect(await queue.getByTestId('queued-conflict').evaluateAll((items) => items.map((i) => i.getAttribute('data-path')).sort())).toEqual(['dateLatest', 'title']);
    expect(await page.getByTestId('conflict-queue-status').textContent()).toBe('2 open conflicts');

    // Filtered to the title: one conflict, with both values and who proposed the other.
    await page.getByTestId('conflict-queue-field').selectOption('title');
    const title = queue.getByTestId('queued-conflict');
    expect(await title.count()).toBe(1);
    expect(await page.getByTestId('conflict-queue-status').textContent()).toBe('1 open conflict');
    expect(await title.getByTestId('queued-conflict-incident').textContent()).toBe('Queued: the analyst’s title');
    expect(await title.getByTestId('conflict-proposed').textContent()).toBe('Queued: the investigator’s title');
    expect(await title.textContent()).toContain('investigator-browser');

    // A value of one's own that the server refuses: its reason shows beside the input, and nothing changes.
    const input = title.getByTestId('conflict-value-input');
    expect(await input.inputValue()).toBe('Queued: the analyst’s title');
    await input.fill('ab');
    await title.getByTestId('conflict-value-submit').click();
    await expect.poll(() => title.getByTestId('conflict-error').textContent()).toContain('title: must be at least 3 characters');
    expect(await title.getByTestId('conflict-value-input').getAttribute('aria-invalid')).toBe('true');
    await session!.screenshot('conflict-queue-refused-value');

    await input.fill('Title chosen in the queue');
    await title.getByTestId('conflict-value-submit').click();
    await expect.poll(() => page.getByTestId('conflict-queue-status').textContent()).toBe('No open conflicts on this field.');
    await expect.poll(() => page.getByTestId('area-conflicts-count').textContent()).toBe('1');

    // The date's conflict links to its incident, and is resolved there with a date of one's own.
    await page.getByTestId('conflict-queue-field').selectOption('');
    await queue.getByTestId('queued-conflict-incident').click();
    await page.locator('[data-testid="incident-detail"][data-state="ready"]').waitFor();
    expect(await page.getByTestId('detail-title').textContent()).toBe('Title chosen in the queue');
    const banner = page.getByTestId('detail-conflicts').getByTestId('conflict');
    expect(await banner.getAttribute('data-path')).toBe('dateLatest');
    const date = banner.getByTestId('conflict-value-input');
    expect(await date.getAttribute('type')).toBe('date');
    await date.fill(daysAfterLatest(3));
    await banner.getByTestId('conflict-value-submit').click();
    await expect.poll(() => page.getByTestId('detail-conflicts').count()).toBe(0);
    await expect.poll(() => page.getByTestId('area-conflicts-count').count()).toBe(0);
    const resolved = await asAnalyst<IncidentDetail>('GET', `/incidents/${otherId}`);
    expect({ title: resolved.title, dateLatest: resolved.dateLatest, conflicts: resolved.conflicts }).toEqual({ title: 'Title chosen in the queue', dateLatest: daysAfterLatest(3), conflicts: [] });

    // The queue is empty, and its tab shows only while it is open.
    expect(await page.getByTestId('area-conflicts').isHidden()).toBe(true);
    await page.goto(`${haven.url}/?view=conflicts`);
    await expect.poll(() => page.getByTestId('conflict-queue-status').textContent()).toBe('No open conflicts.');
    expect(await page.getByTestId('queued-conflict').count()).toBe(0);
  });
});
