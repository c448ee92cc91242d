import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { ROLES, hasPermission } from '../../src/core/access-control.js';
import type { IncidentDetail, IncidentInput } from '../../src/core/incident.schema.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

const VICTIM = 'Halima Ngozi Brightwater';
const WITNESS = 'Idris Moonfallow';
const SOURCE = 'Farmer Kestrelwood';
const NAMES = [VICTIM, WITNESS, SOURCE];
const MARK = 'Consentcheck';

const referral = { uses: ['documentation', 'accountability_referral'], recipients: ['mission_internal', 'icc_or_court'] } as const;

function named(title: string, consent?: typeof referral): IncidentInput {
  const c = consent ? { consent: { uses: [...consent.uses], recipients: [...consent.recipients] } } : {};
  return {
    ...validIncident(),
    title: `${MARK} ${title}`,
    sensitive: {
      victims: [{ name: VICTIM, ...c }],
      witnesses: [{ name: WITNESS, contact: '+000 111', ...c }],
      sourceIdentities: [{ sourceRef: 'S1', identity: SOURCE, ...c }],
    },
  };
}

describe.each(DATABASES)('sensitive data over HTTP on %s', (kind) => {
  let h: ApiHarness;
  let withoutConsent: IncidentDetail;
  let withConsent: IncidentDetail;

  beforeAll(async () => {
    h = await openApiHarness(kind);
    const create = async (input: IncidentInput) => {
      const response = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: input });
      if (response.statusCode !== 201) throw new Error(response.body);
      return response.json<IncidentDetail>();
    };
    withoutConsent = await create(named('camp raid'));
    withConsent = await create(named('market attack', referral));
  });
  afterAll(() => h?.close());

  it('shows the named persons only to roles cleared for them, in detail and in lists', async () => {
    for (const role of ROLES) {
      const detail = await h.call({ method: 'GET', url: `/api/v1/incidents/${withoutConsent.id}`, as: role });
      const list = await h.call({ method: 'GET', url: `/api/v1/incidents?q=${MARK}`, as: role });
      expect(detail.statusCode, role).toBe(200);
      if (hasPermission(role, 'incident:read_sensitive')) {
        expect(detail.json<IncidentDetail>().sensitive?.victims[0]?.name, role).toBe(VICTIM);
      } else {
        expect(detail.json<IncidentDetail>().sensitive, role).toBeUndefined();
        for (const name of NAMES) {
          expect(detail.body.includes(name), `${role} sees ${name}`).toBe(false);
          expect(list.body.includes(name), `${role} sees ${name} in a list`).toBe(false);
        }
      }
    }
  });

  it('records consent per person, most restrictive by default, with who recorded it and when', () => {
    expect(withoutConsent.sensitive?.victims[0]?.consent).toMatchObject({ uses: ['documentation'], recipients: ['mission_internal'], recordedBy: 'analyst-user' });
    expect(withoutConsent.sensitive?.victims[0]?.consent.recordedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(withConsent.sensitive?.witnesses[0]?.consent.recipients).toEqual(['mission_internal', 'icc_or_court']);
  });

  it('exports no sensitive field by default, whoever asks', async () => {
    for (const format of ['csv', 'geojson', 'hxl', 'ged']) {
      const response = await h.call({ method: 'GET', url: `/api/v1/exports/incidents?format=${format}&q=${MARK}`, as: 'investigator' });
      expect(response.statusCode, format).toBe(200);
      expect(response.body).toContain(MARK);
      for (const name of NAMES) expect(response.body.includes(name), `${format} export holds ${name}`).toBe(false);
    }
  });

  it('refuses a sensitive export to a role without incident:export_sensitive, or without purpose and recipient', async () => {
    const url = `/api/v1/exports/incidents?q=${MARK}&includeSensitive=true&purpose=documentation&recipient=mission_internal`;
    for (const role of ['viewer', 'analyst', 'administrator', 'auditor'] as const) {
      const refused = await h.call({ method: 'GET', url, as: role });
      expect(refused.statusCode, role).toBe(403);
    }
    const noPurpose = await h.call({ method: 'GET', url: `/api/v1/exports/incidents?q=${MARK}&includeSensitive=true&recipient=mission_internal`, as: 'investigator' });
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().error.issues[0].path).toBe('purpose');
    const hxl = await h.call({ method: 'GET', url: `${url}&format=hxl`, as: 'investigator' });
    expect(hxl.statusCode).toBe(400);
  });

  it('refuses the whole export when any person did not consent, naming incident and person record but not the person', async () => {
    const refused = await h.call({
      method: 'GET',
      url: `/api/v1/exports/incidents?q=${MARK}&includeSensitive=true&purpose=accountability_referral&recipient=icc_or_court`,
      as: 'investigator',
    });
    expect(refused.statusCode).toBe(403);
    const { error } = refused.json<{ error: { code: string; message: string; issues: { path: string; code: string; message: string }[] } }>();
    expect(error.message).toContain('not consented');
    expect(error.issues.map((i) => i.path).sort()).toEqual(
      ['victims.0', 'witnesses.0', 'sourceIdentities.0'].map((p) => `incidents.${withoutConsent.id}.sensitive.${p}`).sort(),
    );
    expect(error.issues.every((i) => i.code === 'consent_missing' && i.message.includes('accountability_referral'))).toBe(true);
    for (const name of NAMES) expect(refused.body.includes(name)).toBe(false);
  });

  it('allows an export within consent, with the persons in it, and audits who, purpose, recipient and count', async () => {
    const url = `/api/v1/exports/incidents?q=${MARK}+market&includeSensitive=true&purpose=accountability_referral&recipient=icc_or_court`;
    const csv = await h.call({ method: 'GET', url, as: 'investigator' });
    expect(csv.statusCode, csv.body).toBe(200);
    const rows = parse<Record<string, string>>(csv.body, { columns: true });
    expect(rows).toHaveLength(1);
    const sensitive = JSON.parse(rows[0]!.sensitive!) as IncidentDetail['sensitive'];
    expect(sensitive?.victims[0]?.name).toBe(VICTIM);

    const geojson = await h.call({ method: 'GET', url: `${url}&format=geojson`, as: 'investigator' });
    expect(geojson.json().features[0].properties.sensitive.witnesses[0].name).toBe(WITNESS);

    const audit = await h.test.store.connection.db.selectFrom('audit_log').selectAll().where('action', '=', 'incident.export_sensitive').execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]!.user_id).toBe(h.users.investigator.id);
    expect(JSON.parse(audit[0]!.changes)).toMatchObject({ purpose: 'accountability_referral', recipient: 'icc_or_court', format: 'csv', incidents: 1, persons: 3 });
    for (const name of NAMES) expect(audit.some((a) => a.changes.includes(name))).toBe(false);
  });

  it('keeps names out of the audit log, through creation and edits', async () => {
    const edit = { ...named('camp raid', referral), expectedVersion: withoutConsent.version };
    const updated = await h.call({ method: 'PUT', url: `/api/v1/incidents/${withoutConsent.id}`, as: 'analyst', payload: edit });
    expect(updated.statusCode, updated.body).toBe(200);
    const trail = await h.call({ method: 'GET', url: `/api/v1/incidents/${withoutConsent.id}/audit`, as: 'auditor' });
    expect(trail.json<{ changes: Record<string, unknown> }[]>().at(-1)!.changes.sensitive).toEqual({ before: '[sensitive: changed]', after: '[sensitive: changed]' });
    const rows = await h.test.store.connection.db.selectFrom('audit_log').select('changes').execute();
    for (const name of NAMES) expect(rows.some((r) => r.changes.includes(name)), `${name} in the audit log`).toBe(false);
  });

  it('redacts sensitive fields and authentication secrets from log lines', async () => {
    const lines: string[] = [];
    const app = await buildServer(h.ctx, { logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } });
    try {
      app.log.info({ body: { password: 'hunter2-long-secret', sensitive: { victims: [{ name: VICTIM }] } }, incident: { sensitive: { witnesses: [{ name: WITNESS }] } } }, 'logged a request body');
      app.log.info({ req: { headers: { cookie: 'haven_session=abcdef123456', authorization: 'Bearer tok-987' } } }, 'logged headers');
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'analyst-user', password: 'a wrong password here' } });
      expect(login.statusCode).toBe(401);
    } finally {
      await app.close();
    }
    const text = lines.join('');
    expect(text).toContain('logged a request body');
    for (const secret of [VICTIM, WITNESS, 'hunter2-long-secret', 'abcdef123456', 'tok-987', 'a wrong password here']) {
      expect(text.includes(secret), `${secret} in the log`).toBe(false);
    }
    expect(text).toContain('[redacted]');
  });
});
