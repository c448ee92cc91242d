import { CONSENT_RECIPIENTS, CONSENT_USES, DEFAULT_CONSENT, type Consent, type ConsentRecipient, type ConsentUse } from '../../../src/core/consent.js';
import { allCountryCodes, countryName } from '../../../src/core/countries.js';
import type { Actor, CasualtyCount, IncidentData, Source } from '../../../src/core/incident.schema.js';
import {
  ACTOR_ROLES,
  ACTOR_TYPES,
  AGE_GROUPS,
  CASUALTY_GROUPS,
  CASUALTY_KINDS,
  CATEGORIES,
  CREDIBILITY_LABELS,
  DATE_PRECISIONS,
  INFORMATION_CREDIBILITIES,
  LOCATION_PRECISIONS,
  PERSON_STATUSES,
  RELIABILITY_LABELS,
  SEXES,
  SOURCE_RELIABILITIES,
  SOURCE_TYPES,
  THEMES,
  VIOLENCE_TYPES,
} from '../../../src/core/taxonomy.js';
import { h, type Child } from '../shared/dom.js';
import { checkbox, checkboxGroup, choicesOf, dateInput, field, numberInput, select, textArea, textInput } from '../shared/form-controls.js';
import { repeater } from '../shared/form-repeater.js';
import { ACTOR_TYPE_LABELS, LOCATION_PRECISION_LABELS, SOURCE_TYPE_LABELS, VIOLENCE_TYPE_LABELS, categoryLabel, humanize, themeLabel } from '../shared/format.js';

export const FORM_SCOPE = 'incident';

/** What the form starts from: a stored incident's data when editing, a few sensible defaults when recording. */
export type FormSeed = Partial<Omit<IncidentData, 'location'>> & { location?: Partial<IncidentData['location']> };

export function newIncidentSeed(today: string): FormSeed {
  return { dateEarliest: today, dateLatest: today, datePrecision: 'day', location: { precision: 'exact' }, origin: { dataset: 'manual' }, exercise: false };
}

const S = FORM_SCOPE;
const enumChoices = <T extends string>(values: readonly T[]) => choicesOf(values, humanize);

const group = (title: string, testid: string, ...children: Child[]) =>
  h('section', { class: 'form-section', 'data-testid': testid }, h('h3', {}, title), h('div', { class: 'form-grid' }, ...children));

function countryDatalist(): HTMLDataListElement {
  return h(
    'datalist',
    { id: 'country-codes' },
    allCountryCodes().map((code) => h('option', { value: code, label: countryName(code) })),
  );
}

function actorRow(path: string, actor: Actor | undefined): Child[] {
  return [
    field(S, `${path}.name`, 'Name', textInput('text', actor?.name)),
    field(S, `${path}.actorType`, 'Type', select('text', choicesOf(ACTOR_TYPES, (t) => ACTOR_TYPE_LABELS[t]), actor?.actorType ?? 'unknown')),
    field(S, `${path}.role`, 'Role', select('text', enumChoices(ACTOR_ROLES), actor?.role ?? 'perpetrator')),
  ];
}

type Breakdown = CasualtyCount['breakdown'][number];

function estimateFields(path: string, value: { low?: number; best?: number; high?: number } | undefined): Child[] {
  return [
    field(S, `${path}.low`, 'Low', numberInput(value?.low, { min: 0, step: 1 })),
    field(S, `${path}.best`, 'Best', numberInput(value?.best, { min: 0, step: 1 })),
    field(S, `${path}.high`, 'High', numberInput(value?.high, { min: 0, step: 1 })),
  ];
}

function casualtyRow(path: string, casualty: CasualtyCount | undefined, onChange: () => void): Child[] {
  return [
    field(S, `${path}.kind`, 'Kind', select('text', enumChoices(CASUALTY_KINDS), casualty?.kind ?? 'killed')),
    field(S, `${path}.status`, 'Status', select('text', enumChoices(PERSON_STATUSES), casualty?.status ?? 'civilian')),
    field(S, `${path}.group`, 'Of whom (group)', select('optional', enumChoices(CASUALTY_GROUPS), casualty?.group, 'everyone'), {
      hint: 'A group count is a part of the count of everyone of the same kind and status (record both); it is never added to totals.',
    }),
    ...estimateFields(path, casualty),
    repeater<Breakdown>({
      scope: S,
      path: `${path}.breakdown`,
      legend: 'By sex and age (optional)',
      noun: 'Group',
      items: casualty?.breakdown ?? [],
      testid: 'breakdown',
      onChange,
      renderRow: (row, part) => [
        field(S, `${row}.sex`, 'Sex', select('text', enumChoices(SEXES), part?.sex ?? 'unknown')),
        field(S, `${row}.ageGroup`, 'Age group', select('text', enumChoices(AGE_GROUPS), part?.ageGroup ?? 'unknown')),
        ...estimateFields(row, part),
      ],
    }),
  ];
}

