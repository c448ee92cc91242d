import { ApiError } from './api-client.js';
import { append, h } from './dom.js';
import { placeIssues } from './field-errors.js';
import type { RowIssue } from '../../../src/core/rejected-row.schema.js';

/**
 * Saving an entry of a register (zones, sites, agreements, capabilities): the client's issues beside their fields, the
 * server's refusal beside the fields it names, and an edit refused as stale said plainly with a way to the latest.
 */

/** Any failure as an ApiError, so the form can show its message and issues. */
export const asApiError = (error: unknown): ApiError => (error instanceof ApiError ? error : new ApiError(0, 'error', error instanceof Error ? error.message : String(error)));

/** An edit refused because the entry changed since it was read (not another conflict, such as a source id in use). */
export const isStale = (failure: ApiError): boolean => failure.status === 409 && failure.issues.some((issue) => issue.code === 'stale_version');

/** The issues to show beside the fields for a failed save: the server's, or its message for the whole form. */
export function issuesOfFailure(failure: ApiError): readonly RowIssue[] {
  if (isStale(failure)) return failure.issues.filter((issue) => issue.code !== 'stale_version');
  return failure.issues.length > 0 ? failure.issues : [{ path: '', message: failure.message }];
}

/** Takes the user to the first field marked invalid, clear of the form's sticky footer. */
export function focusFirstIssue(form: HTMLElement): void {
  const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!invalid) return;
  invalid.focus({ preventScroll: true });
  invalid.scrollIntoView({ block: 'center' });
}

/** A banner for an edit refused because someone else saved first (409), with a way to load their version. */
export function conflictBanner(testid: string): { element: HTMLElement; show(message: string | undefined, what: string, reload?: () => void): void } {
  const element = h('div', { class: 'conflict-banner', role: 'alert', 'data-testid': testid, hidden: true });
  return {
    element,
    show(message, what, reload) {
      element.hidden = message === undefined;
      if (message === undefined) return element.replaceChildren();
      element.replaceChildren();
      append(element, [
        h('strong', {}, `Not saved: someone else changed this ${what} while you were editing. `),
        message,
        reload ? [' ', h('button', { type: 'button', onclick: reload }, 'Load the latest version (discards your changes)')] : null,
      ]);
    },
  };
}

/** What a register form hands to {@link saveRegisterEntry}. */
export interface RegisterSave<T> {
  form: HTMLFormElement;
  status: HTMLElement;
  conflict: ReturnType<typeof conflictBanner>;
  /** "site", "zone", "agreement": how the stale-edit banner names it. */
  what: string;
  button: HTMLButtonElement;
  /** What the core's schema found in the form: nothing is sent while there is any. */
  clientIssues: readonly RowIssue[];
  save(): Promise<T>;
  /** Loads the stored version again, offered when the edit was stale. */
  reload?: () => void;
}

/**
 * The save every register form makes: the client's issues beside their fields, or the request with the button held
 * down, then the server's refusal beside the fields (a stale edit as a banner). The saved entry, or undefined.
 */
export async function saveRegisterEntry<T>(step: RegisterSave<T>): Promise<T | undefined> {
  const { form, status, conflict, button } = step;
  placeIssues(form, step.clientIssues, 'client');
  conflict.show(undefined, step.what);
  if (step.clientIssues.length > 0) {
    status.textContent = 'Not saved: see the fields marked.';
    focusFirstIssue(form);
    return undefined;
  }
  button.disabled = true;
  status.textContent = 'Saving…';
  try {
    const saved = await step.save();
    status.textContent = '';
    return saved;
  } catch (error) {
    const failure = asApiError(error);
    status.textContent = isStale(failure) ? '' : `Not saved: ${failure.message}`;
    if (isStale(failure)) conflict.show(failure.message, step.what, step.reload);
    placeIssues(form, issuesOfFailure(failure), 'server');
    focusFirstIssue(form);
    return undefined;
  } finally {
    button.disabled = false;
  }
}
