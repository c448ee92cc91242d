import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/application/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { recordJudgement } from '../../src/application/force-request.service.js';
import { verifyLedgerSegment } from '../../src/application/ledger.service.js';
import type { Role } from '../../src/core/access-control.js';
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

const SCREENSHOTS = 'failure-use-of-force-';
const PASSWORD = 'a long passphrase for the use-of-force test';

/** The people of the exercise, each at their own browser. */
const PEOPLE = {
  commanderOne: { username: 'commander-one', displayName: 'Commander One', role: 'commander' },
  commanderTwo: { username: 'commander-two', displayName: 'Commander Two', role: 'commander' },
  advisor: { username: 'advisor', displayName: 'Human-security Advisor', role: 'human_security_advisor' },
  civilian: { username: 'civilian', displayName: 'Head of Mission', role: 'civilian_authority' },
  viewer: { username: 'viewer', displayName: 'A Viewer', role: 'viewer' },
} as const satisfies Record<string, { username: string; displayName: string; role: Role }>;
type Person = keyof typeof PEOPLE;

const credentials = (person: Person) => ({ username: PEOPLE[person].username, password: PASSWORD });

/** Clicks the label of one choice of a radio group (the inputs themselves are drawn as a segmented control). */
async function choose(scope: Locator, idPrefix: string, path: string, value: string): Promise<void> {
  await scope.locator(`label[for="${idPrefix}-${path}-${value}"]`).click();
}

const detailReady = (page: Page) => page.locator('[data-testid="request-detail"][data-state="ready"]');

async function openRequest(page: Page, baseUrl: string, id: string): Promise<Locator> {
  await page.goto(`${baseUrl}/?view=force&request=${id}`);
  await page.locator(`[data-testid="request-detail"][data-state="ready"][data-id="${id}"]`).waitFor();
  return page.getByTestId('request-detail');
}

async function statusOf(detail: Locator): Promise<string | null> {
  return detail.getAttribute('data-status');
}

