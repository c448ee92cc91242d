import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrestsVersusKillings } from '../../src/application/case.service.js';
import { listIncidents } from '../../src/application/incident.service.js';
import { addUser, type BrowserSession, checkEachTest, clearFailureScreenshots, type HavenServer, logIn, openBrowser, startHaven } from './browser-harness.js';

const SCREENSHOTS = 'failure-cases-';

describe('accountability cases in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let investigator: { username: string; password: string };
  let incidentId = '';
  let incidentTitle = '';

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 20 });
    investigator = await addUser(haven, 'investigator');
    const page = await listIncidents(haven.ctx, haven.actor, {}, { limit: 1 });
    incidentId = page.items[0]!.id;
    incidentTitle = page.items[0]!.title;
    session = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOTS);

  it('an investigator opens a case linked to an incident, refers it to the ICC, records an arrest, and sees the timeline', { timeout: 90_000 }, async () => {
    const page = session.page;
    await logIn(page, haven.url, investigator);
    await page.getByTestId('area-cases').click();
    await page.getByTestId('cases-intro').waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('cases');

    await page.getByTestId('new-case').click();
    const form = page.getByTestId('case-form');
    await form.waitFor();
    await form.getByTestId('case-title').fill('Shelling of the market school');
    await form.getByTestId('case-summary').fill('A school used as a shelter was shelled at midday.');
    // The incident is chosen by searching its title; the picker's first match is the newest that matches.
    await form.getByTestId('case-incidents-search').fill(incidentTitle.slice(0, 24));
    await form.locator(`[data-testid="case-incidents-option"][data-id="${incidentId}"]`).click();
    await form.locator(`[data-testid="case-incidents-chip"][data-id="${incidentId}"]`).waitFor();
    await form.getByTestId('perpetrator-0-name').fill('Commander Kalu');
    await form.getByTestId('perpetrator-0-affiliation').fill('Armed group X');
    await form.getByTestId('perpetrator-0-role').fill('Battalion commander');
    await form.getByTestId('qualification-rs-8-2-e-iv').check();
    await form.getByTestId('case-submit').click();

    const detail = page.locator('[data-testid="case-detail"][data-state="ready"]');
    await detail.waitFor();
    expect(await detail.getAttribute('data-status')).toBe('documented');
    const caseId = (await detail.getAttribute('data-id'))!;
    expect(new URL(page.url()).searchParams.get('case')).toBe(caseId);
    expect(await detail.getByTestId('case-incident-link').getAttribute('href')).toBe(`?incident=${incidentId}`);
    expect(await detail.getByTestId('case-qualification').textContent()).toContain('Art. 8(2)(e)(iv)');
    await page.locator(`[data-testid="case-row"][data-id="${caseId}"]`).waitFor();

    // documented → referred (to the ICC)
    const stepForm = detail.getByTestId('step-form');
    await stepForm.getByTestId('step-status').selectOption('referred');
    await stepForm.locator('select[name="referredTo.body"]').selectOption('icc');
    await stepForm.getByTestId('step-referred-name').fill('Office of the Prosecutor');
    await stepForm.getByTestId('step-date').fill('2026-11-20');
    await stepForm.getByTestId('step-source').fill('Letter of referral');
    await stepForm.getByTestId('step-submit').click();
    await page.locator('[data-testid="case-detail"][data-state="ready"][data-status="referred"]').waitFor();
    expect(await detail.getByTestId('case-status').textContent()).toBe('Referred');

    // An arrest of the suspect, recorded as such.
    const person = detail.getByTestId('case-perpetrator');
    await person.getByTestId('event-open').click();
    await person.getByTestId('event-kind').selectOption('arrested');
    await person.getByTestId('event-date').fill('2026-11-22');
    await person.getByTestId('event-arrested-by').fill('National police');
    await person.getByTestId('event-arrested-place').fill('Maiduguri');
    await person.getByTestId('event-submit').click();
    await page.locator('[data-testid="case-perpetrator"][data-status="in_custody"]').waitFor();
    expect(await detail.getByTestId('perpetrator-event').textContent()).toContain('National police');

    // The timeline: opened, then referred to the ICC with its source.
    const steps = await detail.getByTestId('case-step').evaluateAll((items) => items.map((i) => ({ status: i.getAttribute('data-status'), text: i.textContent ?? '' })));
    expect(steps.map((s) => s.status)).toEqual(['documented', 'referred']);
    expect(steps[1]!.text).toContain('International Criminal Court');
    expect(steps[1]!.text).toContain('Letter of referral');
    expect(steps[1]!.text).toContain(investigator.username);

    // The list shows the new status, and the scorecard's count reads the arrest.
    await page.locator(`[data-testid="case-row"][data-id="${caseId}"][data-status="referred"]`).waitFor();
    const counts = await arrestsVersusKillings(haven.ctx, haven.actor, {});
    expect(counts.arrested).toBe(1);
    expect(counts.killed).toBe(0);
  });
});
