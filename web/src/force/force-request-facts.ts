import type { ForceRequest } from '../../../src/core/use-of-force/force-request.schema.js';
import type { RegisteredSystem } from '../../../src/core/use-of-force/registered-system.js';
import { h, type Child } from '../shared/dom.js';
import {
  ALTERNATIVE_FIELDS,
  ARMED_CONFLICT_LABELS,
  AUTONOMY_FIELDS,
  AUTONOMY_LABELS,
  EFFECT_FIELDS,
  EFFECT_GROUPS,
  LEGAL_REVIEW_STANDING_LABELS,
  MEANS_FIELDS,
  MISSION_FIELDS,
  OBJECT_FIELDS,
  OBJECT_STATUS_LABELS,
  PERSON_FIELDS,
  PERSON_STATUS_LABELS,
  purposeLabel,
  SITUATION_FIELDS,
  THREAT_FIELDS,
  WEAPON_LABELS,
} from './force-labels.js';
import { estimateText, humanize, timestampText } from '../shared/format.js';

type Row = readonly [path: string, label: string, value: Child];

const UNKNOWN = 'unknown';

/** A fact's value as it reads; "unknown" stays visibly unknown. */
function valueOf(value: unknown, labels?: Record<string, string>): Child {
  if (value === undefined || value === null || value === '') return h('span', { class: 'fact-unknown' }, 'not given');
  if (value === UNKNOWN) return h('span', { class: 'fact-unknown' }, 'Unknown');
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  if (typeof value === 'string') return labels?.[value] ?? (value === 'yes' ? 'Yes' : value === 'no' ? 'No' : /^[a-z_]+$/.test(value) ? humanize(value) : value);
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

const rowsOf = (prefix: string, labels: Record<string, string>, values: Record<string, unknown>, valueLabels: Record<string, Record<string, string>> = {}): Row[] =>
  Object.entries(labels)
    .filter(([key]) => key !== 'kind')
    .map(([key, label]) => [`${prefix}.${key}`, label, valueOf(values[key], valueLabels[key])] as const);

function group(title: string, rows: readonly Row[]): HTMLElement {
  return h(
    'section',
    { class: 'fact-group' },
    h('h4', {}, title),
    h(
      'dl',
      { class: 'facts' },
      rows.map(([path, label, value]) => h('div', { class: 'fact', 'data-path': path }, h('dt', {}, label), h('dd', {}, value))),
    ),
  );
}

/**
 * What was asked, fact by fact and grouped as the form groups it. Each fact carries its path, so a missing fact named
 * by the assessment can be pointed at. A system named from the register is shown by its name (the assessment's trace
 * says which of the request's own entries were set aside for the register's).
 */
export function requestFacts(request: ForceRequest, system?: RegisteredSystem | null): HTMLElement {
  const { target, means, expectedEffects: effects } = request;
  const { autonomy, ...meansRest } = means;
  const targetRows =
    target.kind === 'person'
      ? rowsOf('target', PERSON_FIELDS, target, { status: PERSON_STATUS_LABELS })
      : rowsOf('target', OBJECT_FIELDS, target, { status: OBJECT_STATUS_LABELS });
  const harm = Object.entries(EFFECT_GROUPS).flatMap(([key, who]) => {
    const expected = effects[key as keyof typeof EFFECT_GROUPS];
    return [
      [`expectedEffects.${key}.deaths`, `${who}: deaths`, expected.deaths ? estimateText(expected.deaths) : valueOf(undefined)] as const,
      [`expectedEffects.${key}.injuries`, `${who}: injuries`, expected.injuries ? estimateText(expected.injuries) : valueOf(undefined)] as const,
    ];
  });
  return h(
    'div',
    { class: 'request-facts', 'data-testid': 'request-facts' },
    group('Mission and situation', [
      ...rowsOf('mission', MISSION_FIELDS, request.mission),
      ...rowsOf('situation', SITUATION_FIELDS, request.situation, { armedConflict: ARMED_CONFLICT_LABELS }),
    ]),
    group('Purpose and target', [['purpose', 'Purpose', purposeLabel(request.purpose)], ['target.kind', 'Target', target.kind === 'person' ? 'A person or persons' : 'An object'], ...targetRows]),
    group('Threat', rowsOf('threat', THREAT_FIELDS, request.threat)),
    group('Alternatives and precautions', rowsOf('alternatives', ALTERNATIVE_FIELDS, request.alternatives)),
    group('Means', [
      ...rowsOf('means', MEANS_FIELDS, meansRest, {
        weapon: WEAPON_LABELS,
        legalReview: LEGAL_REVIEW_STANDING_LABELS,
        capabilityId: system ? { [system.capabilityId]: `${system.name} (register version ${system.version})` } : {},
      }),
      ...rowsOf('means.autonomy', AUTONOMY_FIELDS, autonomy, { level: AUTONOMY_LABELS }),
    ]),
    group('Expected effects', [...harm, ...rowsOf('expectedEffects', EFFECT_FIELDS, effects)]),
    request.location || request.at
      ? group('Where and when', [
          ...(request.location
            ? ([
                ['location', 'Coordinates', `${request.location.lat.toFixed(4)}, ${request.location.lon.toFixed(4)}`],
                ['location.description', 'Place', valueOf(request.location.description)],
              ] as const)
            : []),
          ...(request.at ? ([['at', 'When', timestampText(request.at)]] as const) : []),
        ])
      : null,
  );
}
