import { hasPermission, type Role } from '../../../src/core/access-control.js';
import { boundingBoxOf, type Box } from '../../../src/core/places/geometry.js';
import type { Agreement } from '../../../src/core/places/agreement.schema.js';
import type { Site } from '../../../src/core/places/site.schema.js';
import type { ZoneFeature } from '../../../src/core/places/zone.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import { AgreementForm } from './agreement-form.js';
import { agreementList } from './agreement-list.js';
import { h } from '../shared/dom.js';
import { asApiError } from '../shared/register-save.js';
import { PlaceImportDialog } from './place-import-dialog.js';
import { PlacesMap } from './places-map.js';
import { SiteForm } from './site-form.js';
import { SiteList } from './site-list.js';
import { ZoneEditor } from './zone-editor.js';
import { ZoneList } from './zone-list.js';
import './places.css';

const PANELS = ['zones', 'sites', 'agreements'] as const;
type Panel = (typeof PANELS)[number];
const PANEL_LABELS: Record<Panel, string> = { zones: 'Zones', sites: 'Protected sites', agreements: 'Agreements' };

/**
 * The place registers: zones (corridors, safe havens, demilitarised zones, ceasefire lines, areas of operation), the
 * protected sites and the agreements, each a list with its form in the sidebar, zones and sites on the map beside it.
 * Only those who may write the registers (`place:write`) see the buttons and forms that change them.
 */
export class PlacesArea {
  readonly element: HTMLElement;
  /** The import dialogs, which live outside the area's grid. */
  readonly dialogs: HTMLElement[];
  private readonly map: PlacesMap;
  private readonly zoneList: ZoneList;
  private readonly zoneEditor: ZoneEditor;
  private readonly siteList: SiteList;
  private readonly siteForm: SiteForm;
  private readonly agreementList: ReturnType<typeof agreementList>;
  private readonly agreementForm: AgreementForm;
  private readonly zoneImport: PlaceImportDialog | undefined;
  private readonly siteImport: PlaceImportDialog | undefined;
  private readonly tabs = new Map<Panel, HTMLButtonElement>();
  private readonly panels = new Map<Panel, HTMLElement>();
  private readonly message = h('p', { class: 'form-status', role: 'status', 'data-testid': 'places-message' });
  private fittedToZones = false;

  constructor(
    private readonly api: ApiClient,
    role: Role,
  ) {
    const canWrite = hasPermission(role, 'place:write');
    this.map = new PlacesMap(api, { onOpenZone: (id) => void this.openZoneById(id), onOpenSite: (id) => void this.openSiteById(id) });

    this.zoneEditor = new ZoneEditor(api, {
      map: this.map,
      canWrite,
      onSaved: (zone) => this.afterZoneChange(zone.id),
      onDeleted: () => this.afterZoneChange(undefined),
      onClose: () => this.showList('zones'),
    });
    this.zoneList = new ZoneList(api, {
      onOpen: (zone) => this.openZone(zone),
      onLoaded: (zones) => {
        this.map.setZones(zones);
        // On opening, look at the zones there are (the register may hold one country's corridors, or the world's);
        // later answers leave the map where the user put it.
        if (!this.fittedToZones) {
          this.fittedToZones = true;
          if (zones.features.length > 0) this.map.fitTo(boxOfAll(zones.features));
        }
      },
    });
    this.siteForm = new SiteForm(api, {
      map: this.map,
      canWrite,
      onSaved: (site) => this.afterSiteChange(site),
      onDeleted: () => this.afterSiteChange(undefined),
      onClose: () => this.showList('sites'),
    });
    this.siteList = new SiteList(api, { onOpen: (site) => this.openSite(site), onCategory: (category) => this.map.setSiteCategory(category) });
    this.agreementForm = new AgreementForm(api, {
      canWrite,
      zones: async () => (await api.listZones({})).features,
      onSaved: (agreement) => {
        this.agreementList.reload();
        this.agreementList.select(agreement.id);
        this.say(`Saved “${agreement.name}” (version ${agreement.version}).`);
        this.showList('agreements');
      },
      onClose: () => this.showList('agreements'),
    });
    this.agreementList = agreementList(api, (agreement) => this.openAgreement(agreement));

    this.zoneImport = canWrite ? new PlaceImportDialog(api, 'zones', { onImported: () => this.zoneList.reload() }) : undefined;
    this.siteImport = canWrite
      ? new PlaceImportDialog(api, 'sites', {
          onImported: () => {
            this.siteList.reload();
            this.map.refreshSites();
          },
        })
      : undefined;
    this.dialogs = [this.zoneImport?.element, this.siteImport?.element].filter((d): d is HTMLDialogElement => d !== undefined);

    const action = (testid: string, label: string, onclick: () => void, primary = false) => h('button', { type: 'button', class: primary ? 'primary' : '', 'data-testid': testid, onclick }, label);
    const panel = (name: Panel, actions: (HTMLElement | null)[], list: HTMLElement, editor: HTMLElement) => {
      const element = h('section', { class: 'places-panel', 'data-testid': `places-panel-${name}`, 'data-panel': name, 'data-view': 'list', 'aria-label': PANEL_LABELS[name] }, canWrite ? h('div', { class: 'sidebar-actions places-actions' }, actions) : null, list, editor);
      this.panels.set(name, element);
      return element;
    };

    const tabs = h(
      'div',
      { class: 'places-tabs', role: 'group', 'aria-label': 'Registers' },
      PANELS.map((name) => {
        const tab = h('button', { type: 'button', 'data-testid': `places-tab-${name}`, 'aria-pressed': 'false', onclick: () => this.showPanel(name) }, PANEL_LABELS[name]);
        this.tabs.set(name, tab);
        return tab;
      }),
    );
    this.element = h(
      'div',
      { class: 'places-area', 'data-testid': 'places-area', 'data-can-write': String(canWrite) },
      h(
        'aside',
        { class: 'places-sidebar', 'aria-label': 'Place registers' },
        tabs,
        this.message,
        panel(
          'zones',
          [action('new-zone', 'New zone', () => this.openZone(undefined), true), action('zone-import', 'Import zones', () => this.zoneImport?.open())],
          this.zoneList.element,
          this.zoneEditor.element,
        ),
        panel(
          'sites',
          [action('new-site', 'New site', () => this.openSite(undefined), true), action('site-import', 'Import sites', () => this.siteImport?.open())],
          this.siteList.element,
          this.siteForm.element,
        ),
        panel('agreements', [action('new-agreement', 'New agreement', () => this.openAgreement(undefined), true)], this.agreementList.element, this.agreementForm.element),
      ),
      h('main', { class: 'places-map-column' }, this.map.element),
    );
    this.showPanel('zones');
  }

