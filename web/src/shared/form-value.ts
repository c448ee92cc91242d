import type { ValueKind } from './form-controls.js';

/**
 * Reads a form into the document its controls describe: each control's `name` is a dotted path (numeric parts make
 * arrays) and its `data-kind` says how its text becomes a value. The result goes to the core's schema as it is, so the
 * form shows exactly the issues the server would.
 */
type Tree = Record<string, unknown> | unknown[];

function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Tree = root;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const key: string | number = /^\d+$/.test(part) ? Number(part) : part;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(parts[i + 1]!);
    container[key] ??= nextIsIndex ? [] : {};
    node = container[key] as Tree;
  });
}

function numberOf(input: HTMLInputElement | HTMLSelectElement): number | undefined {
  // A number input holding text that is not a number reports an empty value; say "not a number" instead of "missing".
  if (input instanceof HTMLInputElement && input.validity.badInput) return Number.NaN;
  const text = input.value.trim();
  return text === '' ? undefined : Number(text);
}

/** The value of a checkbox group's "none of these" box (see checkboxGroup's `noneLabel`). */
export const NONE_OF_THESE = '__none_of_these__';

export function readForm(root: HTMLElement): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  const lists = new Map<string, string[]>();
  const unstated = new Set<string>();
  for (const control of root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('[data-kind][name]')) {
    const path = control.name;
    // A part of the form that does not apply (the fields of the other kind of target) is disabled and not read.
    if (control.matches(':disabled')) continue;
    switch (control.dataset.kind as ValueKind | undefined) {
      case 'text':
        setPath(value, path, control.value);
        break;
      case 'optional':
        if (control.value.trim() !== '') setPath(value, path, control.value);
        break;
      case 'number': {
        const n = control instanceof HTMLTextAreaElement ? undefined : numberOf(control);
        if (n !== undefined) setPath(value, path, n);
        break;
      }
      case 'choice':
        if ((control as HTMLInputElement).checked) setPath(value, path, control.value);
        break;
      case 'bool':
        setPath(value, path, (control as HTMLInputElement).checked);
        break;
      case 'multi': {
        const list = lists.get(path) ?? [];
        if (control.value === NONE_OF_THESE) {
          // The group says "nothing ticked" only when its "none of these" box is: otherwise nothing ticked is unstated.
          if (!(control as HTMLInputElement).checked) unstated.add(path);
        } else if ((control as HTMLInputElement).checked) list.push(control.value);
        lists.set(path, list);
        break;
      }
      case undefined:
        break;
    }
  }
  for (const [path, list] of lists) if (list.length > 0 || !unstated.has(path)) setPath(value, path, list);
  return value;
}
