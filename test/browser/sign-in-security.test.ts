import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { USERNAME_MAX_FAILURES } from '../../src/core/sign-in-policy.js';
import {
  
  clearFailureScreenshots,
  logIn,
  openBrowser,
  openPerson,
  screenshotOf,
  startHaven,
  
  type BrowserSession,
  type HavenServer,
  type PageWatch,
} from './browser-harness.js';

const SCREENSHOTS = 'failure-sign-in-security-';
const PERSON = { username: 'two-step-person', displayName: 'Two-step Person', role: 'analyst', password: 'a long passphrase for two-step sign-in' } as const;

async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

describe('two-step sign-in and lock-out in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  const watches: PageWatch[] = [];

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 20 });
    await createUserAsOperator(haven.ctx, PERSON);
    session = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      for (const [i, watch] of watches.entries()) {
        const path = await screenshotOf(watch.page, `${SCREENSHOTS}${task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${i}`).catch(() => 'none');
        console.error(`screenshot of the failed test "${task.name}": ${path}`);
      }
    });
  });

  afterEach(() => {
    for (const watch of watches) expect(watch.takeProblems(), 'errors in the browser during this test').toEqual([]);
  });

  it('turns on two-step sign-in with the QR code, then asks for a code when logging in', async () => {
    const watch = await openPerson(session.browser);
    watches.push(watch);
    const { page } = watch;
    await logIn(page, haven.url, PERSON);

    await page.getByTestId('open-security').click();
    await page.getByTestId('security-dialog').waitFor();
    await page.getByTestId('totp-enrol').click();
    const qr = page.getByTestId('totp-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = (await page.getByTestId('totp-secret').textContent())!;
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    await page.getByTestId('totp-code').fill(totp.generate());
    await page.getByTestId('totp-confirm').click();
    await expect.poll(() => page.getByTestId('totp-status').textContent()).toBe('Two-step sign-in is on.');
    await page.getByTestId('security-close').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-view').waitFor();

    await submitLogin(page, PERSON.username, PERSON.password);
    await page.getByTestId('login-totp-field').waitFor();
    expect(await page.getByTestId('login-error').textContent()).toContain('authenticator');
    // The code used to confirm is spent; the next time step's is accepted (one step of drift either way).
    await page.getByTestId('login-totp').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByTestId('login-submit').click();
    await page.getByTestId('app').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toContain(PERSON.displayName);
  });

  it('tells a locked-out user plainly, without saying whether the account exists', async () => {
    const watch = await openPerson(session.browser);
    watches.push(watch);
    const { page } = watch;
    await page.goto(haven.url);
    for (let i = 0; i < USERNAME_MAX_FAILURES; i++) {
      await submitLogin(page, 'somebody-guessing', `guess number ${i} of many`);
      await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('wrong username or password');
      await page.getByTestId('login-error').evaluate((element) => {
        element.textContent = '';
      });
    }
    await submitLogin(page, 'somebody-guessing', 'one more guess at it');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('too many failed sign-ins');
    expect(await page.getByTestId('login-view').isVisible()).toBe(true);
  });
});
