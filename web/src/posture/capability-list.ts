import type { CapabilityRecord } from '../../../src/core/capabilities/capability-api.schema.js';
import type { HumanSecurityVerdict } from '../../../src/core/capabilities/capability-assessment.js';
import { PROGRAMME_CLASSES } from '../../../src/core/spending/rebalancing.js';
import type { ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { formatCount } from '../shared/format.js';
import { RegisterList } from '../shared/register-list.js';
import { PURPOSE_CLASS_LABELS, VERDICT_LABELS } from './capability-labels.js';
import { matchesFilter, rowFacts, type CapabilityFilter } from './capability-record.js';

type Answer = { items: CapabilityRecord[] };

const VERDICTS: readonly HumanSecurityVerdict[] = ['cannot_be_permitted', 'needs_facts', 'may_be_permitted_within_limits'];

/** The human-security verdict on a system, in its colour and with its own mark (never colour alone). */
export function capabilityVerdictBadge(verdict: HumanSecurityVerdict, options: { large?: boolean; testid?: string } = {}): HTMLElement {
  return h(
    'span',
    { class: `badge capability-verdict verdict-${verdict}${options.large ? ' large' : ''}`, 'data-testid': options.testid ?? 'capability-verdict-badge', 'data-verdict': verdict },
    h('span', { class: 'verdict-mark', 'aria-hidden': 'true' }),
    VERDICT_LABELS[verdict],
  );
}

function capabilityRow(record: CapabilityRecord, onOpen: (id: string) => void): HTMLElement {
  const c = record.capability;
  return h(
    'button',
    { type: 'button', class: 'queue-row capability-row', 'data-testid': 'capability-row', 'data-id': record.id, 'data-verdict': record.assessment.humanSecurity, onclick: () => onOpen(record.id) },
    h('span', { class: 'queue-top' }, capabilityVerdictBadge(record.assessment.humanSecurity)),
    h('span', { class: 'queue-mission' }, c.name, c.designation ? h('span', { class: 'capability-designation' }, ` ${c.designation}`) : null),
    h('span', { class: 'queue-purpose' }, rowFacts(record)),
  );
}

function filterSelect<T extends string>(testid: string, every: string, values: readonly T[], labels: Record<T, string>, onChange: () => void): HTMLSelectElement {
  return h(
    'select',
    { id: testid, 'data-testid': testid, onchange: onChange },
    h('option', { value: '' }, every),
    values.map((value) => h('option', { value }, labels[value])),
  );
}

/**
 * The systems of the register by name, each with its human-security verdict; filtered by purpose class and verdict in
 * the page (the register is one answer). `canWrite` says what an empty register tells the reader to do.
 */
export function capabilityList(api: ApiClient, onOpen: (id: string) => void, canWrite: boolean): RegisterList<Answer, CapabilityRecord> {
  const reload = () => list.reload();
  const purpose = filterSelect('capability-filter-purpose', 'Every purpose', PROGRAMME_CLASSES, PURPOSE_CLASS_LABELS, reload);
  const verdict = filterSelect('capability-filter-verdict', 'Every verdict', VERDICTS, VERDICT_LABELS, reload);
  const filter = (): CapabilityFilter => ({
    purpose: PROGRAMME_CLASSES.find((c) => c === purpose.value),
    verdict: VERDICTS.find((v) => v === verdict.value),
  });
  let held = 0;
  const list: RegisterList<Answer, CapabilityRecord> = new RegisterList({
    attrs: { class: 'capability-list', 'aria-labelledby': 'capability-list-title' },
    rowsAttrs: { class: 'queue-rows', 'data-testid': 'capability-list', 'aria-label': 'Systems' },
    statusAttrs: { 'data-testid': 'capability-list-status' },
    above: [
      h('div', { class: 'queue-head' }, h('h2', { class: 'panel-title', id: 'capability-list-title' }, 'Systems')),
      h(
        'div',
        { class: 'capability-filters', role: 'group', 'aria-label': 'Show' },
        h('label', { for: purpose.id }, h('span', { class: 'capability-filter-label' }, 'Purpose'), purpose),
        h('label', { for: verdict.id }, h('span', { class: 'capability-filter-label' }, 'Verdict'), verdict),
      ),
    ],
    fetch: async (signal) => {
      const answer = await api.listCapabilities(signal);
      held = answer.items.length;
      const shown = filter();
      return { items: answer.items.filter((record) => matchesFilter(record, shown)) };
    },
    items: ({ items }) => items,
    row: (record) => capabilityRow(record, onOpen),
    summary: (_, items) => {
      if (held === 0) return canWrite ? 'No system registered yet: add one with “New system”.' : 'No system registered yet.';
      if (items.length === 0) return `None of the ${formatCount(held)} systems matches.`;
      return items.length === held ? `${formatCount(held)} system${held === 1 ? '' : 's'}.` : `${formatCount(items.length)} of ${formatCount(held)} systems.`;
    },
    failed: 'The register could not be loaded',
  });
  return list;
}
