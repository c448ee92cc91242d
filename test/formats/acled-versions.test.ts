import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { importRecords } from '../../src/application/import-records.service.js';
import { streamIncidents } from '../../src/application/incident-stream.service.js';
import { acledRowToIncident, type AcledRow } from '../../src/core/formats/acled.mapping.js';
import { incidentInputSchema, type Incident } from '../../src/core/incident.schema.js';
import { writeExport } from '../../src/interchange/incident-export.js';
import { openRecordSource } from '../../src/interchange/record-source.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { LOOKALIKE_FILE, lookalikeCsv, lookalikeRows } from '../fixtures/acled-lookalike/generate-acled-v6-lookalike.js';

const actor: Actor = { id: 'acled-test', username: 'acled-test', role: 'analyst' };

async function importFile(ctx: AppContext, file: string) {
  const source = await openRecordSource(file);
  return { source, summary: await importRecords(ctx, actor, source.records, { strict: false }) };
}

async function all(ctx: AppContext): Promise<Map<string, Incident>> {
  const out = new Map<string, Incident>();
  for await (const incident of streamIncidents(ctx, actor, {})) out.set(incident.origin.externalId ?? incident.id, incident);
  return out;
}

/** Each name in the look-alike, with the country it names (written from the names' meaning, not from the code). */
const COUNTRY_OF: Record<string, string> = {
  'Democratic Republic of Congo': 'COD',
  'Republic of Congo': 'COG',
  'DR Congo (Zaire)': 'COD',
  Swaziland: 'SWZ',
  eSwatini: 'SWZ',
  'Kingdom of eSwatini': 'SWZ',
  'Ivory Coast': 'CIV',
  'Côte d’Ivoire': 'CIV',
  "Cote d'Ivoire": 'CIV',
  Tanzania: 'TZA',
  'Cape Verde': 'CPV',
  'Madagascar (Malagasy)': 'MDG',
  'Zimbabwe (Rhodesia)': 'ZWE',
  'Bosnia-Herzegovina': 'BIH',
  'Macedonia, FYR': 'MKD',
  'Cambodia (Kampuchea)': 'KHM',
  'Myanmar (Burma)': 'MMR',
  'Russia (Soviet Union)': 'RUS',
  'Serbia (Yugoslavia)': 'SRB',
  'Yemen (North Yemen)': 'YEM',
  'Vietnam (North Vietnam)': 'VNM',
  Micronesia: 'FSM',
  Palestine: 'PSE',
  Kosovo: 'XKK',
  Turkey: 'TUR',
  Türkiye: 'TUR',
  Czechia: 'CZE',
  Laos: 'LAO',
  Syria: 'SYR',
  Bolivia: 'BOL',
  Iran: 'IRN',
  'South Korea': 'KOR',
  'North Korea': 'PRK',
  'United States': 'USA',
  'United Kingdom': 'GBR',
  'Caribbean Netherlands': 'BES',
  'Saint-Martin': 'MAF',
  'Bailiwick of Guernsey': 'GGY',
};

const V6_EVENT_TYPES = [
  'Battle-No change of territory',
  'Battle-Government regains territory',
  'Battle-Non-state actor overtakes territory',
  'Remote violence',
  'Violence against civilians',
  'Riots/Protests',
  'Strategic development',
  'Headquarters or base established',
  'Non-violent transfer of territory',
];

/** The codebook's reading of an event, restated: battles and remote violence by the sides, civilians targeted one-sided. */
function expectedViolenceType(row: { EVENT_TYPE: string; INTER1: string; INTER2: string }): string {
  const state = row.INTER1 === '1' || row.INTER2 === '1' ? 'state_based' : 'non_state';
  if (row.EVENT_TYPE === 'Violence against civilians') return 'one_sided';
  if (row.EVENT_TYPE === 'Remote violence') return row.INTER2 === '7' ? 'one_sided' : state;
  if (row.EVENT_TYPE.startsWith('Battle-')) return state;
  return 'other';
}

const killedBy = (incident: Incident, status: string) => incident.casualties.find((c) => c.kind === 'killed' && c.status === status)?.best ?? 0;

describe('the ACLED v6 look-alike fixture', () => {
  it('is what its generator writes, in Windows-1252 (é, ô, ’ as single bytes)', async () => {
    const bytes = await readFile(LOOKALIKE_FILE);
    expect(bytes.equals(lookalikeCsv())).toBe(true);
    expect(bytes.includes(Buffer.from([0x92]))).toBe(true); // ’
    expect(bytes.includes(Buffer.from([0xe9]))).toBe(true); // é
    expect(bytes.includes(Buffer.from([0xf4]))).toBe(true); // ô
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(new Set(lookalikeRows().map((r) => r.EVENT_TYPE))).toEqual(new Set(V6_EVENT_TYPES));
    expect(new Set(lookalikeRows().map((r) => r.COUNTRY))).toEqual(new Set(Object.keys(COUNTRY_OF)));
  });
});

