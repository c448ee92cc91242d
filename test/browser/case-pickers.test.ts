import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import type { Actor } from '../../src/application/app-context.js';
import { receiveEvidence, stageEvidenceFile } from '../../src/application/evidence.service.js';
import { recordIncident } from '../../src/application/incident.service.js';
import { restrictRecord } from '../../src/application/restriction.service.js';
import { validIncident } from '../support/incident-fixtures.js';
import { addUser, type BrowserSession, checkEachTest, clearFailureScreenshots, type HavenServer, logIn, openBrowser, screenshotOf, startHaven } from './browser-harness.js';

const SCREENSHOTS = 'failure-case-pickers-';

/** The case form chooses linked incidents and evidence by searching them, and the case shows them by title, as links. */
describe('case pickers in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  const investigator = { username: 'investigator-pickers', password: 'a long investigator passphrase for the pickers' };
  const incidentTitle = 'Shelling of the Bulabulin market school';
  let incidentId = '';
  let clinicId = '';
  let itemId = '';
  let caseId = '';

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 20 });
    const user = await createUserAsOperator(haven.ctx, { ...investigator, role: 'investigator', displayName: 'An investigator' });
    const actor: Actor = { id: user.id, username: user.username, role: 'investigator' };
    // Two incidents whose titles share words: the search must be narrowed to the one meant.
    incidentId = (await recordIncident(haven.ctx, actor, { ...validIncident(), title: incidentTitle, location: { ...validIncident().location, placeName: 'Gwoza' } })).id;
    // Recorded by the administrator, who can later restrict it away from the investigator (a recorder stays on the list).
    clinicId = (await recordIncident(haven.ctx, haven.actor, { ...validIncident(), title: 'Shelling of the Bulabulin clinic' })).id;
    const staged = await stageEvidenceFile(haven.ctx, actor, Readable.from([Buffer.from('The teacher saw the shells land on the school at noon.')]));
    itemId = (await receiveEvidence(haven.ctx, actor, staged, { incidentIds: [incidentId], description: 'Statement of the head teacher' }, { declaredName: 'teacher-statement.txt', ip: null })).id;
    session = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOTS);

  it('an investigator links an incident and an evidence item by searching them, and the case shows their titles as links', { timeout: 90_000 }, async () => {
    const page = session.page;
    await logIn(page, haven.url, investigator);
    await page.getByTestId('area-cases').click();
    await page.getByTestId('new-case').click();
    const form = page.getByTestId('case-form');
    await form.waitFor();

    // Without a title the form says so at the title field, and sends nothing.
    await form.getByTestId('case-submit').click();
    const titleError = form.locator('[data-error-for="title"]');
    await titleError.waitFor();
    expect(await titleError.textContent()).toContain('required');
    expect(await form.getByTestId('case-title').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[data-testid="case-title"]:focus').count()).toBe(1);

    await form.getByTestId('case-title').fill('Attack on the Bulabulin market school');
    // Typing the title clears its issue.
    await titleError.waitFor({ state: 'hidden' });

    // The incident: part of its title, then the arrow and Enter.
    const incidentSearch = form.getByTestId('case-incidents-search');
    await incidentSearch.fill('bulabulin market');
    const options = form.getByTestId('case-incidents-option');
    await form.locator('[data-testid="case-incidents"][data-search="ready"]').waitFor();
    await form.getByTestId('case-incidents-options').waitFor();
    expect(await options.count()).toBe(1);
    expect(await options.first().textContent()).toContain('Gwoza, Nigeria');
    expect(await incidentSearch.getAttribute('aria-expanded')).toBe('true');
    await incidentSearch.press('ArrowDown');
    expect(await incidentSearch.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'));
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    await screenshotOf(page, 'screenshots/case-form-picker-1280');
    await incidentSearch.press('Enter');
    const incidentChip = form.getByTestId('case-incidents-chip');
    await incidentChip.waitFor();
    expect(await incidentChip.getAttribute('data-id')).toBe(incidentId);
    expect(await incidentChip.textContent()).toContain(incidentTitle);
    expect(await incidentSearch.inputValue()).toBe('');
    expect(await incidentSearch.getAttribute('aria-expanded')).toBe('false');
    // Enter chose; it did not open the case.
    expect(await page.getByTestId('case-detail').count()).toBe(0);

    // Escape closes the matches without choosing.
    await incidentSearch.fill('clinic');
    await form.getByTestId('case-incidents-options').waitFor();
    await incidentSearch.press('Escape');
    await form.getByTestId('case-incidents-options').waitFor({ state: 'hidden' });
    expect(await form.getByTestId('case-incidents-chip').count()).toBe(1);
    await incidentSearch.fill('');

    // The evidence item: by words of its description.
    const evidenceSearch = form.getByTestId('case-evidence-search');
    await evidenceSearch.fill('head teacher');
    const item = form.locator(`[data-testid="case-evidence-option"][data-id="${itemId}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('teacher-statement.txt');
    await evidenceSearch.press('ArrowDown');
    await evidenceSearch.press('Enter');
    await form.locator(`[data-testid="case-evidence-chip"][data-id="${itemId}"]`).waitFor();

    await form.getByTestId('case-submit').click();
    const detail = page.locator('[data-testid="case-detail"][data-state="ready"]');
    await detail.waitFor();
    caseId = (await detail.getAttribute('data-id'))!;
    const incidentLink = detail.getByTestId('case-incident-link');
    expect(await incidentLink.textContent()).toBe(incidentTitle);
    expect(await incidentLink.getAttribute('href')).toBe(`?incident=${incidentId}`);
    expect(await detail.getByTestId('case-incident').textContent()).toContain('2024-03-01 – 2024-03-02 · Gwoza, Nigeria');
    const evidenceLink = detail.getByTestId('case-evidence-link');
    expect(await evidenceLink.textContent()).toBe('teacher-statement.txt');
    expect(await evidenceLink.getAttribute('href')).toBe(`?incident=${incidentId}`);
    expect(await detail.getByTestId('case-evidence-report').getAttribute('href')).toBe(`/api/v1/evidence/${itemId}/custody-report`);
    expect(await detail.textContent()).not.toContain(`Incident ${incidentId}`);
    await screenshotOf(page, 'screenshots/case-detail-links-1280');

    // The incident's title opens it in the register.
    await incidentLink.click();
    await page.locator(`[data-testid="incident-detail"][data-state="ready"][data-id="${incidentId}"]`).waitFor();
    expect(await page.getByTestId('detail-title').textContent()).toBe(incidentTitle);
    const url = new URL(page.url());
    expect(url.searchParams.get('incident')).toBe(incidentId);
    expect(url.searchParams.get('view')).toBeNull();
  });

  it('removes a chosen record with its chip’s button', { timeout: 60_000 }, async () => {
    const page = session.page;
    await page.goto(`${haven.url}/?view=cases&case=new`);
    const form = page.getByTestId('case-form');
    await form.waitFor();
    const search = form.getByTestId('case-incidents-search');
    await search.fill('bulabulin');
    await form.getByTestId('case-incidents-options').waitFor();
    expect(await form.getByTestId('case-incidents-option').count()).toBe(2);
    await search.press('ArrowDown');
    await search.press('Enter');
    await search.fill('bulabulin');
    await form.getByTestId('case-incidents-options').waitFor();
    // What is chosen already is not offered again.
    expect(await form.getByTestId('case-incidents-option').count()).toBe(1);
    await search.press('ArrowUp');
    await search.press('Enter');
    expect(await form.getByTestId('case-incidents-chip').count()).toBe(2);
    const first = form.getByTestId('case-incidents-chip').first();
    const removed = await first.getAttribute('data-id');
    await first.getByTestId('case-incidents-remove').click();
    expect(await form.getByTestId('case-incidents-chip').count()).toBe(1);
    expect(await form.getByTestId('case-incidents-chip').getAttribute('data-id')).not.toBe(removed);
  });

  // Last: it restricts the clinic incident.
  it('shows the server’s refusal at the field it concerns, and finds no record the reader may no longer see', { timeout: 60_000 }, async () => {
    const page = session.page;
    await page.goto(`${haven.url}/?view=cases&case=new`);
    const form = page.getByTestId('case-form');
    await form.waitFor();
    await form.getByTestId('case-title').fill('Attack on the Bulabulin clinic');
    const search = form.getByTestId('case-incidents-search');
    await search.fill('bulabulin clinic');
    await form.locator(`[data-testid="case-incidents-option"][data-id="${clinicId}"]`).waitFor();
    await search.press('ArrowDown');
    await search.press('Enter');
    await form.locator(`[data-testid="case-incidents-chip"][data-id="${clinicId}"]`).waitFor();

    // Behind the browser's back the incident is restricted to someone else: the server refuses the link.
    await restrictRecord(haven.ctx, haven.actor, 'incident', clinicId, { users: [haven.admin.username] });
    await form.getByTestId('case-submit').click();
    const incidentsError = form.locator('[data-error-for="incidentIds"] .issue[data-source="server"]');
    await incidentsError.waitFor();
    expect(await incidentsError.textContent()).toContain(`there is no incident ${clinicId}`);
    expect(await search.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('[data-error-for="title"]').isHidden()).toBe(true);
    expect(await page.getByTestId('case-detail').count()).toBe(0);

    // And the picker no longer finds it.
    await form.getByTestId('case-incidents-remove').click();
    await search.fill('bulabulin clinic');
    await form.locator('[data-testid="case-incidents"][data-search="ready"]').waitFor();
    expect(await form.getByTestId('case-incidents-option').count()).toBe(0);
    expect(await form.getByTestId('case-incidents').locator('.picker-status').textContent()).toContain('No incident matches');
  });

  it('names a linked evidence item only as a restricted record to a role that does not read evidence', { timeout: 60_000 }, async () => {
    const page = session.page;
    const authority = await addUser(haven, 'civilian_authority');
    await page.context().clearCookies();
    await logIn(page, haven.url, authority);
    await page.goto(`${haven.url}/?view=cases&case=${caseId}`);
    const detail = page.locator('[data-testid="case-detail"][data-state="ready"]');
    await detail.waitFor();
    expect(await detail.getByTestId('case-incident-link').textContent()).toBe(incidentTitle);
    const item = detail.getByTestId('case-evidence');
    expect(await item.getAttribute('data-state')).toBe('restricted');
    expect(await item.textContent()).toContain('Restricted record');
    expect(await detail.getByTestId('case-evidence-link').count()).toBe(0);
    expect(await detail.textContent()).not.toContain('teacher-statement.txt');
    // Nor can this role open a case: the form is not offered.
    expect(await page.getByTestId('new-case').count()).toBe(0);
  });
});
