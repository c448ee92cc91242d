import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, PASSWORD, type ApiHarness } from '../support/api-harness.js';
import { multipart } from '../support/evidence-files.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * What the case form's pickers search (incidents by `q`, evidence items by `q`) and what a case answers about the
 * records it links (their titles): a record the reader may not see is never found, nor named.
 */
describe.each(DATABASES)('case links and the pickers’ searches on %s', (kind) => {
  let h: ApiHarness;
  /** An investigator named on no restricted record. */
  let outsider: string;
  let openIncident: string;
  let secretIncident: string;
  let openItem: string;
  let secretItem: string;
  const MISSING_ITEM = '01890000-0000-7000-8000-0000000000cd';

  const asOutsider = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: outsider } });
  const upload = async (fileName: string, fields: { incidentIds?: string[]; description?: string }) => {
    const form = multipart([
      ...(fields.incidentIds ?? []).map((id) => ({ name: 'incidentIds', value: id })),
      ...(fields.description ? [{ name: 'description', value: fields.description }] : []),
      { name: 'file', fileName, contentType: 'text/plain', data: Buffer.from(`Statement kept as ${fileName}.`) },
    ]);
    const response = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', payload: form.body, headers: { 'content-type': form.contentType } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };

  beforeAll(async () => {
    h = await openApiHarness(kind);
    await createUserAsOperator(h.ctx, { username: 'investigator-out', displayName: 'Investigator named on nothing', role: 'investigator', password: PASSWORD });
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'investigator-out', password: PASSWORD } });
    outsider = `haven_session=${login.cookies.find((c) => c.name === 'haven_session')!.value}`;
    const incident = (title: string) => h.call({ method: 'POST', url: '/api/v1/incidents', as: 'investigator', payload: { ...validIncident(), title, location: { ...validIncident().location, placeName: 'Gwoza' } } });
    openIncident = (await incident('Shelling of the Gwoza market')).json().id;
    secretIncident = (await incident('Shelling of the Gwoza clinic')).json().id;
    expect((await h.call({ method: 'PUT', url: `/api/v1/incidents/${secretIncident}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } })).statusCode).toBe(200);
    openItem = await upload('Market-statement_100%.txt', { incidentIds: [openIncident, secretIncident], description: 'Trader’s account of the shelling' });
    secretItem = await upload('market-clinic-statement.txt', { description: 'Nurse’s account' });
    expect((await h.call({ method: 'PUT', url: `/api/v1/evidence/${secretItem}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } })).statusCode).toBe(200);
  });
  afterAll(() => h?.close());

  const names = (response: { json(): unknown }) => (response.json() as { originalName: string }[]).map((i) => i.originalName).sort();

  it('finds evidence items by part of their file name or description, case-insensitively, and only those the reader may see', async () => {
    const named = await h.call({ method: 'GET', url: '/api/v1/evidence?q=MARKET', as: 'investigator' });
    expect(named.statusCode, named.body).toBe(200);
    expect(names(named)).toEqual(['Market-statement_100%.txt', 'market-clinic-statement.txt']);
    expect(names(await h.call({ method: 'GET', url: `/api/v1/evidence?q=${encodeURIComponent('nurse’s')}`, as: 'investigator' }))).toEqual(['market-clinic-statement.txt']);

    const outside = await asOutsider('/api/v1/evidence?q=market');
    expect(names(outside)).toEqual(['Market-statement_100%.txt']);
    expect(outside.body).not.toContain(secretItem);
    expect(names(await asOutsider(`/api/v1/evidence?q=${encodeURIComponent('nurse')}`))).toEqual([]);
    // The item's own incidents are named only where the reader may see them.
    expect(outside.json<{ incidentIds: string[] }[]>()[0]!.incidentIds).toEqual([openIncident]);
  });

  it('takes the search text literally and bounds the answer', async () => {
    expect(names(await h.call({ method: 'GET', url: `/api/v1/evidence?q=${encodeURIComponent('100%')}`, as: 'investigator' }))).toEqual(['Market-statement_100%.txt']);
    expect(names(await h.call({ method: 'GET', url: `/api/v1/evidence?q=${encodeURIComponent('ent_')}`, as: 'investigator' }))).toEqual(['Market-statement_100%.txt']);
    expect(names(await h.call({ method: 'GET', url: `/api/v1/evidence?q=${encodeURIComponent('%')}`, as: 'investigator' }))).toEqual(['Market-statement_100%.txt']);
    expect((await h.call({ method: 'GET', url: '/api/v1/evidence?q=statement&limit=1', as: 'investigator' })).json()).toHaveLength(1);
    const refused = await h.call({ method: 'GET', url: '/api/v1/evidence?limit=0', as: 'investigator' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues[0].path).toBe('limit');
  });

  it('finds no restricted incident by its title for a reader outside its list', async () => {
    const titles = (response: { json(): unknown }) => (response.json() as { items: { title: string }[] }).items.map((i) => i.title).sort();
    expect(titles(await h.call({ method: 'GET', url: '/api/v1/incidents?q=gwoza&limit=8', as: 'investigator' }))).toEqual(['Shelling of the Gwoza clinic', 'Shelling of the Gwoza market']);
    const outside = await asOutsider('/api/v1/incidents?q=gwoza&limit=8');
    expect(titles(outside)).toEqual(['Shelling of the Gwoza market']);
    expect(outside.body).not.toContain('clinic');
  });

  it('answers a case with the titles of its linked records, and never the title of one the reader may not read', async () => {
    const opened = await h.call({
      method: 'POST',
      url: '/api/v1/cases',
      as: 'investigator',
      payload: { title: 'Shelling in Gwoza', incidentIds: [openIncident, secretIncident], evidenceIds: [openItem, secretItem, MISSING_ITEM] },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;

    const named = opened.json();
    expect(named.linkedIncidents.map((i: { id: string; state: string; title: string }) => [i.id, i.state, i.title]).sort()).toEqual(
      [
        [openIncident, 'shown', 'Shelling of the Gwoza market'],
        [secretIncident, 'shown', 'Shelling of the Gwoza clinic'],
      ].sort(),
    );
    const market = named.linkedIncidents.find((i: { id: string }) => i.id === openIncident);
    expect(market).toMatchObject({ dateEarliest: validIncident().dateEarliest, country: validIncident().location.country, place: 'Gwoza' });
    expect(typeof market.killedBest).toBe('number');
    const byId = <T extends { id: string }>(list: T[], id: string) => list.find((e) => e.id === id);
    expect(byId(named.linkedEvidence, openItem)).toMatchObject({ state: 'shown', title: 'Market-statement_100%.txt', kind: 'document' });
    expect([openIncident, secretIncident]).toContain(named.linkedEvidence.find((e: { id: string }) => e.id === openItem).incidentId);
    expect(byId(named.linkedEvidence, MISSING_ITEM)).toMatchObject({ state: 'missing', title: null });

    // Outside the restricted records' lists: neither the clinic incident nor the nurse's statement, not even their ids.
    const outside = await asOutsider(`/api/v1/cases/${caseId}`);
    expect(outside.statusCode).toBe(200);
    expect(outside.json().linkedIncidents.map((i: { title: string }) => i.title)).toEqual(['Shelling of the Gwoza market']);
    expect(outside.json().linkedEvidence.map((e: { id: string }) => e.id).sort()).toEqual([openItem, MISSING_ITEM].sort());
    expect(byId(outside.json().linkedEvidence, openItem)).toMatchObject({ state: 'shown', incidentId: openIncident });
    for (const hidden of [secretIncident, secretItem, 'clinic', 'Nurse']) expect(outside.body).not.toContain(hidden);

    // A role that reads cases but not evidence: the items by id only, as restricted records.
    const authority = await h.call({ method: 'GET', url: `/api/v1/cases/${caseId}`, as: 'civilian_authority' });
    expect(authority.statusCode).toBe(200);
    expect(byId(authority.json().linkedEvidence, openItem)).toEqual({ id: openItem, state: 'restricted', title: null, kind: null, description: null, receivedAt: null, incidentId: null });
    expect(authority.body).not.toContain('Market-statement');
    expect(authority.body).not.toContain('Trader');
  });
});