describe.each(DATABASES)('an ACLED version 6 file on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;
  let dir: string;
  let imported: Awaited<ReturnType<typeof importFile>>;
  let stored: Map<string, Incident>;
  const rows = lookalikeRows();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-acled-'));
    t = await openTestStore(kind);
    ctx = createAppContext(t.store);
    imported = await importFile(ctx, LOOKALIKE_FILE);
    stored = await all(ctx);
  }, 120_000);
  afterAll(async () => {
    await t?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('is read as Windows-1252 ACLED and every row is created', () => {
    expect(imported.source).toMatchObject({ format: 'acled', encoding: 'windows-1252' });
    expect(imported.summary).toMatchObject({ rows: rows.length, created: rows.length, rejected: 0 });
    expect(stored.size).toBe(rows.length);
  });

  it('keeps the text as written: accents and typographic quotes', () => {
    for (const row of rows) {
      const incident = stored.get(row.EVENT_ID_CNTY)!;
      expect(incident.narrative).toBe(row.NOTES);
      expect(incident.location.placeName).toBe(row.LOCATION);
      expect(incident.narrative).toContain('’');
    }
  });

  it('resolves every country name ACLED and UCDP write', () => {
    for (const row of rows) expect(stored.get(row.EVENT_ID_CNTY)!.location.country, row.COUNTRY).toBe(COUNTRY_OF[row.COUNTRY]);
  });

  it.each(V6_EVENT_TYPES)('"%s": the type of violence follows the sides, and the event type is kept', (eventType) => {
    const ofType = rows.filter((r) => r.EVENT_TYPE === eventType);
    expect(ofType.length).toBeGreaterThan(0);
    for (const row of ofType) {
      const incident = stored.get(row.EVENT_ID_CNTY)!;
      expect(incident.origin.eventType).toBe(eventType);
      expect(incident.violenceType, `${row.EVENT_ID_CNTY} ${row.INTERACTION}`).toBe(expectedViolenceType(row));
    }
  });

  it('counts the deaths of violence against civilians, and of attacks on civilians, as civilian', () => {
    const onCivilians = rows.filter((r) => r.EVENT_TYPE === 'Violence against civilians' || (r.EVENT_TYPE === 'Remote violence' && r.INTER2 === '7'));
    expect(onCivilians.length).toBeGreaterThan(0);
    for (const row of onCivilians) {
      const incident = stored.get(row.EVENT_ID_CNTY)!;
      expect(Number(row.FATALITIES)).toBeGreaterThan(0);
      expect(killedBy(incident, 'civilian')).toBe(Number(row.FATALITIES));
      expect(killedBy(incident, 'unknown')).toBe(0);
      expect(incident.themes).toContain('protection_of_civilians');
      expect(incident.categories).toContain('killing');
    }
    // In a battle ACLED does not say who died.
    for (const row of rows.filter((r) => r.EVENT_TYPE.startsWith('Battle-'))) {
      expect(killedBy(stored.get(row.EVENT_ID_CNTY)!, 'unknown')).toBe(Number(row.FATALITIES));
    }
  });

  it('keeps the allies as actors, with their side’s role and type', () => {
    const withAllies = rows.filter((r) => r.ALLY_ACTOR_1 || r.ALLY_ACTOR_2);
    expect(withAllies.length).toBeGreaterThan(0);
    for (const row of withAllies) {
      const { actors } = stored.get(row.EVENT_ID_CNTY)!;
      for (const [main, ally] of [
        [row.ACTOR1, row.ALLY_ACTOR_1],
        [row.ACTOR2, row.ALLY_ACTOR_2],
      ] as const) {
        if (!ally) continue;
        const lead = actors.find((a) => a.name === main)!;
        expect(actors.find((a) => a.name === ally), `${row.EVENT_ID_CNTY}: ${ally}`).toEqual({ name: ally, actorType: lead.actorType, role: lead.role });
      }
    }
  });

  it('types actors by their inter codes, and names the perpetrator and target of one-sided violence', () => {
    const type: Record<string, string> = { '1': 'state_force', '2': 'non_state_armed_group', '3': 'militia', '4': 'militia', '6': 'civilians', '7': 'civilians' };
    for (const row of rows) {
      const incident = stored.get(row.EVENT_ID_CNTY)!;
      const first = incident.actors.find((a) => a.name === row.ACTOR1)!;
      expect(first.actorType).toBe(type[row.INTER1]);
      if (row.ACTOR2) expect(incident.actors.find((a) => a.name === row.ACTOR2)!.actorType).toBe(type[row.INTER2]);
      if (incident.violenceType === 'one_sided') {
        expect(first.role).toBe('perpetrator');
        expect(incident.actors.find((a) => a.name === row.ACTOR2)!.role).toBe('target');
      }
    }
  });

  it('a second import changes nothing', async () => {
    expect((await importFile(ctx, LOOKALIKE_FILE)).summary).toMatchObject({ created: 0, updated: 0, unchanged: rows.length, rejected: 0 });
  });

  it('refuses a country it does not know, naming the COUNTRY column the file has', async () => {
    const file = join(dir, 'unknown-country.csv');
    await writeFile(file, lookalikeCsv(rows.map((r, i) => (i === 2 ? { ...r, COUNTRY: 'Atlantis', EVENT_ID_CNTY: 'LKA9999' } : r))));
    const fresh = await openTestStore(kind);
    try {
      const { summary } = await importFile(createAppContext(fresh.store), file);
      expect(summary).toMatchObject({ created: rows.length - 1, rejected: 1 });
      expect(summary.rejectedRows).toEqual([{ rowNumber: 4, issues: [expect.objectContaining({ path: 'COUNTRY', message: '"Atlantis" is not a country name Haven knows' })] }]);
    } finally {
      await fresh.cleanup();
    }
  }, 60_000);

  it('the source event type survives a Haven CSV round trip; an older CSV without the column keeps what is stored', async () => {
    const file = join(dir, 'export.csv');
    const out = createWriteStream(file);
    await writeExport(ctx, actor, {}, 'csv', out, { baseUrl: 'https://haven.example' });
    await finished(out);
    const copy = await openTestStore(kind);
    try {
      const copyCtx = createAppContext(copy.store);
      expect((await importFile(copyCtx, file)).summary).toMatchObject({ created: rows.length, rejected: 0 });
      const copied = await all(copyCtx);
      for (const row of rows) expect(copied.get(row.EVENT_ID_CNTY)!.origin.eventType).toBe(row.EVENT_TYPE);

      // The same file as Haven wrote it before the column existed.
      const table = parse<Record<string, string>>(await readFile(file), { columns: true, bom: true });
      expect(Object.keys(table[0]!)).toContain('origin_event_type');
      const older = join(dir, 'older.csv');
      await writeFile(older, stringify(table.map(({ origin_event_type: _dropped, ...rest }) => rest), { header: true }));
      expect((await importFile(copyCtx, older)).summary).toMatchObject({ unchanged: rows.length, rejected: 0 });
      for (const row of rows) expect((await all(copyCtx)).get(row.EVENT_ID_CNTY)!.origin.eventType).toBe(row.EVENT_TYPE);
    } finally {
      await copy.cleanup();
    }
    const empty = await openTestStore(kind);
    try {
      const emptyCtx = createAppContext(empty.store);
      const older = join(dir, 'older.csv');
      expect((await importFile(emptyCtx, older)).summary).toMatchObject({ created: rows.length, rejected: 0 });
      for (const incident of (await all(emptyCtx)).values()) expect(incident.origin.eventType).toBeUndefined();
    } finally {
      await empty.cleanup();
    }
  }, 120_000);
});

