import { hasPermission, type Role } from '../../src/core/access-control.js';
import { h } from './shared/dom.js';
import type { Area } from './view-state.js';

const LABELS: Record<Area, string> = { incidents: 'Incident register', force: 'Use of force', cases: 'Cases', monitor: 'Monitor', places: 'Places', audit: 'Audit' };
const HREFS: Record<Area, string> = { incidents: '?', force: '?view=force', cases: '?view=cases', monitor: '?view=monitor', places: '?view=places', audit: '?view=audit' };

/** Force requests are seen by those who may make, approve or audit them (the server checks the same). */
export function mayOpenForce(role: Role): boolean {
  return hasPermission(role, 'force:read');
}

/** Accountability cases are seen by those who may read them (the server checks the same). */
export function mayOpenCases(role: Role): boolean {
  return hasPermission(role, 'case:read');
}

/** The monitoring dashboard is seen by those who may read monitoring (the server checks the same). */
export function mayOpenMonitor(role: Role): boolean {
  return hasPermission(role, 'monitoring:read');
}

/** The registers of protected sites, zones and agreements are read by those who may read monitoring (the server checks the same). */
export function mayOpenPlaces(role: Role): boolean {
  return hasPermission(role, 'monitoring:read');
}

/** The audit log is read by those who oversee (the server checks the same). */
export function mayOpenAudit(role: Role): boolean {
  return hasPermission(role, 'audit:read');
}

export function areasFor(role: Role): Area[] {
  return [
    'incidents',
    ...(mayOpenMonitor(role) ? (['monitor'] as const) : []),
    ...(mayOpenForce(role) ? (['force'] as const) : []),
    ...(mayOpenCases(role) ? (['cases'] as const) : []),
    ...(mayOpenPlaces(role) ? (['places'] as const) : []),
    ...(mayOpenAudit(role) ? (['audit'] as const) : []),
  ];
}

/**
 * The header's switch between areas. The areas are places with their own links, so this is navigation (links marked
 * `aria-current="page"`), not a tab widget; a plain click stays in the page, a middle click opens a new tab.
 */
export class AreaTabs {
  readonly element: HTMLElement;
  private readonly links = new Map<Area, HTMLAnchorElement>();

  constructor(areas: readonly Area[], onSelect: (area: Area) => void) {
    for (const area of areas) {
      const link = h(
        'a',
        {
          class: 'area-tab',
          href: HREFS[area],
          'data-testid': `area-${area}`,
          onclick: (event: MouseEvent) => {
            if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
            event.preventDefault();
            onSelect(area);
          },
        },
        LABELS[area],
      );
      this.links.set(area, link);
    }
    this.element = h('nav', { class: 'area-tabs', 'aria-label': 'Areas' }, [...this.links.values()]);
  }

  select(area: Area): void {
    for (const [key, link] of this.links) {
      if (key === area) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }
}
