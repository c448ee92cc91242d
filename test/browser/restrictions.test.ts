import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCapability, getCapability, listCapabilities } from '../../src/application/capability.service.js';
import { getIncident, listIncidents } from '../../src/application/incident.service.js';
import { addUser, logIn, openBrowser, screenshotOf, startHaven, type BrowserSession, type HavenServer } from './browser-harness.js';

describe('restricting an incident and a system of the capability register in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let analyst: { username: string; password: string };
  let investigator: { username: string; password: string };
  let incidentId = '';
  let capabilityId = '';

  beforeAll(async () => {
    haven = await startHaven({ incidents: 10 });
    analyst = await addUser(haven, 'analyst');
    investigator = await addUser(haven, 'investigator');
    incidentId = (await listIncidents(haven.ctx, haven.actor, {}, { limit: 1 })).items[0]!.id;
    capabilityId = (
      await createCapability(haven.ctx, haven.actor, {
        name: 'Project Lantern interceptor',
        purpose: 'defensive',
        isWeapon: true,
        targetTypes: 'objects_only',
        autonomy: { humanRole: 'human_supervises', autonomousFunctions: ['track', 'engage'], predictable: 'yes', humanCanDeactivateInTime: 'yes' },
        limits: { duration: 'one shift', area: 'the base', scale: 'one battery', environment: 'no civilian air traffic' },
        legalReview: { status: 'completed', date: '2025-03-01', reviewer: 'Force legal adviser', conclusion: 'lawful' },
      })
    ).id;
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

  it('an analyst restricts a classified system of the capability register the same way, on its record', { timeout: 90_000 }, async () => {
    const page = session.page;
    // Still signed in as the analyst.
    await page.goto(`${haven.url}/?view=posture&section=capabilities&capability=${capabilityId}`);
    const record = page.getByTestId('capability-record');
    const section = record.getByTestId('detail-restriction');
    await section.locator('[data-testid="restriction-summary"]').waitFor();
    await expect.poll(() => section.getAttribute('data-restricted')).toBe('false');
    expect(await section.getByTestId('restriction-summary').innerText()).toBe('Everyone whose role may read the capability register.');

    await section.getByTestId('restrict-users').fill(investigator.username);
    await section.getByTestId('restrict-save').click();
    await expect.poll(() => section.getAttribute('data-restricted')).toBe('true');
    const summary = await section.getByTestId('restriction-summary').innerText();
    expect(summary).toContain(investigator.username);
    expect(summary).toContain(analyst.username);
    expect(summary).toContain('Everyone else finds no such system.');
    await screenshotOf(page, 'capability-restricted');

    // Missing from the register for a reader not on the list; the investigator named still has it.
    const viewer = { id: 'viewer-check', username: 'viewer-check', role: 'viewer' as const };
    await expect(getCapability(haven.ctx, viewer, capabilityId)).rejects.toMatchObject({ code: 'not_found' });
    expect((await listCapabilities(haven.ctx, viewer)).items.map((r) => r.id)).not.toContain(capabilityId);
    const named = await haven.ctx.store.users.findByUsername(haven.ctx.store.connection.db, investigator.username);
    expect((await getCapability(haven.ctx, { id: named!.id, username: named!.username, role: 'investigator' }, capabilityId)).id).toBe(capabilityId);

    await section.getByTestId('restrict-lift').click();
    await expect.poll(() => section.getAttribute('data-restricted')).toBe('false');
    expect((await getCapability(haven.ctx, viewer, capabilityId)).id).toBe(capabilityId);
  });
});