describe('use of force in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  const pages = {} as Record<Person, PageWatch>;
  let requestId = '';

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 30 });
    for (const person of Object.values(PEOPLE)) await createUserAsOperator(haven.ctx, { ...person, password: PASSWORD });
    session = await openBrowser();
    pages.commanderOne = { page: session.page, takeProblems: () => session.takeProblems() };
    for (const person of ['commanderTwo', 'advisor', 'civilian', 'viewer'] as const) pages[person] = await openPerson(session.browser);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      for (const [person, watch] of Object.entries(pages)) {
        const path = await screenshotOf(watch.page, `${SCREENSHOTS}${task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${person}`).catch(() => 'none');
        console.error(`screenshot of ${person} in the failed test "${task.name}": ${path}`);
      }
    });
  });

  afterEach(() => {
    for (const [person, watch] of Object.entries(pages)) expect(watch.takeProblems(), `errors in ${person}'s browser during this test`).toEqual([]);
  });

  it('shows the use-of-force area only to roles that may see force requests, and keeps it in the link', async () => {
    const viewer = pages.viewer.page;
    await logIn(viewer, haven.url, credentials('viewer'));
    expect(await viewer.getByTestId('area-force').count()).toBe(0);
    await viewer.goto(`${haven.url}/?view=force`);
    await viewer.getByTestId('incident-workspace').waitFor();
    expect(await viewer.getByTestId('force-area').count()).toBe(0);

    const page = pages.commanderOne.page;
    await logIn(page, haven.url, credentials('commanderOne'));
    await page.getByTestId('area-force').click();
    await page.getByTestId('force-intro').waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('force');
    expect(await page.getByTestId('area-force').getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe('Haven — use of force');
    // Back to the register and forth again, by the browser's own buttons.
    await page.getByTestId('area-incidents').click();
    await page.getByTestId('incident-workspace').waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBeNull();
    await page.goBack();
    await page.getByTestId('force-intro').waitFor();
    expect(await page.getByTestId('incident-workspace').isHidden()).toBe(true);
  });

  it('a commander drafts the isolated sleeping fighter: facts unknown by default, issues as you type, both verdicts side by side with the trace', { timeout: 90_000 }, async () => {
    const page = pages.commanderOne.page;
    await page.getByTestId('new-force-request').click();
    const form = page.getByTestId('force-form');
    await form.waitFor();
    expect(new URL(page.url()).searchParams.get('request')).toBe('new');

    // Every three-way fact starts unknown, and says so.
    const triStates = await form.locator('fieldset.tri-state').evaluateAll((groups) => groups.map((g) => g.getAttribute('data-value')));
    expect(triStates.length).toBeGreaterThan(20);
    expect(new Set(triStates)).toEqual(new Set(['unknown']));
    expect(await form.locator('input[name="alternatives.arrestFeasible"]:checked').getAttribute('value')).toBe('unknown');
    expect(await form.textContent()).toContain('stay unknown — never read as “no”');

    // The core's schema runs as you type: a name typed and wiped is required again, beside its field.
    const name = form.getByTestId('force-mission-name');
    await name.fill('x');
    await name.fill('');
    const nameError = form.locator('[data-error-for="mission.name"] .issue[data-source="client"]');
    await nameError.waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await name.fill('EXERCISE Lake Shield');
    await nameError.waitFor({ state: 'detached' });

    const F = 'force';
    await choose(form, F, 'situation.armedConflict', 'non_international');
    await form.locator('[name="situation.description"]').fill('Exercise: a fighter asleep in a house far from any fighting.');
    await form.locator('[name="purpose"]').selectOption('neutralise_military_objective');
    await form.locator('[name="target.status"]').selectOption('fighter');
    await form.locator('[name="target.description"]').fill('One fighter, asleep, identified by a patrol the evening before.');
    await choose(form, F, 'threat.imminence', 'not_imminent');
    await choose(form, F, 'threat.toLife', 'no');
    await form.locator('[name="threat.toWhom"]').selectOption('none');
    await choose(form, F, 'threat.hostileAct', 'no');
    await choose(form, F, 'threat.hostileIntent', 'no');
    for (const [fact, value] of [
      ['nonViolentMeansTried', 'no'],
      ['arrestFeasible', 'yes'],
      ['warningFeasible', 'yes'],
      ['warningGiven', 'no'],
      ['lessLethalAvailable', 'yes'],
      ['targetVerified', 'yes'],
    ] as const) {
      await choose(form, F, `alternatives.${fact}`, value);
    }
    expect(await form.locator('fieldset[data-path="alternatives.arrestFeasible"]').getAttribute('data-value')).toBe('yes');
    await form.locator('[name="means.weapon"]').selectOption('small_arms');
    await choose(form, F, 'means.lethal', 'yes');
    for (const harm of ['deaths', 'injuries']) {
      for (const part of ['low', 'best', 'high']) await form.locator(`[name="expectedEffects.civilians.${harm}.${part}"]`).fill('0');
    }
    // low ≤ best ≤ high, checked beside the estimate.
    await form.locator('[name="expectedEffects.opposingForce.deaths.low"]').fill('2');
    await form.locator('[name="expectedEffects.opposingForce.deaths.best"]').fill('1');
    await form.locator('[name="expectedEffects.opposingForce.deaths.high"]').fill('1');
    const estimateError = form.locator('[data-error-for="expectedEffects.opposingForce.deaths"]');
    await estimateError.locator('.issue').waitFor();
    expect(await estimateError.textContent()).toContain('low ≤ best ≤ high');
    await form.locator('[name="expectedEffects.opposingForce.deaths.low"]').fill('1');
    await estimateError.waitFor({ state: 'hidden' });
    await choose(form, F, 'expectedEffects.civilianObjectDamage', 'none');
    await choose(form, F, 'expectedEffects.populatedArea', 'no');
    await choose(form, F, 'expectedEffects.childrenPresent', 'no');
    expect(await form.getAttribute('data-valid')).toBe('true');
    await form.getByTestId('force-form-alternatives').scrollIntoViewIfNeeded();
    await screenshotOf(page, 'use-of-force-form');

    // "Check assessment" asks the engine and stores nothing.
    await page.getByTestId('force-check').click();
    const result = page.locator('[data-testid="check-result"][data-state="ready"]');
    await result.waitFor();
    const ihl = result.getByTestId('regime-ihl');
    const hs = result.getByTestId('regime-human-security');
    expect(await hs.getAttribute('data-verdict')).toBe('prohibited');
    expect(await result.getByTestId('verdict-human-security').textContent()).toBe('Prohibited');
    expect(await ihl.getAttribute('data-verdict')).not.toBe('prohibited');
    expect(['permitted', 'permitted_with_conditions', 'needs_human_judgement']).toContain(await ihl.getAttribute('data-verdict'));
    expect(await result.getByTestId('ihl-paradigm').textContent()).toContain('Conduct of hostilities');
    expect(await result.getByTestId('human-security-paradigm').textContent()).toContain('Law enforcement');
    // No verdict ever says "authorised": the engine advises, a person decides.
    for (const badge of await result.locator('.verdict-badge').allTextContents()) expect(badge).not.toMatch(/authori[sz]/i);
    expect(await result.getByTestId('advisory-notice').textContent()).toMatch(/advice.*does not authorise force/);

    const divergence = result.getByTestId('divergence');
    expect(await divergence.getAttribute('data-diverges')).toBe('true');
    expect(await divergence.textContent()).toMatch(/arrest/i);
    expect(await result.getByTestId('expected-deaths').textContent()).toContain('Opposing force: 1');

    // The trace, folded until asked for: rule ids, statements, sources, V/M marks explained.
    const trace = result.getByTestId('trace-human-security');
    expect(await trace.locator('[data-testid="trace-entry"]').first().isVisible()).toBe(false);
    await result.getByTestId('trace-human-security-toggle').click();
    const ruleIds = await trace.locator(':scope > .trace-entries > [data-testid="trace-entry"]').evaluateAll((entries) => entries.map((e) => e.getAttribute('data-rule-id')));
    expect(ruleIds).toEqual(expect.arrayContaining(['HS-ARREST', 'BPUFF-P9']));
    const arrest = trace.locator('[data-testid="trace-entry"][data-rule-id="HS-ARREST"]');
    expect(await arrest.getAttribute('data-outcome')).toBe('prohibits');
    expect(await arrest.locator('.rule-source').textContent()).toMatch(/^Source: .+/);
    expect(['V', 'M']).toContain(await arrest.getByTestId('vm-mark').textContent());
    expect(await trace.getByTestId('trace-legend').textContent()).toContain('M = from memory, to be checked');
    expect(await result.getByTestId('human-security-decisive').textContent()).toContain('HS-ARREST');

    // An estimate that cannot change the verdict is a death to record, not a fact the assessment waits for.
    expect(await hs.locator('[data-testid="missing-fact"][data-path="expectedEffects.ownForce.deaths"]').count()).toBe(0);

    // The verdict view as a reviewer sees it, on a tall screen so both columns and the start of the trace show.
    await page.setViewportSize({ width: 1440, height: 1700 });
    await result.evaluate((element) => (element as unknown as { scrollIntoView(options: { block: string }): void }).scrollIntoView({ block: 'start' }));
    await screenshotOf(page, 'use-of-force-verdicts');
    await arrest.evaluate((element) => (element as unknown as { scrollIntoView(options: { block: string }): void }).scrollIntoView({ block: 'center' }));
    await screenshotOf(page, 'use-of-force-trace');
    await page.setViewportSize({ width: 1440, height: 900 });

    // Editing the form marks the check as out of date.
    await form.locator('[name="expectedEffects.ownForce.deaths.low"]').fill('0');
    await form.locator('[name="expectedEffects.ownForce.deaths.best"]').fill('0');
    await form.locator('[name="expectedEffects.ownForce.deaths.high"]').fill('0');
    expect(await page.getByTestId('check-result').getAttribute('data-stale')).toBe('true');

    await page.getByTestId('force-submit').click();
    const detail = detailReady(page);
    await detail.waitFor();
    requestId = (await detail.getAttribute('data-id'))!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new URL(page.url()).searchParams.get('request')).toBe(requestId);
    expect(await statusOf(detail)).toBe('awaiting_review');
    // Nothing ticked among the binding treaties is "not stated", never "none binds this force".
    const stored = (await (await page.request.get(`${haven.url}/api/v1/force/requests/${requestId}`)).json()) as { request: { mission: { treatiesBinding?: string[] } } };
    expect(stored.request.mission.treatiesBinding).toBeUndefined();
    expect(await detail.getByTestId('requested-by').textContent()).toBe('commander-one (Commander)');
    expect(await detail.getByTestId('verdict-human-security').getAttribute('data-verdict')).toBe('prohibited');
    expect(await detail.getByTestId('stage-review').getAttribute('data-state')).toBe('current');
    // The requester has no step to take while the request awaits review.
    expect(await detail.getByTestId('force-actions').count()).toBe(0);
    // A commander's queue is what awaits a decision; the new request is among all requests.
    await page.getByTestId('queue-scope-all').click();
    await page.locator(`[data-testid="queue-row"][data-id="${requestId}"][aria-current="true"]`).waitFor();
  });

  it('the advisor enters a signed judgement, the request is assessed again, and the advisor reviews', { timeout: 60_000 }, async () => {
    const page = pages.advisor.page;
    await logIn(page, haven.url, credentials('advisor'));
    await page.getByTestId('area-force').click();
    expect(await page.getByTestId('queue-scope-mine').getAttribute('aria-pressed')).toBe('true');
    const row = page.locator(`[data-testid="queue-row"][data-id="${requestId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('EXERCISE Lake Shield');
    expect(await row.textContent()).toContain('Neutralise a military objective');
    expect(await row.getAttribute('data-status')).toBe('awaiting_review');
    await row.click();
    const detail = detailReady(page);
    await detail.waitFor();
    expect(await row.getAttribute('aria-current')).toBe('true');
    const version = Number(await detail.getAttribute('data-version'));

    // Only the advisor's steps: a judgement and the review; never a decision or an approval.
    const actions = detail.getByTestId('force-actions');
    expect(await actions.getByTestId('action-judgement').count()).toBe(1);
    expect(await actions.getByTestId('action-review').count()).toBe(1);
    expect(await actions.getByTestId('action-decision').count()).toBe(0);
    expect(await actions.getByTestId('action-approval').count()).toBe(0);

    const judgement = actions.getByTestId('action-judgement');
    await judgement.getByTestId('action-judgement-kind').selectOption('arrest_feasible');
    await choose(judgement, 'action-judgement', 'value', 'yes');
    await judgement.getByTestId('action-judgement-reasoning').fill('A patrol can reach the house by night and detain him without a fight.');
    await judgement.getByTestId('action-judgement-submit').click();
    await page.locator(`[data-testid="request-detail"][data-state="ready"][data-version="${version + 1}"]`).waitFor();
    const judged = detail.getByTestId('stage-judgements').locator('[data-testid="timeline-step"][data-kind="judgement"]');
    expect(await judged.count()).toBe(1);
    expect(await judged.textContent()).toContain('Arrest feasible? Yes');
    expect(await judged.textContent()).toContain('advisor (Human security advisor)');
    expect(await judged.textContent()).toContain('detain him without a fight');
    // The judgement shows in the trace with who made it.
    await detail.getByTestId('trace-human-security-toggle').click();
    expect(await detail.getByTestId('trace-human-security').textContent()).toContain('judged by advisor (Human security advisor)');

    // Reasons too short: the server's issue beside the field, nothing recorded.
    const review = actions.getByTestId('action-review');
    await choose(review, 'action-review', 'position', 'do_not_concur');
    await screenshotOf(page, 'use-of-force-advisor-turn');
    await review.getByTestId('action-review-reasons').fill('No.');
    await review.getByTestId('action-review-submit').click();
    await review.locator('[data-error-for="reasons"] .issue[data-source="server"]').waitFor();
    expect(await statusOf(detail)).toBe('awaiting_review');

    await review.getByTestId('action-review-reasons').fill('Arrest is feasible and there is no imminent threat to life: do not use lethal force.');
    await review.getByTestId('action-review-submit').click();
    await page.locator('[data-testid="request-detail"][data-state="ready"][data-status="awaiting_decision"]').waitFor();
    const reviewed = detail.getByTestId('stage-review');
    expect(await reviewed.getAttribute('data-state')).toBe('done');
    expect(await reviewed.textContent()).toContain('Does not concur');
    expect(await reviewed.textContent()).toContain('advisor (Human security advisor)');
    expect(await detail.getByTestId('stage-decision').getAttribute('data-state')).toBe('current');
    expect(await detail.getByTestId('force-actions').count()).toBe(0);
    // Off the advisor's queue.
    await expect.poll(() => page.locator(`[data-testid="queue-row"][data-id="${requestId}"]`).count()).toBe(0);
  });

  it('the commander who asked may not decide: the server refuses, and the page says so plainly', { timeout: 60_000 }, async () => {
    const page = pages.commanderOne.page;
    await page.getByTestId('request-reload').click();
    const detail = page.locator('[data-testid="request-detail"][data-state="ready"][data-status="awaiting_decision"]');
    await detail.waitFor();
    expect(await detail.getByTestId('turn-caution').textContent()).toContain('nobody may take the decision of their own request');
    const decision = detail.getByTestId('action-decision');
    await choose(decision, 'action-decision', 'decision', 'deny');
    await decision.getByTestId('action-decision-reasons').fill('I would rather deny this myself and move on.');
    await decision.getByTestId('action-decision-submit').click();
    const failure = decision.getByTestId('action-decision-failure');
    await failure.waitFor();
    expect(await failure.textContent()).toBe('Refused: nobody may take the decision of their own request');
    await page.getByTestId('request-reload').click();
    await page.locator('[data-testid="request-detail"][data-state="ready"][data-status="awaiting_decision"]').waitFor();
  });

  it('a second commander decides against the human-security assessment — warned, and only on the latest version', { timeout: 60_000 }, async () => {
    const page = pages.commanderTwo.page;
    await logIn(page, haven.url, credentials('commanderTwo'));
    await page.getByTestId('area-force').click();
    await page.locator(`[data-testid="queue-row"][data-id="${requestId}"]`).click();
    const detail = detailReady(page);
    await detail.waitFor();
    const readVersion = Number(await detail.getAttribute('data-version'));
    expect(await detail.getByTestId('turn-caution').count()).toBe(0);

    // Meanwhile the advisor adds a judgement from elsewhere: the request is now a version this commander has not read.
    const advisor = await haven.ctx.store.users.findByUsername(haven.ctx.store.connection.db, 'advisor');
    const advisorActor: Actor = { id: advisor!.id, username: advisor!.username, role: advisor!.role };
    await recordJudgement(haven.ctx, advisorActor, requestId, { kind: 'threat_imminent', value: 'no', reasoning: 'He is asleep; nobody is threatened tonight.' });

    const decision = detail.getByTestId('action-decision');
    const warning = decision.getByTestId('decision-warning');
    expect(await warning.isHidden()).toBe(true);
    await choose(decision, 'action-decision', 'decision', 'authorise');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('against the human-security assessment (Prohibited');
    await screenshotOf(page, 'use-of-force-decision-warning');
    await decision.getByTestId('action-decision-reasons').fill('Authorised for the record of this exercise, against the advice.');
    await decision.getByTestId('action-decision-submit').click();
    expect(await decision.getByTestId('action-decision-failure').textContent()).toContain('Tick the box');
    await decision.getByTestId('action-decision-acknowledge').check();
    await decision.getByTestId('action-decision-submit').click();
    const failure = decision.getByTestId('action-decision-failure');
    await failure.getByTestId('reload-request').waitFor();
    expect(await failure.textContent()).toContain(`the request changed since you read it (now version ${readVersion + 1})`);

    await failure.getByTestId('reload-request').click();
    await page.locator(`[data-testid="request-detail"][data-state="ready"][data-version="${readVersion + 1}"]`).waitFor();
    expect(await detail.getByTestId('stage-judgements').locator('[data-testid="timeline-step"][data-kind="judgement"]').count()).toBe(2);
    const again = detail.getByTestId('action-decision');
    await choose(again, 'action-decision', 'decision', 'authorise');
    await again.getByTestId('action-decision-acknowledge').check();
    await again.getByTestId('action-decision-reasons').fill('Authorised for the record of this exercise, against the advice.');
    await again.getByTestId('action-decision-submit').click();
    await page.locator('[data-testid="request-detail"][data-state="ready"][data-status="awaiting_approval"]').waitFor();
    const decided = detail.getByTestId('stage-decision');
    expect(await decided.textContent()).toContain('commander-two (Commander)');
    expect(await decided.getByTestId('against-advice').textContent()).toBe('against the human-security assessment');
    expect(await detail.getByTestId('stage-approval').getAttribute('data-state')).toBe('current');
  });

  it('the civilian authority rejects; everyone sees the whole timeline; the ledger verifies and downloads', { timeout: 90_000 }, async () => {
    const page = pages.civilian.page;
    await logIn(page, haven.url, credentials('civilian'));
    await page.getByTestId('area-force').click();
    const row = page.locator(`[data-testid="queue-row"][data-id="${requestId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('awaiting_approval');
    await row.click();
    const detail = detailReady(page);
    await detail.waitFor();
    expect(await detail.getByTestId('force-actions').locator('form').evaluateAll((forms) => forms.map((f) => f.getAttribute('data-testid')))).toEqual(['action-approval']);
    const approval = detail.getByTestId('action-approval');
    await choose(approval, 'action-approval', 'approval', 'reject');
    await approval.getByTestId('action-approval-reasons').fill('Arrest first: the mission is civilian-led and protective.');
    await approval.getByTestId('action-approval-submit').click();
    await page.locator('[data-testid="request-detail"][data-state="ready"][data-status="rejected"]').waitFor();
    expect(await detail.getByTestId('request-status').textContent()).toBe('Rejected by the civilian authority');

    // Everyone, whatever their role, reads the same history.
    for (const person of ['commanderOne', 'advisor', 'commanderTwo', 'civilian'] as const) {
      const seen = await openRequest(pages[person].page, haven.url, requestId);
      expect(await statusOf(seen), person).toBe('rejected');
      const timeline = seen.getByTestId('status-timeline');
      const states = await timeline.locator(':scope > li').evaluateAll((stages) => stages.map((s) => [s.getAttribute('data-testid'), s.getAttribute('data-state')]));
      expect(states, person).toEqual([
        ['stage-requested', 'done'],
        ['stage-assessed', 'done'],
        ['stage-judgements', 'done'],
        ['stage-review', 'done'],
        ['stage-decision', 'done'],
        ['stage-approval', 'done'],
      ]);
      const text = await timeline.textContent();
      for (const who of ['commander-one (Commander)', 'advisor (Human security advisor)', 'commander-two (Commander)', 'civilian (Civilian authority)']) expect(text, person).toContain(who);
      expect(text).toContain('Arrest first: the mission is civilian-led and protective.');
      expect(await seen.getByTestId('force-actions').count(), person).toBe(0);
    }

    const detailNow = pages.civilian.page.getByTestId('request-detail');
    const kinds = await detailNow.getByTestId('ledger-entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds).toEqual([
      'force.request',
      'force.assessment',
      'force.judgement',
      'force.assessment',
      'force.review',
      'force.judgement',
      'force.assessment',
      'force.decision',
      'force.approval',
    ]);
    expect(await detailNow.getByTestId('ledger-entry').first().textContent()).toMatch(/^1Requestcommander-one \(Commander\).+[0-9a-f]{12}…$/);

    // The whole chain, verified by the server.
    const civilian = pages.civilian.page;
    await civilian.getByTestId('verify-ledger').click();
    const verdict = civilian.locator('[data-testid="ledger-result"][data-state="intact"]');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/^Chain intact: 9 entries, every signature valid; the signed head matches the newest entry; \d+ steps and custody events match/);
    await screenshotOf(civilian, 'use-of-force-rejected');

    // The request's run of the chain downloads, and verifies with nothing but the mission's public key.
    const [download] = await Promise.all([civilian.waitForEvent('download'), detailNow.getByTestId('request-ledger-download').click()]);
    const lines = (await readFile(await download.path(), 'utf8')).split('\n');
    expect(verifyLedgerSegment(lines, haven.ctx.ledgerKey.publicKeyPem)).toMatchObject({ ok: true, entries: 9 });
    expect(await civilian.getByTestId('ledger-download').getAttribute('href')).toBe('/api/v1/ledger/segment?from=1');
  });
});
