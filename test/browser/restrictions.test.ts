import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getIncident, listIncidents } from '../../src/application/incident.service.js';
import { addUser, buildWebApp, logIn, openBrowser, screenshotOf, startHaven, testWebRoot, type BrowserSession, type HavenServer } from './browser-harness.js';

describe('restricting an incident in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let analyst: { username: string; password: string };
  let investigator: { username: string; password: string };
  let incidentId = '';

  beforeAll(async () => {
    const webRoot = testWebRoot('restrictions');
    await buildWebApp(webRoot);
    haven = await startHaven({ incidents: 10, webRoot });
    analyst = await addUser(haven, 'analyst');
    investigator = await addUser(haven, 'investigator');
    incidentId = (await listIncidents(haven.ctx, haven.actor, {}, { limit: 1 })).items[0]!.id;
    session = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  afterEach(() => {
    expect(session.takeProblems(), 'errors in the browser during this test').toEqual([]);
  });

  it('an analyst restricts an incident to an investigator, sees who may see it, and lifts it again', { timeout: 90_000 }, async () => {
    const page = session.page;
    await logIn(page, haven.url, analyst);
    await page.goto(`${haven.url}/?incident=${incidentId}`);
    const section = page.getByTestId('detail-restriction');
    await section.locator('[data-state="ready"], [data-testid="restriction-summary"]').first().waitFor();
    await expect.poll(() => section.getAttribute('data-restricted')).toBe('false');

    await page.getByTestId('restrict-users').fill(investigator.username);
    await page.getByTestId('restrict-save').click();
    await expect.poll(() => section.getAttribute('data-restricted')).toBe('true');
    const summary = await page.getByTestId('restriction-summary').innerText();
    expect(summary).toContain(investigator.username);
    expect(summary).toContain(analyst.username);
    await screenshotOf(page, 'incident-restricted');

    // For a reader not on the list the incident is gone; the investigator named still has it.
    const viewer = { id: 'viewer-check', username: 'viewer-check', role: 'viewer' as const };
    await expect(getIncident(haven.ctx, viewer, incidentId)).rejects.toMatchObject({ code: 'not_found' });
    const named = await haven.ctx.store.users.findByUsername(haven.ctx.store.connection.db, investigator.username);
    expect((await getIncident(haven.ctx, { id: named!.id, username: named!.username, role: 'investigator' }, incidentId)).id).toBe(incidentId);

    await page.getByTestId('restrict-lift').click();
    await expect.poll(() => section.getAttribute('data-restricted')).toBe('false');
    expect((await getIncident(haven.ctx, viewer, incidentId)).id).toBe(incidentId);
  });
});