describe('ACLED column sets since version 6, row by row', () => {
  const map = (row: AcledRow) => {
    const mapped = acledRowToIncident(row);
    expect(mapped.issues).toEqual([]);
    return incidentInputSchema.parse(mapped.input);
  };
  const base: AcledRow = {
    event_id_cnty: 'XYZ1',
    event_date: '2023-05-04',
    time_precision: '1',
    country: 'Nigeria',
    latitude: '9.06',
    longitude: '7.49',
    geo_precision: '1',
    location: 'Invented Town',
    fatalities: '3',
  };

  it('current: named inter codes, civilian targeting, associated actors and the numeric ISO code', () => {
    const incident = map({
      ...base,
      iso: '566',
      country: 'Somewhere else entirely',
      event_type: 'Explosions/Remote violence',
      sub_event_type: 'Air/drone strike',
      actor1: 'Military Forces of Nigeria (2023-)',
      assoc_actor_1: 'Air Force of Nigeria; Police Forces of Nigeria (2023-)',
      inter1: 'State forces',
      actor2: 'Civilians (Nigeria)',
      inter2: 'Civilians',
      civilian_targeting: 'Civilian targeting',
    });
    expect(incident.location.country).toBe('NGA');
    expect(incident.violenceType).toBe('one_sided');
    expect(incident.casualties).toEqual([expect.objectContaining({ status: 'civilian', best: 3 })]);
    expect(incident.origin.eventType).toBe('Explosions/Remote violence / Air/drone strike');
    expect(incident.actors.map((a) => [a.name, a.actorType, a.role])).toEqual([
      ['Military Forces of Nigeria (2023-)', 'state_force', 'perpetrator'],
      ['Air Force of Nigeria', 'state_force', 'perpetrator'],
      ['Police Forces of Nigeria (2023-)', 'state_force', 'perpetrator'],
      ['Civilians (Nigeria)', 'civilians', 'target'],
    ]);
  });

  it('current: a battle between two non-state groups is non-state; with a state force it is state-based', () => {
    const battle = { ...base, event_type: 'Battles', sub_event_type: 'Armed clash', actor1: 'Group A', actor2: 'Group B' };
    expect(map({ ...battle, inter1: 'Rebel group', inter2: 'Identity militia' }).violenceType).toBe('non_state');
    expect(map({ ...battle, inter1: 'Rebel group', inter2: 'State forces' }).violenceType).toBe('state_based');
    expect(map({ ...battle, inter1: 'Rebel group', inter2: 'State forces' }).casualties).toEqual([expect.objectContaining({ status: 'unknown', best: 3 })]);
  });

  it('an external force that is a state’s army makes a battle state-based; another external force does not', () => {
    const strike = { ...base, event_type: 'Explosions/Remote violence', sub_event_type: 'Shelling/artillery/missile attack', inter1: '8', interaction: '80' };
    expect(map({ ...strike, actor1: 'Military Forces of Ruritania (2000-)' })).toMatchObject({ violenceType: 'state_based', actors: [{ actorType: 'state_force' }] });
    expect(map({ ...strike, actor1: 'Private Security Company X' })).toMatchObject({ violenceType: 'non_state', actors: [{ actorType: 'international_force' }] });
  });

  it('2019–2022: numeric inter codes, no civilian_targeting; violence against civilians still kills civilians', () => {
    const incident = map({
      ...base,
      event_type: 'Violence against civilians',
      sub_event_type: 'Attack',
      actor1: 'Unidentified Armed Group (Nigeria)',
      inter1: '3',
      actor2: 'Civilians (Nigeria)',
      assoc_actor_2: 'Farmers (Nigeria)',
      inter2: '7',
      interaction: '37',
    });
    expect(incident).toMatchObject({ violenceType: 'one_sided', themes: ['protection_of_civilians'], categories: ['killing'] });
    expect(incident.casualties).toEqual([expect.objectContaining({ status: 'civilian', best: 3 })]);
    expect(incident.actors.map((a) => [a.name, a.actorType, a.role])).toEqual([
      ['Unidentified Armed Group (Nigeria)', 'militia', 'perpetrator'],
      ['Civilians (Nigeria)', 'civilians', 'target'],
      ['Farmers (Nigeria)', 'civilians', 'target'],
    ]);
  });

  it('reads the actor types from the two-digit interaction code when inter1/inter2 are missing', () => {
    const incident = map({ ...base, event_type: 'Battle-No change of territory', actor1: 'Army', actor2: 'Rebels', interaction: '12' });
    expect(incident.violenceType).toBe('state_based');
    expect(incident.actors.map((a) => a.actorType)).toEqual(['state_force', 'non_state_armed_group']);
  });

  it('protests, riots and strategic developments are not lethal armed violence', () => {
    for (const [event_type, sub_event_type] of [
      ['Protests', 'Peaceful protest'],
      ['Riots', 'Mob violence'],
      ['Strategic developments', 'Arrests'],
      ['Riots/Protests', ''],
    ]) {
      expect(map({ ...base, event_type, sub_event_type, actor1: 'Protesters (Nigeria)', inter1: '6' }).violenceType).toBe('other');
    }
  });

  it('refuses an event type ACLED never had, and an inter code that is not one, naming the column', () => {
    const mapped = acledRowToIncident({ ...base, event_type: 'Skirmish', inter1: '9', actor1: 'Someone' });
    expect(mapped.issues.map((i) => i.path)).toEqual(['event_type', 'inter1']);
    expect(mapped.issues[0]!.message).toContain('"Skirmish" is not an ACLED event type');
  });

  it('reads numbers where a file (GeoJSON properties shaped like ACLED) has them instead of text', () => {
    const properties = { ...base, event_type: 'Violence against civilians', actor1: 'Group', inter1: 3, actor2: 'Civilians (Nigeria)', inter2: 7, fatalities: 3, iso: 566 };
    const incident = map(properties as unknown as AcledRow);
    expect(incident).toMatchObject({ violenceType: 'one_sided', location: { country: 'NGA' } });
    expect(incident.casualties).toEqual([expect.objectContaining({ status: 'civilian', best: 3 })]);
  });

  it('names the region a file gives for a country, and why it is refused', () => {
    const mapped = acledRowToIncident({ ...base, event_type: 'Protests', country: 'Africa' });
    expect(mapped.issues).toEqual([expect.objectContaining({ path: 'country', message: '"Africa" is a region or a group of countries, not a country' })]);
  });
});
