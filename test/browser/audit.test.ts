import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIncidents } from '../../src/application/incident.service.js';
import { createGroup, restrictRecord } from '../../src/application/restriction.service.js';
import { addUser, type BrowserSession, checkEachTest, clearFailureScreenshots, type HavenServer, logIn, openBrowser, screenshotOf, startHaven } from './browser-harness.js';

const SCREENSHOTS = 'failure-audit-';
const GROUPS = 55;

describe('the audit log in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let auditor: { username: string; password: string };
  let analyst: { username: string; password: string };
  let hiddenId = '';

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 5 });
    auditor = await addUser(haven, 'auditor');
    analyst = await addUser(haven, 'analyst');
    // More group changes than a page holds, and an incident restricted to the administrator alone.
    for (let i = 0; i < GROUPS; i++) await createGroup(haven.ctx, haven.actor, { name: `team-${String(i).padStart(2, '0')}` });
    hiddenId = (await listIncidents(haven.ctx, haven.actor, {}, { limit: 1 })).items[0]!.id;
    await restrictRecord(haven.ctx, haven.actor, 'incident', hiddenId, { users: [haven.actor.username] });
    session = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOTS);

  it('the auditor opens the log, filters it by action, pages back, and never sees the restricted incident', { timeout: 90_000 }, async () => {
    const page = session.page;
    await logIn(page, haven.url, auditor);
    await page.getByTestId('area-audit').click();
    const area = page.getByTestId('audit-area');
    await area.locator('[data-testid="audit-log"][data-state="ready"]').waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('audit');
    expect(await page.getByTestId('audit-row').count()).toBeGreaterThan(0);
    expect(await area.innerText()).not.toContain(hiddenId);

    await page.getByTestId('audit-filter-action').fill('group');
    await page.getByTestId('audit-apply').click();
    await area.locator('[data-testid="audit-log"][data-state="ready"]').waitFor();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(50);
    const actions = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: Record<string, string> }).dataset['action']));
    expect(new Set(actions)).toEqual(new Set(['group.create']));
    await page.getByTestId('audit-more').click();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(GROUPS);
    expect(await page.getByTestId('audit-more').isHidden()).toBe(true);
    await screenshotOf(page, 'audit-log');

    await page.getByTestId('audit-filter-action').fill('');
    await page.getByTestId('audit-filter-entity-id').fill(hiddenId);
    await page.getByTestId('audit-apply').click();
    await area.locator('[data-testid="audit-log"][data-state="ready"]').waitFor();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(0);
    expect(await page.getByTestId('audit-status').innerText()).toMatch(/no entries/i);
  });

  it('is not offered to a role without audit:read', { timeout: 60_000 }, async () => {
    const page = session.page;
    await page.getByTestId('logout').click();
    await page.getByTestId('login-view').waitFor();
    await logIn(page, haven.url, analyst);
    await page.getByTestId('area-incidents').waitFor();
    expect(await page.getByTestId('area-audit').count()).toBe(0);
    await page.goto(`${haven.url}/?view=audit`);
    await page.getByTestId('app').waitFor();
    expect(await page.getByTestId('audit-area').count()).toBe(0);
  });
});