function sourceRow(path: string, source: Source | undefined, index: number): Child[] {
  return [
    field(S, `${path}.ref`, 'Ref', textInput('text', source?.ref ?? `S${index + 1}`, { maxlength: 20 })),
    field(S, `${path}.sourceType`, 'Type', select('text', choicesOf(SOURCE_TYPES, (t) => SOURCE_TYPE_LABELS[t]), source?.sourceType ?? 'media')),
    field(S, `${path}.description`, 'Description (no names of people)', textInput('text', source?.description), { wide: true }),
    field(S, `${path}.url`, 'URL', textInput('optional', source?.url, { type: 'url', placeholder: 'https://…' })),
    field(S, `${path}.publishedOn`, 'Published on', dateInput('optional', source?.publishedOn)),
    field(S, `${path}.reliability`, 'Source reliability', select('text', SOURCE_RELIABILITIES.map((r) => ({ value: r, label: `${r} — ${RELIABILITY_LABELS[r]}` })), source?.reliability ?? 'F')),
    field(
      S,
      `${path}.credibility`,
      'Information credibility',
      select('number', INFORMATION_CREDIBILITIES.map((c) => ({ value: String(c), label: `${c} — ${CREDIBILITY_LABELS[c]}` })), source?.credibility ?? 6),
    ),
  ];
}

const CONSENT_USE_LABELS: Record<ConsentUse, string> = {
  documentation: 'Documentation',
  accountability_referral: 'Accountability referral',
  humanitarian_assistance: 'Humanitarian assistance',
  publication: 'Publication',
};
const CONSENT_RECIPIENT_LABELS: Record<ConsentRecipient, string> = {
  mission_internal: 'Mission (internal)',
  un_partners: 'UN partners',
  icc_or_court: 'ICC or a court',
  ngo_partners: 'NGO partners',
  public: 'The public',
};

/** The consent the person gave: an export or share beyond it is refused. Unticked means not consented. */
function consentFields(row: string, consent: Partial<Consent> | undefined): Child[] {
  return [
    checkboxGroup(S, `${row}.consent.uses`, 'Consented uses', choicesOf(CONSENT_USES, (u) => CONSENT_USE_LABELS[u]), consent?.uses ?? [...DEFAULT_CONSENT.uses], {
      class: 'check-group wide',
      'data-testid': 'consent-uses',
    }),
    checkboxGroup(S, `${row}.consent.recipients`, 'May be shared with', choicesOf(CONSENT_RECIPIENTS, (r) => CONSENT_RECIPIENT_LABELS[r]), consent?.recipients ?? [...DEFAULT_CONSENT.recipients], {
      class: 'check-group wide',
      'data-testid': 'consent-recipients',
    }),
    field(S, `${row}.consent.recordedOn`, 'Consent recorded on', dateInput('optional', consent?.recordedOn)),
  ];
}

const optionalEnum = <T extends string>(values: readonly T[], value: T | undefined) => select('optional', enumChoices(values), value, 'not given');

function sensitiveSection(seed: FormSeed, onChange: () => void): HTMLElement {
  const s = seed.sensitive;
  return h(
    'section',
    { class: 'form-section sensitive', 'data-testid': 'form-sensitive' },
    h('h3', {}, 'Sensitive details ', h('span', { class: 'badge sensitive-badge' }, 'Restricted')),
    h('p', { class: 'hint' }, 'Encrypted at rest and hidden from roles without clearance. Record only what the protection of the people named requires.'),
    repeater({
      scope: S,
      path: 'sensitive.victims',
      legend: 'Victims',
      noun: 'Victim',
      items: s?.victims ?? [],
      testid: 'victims',
      onChange,
      renderRow: (row, v) => [
        field(S, `${row}.name`, 'Name', textInput('text', v?.name)),
        field(S, `${row}.sex`, 'Sex', optionalEnum(SEXES, v?.sex)),
        field(S, `${row}.ageGroup`, 'Age group', optionalEnum(AGE_GROUPS, v?.ageGroup)),
        field(S, `${row}.notes`, 'Notes', textInput('optional', v?.notes), { wide: true }),
        ...consentFields(row, v?.consent),
      ],
    }),
    repeater({
      scope: S,
      path: 'sensitive.witnesses',
      legend: 'Witnesses',
      noun: 'Witness',
      items: s?.witnesses ?? [],
      testid: 'witnesses',
      onChange,
      renderRow: (row, w) => [
        field(S, `${row}.name`, 'Name', textInput('text', w?.name)),
        field(S, `${row}.contact`, 'Contact', textInput('optional', w?.contact)),
        field(S, `${row}.notes`, 'Notes', textInput('optional', w?.notes), { wide: true }),
        ...consentFields(row, w?.consent),
      ],
    }),
    repeater({
      scope: S,
      path: 'sensitive.sourceIdentities',
      legend: 'Source identities',
      noun: 'Identity',
      items: s?.sourceIdentities ?? [],
      testid: 'source-identities',
      onChange,
      renderRow: (row, i) => [
        field(S, `${row}.sourceRef`, 'Source ref', textInput('text', i?.sourceRef, { placeholder: 'S1' })),
        field(S, `${row}.identity`, 'Identity', textInput('text', i?.identity)),
        field(S, `${row}.contact`, 'Contact', textInput('optional', i?.contact)),
        ...consentFields(row, i?.consent),
      ],
    }),
  );
}

