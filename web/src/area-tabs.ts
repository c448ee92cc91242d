import { h } from './shared/dom.js';
import { DEFAULT_AREA, route, type Area } from './routes.js';

/** The tab's words: its label, and the short form a laptop's screen shows instead (the stylesheet picks one). */
function tabLabel(area: Area): (HTMLElement | string)[] {
  const { label, shortLabel } = route(area);
  if (!shortLabel) return [label];
  return [h('span', { class: 'tab-label-long' }, label), h('span', { class: 'tab-label-short' }, shortLabel)];
}

/**
 * The header's switch between areas. The areas are places with their own links, so this is navigation (links marked
 * `aria-current="page"`), not a tab widget; a plain click stays in the page, a middle click opens a new tab.
 */
export class AreaTabs {
  readonly element: HTMLElement;
  private readonly links = new Map<Area, HTMLAnchorElement>();
  private readonly counts = new Map<Area, number>();
  private current: Area | undefined;

  /**
   * `shownWithCount`: areas whose tab shows only while its count is above zero, or while it is open (the conflicts
   * queue: the header of a laptop's screen has no room for a tab with nothing behind it).
   */
  constructor(
    areas: readonly Area[],
    onSelect: (area: Area) => void,
    private readonly shownWithCount: readonly Area[] = [],
  ) {
    for (const area of areas) {
      const link = h(
        'a',
        {
          class: 'area-tab',
          href: area === DEFAULT_AREA ? '?' : `?view=${area}`,
          'data-testid': `area-${area}`,
          onclick: (event: MouseEvent) => {
            if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
            event.preventDefault();
            onSelect(area);
          },
        },
        ...tabLabel(area),
      );
      this.links.set(area, link);
    }
    this.element = h('nav', { class: 'area-tabs', 'aria-label': 'Areas' }, [...this.links.values()]);
    this.showOrHide();
  }

  private showOrHide(): void {
    for (const area of this.shownWithCount) {
      const link = this.links.get(area);
      if (link) link.hidden = (this.counts.get(area) ?? 0) === 0 && this.current !== area;
    }
  }

  /** A count beside the area's name (the open conflicts, say); none when zero. */
  setCount(area: Area, count: number, label: string): void {
    const link = this.links.get(area);
    if (!link) return;
    link.querySelector('.area-count')?.remove();
    if (count > 0) link.append(h('span', { class: 'area-count', 'data-testid': `area-${area}-count`, 'aria-label': label }, String(count)));
    this.counts.set(area, count);
    this.showOrHide();
  }

  select(area: Area): void {
    this.current = area;
    this.showOrHide();
    for (const [key, link] of this.links) {
      if (key === area) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }
}
