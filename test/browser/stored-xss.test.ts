import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openCase } from '../../src/application/case.service.js';
import { recordJudgement, submitForceRequest } from '../../src/application/force-request.service.js';
import type { Actor } from '../../src/application/app-context.js';
import { recordIncident } from '../../src/application/incident.service.js';
import { validIncident } from '../support/incident-fixtures.js';
import { addUser, logIn, openBrowser, startHaven, type BrowserSession, type HavenServer } from './browser-harness.js';

/**
 * Stored XSS, checked in the real browser: an incident and a case whose every free-text field holds script payloads
 * are opened in the list, the detail and the case pages. No payload runs (window.__xss stays undefined, no dialog
 * opens) and the text is shown literally. A `javascript:` source URL is refused when stored, so it is never a link.
 */
const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '"><svg onload="window.__xss=1">',
  "'><iframe src=\"javascript:window.__xss=1\"></iframe>",
];
const tagged = (field: string, i: number) => `${field}:${PAYLOADS[i % PAYLOADS.length]!}`;

async function expectNothingRan(page: Page, dialogs: string[]): Promise<void> {
  expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // No element the payloads would have made exists in the page.
  expect(await page.locator('img[src="x"], svg[onload], iframe[src^="javascript:"], script:not([src])').count()).toBe(0);
}

describe('stored XSS through the text fields the web app renders', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let investigator: { username: string; password: string };
  let incidentId = '';
  let caseId = '';
  const dialogs: string[] = [];
  const incidentTexts = {
    title: tagged('title', 0),
    narrative: tagged('narrative', 1),
    placeName: tagged('place', 2),
    admin2: tagged('admin2', 3),
    actor: tagged('actor', 0),
    sourceDescription: tagged('source', 1),
  };
  let requestId = '';
  let commander: { username: string; password: string };
  const forceTexts = {
    mission: tagged('mission', 1),
    situation: tagged('situation', 2),
    target: tagged('target', 3),
    evidence: tagged('evidence', 0),
    place: tagged('place', 1),
    reasoning: tagged('reasoning', 2),
  };
  const caseTexts = { title: tagged('case-title', 2), summary: tagged('case-summary', 3), perpetrator: tagged('perp', 0), affiliation: tagged('aff', 1), note: tagged('note', 2) };

  beforeAll(async () => {
    haven = await startHaven({ incidents: 3 });
    investigator = await addUser(haven, 'investigator');
    const base = validIncident();
    const incident = await recordIncident(haven.ctx, haven.actor, {
      ...base,
      title: incidentTexts.title,
      narrative: incidentTexts.narrative,
      location: { ...base.location, placeName: incidentTexts.placeName, admin2: incidentTexts.admin2 },
      actors: [{ name: incidentTexts.actor, actorType: 'non_state_armed_group', role: 'perpetrator' }],
      sources: [{ ref: 'S1', sourceType: 'media', description: incidentTexts.sourceDescription, url: 'https://example.org/"><img src=x onerror=window.__xss=1>', reliability: 'B', credibility: 2 }],
    });
    incidentId = incident.id;
    const investigatorUser = (await haven.ctx.store.users.findByUsername(haven.ctx.store.connection.db, investigator.username))!;
    const created = await openCase(haven.ctx, { id: investigatorUser.id, username: investigatorUser.username, role: investigatorUser.role }, {
      title: caseTexts.title,
      summary: caseTexts.summary,
      incidentIds: [incidentId],
      evidenceIds: [],
      perpetrators: [{ name: caseTexts.perpetrator, kind: 'person', affiliation: caseTexts.affiliation, roleOrRank: tagged('rank', 3), status: 'at_large' }],
      qualifications: [{ ref: 'rs-8-2-e-iv', note: caseTexts.note }],
    });
    caseId = created.id;
    commander = await addUser(haven, 'commander');
    const advisor = await addUser(haven, 'human_security_advisor');
    const actorOf = async (username: string): Promise<Actor> => {
      const u = (await haven.ctx.store.users.findByUsername(haven.ctx.store.connection.db, username))!;
      return { id: u.id, username: u.username, role: u.role };
    };
    const submitted = await submitForceRequest(haven.ctx, await actorOf(commander.username), {
      request: {
        mission: { name: forceTexts.mission, civilianApprovalRequired: true },
        situation: { armedConflict: 'non_international', description: forceTexts.situation },
        purpose: 'arrest',
        target: { kind: 'person', status: 'civilian', description: forceTexts.target },
        threat: { imminence: 'not_imminent', toLife: 'no', toWhom: 'none', evidence: forceTexts.evidence },
        alternatives: { arrestFeasible: 'yes' },
        means: { weapon: 'baton', lethal: 'no' },
        expectedEffects: {},
        location: { lat: 11.85, lon: 13.16, description: forceTexts.place },
      },
    });
    requestId = submitted.id;
    await recordJudgement(haven.ctx, await actorOf(advisor.username), requestId, { kind: 'arrest_feasible', value: 'yes', reasoning: forceTexts.reasoning });
    session = await openBrowser();
    session.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  afterEach(() => {
    expect(session.takeProblems(), 'errors in the browser during this test').toEqual([]);
  });

  it('refuses a javascript: source URL when it is stored, so it can never be rendered as a link', async () => {
    const base = validIncident();
    const attempt = recordIncident(haven.ctx, haven.actor, { ...base, sources: [{ ...base.sources![0]!, url: 'javascript:window.__xss=1' }] });
    await expect(attempt).rejects.toMatchObject({ code: 'validation_failed', issues: [expect.objectContaining({ path: 'sources.0.url' })] });
  });

  it('shows the incident in the list and its detail with every payload as literal text, and runs none', { timeout: 90_000 }, async () => {
    const page = session.page;
    await logIn(page, haven.url, investigator);
    await page.goto(`${haven.url}/?q=${encodeURIComponent('title:')}`);
    await page.getByTestId('app').waitFor();
    await page.getByText(incidentTexts.title, { exact: false }).first().waitFor();
    await expectNothingRan(page, dialogs);

    await page.goto(`${haven.url}/?incident=${incidentId}`);
    await page.getByText(incidentTexts.narrative, { exact: false }).first().waitFor();
    const text = await page.locator('body').innerText();
    for (const [field, value] of Object.entries(incidentTexts)) expect(text, field).toContain(value);
    await expectNothingRan(page, dialogs);
    // Every link on the page goes somewhere harmless.
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) expect(href.trim().toLowerCase()).not.toMatch(/^(javascript|data|vbscript):/);
  });

  it('shows the case with every payload as literal text, and runs none', { timeout: 90_000 }, async () => {
    const page = session.page;
    await page.goto(`${haven.url}/?view=cases&case=${caseId}`);
    const detail = page.locator('[data-testid="case-detail"][data-state="ready"]');
    await detail.waitFor();
    const text = await page.locator('body').innerText();
    for (const [field, value] of Object.entries(caseTexts)) expect(text, field).toContain(value);
    await expectNothingRan(page, dialogs);
  });

  it('shows a force request with every payload as literal text, and runs none', { timeout: 90_000 }, async () => {
    const page = session.page;
    await page.getByTestId('logout').click();
    await logIn(page, haven.url, commander);
    await page.goto(`${haven.url}/?view=force&request=${requestId}`);
    await page.locator('[data-testid="request-detail"][data-state="ready"]').waitFor();
    const text = await page.locator('body').innerText();
    for (const [field, value] of Object.entries(forceTexts)) expect(text, field).toContain(value);
    await expectNothingRan(page, dialogs);
  });
});
