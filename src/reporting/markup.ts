/**
 * Text into markup. Every label in a chart, a map or a report comes from data someone typed or imported (a party's
 * name, a site's name), so every piece of text and every attribute value passes through here: stored XSS must be
 * impossible whatever the data holds.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Characters XML 1.0 forbids even as references; a stray one would make the SVG unparseable in the browser.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Safe as HTML or XML text and inside a double- or single-quoted attribute. */
export function escapeMarkup(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(FORBIDDEN_IN_XML, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** An id for `aria-labelledby` and `clip-path`: only letters, digits and dashes, so it never needs escaping. */
export function safeId(value: string): string {
  const cleaned = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(cleaned) ? cleaned : `x-${cleaned}`;
}

/** Shortens a label for a narrow column; the full text stays available in a <title>. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('').trimEnd()}…`;
}
