import {
  ARMED_CONFLICT_TYPES,
  ASSEMBLY_KINDS,
  AUTONOMY_LEVELS,
  BINDING_TREATIES,
  FORCE_PURPOSES,
  LEGAL_REVIEW_STANDINGS,
  OBJECT_TARGET_STATUSES,
  PERSON_TARGET_STATUSES,
  TRI_STATES,
  WEAPON_CLASSES,
  type TriState,
} from '../../../src/core/use-of-force/force-request.schema.js';
import { h, mount, type Child } from '../shared/dom.js';
import { errorSlot, errorSlotId } from '../shared/field-errors.js';
import { checkbox, checkboxGroup, choicesOf, controlId, field, numberInput, radioGroup, select, textArea, textInput, type Choice } from '../shared/form-controls.js';
import {
  ALTERNATIVE_FIELDS,
  ARMED_CONFLICT_LABELS,
  ASSEMBLY_LABELS,
  AUTONOMY_FIELDS,
  BINDING_TREATY_LABELS,
  AUTONOMY_LABELS,
  EFFECT_FIELDS,
  EFFECT_GROUPS,
  HARD_LIMIT_FIELDS,
  HARM_FIELDS,
  LEGAL_REVIEW_STANDING_LABELS,
  LOCATION_FIELDS,
  MEANS_FIELDS,
  MISSION_FIELDS,
  OBJECT_FIELDS,
  OBJECT_STATUS_LABELS,
  PERSON_FIELDS,
  PERSON_STATUS_LABELS,
  PURPOSE_LABELS,
  SITUATION_FIELDS,
  THREAT_FIELDS,
  WEAPON_LABELS,
} from './force-labels.js';

export const FORCE_SCOPE = 'force';
const S = FORCE_SCOPE;

const TRI_LABELS: Record<TriState, string> = { yes: 'Yes', no: 'No', unknown: 'Unknown' };
const TRI_CHOICES: Choice[] = TRI_STATES.map((value) => ({ value, label: TRI_LABELS[value] }));

/** A three-way fact: yes, no, or unknown, which it is until someone says otherwise. */
const tri = (path: string, label: string) => radioGroup(S, path, label, TRI_CHOICES, 'unknown', { class: 'radio-group tri-state' });

/** Three-way facts named by their keys under one path; the labels decide the order. */
const triStates = (prefix: string, labels: Record<string, string>, keys: readonly string[]) => keys.map((key) => tri(`${prefix}.${key}`, labels[key]!));

const section = (title: string, testid: string, lede: string | null, ...children: Child[]) =>
  h(
    'section',
    { class: 'form-section', 'data-testid': testid, 'aria-labelledby': `${testid}-title` },
    h('h3', { id: `${testid}-title` }, title),
    lede ? h('p', { class: 'hint section-lede' }, lede) : null,
    h('div', { class: 'form-grid' }, ...children),
  );

function missionSection(): HTMLElement {
  return section(
    'Mission and situation',
    'force-form-mission',
    null,
    field(S, 'mission.name', MISSION_FIELDS.name, textInput('text', '', { 'data-testid': 'force-mission-name' })),
    radioGroup(S, 'situation.armedConflict', SITUATION_FIELDS.armedConflict, choicesOf(ARMED_CONFLICT_TYPES, (t) => ARMED_CONFLICT_LABELS[t]), 'unknown', {
      class: 'radio-group tri-state wide',
      'data-testid': 'force-armed-conflict',
    }),
    field(S, 'mission.mandate', MISSION_FIELDS.mandate, textArea('text', '', { rows: 2 }), { wide: true }),
    field(S, 'situation.description', SITUATION_FIELDS.description, textArea('text', '', { rows: 3 }), {
      wide: true,
      hint: 'What is happening, where the fighting is, who is around.',
    }),
    h('div', { class: 'wide' }, checkbox(S, 'mission.civilianApprovalRequired', MISSION_FIELDS.civilianApprovalRequired, true)),
    tri('situation.plannedOperation', SITUATION_FIELDS.plannedOperation),
    radioGroup(S, 'situation.assembly', SITUATION_FIELDS.assembly, choicesOf(ASSEMBLY_KINDS, (k) => ASSEMBLY_LABELS[k]), 'unknown', { class: 'radio-group tri-state wide' }),
    h(
      'div',
      { class: 'wide' },
      checkboxGroup(S, 'mission.treatiesBinding', MISSION_FIELDS.treatiesBinding, choicesOf(BINDING_TREATIES, (t) => BINDING_TREATY_LABELS[t]), [], { 'data-testid': 'treaties-binding' }, 'None of these binds this force'),
    ),
    field(S, 'mission.hardLimits.maxExpectedCivilianDeaths', HARD_LIMIT_FIELDS.maxExpectedCivilianDeaths, numberInput(undefined, { min: 0, step: 1 }), {
      hint: 'Optional. Human security refuses any force expected to kill more civilians than this, whatever is signed.',
    }),
  );
}

