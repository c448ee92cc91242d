import type { PlaceSource } from '../../../src/core/places/place-source.js';
import { ApiError } from '../shared/api-client.js';
import { append, h, type Child } from '../shared/dom.js';
import { placeIssues } from '../shared/field-errors.js';
import type { RowIssue } from '../../../src/core/rejected-row.schema.js';
import { field, textInput } from '../shared/form-controls.js';

/** What the register forms (zones, sites, agreements) share. */

/** The value if it is one of the allowed ones: a select's or a link's text read back as the type it stands for. */
export function oneOf<T extends string>(values: readonly T[], value: string | null | undefined): T | undefined {
  return values.find((allowed) => allowed === value);
}

/** Names typed one per line (or separated by semicolons), blanks dropped. */
export function linesOf(value: unknown): string[] {
  return typeof value === 'string'
    ? value
        .split(/[\n;]+/)
        .map((line) => line.trim())
        .filter(Boolean)
    : [];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO date-time as a `datetime-local` input shows it: in the browser's time zone, to the minute. */
export function localDateTimeOf(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (the browser's time zone) as an ISO date-time in UTC; text that is not one stays as it is for the schema to name. */
export function isoOfLocalDateTime(local: string): string {
  const date = new Date(local);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local) && !Number.isNaN(date.getTime()) ? date.toISOString() : local;
}

/** The source of an entry: its data set (which, with the external id, makes re-imports find it), description, link. */
export function sourceFields(scope: string, prefix: string, source: Partial<PlaceSource> | undefined, defaultDataset: string): HTMLElement {
  const path = (name: string) => (prefix === '' ? `source.${name}` : `${prefix}.source.${name}`);
  return h(
    'fieldset',
    { class: 'form-section place-source' },
    h('legend', {}, 'Source'),
    h(
      'div',
      { class: 'form-grid' },
      field(scope, path('dataset'), 'Data set', textInput('text', source?.dataset ?? defaultDataset, { spellcheck: 'false', 'data-testid': `${scope}-dataset` }), {
        hint: 'Lower case: letters, digits, . _ -',
      }),
      field(scope, path('externalId'), 'Id in the source', textInput('optional', source?.externalId, { spellcheck: 'false' })),
      field(scope, path('description'), 'Description', textInput('optional', source?.description), { wide: true }),
      field(scope, path('url'), 'Link', textInput('optional', source?.url, { type: 'url' }), { wide: true }),
    ),
  );
}

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

/** A read-only description list: label, then the value as text. Empty values are left out. */
export function factsList(testid: string, facts: readonly (readonly [string, Child])[]): HTMLElement {
  return h(
    'dl',
    { class: 'facts place-facts', 'data-testid': testid },
    facts.filter(([, value]) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)).map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
  );
}

/** A source as one line of text, with its link when it is a web address (never a `javascript:` one). */
export function sourceText(source: PlaceSource): Child {
  const url = source.url;
  return [
    source.dataset,
    source.externalId ? ` / ${source.externalId}` : '',
    source.description ? ` — ${source.description}` : '',
    url ? [' ', /^https?:\/\//i.test(url) ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url) : url] : null,
  ];
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
