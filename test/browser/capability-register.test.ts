import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/application/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { createCapability, getCapability, updateCapability } from '../../src/application/capability.service.js';
import { receiveEvidence, stageEvidenceFile } from '../../src/application/evidence.service.js';
import type { CapabilityInput } from '../../src/core/capabilities/capability.schema.js';
import { addUser, checkEachTest, clearFailureScreenshots, logIn, openBrowser, openPerson, REPO_ROOT, screenshotOf, startHaven, type BrowserSession, type HavenServer } from './browser-harness.js';

const SCREENSHOTS = 'failure-capability-register-';
const NAME = 'EXERCISE Loitering munition';
const ANALYST = { username: 'analyst-capabilities', password: 'a long analyst passphrase for the register', role: 'analyst' as const, displayName: 'An analyst' };

/** Clicks the label of one choice of a radio group (the inputs are drawn as a segmented control). */
async function choose(form: Locator, path: string, value: string): Promise<void> {
  await form.locator(`label[for="capability-${path}-${value}"]`).click();
}

/** The name of the control that has the focus. (The test project has no DOM library: what the page's code uses is named here.) */
const focusedName = (page: Page): Promise<string | null> =>
  page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } }).document.activeElement?.getAttribute('name') ?? null);

const assessmentOf = (page: Page, version: number) => page.locator(`[data-testid="capability-assessment"][data-version="${version}"]`);

/** The findings as the panel shows them: rule id → outcome. */
async function shownFindings(page: Page): Promise<Record<string, string>> {
  const pairs = await page.getByTestId('capability-finding').evaluateAll((items) => items.map((item) => [item.getAttribute('data-rule-id')!, item.getAttribute('data-outcome')!] as const));
  return Object.fromEntries(pairs);
}

