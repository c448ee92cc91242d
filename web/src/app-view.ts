import './shared/map-library.css';
import './shared/layout.css';
import { ROLES, type Role } from '../../src/core/access-control.js';
import type { ApiClient } from './shared/api-client.js';
import type { SessionUser } from '../../src/core/account.schema.js';
import { AreaTabs } from './area-tabs.js';
import { h } from './shared/dom.js';
import { humanize } from './shared/format.js';
import { ViewStateStore, type ViewChange, type ViewState } from './view-state.js';
// After the areas' stylesheets, as it always was in the cascade.
import { areasFor, DEFAULT_AREA, route, ROUTES, type Area, type AreaContext, type AreaView } from './routes.js';
import { SecurityDialog } from './session/security-dialog.js';
import { outboxController } from './outbox/outbox-controller.js';
import { outboxIndicator } from './outbox/outbox-panel.js';
import { CONFLICTS_CHANGED } from './incidents/conflict-resolution.js';

const roleOf = (user: SessionUser): Role => (ROLES as readonly string[]).includes(user.role) ? (user.role as Role) : 'viewer';

/**
 * The main screen: the header (with the areas the role may open) over one area at a time. It owns the view state (in
 * the URL); each area (see the route table, routes.ts) is built the first time it is opened and kept, hidden, when
 * the user moves to another, so coming back finds it as it was.
 */
export class AppView {
  readonly element: HTMLElement;
  private readonly state = new ViewStateStore(ROUTES, DEFAULT_AREA);
  private readonly context: AreaContext;
  private readonly subtitle = h('span', { class: 'brand-sub', 'data-testid': 'area-title' });
  private readonly headerSlot = h('div', { class: 'header-slot' });
  private readonly areaActions = h('div', { class: 'area-actions-slot' });
  private readonly body = h('div', { class: 'app-body' });
  private readonly dialogs = h('div', { class: 'app-dialogs' });
  private readonly tabs: AreaTabs | undefined;
  /** The areas built so far (a promise while an area's code loads). */
  private readonly areas = new Map<Area, Promise<AreaView>>();
  private readonly built = new Map<Area, AreaView>();
  /** Reads the open conflicts again for the count beside the Conflicts tab (none without that tab). */
  private readonly refreshConflictCount: () => void = () => undefined;

  constructor(
    private readonly api: ApiClient,
    user: SessionUser,
    onLogout: () => void,
  ) {
    const role = roleOf(user);
    this.context = { api, user, role, state: this.state };
    const areas = areasFor(role);
    this.state.restrictTo(areas);
    this.tabs = areas.length > 1 ? new AreaTabs(areas, (area) => this.state.setArea(area), ['conflicts']) : undefined;
    // With the tabs in the header, a subtitle would only repeat the one marked current.
    this.subtitle.hidden = this.tabs !== undefined;
    if (this.tabs && areas.includes('conflicts')) {
      const tabs = this.tabs;
      this.refreshConflictCount = () =>
        void api.incidentConflicts('open').then(
          (list) => tabs.setCount('conflicts', list.items.length, list.items.length === 1 ? '1 open conflict' : `${list.items.length} open conflicts`),
          () => undefined,
        );
      document.addEventListener(CONFLICTS_CHANGED, this.refreshConflictCount);
    }

    this.element = h(
      'div',
      { class: 'app', 'data-testid': 'app' },
      h(
        'header',
        { class: 'app-header' },
        h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Haven', this.subtitle),
        this.tabs?.element,
        this.headerSlot,
        h(
          'div',
          { class: 'header-actions' },
          this.areaActions,
          outboxIndicator(outboxController(api)),
          h(
            'span',
            { class: 'user', 'data-testid': 'current-user' },
            h('span', { class: 'user-name' }, user.displayName),
            h('span', { class: 'user-role', 'data-testid': 'current-role' }, humanize(role)),
          ),
          h('button', { type: 'button', 'data-testid': 'open-security', onclick: () => this.openSecurity() }, 'Security'),
          h(
            'button',
            {
              type: 'button',
              'data-testid': 'logout',
              // Back to the login screen even if the server cannot be told (the session then expires on its own).
              onclick: () => void api.logout().catch(() => undefined).then(onLogout),
            },
            'Log out',
          ),
        ),
      ),
      this.body,
      this.dialogs,
    );

    // Signed in, with a network: whatever the outbox holds is sent now (if it is unlocked; else the indicator asks).
    void outboxController(api).sendNow();
    this.state.subscribe((current, changed) => this.apply(current, changed));
    void this.showArea(this.state.current.area);
  }

  destroy(): void {
    document.removeEventListener(CONFLICTS_CHANGED, this.refreshConflictCount);
    this.state.destroy();
    for (const area of this.areas.values()) void area.then((view) => view.destroy(), () => undefined);
    this.element.remove();
  }

  private apply(current: ViewState, changed: ViewChange): void {
    if (changed.has('area')) void this.showArea(current.area);
    else this.built.get(current.area)?.update?.(current, changed);
  }

  private async showArea(area: Area): Promise<void> {
    const { title } = route(area);
    // Conflicts appear by edits and imports elsewhere too: the count is read again whenever the area changes.
    this.refreshConflictCount();
    this.subtitle.textContent = title;
    this.tabs?.select(area);
    this.element.dataset.area = area;
    document.title = `Haven — ${title.toLowerCase()}`;
    for (const [other, view] of this.built) if (other !== area) view.hide?.();
    const known = this.built.get(area);
    if (known) {
      known.reshow?.(this.state.current);
      this.mountArea(known);
      return;
    }
    let building = this.areas.get(area);
    if (!building) {
      const mounted = route(area).mount(this.context);
      if (!(mounted instanceof Promise)) {
        this.adopt(area, mounted);
        this.areas.set(area, Promise.resolve(mounted));
        this.mountArea(mounted);
        return;
      }
      building = mounted.then((view) => this.adopt(area, view));
      this.areas.set(area, building);
    }
    try {
      const view = await building;
      // The user may have moved on while its code loaded.
      if (this.state.current.area === area) this.mountArea(view);
    } catch (error) {
      this.areas.delete(area);
      if (this.state.current.area !== area) return;
      this.mountElement(h('p', { class: 'error-banner', role: 'alert' }, `The ${title.toLowerCase()} could not be loaded: ${error instanceof Error ? error.message : String(error)}`), undefined);
    }
  }

  private adopt(area: Area, view: AreaView): AreaView {
    this.built.set(area, view);
    this.dialogs.append(...(view.dialogs ?? []));
    return view;
  }

  private security: SecurityDialog | undefined;

  private openSecurity(): void {
    if (!this.security) {
      this.security = new SecurityDialog(this.api, this.context.role);
      this.dialogs.append(this.security.element);
    }
    this.security.open();
  }

  private mountArea(view: AreaView): void {
    this.mountElement(view.element, view.headerActions);
  }

  /** Shows one area's element (the others stay in the page, hidden) and its part of the header. */
  private mountElement(element: HTMLElement, actions: HTMLElement | undefined): void {
    if (element.parentElement !== this.body) this.body.append(element);
    for (const child of this.body.children) (child as HTMLElement).hidden = child !== element;
    this.headerSlot.replaceChildren();
    this.areaActions.replaceChildren(...(actions ? [actions] : []));
  }
}
