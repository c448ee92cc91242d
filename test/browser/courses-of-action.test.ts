import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/application/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { createPlanningSituation, getPlanningSituation } from '../../src/application/course-of-action.service.js';
import { getForceRequest } from '../../src/application/force-request.service.js';
import { getProtectiveAction } from '../../src/application/protective-action.service.js';
import { ledgerEntry, verifyLedger } from '../../src/application/ledger.service.js';
import { planningDraft } from '../support/coa-fixtures.js';
import { checkEachTest, clearFailureScreenshots, logIn, openBrowser, startHaven, type BrowserSession, type HavenServer } from './browser-harness.js';

const SCREENSHOTS = 'failure-courses-of-action-';
const PLANNER = { username: 'planner', password: 'a long passphrase for the plans', role: 'analyst' as const, displayName: 'A planner' };
const COMMANDER = { username: 'commander', password: 'a long passphrase for the choice', role: 'commander' as const, displayName: 'A commander' };
const REASONS = 'Arrest keeps the commander alive for trial and protects the villages';

describe('courses of action in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;
  let planner: Actor;
  let commander: Actor;
  let situationId = '';

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 10 });
    const p = await createUserAsOperator(haven.ctx, PLANNER);
    const c = await createUserAsOperator(haven.ctx, COMMANDER);
    planner = { id: p.id, username: p.username, role: 'analyst' };
    commander = { id: c.id, username: c.username, role: 'commander' };
    situationId = (await createPlanningSituation(haven.ctx, planner, planningDraft())).id;
    session = await openBrowser();
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 900 });
    await logIn(page, haven.url, COMMANDER);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOTS);

  it('shows the situation among the courses of action, compares its two courses side by side, and records the commander’s choice', { timeout: 120_000 }, async () => {
    await page.goto(`${haven.url}/?view=force`);
    await page.getByTestId('open-courses-of-action').click();
    await page.locator('[data-testid="coa-panel"][data-state="ready"]').waitFor();
    await page.locator(`[data-testid="coa-item"][data-id="${situationId}"]`).click();
    await page.waitForURL((url) => url.searchParams.get('request') === `coa:${situationId}`);
    const panel = page.locator('[data-testid="coa-panel"][data-state="ready"]');
    await panel.waitFor();

    // Both courses, side by side, each with its deaths as the comparison gives them.
    const courses = page.getByTestId('coa-course');
    expect(await courses.evaluateAll((items) => items.map((i) => i.getAttribute('data-course')))).toEqual(['Patrol and arrest', 'Strike']);
    expect(await courses.nth(1).getByTestId('coa-verdict').count()).toBe(1);
    expect(await courses.nth(0).getByTestId('coa-deaths').textContent()).toMatch(/^median [\d.]+, 5th–95th [\d.]+–[\d.]+/);
    // The interval chart: a bar per group and course, for deaths.
    expect(await page.locator('svg[data-chart="coa-web-deaths"] g.interval').count()).toBe(5 * 2);

    await page.getByTestId('coa-choice-course').selectOption('Patrol and arrest');
    await page.getByTestId('coa-choice-reasons').fill(REASONS);
    await page.getByTestId('coa-choose').click();
    const choice = page.locator('[data-testid="coa-choice"][data-chosen="Patrol and arrest"]');
    await choice.waitFor();
    expect(await choice.textContent()).toContain(REASONS);
    expect(await page.locator('[data-testid="coa-course"][data-chosen="true"]').getAttribute('data-course')).toBe('Patrol and arrest');

    // Recorded: in the ledger, which verifies, and the arrest a request awaiting review.
    const record = await getPlanningSituation(haven.ctx, commander, situationId);
    expect(record).toMatchObject({ status: 'chosen', choice: { courseOfAction: 'Patrol and arrest', reasons: REASONS, chosenBy: { id: commander.id } } });
    const entry = await ledgerEntry(haven.ctx, commander, record.choice!.ledgerSeq);
    expect(entry.kind).toBe('coa.choice');
    expect((await verifyLedger(haven.ctx, commander)).ok).toBe(true);
    const request = await getForceRequest(haven.ctx, commander, record.choice!.forceRequests[0]!.id);
    expect(request).toMatchObject({ status: 'awaiting_review', requestedBy: planner.id });

    // The request is one click away.
    await page.getByTestId('coa-request').click();
    await page.locator(`[data-testid="request-detail"][data-state="ready"][data-id="${request.id}"]`).waitFor();

    // The patrol, the chosen course's protective action, is in the log as planned; the commander marks it carried out.
    const plannedId = record.choice!.protectiveActions[0]!.id;
    await page.getByTestId('open-protective-actions').click();
    const planned = page.locator(`[data-testid="protective-actions"][data-state="ready"] [data-testid="pa-item"][data-id="${plannedId}"][data-status="planned"]`);
    await planned.waitFor();
    expect(await planned.textContent()).toContain('Patrol and arrest');
    await planned.getByTestId('pa-done-unit').fill('2nd Company');
    await planned.getByTestId('pa-mark-done').click();
    await page.locator(`[data-testid="protective-actions"][data-state="ready"] [data-testid="pa-item"][data-id="${plannedId}"][data-status="carried_out"]`).waitFor();
    expect(await getProtectiveAction(haven.ctx, commander, plannedId)).toMatchObject({ status: 'carried_out', unit: '2nd Company', startDate: '2025-06-01', version: 2, updatedBy: commander.id });
  });
});