  destroy(): void {
    this.zoneList.destroy();
    this.siteList.destroy();
    this.agreementList.destroy();
    this.zoneImport?.destroy();
    this.siteImport?.destroy();
    this.map.destroy();
    this.element.remove();
  }

  private showPanel(name: Panel): void {
    if (this.element.dataset.panel !== name) this.say(undefined);
    for (const [key, tab] of this.tabs) tab.setAttribute('aria-pressed', String(key === name));
    for (const [key, panel] of this.panels) panel.hidden = key !== name;
    this.element.dataset.panel = name;
  }

  /** One register's list, its form closed. */
  private showList(name: Panel): void {
    this.panels.get(name)!.dataset.view = 'list';
  }

  private showEditor(name: Panel): void {
    // One thing is edited at a time: the zone being drawn, the site being placed, or the agreement.
    if (name !== 'zones') {
      this.zoneEditor.close(false);
      this.showList('zones');
    }
    if (name !== 'sites') {
      this.siteForm.close(false);
      this.showList('sites');
    }
    if (name !== 'agreements') {
      this.agreementForm.close(false);
      this.showList('agreements');
    }
    this.showPanel(name);
    this.panels.get(name)!.dataset.view = 'editor';
    this.say(undefined);
  }

  private openZone(zone: ZoneFeature | undefined): void {
    this.showEditor('zones');
    this.zoneList.select(zone?.id);
    this.map.selectZone(zone?.id);
    this.zoneEditor.open(zone);
    if (zone) this.map.fitTo(zone.geometry);
  }

  private async openZoneById(id: string): Promise<void> {
    try {
      this.openZone(await this.api.getZone(id));
    } catch (error) {
      this.say(`The zone could not be loaded: ${asApiError(error).message}`);
    }
  }

  private afterZoneChange(savedId: string | undefined): void {
    this.showList('zones');
    this.zoneList.select(savedId);
    this.map.selectZone(savedId);
    this.zoneList.reload();
    this.say(savedId ? 'The zone is saved.' : 'The zone was deleted.');
  }

  private openSite(site: Site | undefined): void {
    this.showEditor('sites');
    this.siteList.select(site?.id);
    this.map.selectSite(site?.id);
    this.siteForm.open(site);
    if (site) this.map.fitTo(site.geometry.type === 'Point' ? [site.lon - 0.2, site.lat - 0.2, site.lon + 0.2, site.lat + 0.2] : site.geometry);
  }

  private async openSiteById(id: string): Promise<void> {
    try {
      this.openSite(await this.api.getSite(id));
    } catch (error) {
      this.say(`The site could not be loaded: ${asApiError(error).message}`);
    }
  }

  private afterSiteChange(site: Site | undefined): void {
    this.showList('sites');
    this.siteList.reload();
    this.siteList.select(site?.id);
    this.map.selectSite(site?.id);
    this.map.refreshSites();
    this.say(site ? `Saved “${site.name}” (version ${site.version}).` : 'The site was deleted.');
  }

  private openAgreement(agreement: Agreement | undefined): void {
    this.showEditor('agreements');
    this.agreementList.select(agreement?.id);
    this.agreementForm.open(agreement);
  }

  private say(text: string | undefined): void {
    this.message.textContent = text ?? '';
  }
}

/** The box around every zone: where to look first. */
function boxOfAll(zones: readonly ZoneFeature[]): Box {
  return zones.map((zone) => boundingBoxOf(zone.geometry)).reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
}
