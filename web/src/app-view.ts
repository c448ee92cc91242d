import './shared/map-library.css';
import './shared/layout.css';
import { ROLES, type Role } from '../../src/core/access-control.js';
import type { ApiClient, SessionUser } from './shared/api-client.js';
import { AreaTabs, areasFor } from './area-tabs.js';
import { h } from './shared/dom.js';
import { humanize } from './shared/format.js';
import type { PlacesArea } from './places/places-area.js';
import { ViewStateStore, type Area, type ViewChange, type ViewState } from './view-state.js';
// In the order of their stylesheets in the cascade (shared sheets first, then each area's).
import { IncidentWorkspace } from './incidents/incident-workspace.js';
import { ForceArea } from './force/force-area.js';
import { SecurityDialog } from './session/security-dialog.js';
import { CasesArea } from './cases/cases-area.js';
import { MonitorArea } from './monitor/monitor-area.js';
import { AuditArea } from './admin/audit-area.js';

const roleOf = (user: SessionUser): Role => (ROLES as readonly string[]).includes(user.role) ? (user.role as Role) : 'viewer';

const SUBTITLES: Record<Area, string> = {
  incidents: 'Incident register',
  force: 'Use of force',
  cases: 'Accountability cases',
  monitor: 'Protection monitoring',
  places: 'Protected sites, zones and agreements',
  audit: 'Audit log',
};

/**
 * The main screen: the header (with the areas the role may open) over one area at a time, the incident register or
 * the use-of-force requests. It owns the view state (in the URL); each area is built the first time it is opened and
 * kept, hidden, when the user moves to the other, so coming back finds it as it was.
 */
export class AppView {
  readonly element: HTMLElement;
  private readonly state = new ViewStateStore();
  private readonly role: Role;
  private readonly subtitle = h('span', { class: 'brand-sub', 'data-testid': 'area-title' });
  private readonly headerSlot = h('div', { class: 'header-slot' });
  private readonly areaActions = h('div', { class: 'area-actions-slot' });
  private readonly body = h('div', { class: 'app-body' });
  private readonly dialogs = h('div', { class: 'app-dialogs' });
  private readonly tabs: AreaTabs | undefined;
  private incidents: IncidentWorkspace | undefined;
  private force: ForceArea | undefined;
  private cases: CasesArea | undefined;
  private monitor: MonitorArea | undefined;
  private audit: AuditArea | undefined;
  /** Loaded the first time it is opened: it brings the drawing library, which the other areas do not need. */
  private places: Promise<PlacesArea> | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly user: SessionUser,
    onLogout: () => void,
  ) {
    this.role = roleOf(user);
    const areas = areasFor(this.role);
    this.state.restrictTo(areas);
    this.tabs = areas.length > 1 ? new AreaTabs(areas, (area) => this.state.setArea(area)) : undefined;
    // With the tabs in the header, a subtitle would only repeat the one marked current.
    this.subtitle.hidden = this.tabs !== undefined;

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
          h(
            'span',
            { class: 'user', 'data-testid': 'current-user' },
            h('span', { class: 'user-name' }, user.displayName),
            h('span', { class: 'user-role', 'data-testid': 'current-role' }, humanize(this.role)),
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

    this.state.subscribe((current, changed) => this.apply(current, changed));
    this.showArea(this.state.current.area);
  }

  destroy(): void {
    this.state.destroy();
    this.incidents?.destroy();
    this.force?.destroy();
    this.cases?.destroy();
    this.monitor?.destroy();
    this.audit?.destroy();
    void this.places?.then((places) => places.destroy());
    this.element.remove();
  }

  private apply(current: ViewState, changed: ViewChange): void {
    if (changed.area) this.showArea(current.area);
    // The place registers and the audit log keep nothing in the link beyond the area itself.
    else if (current.area === 'places' || current.area === 'audit') return;
    else if (current.area === 'incidents') this.incidents?.update(current, changed);
    else if (current.area === 'cases') this.cases?.update(current, changed);
    else if (current.area === 'monitor') this.monitor?.update(current, changed);
    else this.force?.update(current, changed);
  }

  private showArea(area: Area): void {
    this.subtitle.textContent = SUBTITLES[area];
    this.tabs?.select(area);
    this.element.dataset.area = area;
    if (area === 'incidents') {
      this.incidents ??= this.buildIncidents();
      this.mountArea(this.incidents.element, [], [this.incidents.headerActions]);
    } else if (area === 'cases') {
      this.incidents?.hide();
      if (this.cases) this.cases.update(this.state.current, { area: true, filter: false, incident: false, request: false, caseId: true, monitor: false });
      else this.cases = new CasesArea(this.api, { role: this.role, state: this.state });
      this.mountArea(this.cases.element, [], []);
    } else if (area === 'monitor') {
      this.incidents?.hide();
      if (this.monitor) this.monitor.update(this.state.current, { area: true, filter: false, incident: false, request: false, caseId: false, monitor: true });
      else this.monitor = new MonitorArea(this.api, { role: this.role, state: this.state });
      this.mountArea(this.monitor.element, [], [this.monitor.headerActions]);
    } else if (area === 'places') {
      this.incidents?.hide();
      void this.showPlaces();
    } else if (area === 'audit') {
      this.incidents?.hide();
      if (this.audit) this.audit.reload();
      else this.audit = new AuditArea(this.api);
      this.mountArea(this.audit.element, [], []);
    } else {
      this.incidents?.hide();
      if (this.force) this.force.update(this.state.current, { area: true, filter: false, incident: false, request: true, caseId: false, monitor: false });
      else this.force = new ForceArea(this.api, { user: this.user, role: this.role, state: this.state });
      this.mountArea(this.force.element, [], []);
    }
    document.title = `Haven — ${SUBTITLES[area].toLowerCase()}`;
  }

  private security: SecurityDialog | undefined;

  private openSecurity(): void {
    if (!this.security) {
      this.security = new SecurityDialog(this.api, this.role);
      this.dialogs.append(this.security.element);
    }
    this.security.open();
  }

  private async showPlaces(): Promise<void> {
    this.places ??= import('./places/places-area.js').then(({ PlacesArea }) => {
      const places = new PlacesArea(this.api, this.role);
      this.dialogs.append(...places.dialogs);
      return places;
    });
    try {
      const places = await this.places;
      // The user may have moved on while it loaded.
      if (this.state.current.area === 'places') this.mountArea(places.element, [], []);
    } catch (error) {
      this.places = undefined;
      this.mountArea(h('p', { class: 'error-banner', role: 'alert' }, `The place registers could not be loaded: ${error instanceof Error ? error.message : String(error)}`), [], []);
    }
  }

  private buildIncidents(): IncidentWorkspace {
    const workspace = new IncidentWorkspace(this.api, this.role, this.state);
    this.dialogs.append(...workspace.dialogs);
    return workspace;
  }

  /** Shows one area's element (the other stays in the page, hidden) and its parts of the header. */
  private mountArea(element: HTMLElement, header: HTMLElement[], actions: HTMLElement[]): void {
    if (element.parentElement !== this.body) this.body.append(element);
    for (const child of this.body.children) (child as HTMLElement).hidden = child !== element;
    this.headerSlot.replaceChildren(...header);
    this.areaActions.replaceChildren(...actions);
  }
}