describe('the capability register in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;
  let capabilityId = '';
  let manualId = '';

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 10 });
    const user = await createUserAsOperator(haven.ctx, ANALYST);
    const analyst: Actor = { id: user.id, username: user.username, role: 'analyst' };
    // A system already registered (the docs' example), and the documentation of the one the test registers.
    const example = JSON.parse(readFileSync(`${REPO_ROOT}/docs/examples/capabilities/close-in-weapon-system.json`, 'utf8')) as CapabilityInput;
    await createCapability(haven.ctx, haven.actor, example);
    const staged = await stageEvidenceFile(haven.ctx, analyst, Readable.from([Buffer.from('Operator manual: the munition loiters for at most 30 minutes over a box set before launch.')]));
    manualId = (await receiveEvidence(haven.ctx, analyst, staged, { description: 'Operator manual of the exercise munition' }, { declaredName: 'lm7-operator-manual.txt', ip: null })).id;
    session = await openBrowser();
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    await logIn(page, haven.url, ANALYST);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOTS);

  it('registers a loitering munition that selects and engages persons with no one in the loop: it cannot be permitted, and says why with its sources', { timeout: 120_000 }, async () => {
    await page.getByTestId('area-posture').click();
    await page.getByTestId('posture-section-capabilities').click();
    await page.waitForURL((url) => url.searchParams.get('view') === 'posture' && url.searchParams.get('section') === 'capabilities');
    expect(await page.getByTestId('posture-section-capabilities').getAttribute('aria-current')).toBe('page');
    await page.locator('[data-testid="capability-list"]').locator('[data-testid="capability-row"]').first().waitFor();
    expect(await page.getByTestId('capability-list-status').textContent()).toBe('1 system.');

    // From the keyboard: the button is reached and pressed like any other.
    await page.getByTestId('new-capability').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('capability') === 'new');
    const form = page.getByTestId('capability-form');
    await form.waitFor();
    // The name has the focus when the form opens.
    expect(await focusedName(page)).toBe('name');
    expect(await page.getByTestId('capability-assessment-pending').count()).toBe(1);

    // Nothing chosen yet: the core's schema names each field beside it, and nothing is sent.
    await form.getByTestId('capability-save').click();
    for (const path of ['name', 'purpose', 'targetTypes', 'autonomy.humanRole']) {
      await form.locator(`[data-error-for="${path}"] .issue[data-source="client"]`).waitFor();
    }
    expect(await form.locator('[name="name"]').getAttribute('aria-invalid')).toBe('true');

    await form.getByTestId('capability-name').fill(NAME);
    await form.getByTestId('capability-designation').fill('LM-7');
    await form.getByTestId('capability-quantity').fill('40');
    // Its years in service: a last year before the first is refused beside the field; then held from 2024 on.
    await form.getByTestId('capability-in-service-from').fill('2024');
    await form.getByTestId('capability-in-service-to').fill('2020');
    await form.getByTestId('capability-purpose').selectOption('offensive');
    await choose(form, 'targetTypes', 'persons');
    // A person "deciding" each use of a system that selects and engages by itself is refused beside the question.
    await choose(form, 'autonomy.humanRole', 'human_decides');
    for (const fn of ['search', 'identify', 'track', 'select', 'engage']) await form.locator(`#capability-autonomy\\.autonomousFunctions-${fn}`).check();
    await form.getByTestId('capability-save').click();
    const roleError = form.locator('[data-error-for="autonomy.humanRole"] .issue[data-source="client"]');
    await roleError.waitFor();
    expect(await roleError.textContent()).toContain('does not leave each decision to a person');
    expect(await form.locator('[data-error-for="inService.to"] .issue[data-source="client"]').textContent()).toContain('the last year in service (2020) is before the first (2024)');
    await form.getByTestId('capability-in-service-to').fill('');
    await choose(form, 'autonomy.humanRole', 'no_human_in_loop');
    await choose(form, 'autonomy.humanCanDeactivateInTime', 'no');
    expect(await form.getByTestId('capability-legal-status').inputValue()).toBe('not_started');
    await form.getByTestId('capability-save').click();

    await page.waitForURL((url) => /^[0-9a-f-]{36}$/.test(url.searchParams.get('capability') ?? ''));
    capabilityId = new URL(page.url()).searchParams.get('capability')!;
    const assessment = assessmentOf(page, 1);
    await assessment.waitFor();
    expect(await page.getByTestId('capability-message').textContent()).toContain(`Saved “${NAME}” (version 1)`);
    expect(await assessment.getAttribute('data-verdict')).toBe('cannot_be_permitted');
    expect(await page.getByTestId('capability-verdict').textContent()).toBe('Cannot be permitted');

    // The panel shows every finding the server made, with the outcome it gave.
    const stored = await getCapability(haven.ctx, haven.actor, capabilityId);
    expect(await shownFindings(page)).toEqual(Object.fromEntries(stored.assessment.findings.map((f) => [f.ruleId, f.outcome])));
    const icrc = page.locator('[data-testid="capability-finding"][data-rule-id="ICRC-2021-2"]');
    expect(await icrc.getAttribute('data-outcome')).toBe('ruled_out');
    expect(await icrc.getAttribute('data-framework')).toBe('icrc_2021');
    expect(await icrc.textContent()).toContain('Source: ICRC (2021): autonomous weapons against persons');
    expect(await icrc.getByTestId('capability-quote').textContent()).toContain('use of autonomous weapon systems to target human beings should be ruled out');
    expect(await icrc.getByTestId('vm-mark').textContent()).toBe('V');
    const hs = page.locator('[data-testid="capability-finding"][data-rule-id="HS-CAP-1"]');
    expect(await hs.getAttribute('data-outcome')).toBe('ruled_out');
    expect(await hs.getByTestId('capability-outcome').textContent()).toBe('Ruled out');
    expect(await hs.getByTestId('vm-mark').textContent()).toBe('M');
    // Grouped by framework, in the frameworks' order; the verdict's reasons name the rules that decided it.
    expect(await page.getByTestId('capability-framework').evaluateAll((groups) => groups.map((g) => g.getAttribute('data-framework')))).toEqual(['icrc_2021', 'dodd_3000_09', 'ap1_article_36', 'nato_pru_2021', 'uk_mod_2022', 'human_security']);
    const reasons = await page.getByTestId('capability-reasons').locator('li').evaluateAll((items) => items.map((i) => i.getAttribute('data-rule-id')));
    expect(reasons).toEqual(stored.assessment.reasons.map((r) => r.slice(0, r.indexOf(':'))));
    expect(reasons).toEqual(expect.arrayContaining(['ICRC-2021-2', 'HS-CAP-1', 'HS-CAP-2']));

    // The list has it too, with its verdict; the filters find it by purpose and by verdict.
    const row = page.locator(`[data-testid="capability-row"][data-id="${capabilityId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-verdict')).toBe('cannot_be_permitted');
    expect(await row.getAttribute('aria-current')).toBe('true');
    expect(await row.textContent()).toContain('Offensive · No person in the loop · against persons · legal review not started · 40 held');
    await page.getByTestId('capability-filter-verdict').selectOption('cannot_be_permitted');
    await page.locator('[data-testid="capability-list-status"]', { hasText: '1 of 2 systems.' }).waitFor();
    expect(await page.getByTestId('capability-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual([capabilityId]);
    await page.getByTestId('capability-filter-verdict').selectOption('');
    await page.getByTestId('capability-filter-purpose').selectOption('defensive');
    await page.locator('[data-testid="capability-list-status"]', { hasText: '1 of 2 systems.' }).waitFor();
    expect(await page.getByTestId('capability-row').textContent()).toContain('Close-in weapon system');
    await page.getByTestId('capability-filter-purpose').selectOption('');
    await page.locator('[data-testid="capability-list-status"]', { hasText: '2 systems.' }).waitFor();
    await screenshotOf(page, 'screenshots/capability-register-ruled-out-1280');
  });

  it('edits it to objects only, under supervision, deactivable, limited and reviewed: the verdict changes and the panel follows the save', { timeout: 120_000 }, async () => {
    const form = page.getByTestId('capability-form');
    expect(await page.getByTestId('capability-editor-title').textContent()).toBe('Edit capability (version 1)');
    await choose(form, 'targetTypes', 'objects_only');
    // The arrow keys move between the choices of a question, as for any radio group.
    await form.locator('#capability-autonomy\\.humanRole-no_human_in_loop').focus();
    await page.keyboard.press('ArrowUp');
    expect(await form.locator('fieldset[data-path="autonomy.humanRole"]').getAttribute('data-value')).toBe('human_supervises');
    await choose(form, 'autonomy.predictable', 'yes');
    await choose(form, 'autonomy.humanCanDeactivateInTime', 'yes');
    await form.getByTestId('capability-parameters').fill('The operator sets the target box and the loiter time before launch.');
    await form.getByTestId('capability-duty-holder').fill('EXERCISE battery commander');
    await form.getByTestId('capability-limit-duration').fill('30 minutes of loiter at most');
    await form.getByTestId('capability-limit-area').fill('a box of 2 km by 2 km set before launch');
    await form.getByTestId('capability-limit-scale').fill('one munition per target');
    await form.getByTestId('capability-limit-environment').fill('only where no civilians are present');
    await form.getByTestId('capability-legal-status').selectOption('completed');
    await form.getByTestId('capability-legal-date').fill('2025-03-14');
    await form.getByTestId('capability-legal-reviewer').fill('EXERCISE weapons review board');
    await form.getByTestId('capability-legal-conclusion').selectOption('lawful');
    await form.getByTestId('capability-treaties-add').click();
    await form.getByTestId('capability-treaty').fill('Convention on Certain Conventional Weapons');
    // The documentation is an evidence item, chosen with the picker from the keyboard.
    const search = form.getByTestId('capability-documentation-search');
    await search.fill('manual');
    await form.locator('[data-testid="capability-documentation"][data-search="ready"]').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await form.locator(`[data-testid="capability-documentation-chip"][data-id="${manualId}"]`).waitFor();
    // One item at most: the search box goes once it is chosen.
    expect(await search.isVisible()).toBe(false);
    await form.getByTestId('capability-save').click();

    const assessment = assessmentOf(page, 2);
    await assessment.waitFor();
    expect(await assessment.getAttribute('data-verdict')).toBe('may_be_permitted_within_limits');
    expect(await page.getByTestId('capability-verdict').textContent()).toBe('May be permitted within limits');
    const stored = await getCapability(haven.ctx, haven.actor, capabilityId);
    expect(stored.version).toBe(2);
    expect(stored.capability.documentationEvidenceId).toBe(manualId);
    expect(stored.capability.treaties).toEqual(['Convention on Certain Conventional Weapons']);
    expect(await shownFindings(page)).toEqual(Object.fromEntries(stored.assessment.findings.map((f) => [f.ruleId, f.outcome])));
    const findings = await shownFindings(page);
    expect(findings['ICRC-2021-2']).toBe('met');
    expect(findings['ICRC-2021-3']).toBe('met');
    expect(findings['HS-CAP-1']).toBe('not_applicable');
    expect(findings['HS-CAP-2']).toBe('met');
    expect(findings['NATO-PRU-traceability']).toBe('met');
    // Nothing decisive is left, but what is still open (DoD 3000.09's senior reviews are unknown) is listed under the verdict.
    expect(stored.assessment.reasons).toEqual([]);
    expect(await page.getByTestId('capability-reasons').count()).toBe(0);
    expect(await page.getByTestId('capability-all-met').count()).toBe(0);
    expect(await page.getByTestId('capability-open').locator('li').evaluateAll((items) => items.map((i) => i.getAttribute('data-rule-id')))).toEqual(
      stored.assessment.findings.filter((f) => f.outcome === 'unmet' || f.outcome === 'needs_fact').map((f) => f.ruleId),
    );
    expect(await page.getByTestId('capability-open').textContent()).toContain('DODD-3000.09-4');
    expect(await page.getByTestId('capability-editor-title').textContent()).toBe('Edit capability (version 2)');
    await page.locator(`[data-testid="capability-row"][data-id="${capabilityId}"][data-verdict="may_be_permitted_within_limits"]`).waitFor();

    // A finding's field is a click away: the form's question gets the focus.
    await page.locator('[data-testid="capability-finding"][data-rule-id="DODD-3000.09-4"] [data-testid="capability-fact"][data-path="seniorReview.beforeDevelopment"]').click();
    expect(await focusedName(page)).toBe('seniorReview.beforeDevelopment');
    await screenshotOf(page, 'screenshots/capability-register-permitted-1280');
  });

  it('shows a refusal of the server beside the field it names, and a change made meanwhile by someone else as a conflict with the latest version a click away', { timeout: 120_000 }, async () => {
    const form = page.getByTestId('capability-form');
    // The server's own answer to a record with a date that is not one (the browser's date field cannot send one): the
    // next save from the form gets it, so the form shows what the server says, where the server says it.
    const refusal = await page.evaluate(async ({ id }) => {
      const current = (await (await fetch(`/api/v1/capabilities/${id}`)).json()) as { version: number; capability: { legalReview: Record<string, unknown> } };
      const body = { version: current.version, capability: { ...current.capability, legalReview: { ...current.capability.legalReview, date: '14 March 2025' } } };
      const answer = await fetch(`/api/v1/capabilities/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: answer.status, body: await answer.text() };
    }, { id: capabilityId });
    expect(refusal.status).toBe(400);
    expect(JSON.parse(refusal.body).error.issues.map((i: { path: string }) => i.path)).toEqual(['capability.legalReview.date']);
    await page.route(`**/api/v1/capabilities/${capabilityId}`, (route) => (route.request().method() === 'PUT' ? route.fulfill({ status: 400, contentType: 'application/json', body: refusal.body }) : route.fallback()), { times: 1 });
    await form.getByTestId('capability-save').click();
    const dateError = form.locator('[data-error-for="legalReview.date"] .issue[data-source="server"]');
    await dateError.waitFor();
    expect(await form.getByTestId('capability-legal-date').getAttribute('aria-invalid')).toBe('true');
    expect(await focusedName(page)).toBe('legalReview.date');

    // Someone else saves version 3 while this form still holds version 2.
    const before = await getCapability(haven.ctx, haven.actor, capabilityId);
    await updateCapability(haven.ctx, haven.actor, capabilityId, { version: before.version, capability: { ...before.capability, quantity: 35 } });
    await form.getByTestId('capability-quantity').fill('50');
    await form.getByTestId('capability-save').click();
    const conflict = page.getByTestId('capability-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('someone else changed this capability while you were editing');
    expect((await getCapability(haven.ctx, haven.actor, capabilityId)).capability.quantity).toBe(35);
    await conflict.getByRole('button', { name: 'Load the latest version (discards your changes)' }).click();
    await assessmentOf(page, 3).waitFor();
    expect(await page.getByTestId('capability-editor-title').textContent()).toBe('Edit capability (version 3)');
    expect(await page.getByTestId('capability-quantity').inputValue()).toBe('35');
    expect(await conflict.isVisible()).toBe(false);
  });

  it('opens a system from its link, and every control of its form has a name a screen reader says', { timeout: 60_000 }, async () => {
    await page.goto(`${haven.url}/?view=posture&capability=${capabilityId}`);
    await page.locator('[data-testid="capability-record"][data-state="ready"]').waitFor();
    await assessmentOf(page, 3).waitFor();
    expect(await page.getByTestId('capability-name').inputValue()).toBe(NAME);
    expect(await page.getByTestId('posture-section-capabilities').getAttribute('aria-current')).toBe('page');
    // The documentation is shown by the evidence item's name, not its id.
    expect(await page.locator(`[data-testid="capability-documentation-chip"][data-id="${manualId}"]`).textContent()).toContain('lm7-operator-manual.txt');
    interface Control {
      type: string;
      name: string;
      id: string;
      offsetParent: unknown;
      labels: ArrayLike<unknown> | null;
      getAttribute(name: string): string | null;
    }
    const unnamed = await page
      .getByTestId('capability-form')
      .locator('input, select, textarea')
      .evaluateAll((controls) =>
        (controls as unknown as Control[])
          .filter((c) => c.type !== 'hidden' && c.offsetParent !== null)
          .filter((c) => (c.labels?.length ?? 0) === 0 && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
          .map((c) => c.name || c.id),
      );
    expect(await page.getByTestId('capability-form').locator('input, select, textarea').count()).toBeGreaterThan(30);
    expect(unnamed).toEqual([]);
    // Each group of choices is a fieldset whose legend asks the question.
    const groups = await page.getByTestId('capability-form').locator('fieldset.radio-group, fieldset.check-group').evaluateAll((sets) => sets.map((s) => s.querySelector(':scope > legend')?.textContent ?? ''));
    expect(groups.length).toBeGreaterThanOrEqual(6);
    expect(groups.every((legend) => legend.trim().length > 0)).toBe(true);
    // A row of the list opens its system from the keyboard.
    const other = page.locator('[data-testid="capability-row"]', { hasText: 'Close-in weapon system' });
    await other.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('capability') !== capabilityId && url.searchParams.get('capability') !== null);
    await page.locator('[data-testid="capability-assessment"][data-verdict="may_be_permitted_within_limits"]').waitFor();
    expect(await page.getByTestId('capability-name').inputValue()).toBe('Close-in weapon system');
    // Back returns to the munition.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('capability') === capabilityId);
    await assessmentOf(page, 3).waitFor();
    expect(await page.getByTestId('capability-name').inputValue()).toBe(NAME);
  });

  it('shows a viewer the record and its assessment, read-only: no form, no button that changes it', { timeout: 60_000 }, async () => {
    const viewer = await openPerson(session.browser);
    try {
      await viewer.page.setViewportSize({ width: 1280, height: 800 });
      await logIn(viewer.page, haven.url, await addUser(haven, 'viewer'));
      await viewer.page.goto(`${haven.url}/?view=posture&section=capabilities&capability=${capabilityId}`);
      const facts = viewer.page.getByTestId('capability-facts');
      await facts.waitFor();
      await viewer.page.locator('[data-testid="capability-assessment"][data-verdict="may_be_permitted_within_limits"]').waitFor();
      const said = (await facts.textContent()) ?? '';
      expect(said).toContain('Objects only');
      expect(said).toContain('A person supervises and can intervene');
      expect(said).toContain('Completed: lawful, 2025-03-14, by EXERCISE weapons review board');
      expect(said).toContain('Convention on Certain Conventional Weapons');
      expect(said).toContain('2024–now');
      // The viewer may not read evidence: the documentation is named by its id.
      expect(said).toContain(`Evidence item ${manualId}`);
      expect(await viewer.page.getByTestId('capability-editor-title').textContent()).toBe(NAME);
      for (const testid of ['capability-form', 'capability-save', 'new-capability', 'capability-name']) expect(await viewer.page.getByTestId(testid).count(), testid).toBe(0);
      // The fields a finding rests on are words, not links to a form.
      expect(await viewer.page.locator('button[data-testid="capability-fact"]').count()).toBe(0);
      expect(await viewer.page.locator('span[data-testid="capability-fact"]').count()).toBeGreaterThan(0);
      await screenshotOf(viewer.page, 'screenshots/capability-register-viewer-1280');
      // Asking for the new-system form gets the register's introduction instead.
      await viewer.page.goto(`${haven.url}/?view=posture&capability=new`);
      await viewer.page.getByTestId('capability-intro').waitFor();
      expect(await viewer.page.getByTestId('capability-form').count()).toBe(0);
      expect(viewer.takeProblems()).toEqual([]);
    } finally {
      await viewer.page.context().close();
    }
  });
  it('feeds a force request: the commander names the registered system, the form shows its facts locked, and the assessment reads the register as it changes', { timeout: 120_000 }, async () => {
    const counterDrone: CapabilityInput = {
      name: 'EXERCISE Camp counter-drone system',
      purpose: 'defensive',
      isWeapon: true,
      targetTypes: 'objects_only',
      autonomy: { humanRole: 'human_supervises', autonomousFunctions: ['search', 'track', 'select', 'engage'], predictable: 'yes', humanCanDeactivateInTime: 'yes' },
      limits: { duration: 'one shift at a time', area: 'the camp perimeter', scale: 'one battery', environment: 'no civilian air traffic' },
      legalReview: { status: 'in_progress' },
    };
    const system = await createCapability(haven.ctx, haven.actor, counterDrone);
    const commander = await openPerson(session.browser);
    try {
      const p = commander.page;
      await p.setViewportSize({ width: 1280, height: 900 });
      await logIn(p, haven.url, await addUser(haven, 'commander'));
      await p.goto(`${haven.url}/?view=force&request=new`);
      const form = p.getByTestId('force-form');
      await form.waitFor();
      const pick = async (path: string, value: string) => form.locator(`label[for="force-${path}-${value}"]`).click();
      await form.getByTestId('force-mission-name').fill('EXERCISE Lake Shield');
      await pick('situation.armedConflict', 'international');
      await form.locator('[name="purpose"]').selectOption('protect_civilians_from_imminent_threat');
      await pick('target.kind', 'object');
      await form.locator('[name="target.status"]').selectOption('munition_in_flight');
      await pick('threat.imminence', 'imminent');
      await pick('threat.toLife', 'yes');
      await form.locator('[name="threat.toWhom"]').selectOption('civilians');
      await form.locator('[name="means.weapon"]').selectOption('interceptor');
      await pick('means.lethal', 'no');

      // The register's systems are offered by name and verdict; choosing one fills the facts it decides, and locks them.
      await p.locator('[data-testid="force-system-field"][data-state="ready"]').waitFor();
      const choice = form.getByTestId('force-system');
      expect(await choice.locator('option').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^EXERCISE Camp counter-drone system — /)]));
      await choice.selectOption(system.id);
      expect(await form.getByTestId('force-form-autonomy').getAttribute('data-from-register')).toBe('true');
      expect(await form.locator('[name="means.autonomy.level"]').isDisabled()).toBe(true);
      expect(await form.locator('[name="means.legalReview"]').isDisabled()).toBe(true);
      expect(await form.locator('[name="means.autonomy.level"]').inputValue()).toBe('human_supervised');
      expect(await form.locator('input[name="means.autonomy.targetsPeople"]:checked').getAttribute('value')).toBe('no');
      expect(await form.locator('[name="means.legalReview"]').inputValue()).toBe('not_completed');
      expect(await form.getByTestId('force-system-summary').textContent()).toContain('From the register, version 1');
      expect(await form.getAttribute('data-valid')).toBe('true');

      const check = async () => {
        await p.getByTestId('force-check').click();
        const result = p.locator('[data-testid="check-result"][data-state="ready"]:not([data-stale])');
        await result.waitFor();
        await result.getByTestId('trace-human-security-toggle').click();
        return result;
      };
      const entry = (result: Locator, rule: string) => result.getByTestId('trace-human-security').locator(`[data-testid="trace-entry"][data-rule-id="${rule}"]`);
      let result = await check();
      // Its review is not finished in the register: human security will not use it.
      expect(await result.getByTestId('regime-human-security').getAttribute('data-verdict')).toBe('prohibited');
      expect(await entry(result, 'HS-WEAPON-REVIEW').getAttribute('data-outcome')).toBe('prohibits');
      expect(await entry(result, 'ENGINE-REGISTER').textContent()).toContain('EXERCISE Camp counter-drone system, register version 1');
      await screenshotOf(p, 'screenshots/force-request-registered-system-1280');

      // The review completes in the register; the next check reads the new version.
      await updateCapability(haven.ctx, haven.actor, system.id, { version: 1, capability: { ...counterDrone, legalReview: { status: 'completed', date: '2026-11-30', reviewer: 'EXERCISE force legal adviser', conclusion: 'lawful' } } });
      await form.locator('[name="situation.description"]').fill('Drones inbound on the camp for displaced people.');
      result = await check();
      expect(await entry(result, 'HS-WEAPON-REVIEW').getAttribute('data-outcome')).toBe('satisfied');
      expect(await entry(result, 'ENGINE-REGISTER').textContent()).toContain('register version 2');
      expect(await result.getByTestId('regime-human-security').getAttribute('data-verdict')).not.toBe('prohibited');

      // Submitted, the request names the system as the assessment read it.
      await p.getByTestId('force-submit').click();
      const detail = p.locator('[data-testid="request-detail"][data-state="ready"]');
      await detail.waitFor();
      expect(await detail.locator('.fact[data-path="means.capabilityId"] dd').textContent()).toBe('EXERCISE Camp counter-drone system (register version 2)');

      // A means not in the register: choosing none unlocks the facts for the requester to enter.
      await p.goto(`${haven.url}/?view=force&request=new`);
      await p.locator('[data-testid="force-system-field"][data-state="ready"]').waitFor();
      await p.getByTestId('force-system').selectOption(system.id);
      await p.getByTestId('force-system').selectOption('');
      expect(await p.locator('[name="means.autonomy.level"]').isDisabled()).toBe(false);
      expect(await p.getByTestId('force-system-summary').isHidden()).toBe(true);
      expect(commander.takeProblems()).toEqual([]);
    } finally {
      await commander.page.context().close();
    }
  });

  it('reviews the posture under the register: holdings by purpose class per year as a chart and a table, the defensive share, the systems not counted named', { timeout: 60_000 }, async () => {
    // Held now: the close-in weapon system (defensive, 4, every year), the munition (offensive, 35, from 2024) and the
    // counter-drone system (defensive, no quantity, every year).
    await page.goto(`${haven.url}/?view=posture&section=capabilities`);
    const panel = page.locator('[data-testid="posture-balance"]');
    await page.locator('[data-testid="posture-balance"][data-state="ready"]').waitFor();
    await panel.getByTestId('posture-balance-from').fill('2022');
    await panel.getByTestId('posture-balance-to').fill('2025');
    await panel.getByTestId('posture-balance-show').click();
    await panel.locator('[data-testid="posture-balance-row"][data-year="2022"]').waitFor();
    const rows = await panel.getByTestId('posture-balance-row').evaluateAll((items) =>
      items.map((row) => [row.getAttribute('data-year'), row.querySelector('[data-testid="posture-balance-units"]')?.textContent, row.querySelector('[data-testid="posture-balance-share"]')?.textContent]),
    );
    expect(rows).toEqual([
      ['2022', '4', '100%'],
      ['2023', '4', '100%'],
      ['2024', '39', '10.26%'],
      ['2025', '39', '10.26%'],
    ]);
    expect(await panel.locator('[data-testid="posture-balance-row"][data-year="2024"] [data-class="offensive"]').textContent()).toBe('35');
    expect(await panel.locator('[data-testid="posture-balance-row"][data-year="2024"] [data-testid="posture-balance-unquantified"]').textContent()).toBe('EXERCISE Camp counter-drone system');
    // The stacked chart has a bar per year and class; the share's line a point per year.
    expect(await panel.locator('svg[data-chart="posture-balance-holdings"]').count()).toBe(1);
    expect(await panel.locator('svg[data-chart="posture-balance-share"] circle.point').evaluateAll((points) => points.map((p) => p.getAttribute('data-year')))).toEqual(['2022', '2023', '2024', '2025']);
    expect(await panel.getByTestId('posture-balance-note').first().textContent()).toContain('Without service years, so held in every year shown: ');
    await screenshotOf(page, 'screenshots/posture-review-1280');
  });
});
