/**
 * Charts come from src/reporting as SVG markup (the same builders make the situation report on the server). They are
 * parsed here as XML, not set as HTML: the parser runs no script, and the builders escape every label anyway.
 */
export function svgFromMarkup(markup: string): SVGSVGElement {
  const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = parsed.documentElement;
  if (parsed.getElementsByTagName('parsererror').length > 0 || !(root instanceof SVGSVGElement)) {
    throw new Error('a chart could not be drawn (its SVG did not parse)');
  }
  return document.importNode(root, true);
}