function purposeSection(): HTMLElement {
  return section(
    'Purpose',
    'force-form-purpose',
    'Under human security, force serves the protection of people — of civilians, of life, of humanitarian space or a ceasefire — never the defeat of an enemy as such.',
    field(S, 'purpose', 'Purpose of the force', select('text', choicesOf(FORCE_PURPOSES, (p) => PURPOSE_LABELS[p]), undefined, 'Choose the purpose…'), {
      wide: true,
    }),
  );
}

function personFields(): Child[] {
  return [
    field(S, 'target.status', PERSON_FIELDS.status, select('text', choicesOf(PERSON_TARGET_STATUSES, (s) => PERSON_STATUS_LABELS[s]), 'unknown'), {
      hint: 'In doubt, a person is presumed civilian.',
    }),
    field(S, 'target.count', PERSON_FIELDS.count, numberInput(1, { min: 1, step: 1 })),
    field(S, 'target.description', PERSON_FIELDS.description, textArea('text', '', { rows: 2 }), { wide: true, hint: 'No names: the request stays in the ledger for good.' }),
    tri('target.child', PERSON_FIELDS.child),
  ];
}

function objectFields(): Child[] {
  return [
    field(S, 'target.status', OBJECT_FIELDS.status, select('text', choicesOf(OBJECT_TARGET_STATUSES, (s) => OBJECT_STATUS_LABELS[s]), 'unknown'), {
      hint: 'In doubt, an object normally used by civilians is presumed civilian.',
    }),
    field(S, 'target.description', OBJECT_FIELDS.description, textArea('text', '', { rows: 2 }), { wide: true }),
    ...triStates('target', OBJECT_FIELDS, [
      'usedForHarmfulActs',
      'warningWithTimeLimitUnheeded',
      'imperativeMilitaryNecessity',
      'atWorksContainingDangerousForces',
      'releaseOfDangerousForces',
      'specialProtectionCeased',
    ]),
  ];
}

function targetSection(onChange: () => void): HTMLElement {
  const kind = radioGroup(
    S,
    'target.kind',
    'The force is directed at',
    [
      { value: 'person', label: 'A person or persons' },
      { value: 'object', label: 'An object' },
    ],
    'person',
    { class: 'radio-group wide', 'data-testid': 'force-target-kind' },
  );
  const details = h('div', { class: 'form-grid wide', 'data-testid': 'force-target-details', 'data-target-kind': 'person' }, personFields());
  // A person and an object have different facts under the same paths: only the chosen kind's fields are in the form.
  kind.addEventListener('change', () => {
    const chosen = kind.dataset.value === 'object' ? 'object' : 'person';
    if (details.dataset.targetKind === chosen) return;
    details.dataset.targetKind = chosen;
    mount(details, chosen === 'object' ? objectFields() : personFields());
    onChange();
  });
  return section('Target', 'force-form-target', null, kind, details);
}

function threatSection(): HTMLElement {
  return section(
    'Threat',
    'force-form-threat',
    null,
    radioGroup(
      S,
      'threat.imminence',
      THREAT_FIELDS.imminence,
      [
        { value: 'imminent', label: 'Imminent' },
        { value: 'not_imminent', label: 'Not imminent' },
        { value: 'unknown', label: 'Unknown' },
      ],
      'unknown',
      { class: 'radio-group tri-state' },
    ),
    tri('threat.toLife', THREAT_FIELDS.toLife),
    field(
      S,
      'threat.toWhom',
      THREAT_FIELDS.toWhom,
      select(
        'text',
        [
          { value: 'civilians', label: 'Civilians' },
          { value: 'own_force', label: 'Own force' },
          { value: 'others', label: 'Others' },
          { value: 'none', label: 'No one' },
          { value: 'unknown', label: 'Unknown' },
        ],
        'unknown',
      ),
    ),
    tri('threat.hostileAct', THREAT_FIELDS.hostileAct),
    tri('threat.hostileIntent', THREAT_FIELDS.hostileIntent),
    field(S, 'threat.evidence', THREAT_FIELDS.evidence, textArea('text', '', { rows: 2 }), { wide: true, hint: 'What is known, from whom, and how reliable it is.' }),
  );
}

function alternativesSection(): HTMLElement {
  return section(
    'Alternatives and precautions',
    'force-form-alternatives',
    'Human security asks for arrest rather than killing and for non-violent and less-lethal means first; IHL asks for every feasible precaution.',
    ...triStates('alternatives', ALTERNATIVE_FIELDS, Object.keys(ALTERNATIVE_FIELDS)),
  );
}

