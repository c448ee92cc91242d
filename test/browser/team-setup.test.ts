import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERNAME_MAX_FAILURES } from '../../src/core/sign-in-policy.js';
import {
  type BrowserSession,
  
  checkEachTest,
  clearFailureScreenshots,
  type HavenServer,
  logIn,
  openBrowser,
  openPerson,
  screenshotOf,
  startHaven,
  
} from './browser-harness.js';

const SCREENSHOTS = 'failure-team-setup-';
const NEWCOMER = { username: 'amina.yusuf', displayName: 'Amina Yusuf' };
const OWN_PASSWORD = 'a long passphrase amina chose herself';

async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

async function openUsers(page: Page): Promise<void> {
  await page.getByTestId('area-users').click();
  await page.locator('[data-testid="users-list"][data-state="ready"]').waitFor();
}

const newcomerRow = (page: Page) => page.locator(`[data-testid="user-row"][data-username="${NEWCOMER.username}"]`);

async function logOut(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-view').waitFor();
}

describe('setting up a team from the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let oneTimePassword = '';

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 5 });
    session = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOTS);

  it('the administrator creates an analyst, reads the one-time password once, and makes them an investigator', { timeout: 90_000 }, async () => {
    const page = session.page;
    await logIn(page, haven.url, haven.admin);
    await openUsers(page);
    expect(new URL(page.url()).searchParams.get('view')).toBe('users');
    expect(await page.getByTestId('user-row').count()).toBe(1);

    await page.getByTestId('new-user').click();
    await page.getByTestId('new-user-username').fill('Not Valid');
    await page.getByTestId('new-user-create').click();
    const usernameError = page.locator('[data-error-for="username"]');
    await usernameError.waitFor();
    expect(await usernameError.innerText()).toMatch(/lower-case letters/);
    expect(await page.locator('[data-error-for="role"]').innerText()).toMatch(/choose one of the options/);

    await page.getByTestId('new-user-username').fill(NEWCOMER.username);
    await page.getByTestId('new-user-display-name').fill(NEWCOMER.displayName);
    await page.getByTestId('new-user-role').selectOption('analyst');
    await page.getByTestId('new-user-create').click();
    oneTimePassword = (await page.getByTestId('one-time-password').innerText()).trim();
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);
    expect(await page.getByTestId('one-time-password-panel').innerText()).toMatch(/must be changed at first sign-in/);
    expect(await page.getByTestId('new-user-form').isHidden()).toBe(true);
    await newcomerRow(page).waitFor();
    expect(await newcomerRow(page).getByTestId('user-status').innerText()).toBe('Must change password');
    expect(await newcomerRow(page).getAttribute('data-role')).toBe('analyst');

    await page.getByTestId('one-time-password-done').click();
    expect(await page.getByTestId('one-time-password-panel').isHidden()).toBe(true);
    expect(await page.getByTestId('users-area').innerText()).not.toContain(oneTimePassword);

    await newcomerRow(page).getByTestId('user-role').selectOption('investigator');
    await newcomerRow(page).getByTestId('user-role-save').click();
    await page.locator(`[data-testid="user-row"][data-username="${NEWCOMER.username}"][data-role="investigator"]`).waitFor();
  });

  it('the administrator is told, in words, why they cannot drop their own role', { timeout: 30_000 }, async () => {
    const page = session.page;
    const own = page.locator(`[data-testid="user-row"][data-username="${haven.admin.username}"]`);
    await own.getByTestId('user-role').selectOption('viewer');
    await own.getByTestId('user-role-save').click();
    const message = page.getByTestId('users-message');
    await message.waitFor();
    expect(await message.innerText()).toMatch(/administrator/i);
    await page.locator(`[data-testid="user-row"][data-username="${haven.admin.username}"][data-role="administrator"]`).waitFor();
    await logOut(page);
  });

  it('the newcomer signs in with the one-time password, must choose their own, then reaches the cases', { timeout: 60_000 }, async () => {
    const page = session.page;
    await submitLogin(page, NEWCOMER.username, oneTimePassword);
    await page.getByTestId('password-change-view').waitFor();
    expect(await page.getByTestId('app').count()).toBe(0);

    await page.getByTestId('first-password-current').fill(oneTimePassword);
    await page.getByTestId('first-password-new').fill('too short');
    await page.getByTestId('first-password-repeat').fill('too short');
    await page.getByTestId('first-password-submit').click();
    const policy = page.locator('[data-error-for="newPassword"] .issue[data-source="server"]');
    await policy.waitFor();
    expect(await policy.innerText()).toMatch(/12 characters/);

    await page.getByTestId('first-password-new').fill(OWN_PASSWORD);
    await page.getByTestId('first-password-repeat').fill(`${OWN_PASSWORD}!`);
    await page.getByTestId('first-password-submit').click();
    expect(await page.locator('[data-error-for="repeat"]').innerText()).toMatch(/not the same/);

    await page.getByTestId('first-password-repeat').fill(OWN_PASSWORD);
    await page.getByTestId('first-password-submit').click();
    await page.getByTestId('app').waitFor();
    expect(await page.getByTestId('current-role').innerText()).toMatch(/investigator/i);
    await page.getByTestId('area-cases').click();
    await page.getByTestId('cases-area').waitFor();
    expect(await page.getByTestId('new-case').isVisible()).toBe(true);
    // No case yet: the list says how one is opened rather than standing empty.
    await page.locator('.case-list[data-state="ready"]').waitFor();
    expect(await page.getByTestId('case-list-status').innerText()).toMatch(/^No cases yet\. Open one with "Open a case" above/);
    expect(await page.getByTestId('area-users').count()).toBe(0);

    // A reload keeps the session, and the password is now the newcomer's own: straight into the app.
    await page.reload();
    await page.getByTestId('cases-area').waitFor();
    await logOut(page);
  });

  it('after a reset the list says the password must be changed, and a lock-out is lifted with Unlock', { timeout: 90_000 }, async () => {
    const page = session.page;
    await submitLogin(page, haven.admin.username, haven.admin.password);
    await page.getByTestId('app').waitFor();
    await openUsers(page);
    expect(await newcomerRow(page).getByTestId('user-status').innerText()).toBe('Active');

    await newcomerRow(page).getByTestId('user-reset').click();
    await newcomerRow(page).getByTestId('user-reset-confirm').click();
    const secret = page.getByTestId('one-time-password');
    await secret.waitFor();
    const resetPassword = (await secret.innerText()).trim();
    expect(resetPassword).not.toBe(oneTimePassword);
    await expect.poll(() => newcomerRow(page).getByTestId('user-status').innerText()).toBe('Must change password');
    await page.getByTestId('one-time-password-done').click();

    await newcomerRow(page).getByTestId('user-disable').click();
    await page.locator(`[data-testid="user-row"][data-username="${NEWCOMER.username}"][data-disabled="true"]`).waitFor();
    expect(await newcomerRow(page).getByTestId('user-status').innerText()).toBe('Disabled · Must change password');
    await newcomerRow(page).getByTestId('user-enable').click();
    await page.locator(`[data-testid="user-row"][data-username="${NEWCOMER.username}"][data-disabled="false"]`).waitFor();

    // Someone guesses at the newcomer's password until the account locks.
    const statuses: number[] = [];
    for (let i = 0; i < USERNAME_MAX_FAILURES; i++) {
      const response = await fetch(`${haven.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: NEWCOMER.username, password: 'a wrong guess at the password' }),
      });
      statuses.push(response.status);
    }
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);

    await page.reload();
    await page.locator('[data-testid="users-list"][data-state="ready"]').waitFor();
    await page.locator(`[data-testid="user-row"][data-username="${NEWCOMER.username}"][data-locked="true"]`).waitFor();
    expect(await newcomerRow(page).getByTestId('user-status').innerText()).toMatch(/^Locked until .* · Must change password$/);

    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshotOf(page, 'screenshots/users-area');

    await newcomerRow(page).getByTestId('user-unlock').click();
    await page.locator(`[data-testid="user-row"][data-username="${NEWCOMER.username}"][data-locked="false"]`).waitFor();
    expect(await newcomerRow(page).getByTestId('user-status').innerText()).toBe('Must change password');
    expect(await newcomerRow(page).getByTestId('user-unlock').count()).toBe(0);

    // Unlocked, the newcomer signs in elsewhere with the new one-time password and is asked to choose their own again.
    const newcomer = await openPerson(session.browser);
    await newcomer.page.goto(haven.url);
    await submitLogin(newcomer.page, NEWCOMER.username, resetPassword);
    await newcomer.page.getByTestId('password-change-view').waitFor();

    // The administrator ends that session: the newcomer's next request finds it gone and is back at the login screen.
    await page.reload();
    await newcomerRow(page).getByTestId('user-end-sessions').click();
    await expect.poll(() => newcomerRow(page).getByTestId('user-sessions').innerText()).toBe('0');
    expect(await newcomerRow(page).getByTestId('user-end-sessions').count()).toBe(0);
    await newcomer.page.getByTestId('first-password-current').fill(resetPassword);
    await newcomer.page.getByTestId('first-password-new').fill(OWN_PASSWORD);
    await newcomer.page.getByTestId('first-password-repeat').fill(OWN_PASSWORD);
    await newcomer.page.getByTestId('first-password-submit').click();
    await newcomer.page.getByTestId('login-view').waitFor();
    expect(newcomer.takeProblems()).toEqual([]);
    await newcomer.page.context().close();
  });
});
