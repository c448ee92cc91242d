import type { PlaceSource } from '../../../src/core/places/place-source.js';
import { h, type Child } from '../shared/dom.js';
import { field, textInput } from '../shared/form-controls.js';

/** What the place registers' forms (zones, sites, agreements) share; the editor and its save are in shared/register-editor.ts. */

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