/**
 * Every field of the core's incident input, named by its path. `onChange` runs after rows are added or removed (typing
 * is caught by the form itself). `locationTools` (the place search and map) head the "Where" section.
 */
export function incidentFormFields(seed: FormSeed, options: { withSensitive: boolean; onChange: () => void; locationTools?: Child }): Child[] {
  const { onChange } = options;
  const location = seed.location ?? {};
  const country = textInput('text', location.country, { list: 'country-codes', maxlength: 3, spellcheck: 'false', 'data-testid': 'form-country', class: 'code-input' });
  return [
    countryDatalist(),
    group(
      'Incident',
      'form-basics',
      field(S, 'title', 'Title', textInput('text', seed.title, { 'data-testid': 'form-title' }), { wide: true }),
      field(S, 'narrative', 'Narrative', textArea('text', seed.narrative, { rows: 4 }), { wide: true }),
      h('div', { class: 'wide' }, checkbox(S, 'exercise', 'Exercise data (fictional, for training)', seed.exercise ?? false)),
    ),
    group(
      'When',
      'form-when',
      field(S, 'dateEarliest', 'Earliest possible date', dateInput('text', seed.dateEarliest, { 'data-testid': 'form-date-earliest' })),
      field(S, 'dateLatest', 'Latest possible date', dateInput('text', seed.dateLatest, { 'data-testid': 'form-date-latest' })),
      field(S, 'datePrecision', 'Date precision', select('text', enumChoices(DATE_PRECISIONS), seed.datePrecision ?? 'day')),
    ),
    group(
      'Where',
      'form-where',
      options.locationTools,
      field(S, 'location.country', 'Country (ISO alpha-3)', country, { hint: h('span', { class: 'country-name', 'data-testid': 'form-country-name' }) }),
      field(S, 'location.lat', 'Latitude', numberInput(location.lat, { 'data-testid': 'form-lat' })),
      field(S, 'location.lon', 'Longitude', numberInput(location.lon, { 'data-testid': 'form-lon' })),
      field(S, 'location.precision', 'Location precision', select('text', choicesOf(LOCATION_PRECISIONS, (p) => LOCATION_PRECISION_LABELS[p]), location.precision ?? 'exact')),
      field(S, 'location.admin1', 'Province (admin 1)', textInput('optional', location.admin1)),
      field(S, 'location.admin2', 'District (admin 2)', textInput('optional', location.admin2)),
      field(S, 'location.placeName', 'Place name', textInput('optional', location.placeName)),
    ),
    group(
      'Classification',
      'form-classification',
      checkboxGroup(S, 'themes', 'Themes', choicesOf(THEMES, themeLabel), seed.themes ?? [], { 'data-testid': 'form-themes', class: 'check-group wide columns' }),
      checkboxGroup(S, 'categories', 'Categories (those of the chosen themes are highlighted)', choicesOf(CATEGORIES, categoryLabel), seed.categories ?? [], {
        'data-testid': 'form-categories',
        class: 'check-group wide columns',
      }),
      field(S, 'violenceType', 'Type of violence', select('optional', choicesOf(VIOLENCE_TYPES, (t) => VIOLENCE_TYPE_LABELS[t]), seed.violenceType, 'not given')),
    ),
    h(
      'section',
      { class: 'form-section' },
      h('h3', {}, 'Who, how many, and how we know'),
      repeater({ scope: S, path: 'actors', legend: 'Actors', noun: 'Actor', items: seed.actors ?? [], testid: 'actors', onChange, renderRow: actorRow }),
      repeater({
        scope: S,
        path: 'casualties',
        legend: 'Casualties (low ≤ best ≤ high)',
        noun: 'Casualty count',
        items: seed.casualties ?? [],
        testid: 'casualties',
        onChange,
        renderRow: (row, c) => casualtyRow(row, c, onChange),
      }),
      repeater({
        scope: S,
        path: 'sources',
        legend: 'Sources (Admiralty grading)',
        noun: 'Source',
        items: seed.sources ?? [],
        testid: 'sources',
        onChange,
        renderRow: (row, source) => sourceRow(row, source, Number(row.split('.').pop())),
      }),
    ),
    options.withSensitive ? sensitiveSection(seed, onChange) : null,
    group(
      'Origin',
      'form-origin',
      field(S, 'origin.dataset', 'Data set', textInput('text', seed.origin?.dataset ?? 'manual'), { hint: '“manual” for reports entered here' }),
      field(S, 'origin.externalId', 'External id', textInput('optional', seed.origin?.externalId), { hint: 'required for records from another data set' }),
      field(S, 'origin.eventType', 'Source event type', textInput('optional', seed.origin?.eventType), { hint: 'the data set’s own classification, e.g. ACLED “Battles / Armed clash”' }),
    ),
  ];
}
