import type { z } from 'zod';
import { h } from './dom.js';
import type { RowIssue } from '../../../src/core/rejected-row.schema.js';


/**
 * Problems are worded in plain language at every edge (see core/plain-issue-messages); a form words two of them as
 * people filling it expect: an empty text it needs "is required", a choice left at its "Choose…" line "choose one of
 * the options" (the server's answer lists the values, which a select already shows).
 */
export function readableMessage(code: string, message: string): string {
  if (code === 'too_small' && message === 'must not be empty') return 'is required';
  if (code === 'invalid_value' && message.startsWith('must be one of: ')) return 'choose one of the options';
  return message;
}

export function issuesOf(error: z.ZodError): RowIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: readableMessage(issue.code, issue.message) }));
}

/** The slot for a path: its own, else the nearest enclosing one (`casualties.0.breakdown.1` → `casualties.0`), else the form's. */
function slotFor(slots: Map<string, HTMLElement>, path: string): HTMLElement | undefined {
  const parts = path === '' ? [] : path.split('.');
  for (let n = parts.length; n >= 0; n--) {
    const slot = slots.get(parts.slice(0, n).join('.'));
    if (slot) return slot;
  }
  return undefined;
}

/**
 * Shows each issue next to the input whose path it names, in the element `[data-error-for="<path>"]`, and marks that
 * input `aria-invalid`. `source` tells a reader (and a test) whether the browser or the server found the problem.
 */
export function placeIssues(root: HTMLElement, issues: readonly RowIssue[], source: 'client' | 'server'): void {
  // A part marked data-issue-scope inside the root (a step with its own fields) keeps its own problems.
  const own = (element: Element) => {
    const scope = element.closest('[data-issue-scope]');
    return scope === null || scope === root || scope.contains(root);
  };
  const slots = new Map<string, HTMLElement>();
  for (const slot of root.querySelectorAll<HTMLElement>('[data-error-for]')) {
    if (!own(slot)) continue;
    slots.set(slot.dataset.errorFor ?? '', slot);
    slot.replaceChildren();
    slot.hidden = true;
  }
  for (const control of root.querySelectorAll('[aria-invalid]')) if (own(control)) control.removeAttribute('aria-invalid');
  for (const issue of issues) {
    const slot = slotFor(slots, issue.path);
    if (!slot) continue;
    const slotPath = slot.dataset.errorFor ?? '';
    const rest = issue.path.slice(slotPath.length).replace(/^\./, '');
    const message = issue.code ? readableMessage(issue.code, issue.message) : issue.message;
    // An issue about one item of a list shown at the list (`categories.1`) names the item in its message already.
    const text = rest === '' || /^\d+$/.test(rest) ? message : `${rest}: ${message}`;
    slot.append(h('span', { class: 'issue', 'data-source': source }, text));
    slot.hidden = false;
    const control = [...root.querySelectorAll(`[name="${CSS.escape(slotPath)}"]`)].find(own);
    control?.setAttribute('aria-invalid', 'true');
  }
}

/** Does the issue concern something the user has already touched? Before the first save, only those are shown. */
export function concernsTouched(issue: RowIssue, touched: readonly string[]): boolean {
  return touched.some((name) => name === issue.path || name.startsWith(`${issue.path}.`) || issue.path.startsWith(`${name}.`));
}

/** An element to show the issues of one path; inputs point at it with `aria-describedby`. */
export function errorSlot(scope: string, path: string): HTMLElement {
  return h('p', { class: 'field-error', id: errorSlotId(scope, path), 'data-error-for': path, 'aria-live': 'polite', hidden: true });
}

/** Ids are unique in the page, so each form names its own scope (`filter`, `incident`). */
export const errorSlotId = (scope: string, path: string): string => `${scope}-error-${path === '' ? 'form' : path}`;