function meansSection(): HTMLElement {
  return section(
    'Means',
    'force-form-means',
    null,
    field(S, 'means.weapon', MEANS_FIELDS.weapon, select('text', choicesOf(WEAPON_CLASSES, (w) => WEAPON_LABELS[w]), undefined, 'Choose the means…'), {
      hint: 'Cluster munitions, anti-personnel mines, blinding lasers and poison are banned by treaty whatever the target.',
    }),
    ...triStates('means', MEANS_FIELDS, ['lethal', 'airDelivered', 'directedAtSpecificObjective', 'effectsCanBeLimited', 'meetsClusterExclusionCriteria']),
    // The form puts the picker of registered systems here (it needs the register); choosing one fills and locks the
    // facts below from the register.
    h('div', { class: 'field wide', 'data-slot': 'registered-system' }),
    h(
      'fieldset',
      { class: 'subgroup form-grid wide', 'data-testid': 'force-form-autonomy' },
      h('legend', {}, 'Autonomy and legal review'),
      field(S, 'means.autonomy.level', AUTONOMY_FIELDS.level, select('text', choicesOf(AUTONOMY_LEVELS, (l) => AUTONOMY_LABELS[l]), 'human_operated'), {
        hint: 'A system that selects and engages people without a human decision is prohibited under human security.',
      }),
      ...triStates('means.autonomy', AUTONOMY_FIELDS, ['targetsPeople', 'predictable', 'humanCanIntervene']),
      field(S, 'means.legalReview', MEANS_FIELDS.legalReview, select('text', choicesOf(LEGAL_REVIEW_STANDINGS, (l) => LEGAL_REVIEW_STANDING_LABELS[l]), 'unknown'), {
        hint: 'Asked of autonomous systems and registered weapons: human security uses none before its review is completed.',
      }),
    ),
  );
}

/** Low, best and high of one expected harm, with one error slot for the three (low ≤ best ≤ high). */
function estimateRow(path: string, who: string, what: string): HTMLElement {
  const input = (part: 'low' | 'best' | 'high') => {
    const control = numberInput(undefined, { min: 0, step: 1, 'aria-label': `${who}: ${what}, ${part}` });
    control.name = `${path}.${part}`;
    control.id = controlId(S, `${path}.${part}`);
    control.setAttribute('aria-describedby', errorSlotId(S, path));
    return control;
  };
  return h(
    'div',
    { class: 'estimate-row', role: 'group', 'aria-label': `${who}: expected ${what}` },
    h('span', { class: 'estimate-what' }, what),
    input('low'),
    input('best'),
    input('high'),
    errorSlot(S, path),
  );
}

function effectsSection(): HTMLElement {
  const groups = Object.entries(EFFECT_GROUPS).map(([key, who]) =>
    h(
      'fieldset',
      { class: 'effect-group', 'data-testid': `force-effects-${key}` },
      h('legend', {}, who),
      h('div', { class: 'estimate-head', 'aria-hidden': 'true' }, h('span', {}), h('span', {}, 'Low'), h('span', {}, 'Best'), h('span', {}, 'High')),
      Object.entries(HARM_FIELDS).map(([harm, what]) => estimateRow(`expectedEffects.${key}.${harm}`, who, what)),
      errorSlot(S, `expectedEffects.${key}`),
    ),
  );
  return section(
    'Expected effects',
    'force-form-effects',
    'Every life counts: the target’s and the opposing force’s too. Give low ≤ best ≤ high, or leave all three empty when there is no estimate.',
    h('div', { class: 'effect-groups wide' }, groups),
    radioGroup(
      S,
      'expectedEffects.civilianObjectDamage',
      EFFECT_FIELDS.civilianObjectDamage,
      [
        { value: 'none', label: 'None' },
        { value: 'minor', label: 'Minor' },
        { value: 'major', label: 'Major' },
        { value: 'unknown', label: 'Unknown' },
      ],
      'unknown',
      { class: 'radio-group tri-state' },
    ),
    tri('expectedEffects.childrenPresent', EFFECT_FIELDS.childrenPresent),
    tri('expectedEffects.populatedArea', EFFECT_FIELDS.populatedArea),
  );
}

function whereAndWhenSection(): HTMLElement {
  return section(
    'Where and when (optional)',
    'force-form-location',
    null,
    field(S, 'location.lat', LOCATION_FIELDS.lat, numberInput(undefined, { min: -90, max: 90 })),
    field(S, 'location.lon', LOCATION_FIELDS.lon, numberInput(undefined, { min: -180, max: 180 })),
    field(S, 'location.description', LOCATION_FIELDS.description, textInput('optional', '')),
    field(S, 'at', 'When (UTC)', h('input', { type: 'datetime-local', 'data-kind': 'optional' })),
  );
}

/** Every field of the core's force request, named by its path and grouped as the domain thinks. */
/** `onChange` runs when a part of the form is replaced (typing is caught by the form itself). */
export function forceRequestFields(onChange: () => void): Child[] {
  return [missionSection(), purposeSection(), targetSection(onChange), threatSection(), alternativesSection(), meansSection(), effectsSection(), whereAndWhenSection()];
}
