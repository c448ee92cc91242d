/**
 * An independent check of generated markup, without a DOM: every tag is well formed (attribute values double-quoted
 * and free of < > "), every element is one the report may contain (no script, no foreign content, no event handler
 * attributes, no links), and elements nest properly. Text between tags cannot hold a raw < by construction.
 */
const SVG_ELEMENTS = ['svg', 'g', 'title', 'desc', 'rect', 'text', 'line', 'polyline', 'polygon', 'path', 'circle', 'clipPath'];
const HTML_ELEMENTS = ['html', 'head', 'meta', 'style', 'body', 'header', 'main', 'footer', 'section', 'div', 'p', 'h1', 'h2', 'h3', 'dl', 'dt', 'dd', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'figure', 'figcaption', 'span', 'strong', 'em', 'ul', 'li', 'br'];
const VOID = new Set(['meta', 'br']);
const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<>]*")*)\s*(\/?)>$/;

export function markupProblems(markup: string, allowed: readonly string[] = [...SVG_ELEMENTS, ...HTML_ELEMENTS]): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  // The stylesheet is ours and constant; skip its body.
  const body = markup.replace(/^<!doctype html>/i, '').replace(/<style>[^<]*<\/style>/, '<style></style>');
  for (const token of body.match(/<[^>]*>?/g) ?? []) {
    const match = TAG.exec(token);
    if (!match) {
      problems.push(`malformed tag: ${token.slice(0, 80)}`);
      continue;
    }
    const [, closing, name = '', attributes = '', selfClosing] = match;
    if (!allowed.includes(name)) problems.push(`element not allowed: ${name}`);
    // Attribute by attribute, so text inside a value (" onload=" escaped into a label) is not taken for a name.
    for (const [, attribute] of attributes.matchAll(/\s+([a-zA-Z][a-zA-Z0-9:-]*)="[^"]*"/g)) {
      if (/^on/i.test(attribute!) || /href$/i.test(attribute!) || attribute === 'style' || attribute === 'src') problems.push(`attribute not allowed: ${attribute} on ${name}`);
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else if (!selfClosing && !VOID.has(name)) {
      stack.push(name);
    }
  }
  if (stack.length > 0) problems.push(`not closed: ${stack.join(', ')}`);
  return problems;
}

/** The text content of markup, entities decoded: what a reader sees. */
export function textOf(markup: string): string {
  return markup
    .replace(/<style>[^<]*<\/style>/, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
