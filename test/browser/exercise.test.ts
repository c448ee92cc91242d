import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  addUser,
  clearFailureScreenshots,
  openBrowser,
  openPerson,
  screenshotOf,
  startHaven,
  type BrowserSession,
  type HavenServer,
  type PageWatch,
} from './browser-harness.js';

const SCREENSHOTS = 'failure-exercise-';
const SCRIPT = 'lake-chad-lake-shield';

/** Clicks the label of one choice of a radio group (the inputs themselves are drawn as a segmented control). */
async function choose(scope: Locator, idPrefix: string, path: string, value: string): Promise<void> {
  await scope.locator(`label[for="${idPrefix}-${path}-${value}"]`).click();
}

/** Signs in from the exercises area's link, so the app opens there (the register's map is never loaded). */
async function signInToExercises(page: Page, baseUrl: string, credentials: { username: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/?view=exercises`);
  await page.getByTestId('login-username').fill(credentials.username);
  await page.getByTestId('login-password').fill(credentials.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('exercises-area').waitFor();
}

const consoleReady = (page: Page) => page.locator('[data-testid="exercise-console"][data-state="ready"]');

/**
 * An exercise played end to end by three people, each at their own browser (one Chromium, a context each): the
 * facilitator starts Lake Shield and releases injects until the first request for force comes in; the human-security
 * advisor finds it in the players' feed and advises against it; the commander authorises lethal force all the same;
 * the facilitator's after-action review shows the decision, the advice and the departures, and its printable form opens.
 */
describe('an exercise with three roles in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  const pages = {} as Record<'facilitator' | 'advisor' | 'commander', PageWatch>;
  let exerciseId = '';
  let requestId = '';

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 5 });
    session = await openBrowser();
    pages.facilitator = { page: session.page, takeProblems: () => session.takeProblems() };
    pages.advisor = await openPerson(session.browser);
    pages.commander = await openPerson(session.browser);
    await Promise.all([
      signInToExercises(pages.facilitator.page, haven.url, haven.admin),
      addUser(haven, 'human_security_advisor').then((credentials) => signInToExercises(pages.advisor.page, haven.url, credentials)),
      addUser(haven, 'commander').then((credentials) => signInToExercises(pages.commander.page, haven.url, credentials)),
    ]);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      for (const [person, watch] of Object.entries(pages)) {
        const path = await screenshotOf(watch.page, `${SCREENSHOTS}${task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${person}`).catch(() => 'none');
        console.error(`screenshot of the ${person} in the failed test "${task.name}": ${path}`);
      }
    });
  });

  afterEach(() => {
    for (const [person, watch] of Object.entries(pages)) expect(watch.takeProblems(), `errors in the ${person}'s browser during this test`).toEqual([]);
  });

  it('the facilitator starts Lake Shield, runs the clock and releases injects until a request for force comes in', { timeout: 60_000 }, async () => {
    const page = pages.facilitator.page;
    expect(await page.getByTestId('area-exercises').getAttribute('aria-current')).toBe('page');
    await page.locator('[data-testid="exercise-scripts"][data-state="ready"]').waitFor();
    expect(await page.getByTestId('exercise-banner').first().textContent()).toMatch(/^EXERCISE/);
    const script = page.locator(`[data-testid="exercise-script"][data-script-id="${SCRIPT}"]`);
    expect(await script.textContent()).toContain('Prefer arrest to killing');
    await script.getByTestId('start-exercise').click();

    const console_ = consoleReady(page);
    await console_.waitFor();
    exerciseId = (await console_.getAttribute('data-id'))!;
    expect(new URL(page.url()).searchParams.get('exercise')).toBe(exerciseId);
    expect(await console_.getAttribute('data-view')).toBe('facilitator');
    expect(await console_.getAttribute('data-clock')).toBe('not_started');
    expect(await console_.getByTestId('exercise-banner').textContent()).toMatch(/^EXERCISE/);
    await page.locator(`[data-testid="exercise-run"][data-id="${exerciseId}"][aria-current="true"]`).waitFor();

    // The clock: started, sped up, paused (the minute then holds still until resumed).
    await page.getByTestId('clock-start').click();
    await page.locator('[data-testid="exercise-console"][data-clock="running"]').waitFor();
    await page.getByTestId('exercise-speed-input').fill('30');
    await page.getByTestId('exercise-speed-set').click();
    await page.locator('[data-testid="exercise-speed"]', { hasText: '×30' }).waitFor();
    await page.getByTestId('clock-pause').click();
    await page.locator('[data-testid="exercise-console"][data-clock="paused"]').waitFor();
    expect(await page.getByTestId('clock-resume').isVisible()).toBe(true);

    // Inject after inject, each with the facilitator's notes, until the first request for force has come in.
    const forceInject = page.locator('[data-testid="released-inject"][data-kind="force_request"]');
    for (let released = Number(await console_.getAttribute('data-released')); (await forceInject.count()) === 0; released++) {
      expect(released, 'released every inject before minute 40 without a request for force').toBeLessThan(6);
      await page.getByTestId('release-next').click();
      await page.locator(`[data-testid="exercise-console"][data-state="ready"][data-released="${released + 1}"]`).waitFor();
    }
    expect(await page.getByTestId('released-inject').count()).toBe(4);
    expect(await page.getByTestId('facilitator-notes').count()).toBe(4);
    expect(await forceInject.textContent()).toContain('sleeping fighter');
    const record = forceInject.locator('[data-testid="inject-record"][data-entity-type="force_request"]');
    requestId = (await record.getAttribute('data-id'))!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(await page.getByTestId('exercise-clock').getAttribute('data-minute'))).toBe(40);
    expect(await page.getByTestId('next-inject').textContent()).toContain('T+1:00');
    expect(await page.locator('[data-testid="terrain-agreement"][data-in-force="true"]').textContent()).toMatch(/truce/i);
    await screenshotOf(page, 'exercise-facilitator-console');
  });

  it('the advisor sees the feed without the notes, records an action, and advises against the request in the normal workflow', { timeout: 60_000 }, async () => {
    const page = pages.advisor.page;
    // The list was read at sign-in, before the exercise began.
    await page.getByTestId('exercises-refresh').click();
    await page.locator(`[data-testid="exercise-run"][data-id="${exerciseId}"]`).click();
    const feed = consoleReady(page);
    await feed.waitFor();
    expect(await feed.getAttribute('data-view')).toBe('player');
    await feed.locator('[data-testid="released-inject"][data-kind="force_request"]').waitFor();
    expect(await feed.getByTestId('facilitator-notes').count()).toBe(0);
    expect(await feed.getByTestId('exercise-controls').count()).toBe(0);
    // What is addressed to the analyst (the patrol report) or the commander (the opening brief) is theirs alone.
    const shown = await feed.getByTestId('released-inject').evaluateAll((items) => items.map((i) => i.getAttribute('data-inject-id')));
    expect(shown).toEqual(['sleeping-fighter', 'camp-attack-bama']);

    const form = page.getByTestId('action-form');
    await form.getByTestId('action-inject').selectOption('camp-attack-bama');
    await form.getByTestId('action-kind').selectOption('verification');
    await form.getByTestId('action-description').fill('Asked the camp committee and the hospital to confirm the three deaths before anyone acts on them.');
    await form.getByTestId('action-submit').click();
    await page.locator('[data-testid="action-form"][data-recorded="1"]').waitFor();
    await screenshotOf(page, 'exercise-players-feed');

    await feed.locator(`[data-testid="inject-record"][data-id="${requestId}"]`).click();
    const detail = page.locator(`[data-testid="request-detail"][data-state="ready"][data-id="${requestId}"]`);
    await detail.waitFor();
    expect(await detail.getByTestId('exercise-banner').textContent()).toMatch(/^EXERCISE/);
    expect(await detail.getByTestId('verdict-human-security').first().getAttribute('data-verdict')).toBe('prohibited');
    const review = detail.getByTestId('action-review');
    await choose(review, 'action-review', 'position', 'do_not_concur');
    await review.getByTestId('action-review-reasons').fill('He is asleep and alone: arrest him at night; lethal force is not necessary to protect anyone.');
    await review.getByTestId('action-review-submit').click();
    await page.locator('[data-testid="request-detail"][data-state="ready"][data-status="awaiting_decision"]').waitFor();
  });

  it('the commander authorises lethal force against the advice', { timeout: 60_000 }, async () => {
    const page = pages.commander.page;
    await page.goto(`${haven.url}/?view=exercises&exercise=${exerciseId}`);
    await consoleReady(page).locator(`[data-testid="inject-record"][data-id="${requestId}"]`).click();
    const detail = page.locator(`[data-testid="request-detail"][data-state="ready"][data-status="awaiting_decision"]`);
    await detail.waitFor();
    const decision = detail.getByTestId('action-decision');
    await choose(decision, 'action-decision', 'decision', 'authorise');
    await decision.getByTestId('action-decision-acknowledge').check();
    await decision.getByTestId('action-decision-reasons').fill('He will be gone by morning; authorised to strike tonight.');
    await decision.getByTestId('action-decision-submit').click();
    await page.locator('[data-testid="request-detail"][data-state="ready"][data-status="awaiting_approval"]').waitFor();
  });

  it('the facilitator’s review shows the decision, the advice and the departures; the printable review opens; a new run starts afresh', { timeout: 60_000 }, async () => {
    const page = pages.facilitator.page;
    await page.getByTestId('open-review').click();
    const review = page.locator('[data-testid="exercise-review"][data-state="ready"]');
    await review.waitFor();
    expect(new URL(page.url()).searchParams.get('show')).toBe('review');
    expect(await review.getByTestId('exercise-banner').textContent()).toMatch(/^EXERCISE/);

    const decision = review.locator(`[data-testid="review-decision"][data-request-id="${requestId}"]`);
    expect(await decision.getAttribute('data-status')).toBe('awaiting_approval');
    expect(await decision.getByTestId('review-advice').getAttribute('data-position')).toBe('do_not_concur');
    expect(await decision.getByTestId('review-advice').textContent()).toContain('arrest him at night');
    expect(await decision.getByTestId('review-decision-taken').getAttribute('data-decision')).toBe('authorise');
    expect(await decision.getByTestId('review-engine').locator('[data-verdict="prohibited"]').count()).toBe(1);

    const departures = review.getByTestId('review-departure');
    const rules = await departures.evaluateAll((items) => items.map((i) => i.getAttribute('data-rule')));
    expect(rules).toContain('lethal_force_where_arrest_feasible');
    const arrest = review.locator('[data-testid="review-departure"][data-rule="lethal_force_where_arrest_feasible"]');
    expect(await arrest.getAttribute('data-request-id')).toBe(requestId);
    expect(await arrest.textContent()).toMatch(/Principle: .+\. Source: HS-ARREST/);
    expect(await review.getByTestId('review-timeline-entry').count()).toBeGreaterThanOrEqual(4 + 3);
    await screenshotOf(page, 'exercise-after-action-review');

    const [printable] = await Promise.all([page.context().waitForEvent('page'), review.getByTestId('printable-review').click()]);
    await printable.waitForLoadState();
    expect(await printable.locator('body').textContent()).toContain('EXERCISE');
    expect(await printable.locator('body').textContent()).toContain('lethal');
    await printable.close();

    // A new run: asked first, then the clock is back at zero with nothing released.
    await review.getByTestId('review-back').click();
    await consoleReady(page).waitFor();
    await page.getByTestId('clock-rewind').click();
    await page.getByTestId('rewind-confirm-yes').click();
    await page.locator('[data-testid="exercise-console"][data-state="ready"][data-run="2"][data-released="0"]').waitFor();
    expect(await page.getByTestId('exercise-clock').getAttribute('data-minute')).toBe('0');
    expect(await page.getByTestId('rewind-confirm').isHidden()).toBe(true);
  });
});
