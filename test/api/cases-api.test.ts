import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, hasPermission } from '../../src/core/access-control.js';
import { DATABASES } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';

const source = { title: 'Mission human-rights report', reference: 'HRD/2026/114' };

describe.each(DATABASES)('accountability cases over HTTP on %s', (kind) => {
  let h: ApiHarness;
  let incidentId = '';
  beforeAll(async () => {
    h = await openApiHarness(kind);
    const incident = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'investigator', payload: validIncident() });
    expect(incident.statusCode, incident.body).toBe(201);
    incidentId = incident.json().id;
  });
  afterAll(() => h?.close());

  const newCase = (over: Record<string, unknown> = {}) => ({
    title: 'Attack on the market school',
    summary: 'Shelling of a school used as a shelter.',
    incidentIds: [incidentId],
    evidenceIds: ['01890000-0000-7000-8000-0000000000aa'],
    perpetrators: [
      { name: 'Commander A', kind: 'person', affiliation: 'Armed group X', roleOrRank: 'Battalion commander', status: 'at_large' },
      { name: '3rd Battalion', kind: 'unit', affiliation: 'Armed group X' },
    ],
    qualifications: [{ ref: 'rs-8-2-e-iv', note: 'the school was a shelter' }, { ref: 'rs-8-2-e-i' }],
    ...over,
  });

  async function open(over: Record<string, unknown> = {}) {
    const response = await h.call({ method: 'POST', url: '/api/v1/cases', as: 'investigator', payload: newCase(over) });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it('opens a case as documented with its links, perpetrators and qualifications from the catalogue, and ledgers it', async () => {
    const created = await open();
    expect(created).toMatchObject({ status: 'documented', version: 1, incidentIds: [incidentId], evidenceIds: ['01890000-0000-7000-8000-0000000000aa'] });
    expect(created.perpetrators.map((p: { name: string; kind: string }) => [p.name, p.kind])).toEqual([
      ['Commander A', 'person'],
      ['3rd Battalion', 'unit'],
    ]);
    expect(created.qualifications[0]).toMatchObject({ ref: 'rs-8-2-e-iv', category: 'war_crime', article: 'Art. 8(2)(e)(iv)', note: 'the school was a shelter' });
    expect(created.categories).toEqual(['war_crime']);

    const got = await h.call({ method: 'GET', url: `/api/v1/cases/${created.id}`, as: 'analyst' });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(created);

    const ledger = await h.ctx.store.ledger.forSubject(h.ctx.store.connection.db, created.id);
    expect(ledger.map((e) => e.kind)).toEqual(['case.opened']);
    const audit = await h.ctx.store.audit.forEntity(h.ctx.store.connection.db, 'case', created.id);
    expect(audit.map((a) => a.action)).toEqual(['case.open']);
  });

  it('refuses links to incidents that do not exist, unknown qualifications and empty titles with the field at fault', async () => {
    const missing = await h.call({ method: 'POST', url: '/api/v1/cases', as: 'investigator', payload: newCase({ incidentIds: ['01890000-0000-7000-8000-000000000099'] }) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.issues[0].path).toBe('incidentIds.0');
    const badRef = await h.call({ method: 'POST', url: '/api/v1/cases', as: 'investigator', payload: newCase({ qualifications: [{ ref: 'art-99' }] }) });
    expect(badRef.statusCode).toBe(400);
    const noTitle = await h.call({ method: 'POST', url: '/api/v1/cases', as: 'investigator', payload: newCase({ title: ' ' }) });
    expect(noTitle.statusCode).toBe(400);
  });

  it('lets each role read or write exactly as the matrix says: viewer 403, analyst read-only, investigator writes', async () => {
    const created = await open();
    for (const role of ROLES) {
      const read = await h.call({ method: 'GET', url: '/api/v1/cases', as: role });
      expect(read.statusCode, role).toBe(hasPermission(role, 'case:read') ? 200 : 403);
      const write = await h.call({ method: 'POST', url: '/api/v1/cases', as: role, payload: newCase() });
      expect(write.statusCode, role).toBe(hasPermission(role, 'case:write') ? 201 : 403);
    }
    expect((await h.call({ method: 'GET', url: `/api/v1/cases/${created.id}`, as: 'viewer' })).statusCode).toBe(403);
    const analystStep = await h.call({ method: 'POST', url: `/api/v1/cases/${created.id}/steps`, as: 'analyst', payload: { status: 'referred', referredTo: { body: 'icc', name: 'OTP' }, date: '2026-11-01', source, expectedVersion: 1 } });
    expect(analystStep.statusCode).toBe(403);
    const analystEdit = await h.call({ method: 'PUT', url: `/api/v1/cases/${created.id}`, as: 'analyst', payload: { ...newCase(), expectedVersion: 1 } });
    expect(analystEdit.statusCode).toBe(403);
    expect((await h.call({ method: 'GET', url: '/api/v1/legal-qualifications', as: 'viewer' })).json().items.length).toBeGreaterThan(10);
  });

  it('updates details and links with the version it started from; a stale version is 409', async () => {
    const created = await open();
    const [person, unit] = created.perpetrators;
    const edit = {
      ...newCase(),
      title: 'Attack on the market school and clinic',
      qualifications: [{ ref: 'rs-8-2-e-iv' }, { ref: 'rs-8-2-e-ii' }, { ref: 'rs-7-1-a' }],
      perpetrators: [{ ...person, roleOrRank: 'Brigade commander' }, unit, { name: 'Lieutenant B', kind: 'person' }],
      expectedVersion: 1,
    };
    delete (edit.perpetrators[0] as { events?: unknown }).events;
    delete (edit.perpetrators[1] as { events?: unknown }).events;
    const updated = await h.call({ method: 'PUT', url: `/api/v1/cases/${created.id}`, as: 'investigator', payload: edit });
    expect(updated.statusCode, updated.body).toBe(200);
    const body = updated.json();
    expect(body).toMatchObject({ version: 2, title: 'Attack on the market school and clinic' });
    expect(body.perpetrators.map((p: { id: string }) => p.id).slice(0, 2)).toEqual([person.id, unit.id]);
    expect(body.perpetrators[0].roleOrRank).toBe('Brigade commander');
    expect(body.categories).toEqual(['crime_against_humanity', 'war_crime']);

    const stale = await h.call({ method: 'PUT', url: `/api/v1/cases/${created.id}`, as: 'investigator', payload: { ...edit, title: 'Someone else', expectedVersion: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
    const staleStep = await h.call({ method: 'POST', url: `/api/v1/cases/${created.id}/steps`, as: 'investigator', payload: { status: 'referred', referredTo: { body: 'icc', name: 'OTP' }, date: '2026-11-01', source, expectedVersion: 1 } });
    expect(staleStep.statusCode).toBe(409);
    expect(staleStep.json().error.code).toBe('conflict');
    const audit = await h.ctx.store.audit.forEntity(h.ctx.store.connection.db, 'case', created.id);
    expect(audit.map((a) => a.action)).toEqual(['case.open', 'case.update']);
    expect(Object.keys(audit[1]!.changes)).toEqual(expect.arrayContaining(['title', 'qualifications', 'perpetrators']));
  });

  it('moves a case along its path, each step dated, sourced and recorded by name; an invalid step is 409 naming the allowed ones', async () => {
    const created = await open();
    const step = async (payload: Record<string, unknown>, version: number) =>
      h.call({ method: 'POST', url: `/api/v1/cases/${created.id}/steps`, as: 'investigator', payload: { date: '2026-11-02', source, expectedVersion: version, ...payload } });

    const skip = await step({ status: 'tried', court: 'Special court' }, 1);
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error.code).toBe('invalid_transition');
    expect(skip.json().error.message).toContain("'referred'");
    expect(skip.json().error.message).toContain("'closed_without_action'");

    const path = [
      { status: 'referred', referredTo: { body: 'icc', name: 'Office of the Prosecutor' } },
      { status: 'warrant', issuedBy: 'Pre-Trial Chamber II', warrantReference: 'ICC-01/26-1' },
      { status: 'arrested', by: 'National police', place: 'Capital' },
      { status: 'tried', court: 'Trial Chamber' },
      { status: 'outcome', outcome: 'convicted', detail: '12 years' },
    ];
    let body = created;
    for (const [i, payload] of path.entries()) {
      const response = await step(payload, i + 1);
      expect(response.statusCode, response.body).toBe(200);
      body = response.json();
    }
    expect(body.status).toBe('outcome');
    expect(body.outcome).toBe('convicted');
    expect(body.steps.map((s: { from: string; status: string }) => `${s.from}→${s.status}`)).toEqual([
      'documented→referred',
      'referred→warrant',
      'warrant→arrested',
      'arrested→tried',
      'tried→outcome',
    ]);
    expect(body.steps[0]).toMatchObject({ date: '2026-11-02', source, recordedBy: { id: h.users.investigator.id, name: h.users.investigator.username }, details: { referredTo: { body: 'icc' } } });
    const final = await step({ status: 'closed_without_action', reason: 'No reason' }, path.length + 1);
    expect(final.statusCode).toBe(409);
    expect(final.json().error.message).toMatch(/final/);

    const ledger = await h.ctx.store.ledger.forSubject(h.ctx.store.connection.db, created.id);
    expect(ledger.filter((e) => e.kind === 'case.step')).toHaveLength(path.length);
    const verification = await h.call({ method: 'GET', url: '/api/v1/ledger/verification', as: 'auditor' });
    expect(verification.json().ok).toBe(true);
  });

  it('closes a case without action with its reason, and lists by status, category and incident', async () => {
    const created = await open({ qualifications: [{ ref: 'iccpr-6' }], incidentIds: [] });
    const closed = await h.call({ method: 'POST', url: `/api/v1/cases/${created.id}/steps`, as: 'investigator', payload: { status: 'closed_without_action', reason: 'The suspect cannot be identified', date: '2026-11-03', source, expectedVersion: 1 } });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().steps[0].details.reason).toBe('The suspect cannot be identified');

    const ids = async (query: string) => (await h.call({ method: 'GET', url: `/api/v1/cases?${query}`, as: 'auditor' })).json().items.map((c: { id: string }) => c.id);
    expect(await ids('status=closed_without_action')).toEqual([created.id]);
    expect(await ids('category=serious_human_rights_violation')).toEqual([created.id]);
    const byIncident = await ids(`incidentId=${incidentId}`);
    expect(byIncident).not.toContain(created.id);
    expect(byIncident.length).toBeGreaterThan(0);
    expect((await h.call({ method: 'GET', url: '/api/v1/cases?status=nonsense', as: 'auditor' })).statusCode).toBe(400);
  });

  it('records arrests and killings of suspects as such, and counts them for the scorecard', async () => {
    const before = (await h.call({ method: 'GET', url: '/api/v1/accountability/arrests-vs-killings?from=2030-01-01&to=2030-12-31', as: 'analyst' })).json();
    expect(before).toMatchObject({ arrested: 0, killed: 0, takenAliveShare: null });

    const created = await open({
      perpetrators: [
        { name: 'Suspect one', kind: 'person' },
        { name: 'Suspect two', kind: 'person' },
        { name: 'Suspect three', kind: 'person' },
        { name: 'Unit Z', kind: 'unit' },
      ],
    });
    const [one, two, three, unit] = created.perpetrators as { id: string }[];
    const events: { pid: string; body: Record<string, unknown> }[] = [
      { pid: one!.id, body: { kind: 'arrested', date: '2030-02-01', by: 'Mission police', place: 'Market town' } },
      { pid: one!.id, body: { kind: 'escaped', date: '2030-03-01' } },
      { pid: one!.id, body: { kind: 'arrested', date: '2030-04-01', by: 'National police', place: 'Border' } },
      { pid: two!.id, body: { kind: 'surrendered', date: '2030-05-01', by: 'Mission', place: 'Base' } },
      { pid: three!.id, body: { kind: 'killed', date: '2030-06-01', by: 'Army', circumstances: 'Killed in a raid on his house', incidentId } },
      { pid: two!.id, body: { kind: 'released', date: '2031-01-05', by: 'Court', reason: 'bail' } },
    ];
    let last = created;
    for (const { pid, body } of events) {
      const response = await h.call({ method: 'POST', url: `/api/v1/cases/${created.id}/perpetrators/${pid}/events`, as: 'investigator', payload: body });
      expect(response.statusCode, response.body).toBe(200);
      last = response.json();
    }
    const statusOf = (id: string) => last.perpetrators.find((p: { id: string }) => p.id === id).status;
    expect([statusOf(one!.id), statusOf(two!.id), statusOf(three!.id)]).toEqual(['in_custody', 'released', 'deceased']);
    expect(last.perpetrators.find((p: { id: string }) => p.id === one!.id).events.map((e: { kind: string }) => e.kind)).toEqual(['arrested', 'escaped', 'arrested']);

    const onUnit = await h.call({ method: 'POST', url: `/api/v1/cases/${created.id}/perpetrators/${unit!.id}/events`, as: 'investigator', payload: { kind: 'killed', date: '2030-06-01', by: 'Army', circumstances: 'x' } });
    expect(onUnit.statusCode).toBe(400);
    const afterDeath = await h.call({ method: 'POST', url: `/api/v1/cases/${created.id}/perpetrators/${three!.id}/events`, as: 'investigator', payload: { kind: 'arrested', date: '2030-07-01', by: 'Police', place: 'Morgue' } });
    expect(afterDeath.statusCode).toBe(409);
    const unknownForce = await h.call({ method: 'POST', url: `/api/v1/cases/${created.id}/perpetrators/${one!.id}/events`, as: 'investigator', payload: { kind: 'killed', date: '2030-07-01', by: 'Army', circumstances: 'x', forceRequestId: '01890000-0000-7000-8000-000000000077' } });
    expect(unknownForce.statusCode).toBe(400);
    expect(unknownForce.json().error.issues[0].path).toBe('forceRequestId');
    const stranger = await h.call({ method: 'POST', url: `/api/v1/cases/${created.id}/perpetrators/01890000-0000-7000-8000-000000000001/events`, as: 'investigator', payload: { kind: 'escaped', date: '2030-07-01' } });
    expect(stranger.statusCode).toBe(404);
    const viewer = await h.call({ method: 'POST', url: `/api/v1/cases/${created.id}/perpetrators/${one!.id}/events`, as: 'viewer', payload: { kind: 'escaped', date: '2030-07-01' } });
    expect(viewer.statusCode).toBe(403);

    const from = '2030-01-01';
    const to = '2030-12-31';
    const inPeriod = events.filter((e) => (e.body.date as string) >= from && (e.body.date as string) <= to);
    const count = (k: string) => inPeriod.filter((e) => e.body.kind === k).length;
    const response = await h.call({ method: 'GET', url: `/api/v1/accountability/arrests-vs-killings?from=${from}&to=${to}`, as: 'analyst' });
    expect(response.statusCode).toBe(200);
    const alive = count('arrested') + count('surrendered');
    expect(response.json()).toEqual({
      from,
      to,
      arrested: count('arrested'),
      surrendered: count('surrendered'),
      killed: count('killed'),
      escaped: count('escaped'),
      released: count('released'),
      takenAliveShare: alive / (alive + count('killed')),
    });
    expect((await h.call({ method: 'GET', url: '/api/v1/accountability/arrests-vs-killings?from=2031-01-01&to=2030-01-01', as: 'analyst' })).statusCode).toBe(400);
    expect((await h.call({ method: 'GET', url: '/api/v1/accountability/arrests-vs-killings', as: 'viewer' })).statusCode).toBe(403);

    const ledger = await h.ctx.store.ledger.forSubject(h.ctx.store.connection.db, created.id);
    expect(ledger.filter((e) => e.kind === 'case.perpetrator_event')).toHaveLength(events.length);

    // A perpetrator whose fate is on record cannot be dropped from the case.
    const current = (await h.call({ method: 'GET', url: `/api/v1/cases/${created.id}`, as: 'investigator' })).json();
    const drop = await h.call({
      method: 'PUT',
      url: `/api/v1/cases/${created.id}`,
      as: 'investigator',
      payload: { ...newCase(), perpetrators: [], expectedVersion: current.version },
    });
    expect(drop.statusCode).toBe(409);
  });
});
