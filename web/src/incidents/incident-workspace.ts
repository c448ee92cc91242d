import { hasPermission, type Role } from '../../../src/core/access-control.js';
import type { IncidentDetail } from '../../../src/core/incident.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { loadable } from '../shared/loadable.js';
import { ExportMenu } from './export-menu.js';
import { FilterPanel } from './filter-panel.js';
import { filterIsEmpty, type Filter } from '../shared/filter-query.js';
import { formatCount } from '../shared/format.js';
import { ImportDialog } from './import-dialog.js';
import { IncidentDetailPanel } from './incident-detail.js';
import { IncidentForm } from './incident-form.js';
import { outboxController } from '../outbox/outbox-controller.js';
import { IncidentList } from './incident-list.js';
import { MapView } from '../shared/map-view.js';
import type { ViewChange, ViewState, ViewStateStore } from '../view-state.js';
import './incidents.css';

/**
 * The incident register: filter panel, map, list with the summary of what the filter matches above it, and the detail
 * panel and form on top; in the header, the register's own buttons (the header has no room left for the summary
 * beside seven areas). It follows the filter and the selected incident in the view state.
 */
export class IncidentWorkspace {
  readonly element: HTMLElement;
  /** The summary of what the filter matches, above the list. */
  readonly summary = h('p', { class: 'summary', 'data-testid': 'summary', role: 'status', 'aria-live': 'polite' });
  /** Record, import and export, for the header. */
  readonly headerActions: HTMLElement;
  /** Dialogs, which live outside the workspace's grid. */
  readonly dialogs: HTMLElement[];
  private readonly map: MapView;
  private readonly list: IncidentList;
  private readonly filters: FilterPanel;
  private readonly detail: IncidentDetailPanel;
  private readonly form: IncidentForm;
  private readonly notice = h('p', { class: 'saved-notice', role: 'status', 'data-testid': 'outbox-notice', hidden: true });
  private readonly exportMenu: ExportMenu;
  /** Only for roles that may write incidents. */
  private readonly importDialog: ImportDialog | undefined;
  private readonly summaryLoader = loadable(this.summary, (signal, filter: Filter) => this.api.summary(filter, signal), (totals, filter) => this.showSummary(totals, filter), {
    failed: () => (this.summary.textContent = 'The summary could not be loaded.'),
  });

  constructor(
    private readonly api: ApiClient,
    role: Role,
    private readonly state: ViewStateStore,
  ) {
    const { filter, incident } = state.current;
    const open = (id: string) => state.setIncident(id);

    this.filters = new FilterPanel(filter, (next) => state.setFilter(next));
    this.list = new IncidentList(api, filter, open);
    const mapHost = h('div', { class: 'map-view', 'data-testid': 'map', role: 'region', 'aria-label': 'Map of incidents' });
    this.form = new IncidentForm(api, {
      withSensitive: hasPermission(role, 'incident:read_sensitive'),
      onSaved: (saved) => this.afterSave(saved),
      outbox: outboxController(api),
      onKept: (message) => this.showNotice(message),
    });
    this.detail = new IncidentDetailPanel(api, {
      permissions: {
        canEdit: hasPermission(role, 'incident:write'),
        canVerify: hasPermission(role, 'incident:verify'),
        canReadEvidence: hasPermission(role, 'evidence:read'),
        canWriteEvidence: hasPermission(role, 'evidence:write'),
        canRestrict: hasPermission(role, 'incident:restrict'),
      },
      onClose: () => state.setIncident(undefined),
      onEdit: (shown) => this.form.openEdit(shown),
      onChanged: () => this.refreshData(),
    });

    const canWrite = hasPermission(role, 'incident:write');
    this.importDialog = canWrite ? new ImportDialog(api, { onFinished: () => this.refreshData() }) : undefined;
    this.exportMenu = new ExportMenu(api, () => state.current.filter);
    this.headerActions = h(
      'div',
      { class: 'area-actions' },
      canWrite ? h('button', { type: 'button', class: 'primary', 'data-testid': 'new-incident', onclick: () => this.form.openCreate() }, 'Record incident') : null,
      this.importDialog ? h('button', { type: 'button', 'data-testid': 'import-button', onclick: () => this.importDialog?.open() }, 'Import data') : null,
      this.exportMenu.element,
    );
    this.element = h(
      'div',
      { class: 'workspace', 'data-testid': 'incident-workspace' },
      h('aside', { class: 'filters-column' }, this.filters.element),
      h('main', { class: 'map-column' }, mapHost),
      h('section', { class: 'list-column', 'aria-label': 'Incidents' }, h('h2', { class: 'panel-title' }, 'Incidents, newest first'), this.notice, this.summary, this.list.element),
      this.detail.element,
    );
    this.dialogs = [this.form.element, ...(this.importDialog ? [this.importDialog.element] : [])];
    this.map = new MapView(mapHost, api, filter, { onOpenIncident: open });
    void this.summaryLoader.load(filter);
    this.showIncident(incident);
  }

  /** Said plainly, where the register is: an incident was kept on the device rather than recorded. */
  private showNotice(message: string): void {
    this.notice.textContent = message;
    this.notice.hidden = false;
  }

  /** The view state changed while the register is open. */
  update(current: ViewState, changed: ViewChange): void {
    if (changed.has('filter')) {
      // An incident opened under the old filter may not match the new one: its detail closes with the old results.
      if (current.incident && !changed.has('incident')) this.state.setIncident(undefined);
      this.filters.show(current.filter);
      this.map.setFilter(current.filter);
      this.list.setFilter(current.filter);
      void this.summaryLoader.load(current.filter);
    }
    if (changed.has('incident')) this.showIncident(current.incident);
  }

  /** Leaving the register closes what floats above it. */
  hide(): void {
    this.form.close();
    this.exportMenu.close(false);
  }

  destroy(): void {
    this.summaryLoader.abort();
    this.map.destroy();
    this.form.close();
    this.importDialog?.destroy();
    this.exportMenu.close(false);
    this.element.remove();
  }

  private showIncident(id: string | undefined): void {
    const closing = this.detail.incidentId;
    if (id) void this.detail.open(id);
    else this.detail.close();
    if (!id && closing) this.list.focusRow(closing);
    this.map.select(id);
    this.list.select(id);
  }

  private afterSave(saved: IncidentDetail): void {
    this.refreshData();
    if (this.state.current.incident === saved.id) void this.detail.open(saved.id);
    else this.state.setIncident(saved.id);
  }

  /** Something changed on the server: ask again for what is shown. */
  private refreshData(): void {
    this.map.refresh();
    this.list.reload();
    void this.summaryLoader.load(this.state.current.filter);
  }

  private showSummary({ incidents, killedBest }: { incidents: number; killedBest: number }, filter: Filter): void {
    this.summary.replaceChildren(
      h('strong', { 'data-testid': 'summary-incidents' }, formatCount(incidents)),
      incidents === 1 ? ' incident, ' : ' incidents, ',
      h('strong', { 'data-testid': 'summary-killed' }, formatCount(killedBest)),
      ' killed (best estimate)',
      filterIsEmpty(filter) ? '' : ' — filtered',
    );
    this.summary.dataset.incidents = String(incidents);
  }

}
