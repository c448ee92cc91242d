import type { z } from 'zod';
import { zoneGeometrySchema } from '../../../src/core/places/geometry.js';
import { ZONE_KINDS, zoneInputSchema, zoneUpdateSchema, type ZoneFeature, type ZoneKind } from '../../../src/core/places/zone.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import { h, type Child } from '../shared/dom.js';
import { errorSlot, placeIssues, readableMessage } from '../shared/field-errors.js';
import type { RowIssue } from '../../../src/core/rejected-row.schema.js';
import { field, numberInput, select, textArea, textInput, dateInput } from '../shared/form-controls.js';
import { repeater } from '../shared/form-repeater.js';
import { readForm } from '../shared/form-value.js';
import { ZONE_COLORS, ZONE_KIND_CHOICES, ZONE_KIND_LABELS, ZONE_STATUS_CHOICES, colourMark, validityText, zoneStatusText } from './place-labels.js';
import { isoOfLocalDateTime, linesOf, localDateTimeOf, oneOf, sourceFields, sourceText } from './place-form.js';
import { factsList, RegisterEditor } from '../shared/register-editor.js';
import type { PlacesMap } from './places-map.js';
import { DRAW_SHAPES, shapeOf, type DrawShape, type DrawingState, type DrawnGeometry } from './zone-drawing.js';
import { zoneShapeText } from './zone-list.js';

const SCOPE = 'zone';

const SHAPE_LABELS: Record<DrawShape, string> = { line: 'Line (a route, a contact line) with a width', area: 'Area (a polygon)', point: 'Point with a width (a circle)' };

/** Corridors and lines are routes; havens, zones and areas are drawn as areas. */
const DEFAULT_SHAPE: Record<ZoneKind, DrawShape> = {
  humanitarian_corridor: 'line',
  ceasefire_line: 'line',
  safe_haven: 'area',
  demilitarised_zone: 'area',
  area_of_operations: 'area',
};

const DRAW_HINTS: Record<DrawShape, string> = {
  line: 'Click on the map to add points; click the last point again (or press Enter) to finish.',
  area: 'Click on the map to add corners; click the first corner again (or press Enter) to close the area.',
  point: 'Click on the map where the zone is centred.',
};

/** The zone's fields checked as the server will, with issues named as paths into the Feature (`properties.widthKm`). */
function featureIssues(schema: z.ZodType, feature: { geometry: unknown; properties: Record<string, unknown> }): RowIssue[] {
  const result = schema.safeParse({ ...feature.properties, geometry: feature.geometry });
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    return { path: path[0] === 'geometry' ? path.join('.') : ['properties', ...path].join('.'), message: readableMessage(issue.code, issue.message) };
  });
}

function geometryText(geometry: DrawnGeometry | ZoneFeature['geometry'] | undefined, state: DrawingState): string {
  if (state === 'drawing') return 'Drawing…';
  if (!geometry) return 'Not drawn yet.';
  switch (geometry.type) {
    case 'Point':
      return `A point at ${geometry.coordinates[1].toFixed(4)}, ${geometry.coordinates[0].toFixed(4)}.`;
    case 'LineString':
      return `A line of ${geometry.coordinates.length} points.`;
    case 'MultiLineString':
      return `${geometry.coordinates.length} lines (edit their details here; their shape only by import).`;
    case 'Polygon':
      return `An area with ${geometry.coordinates[0]!.length - 1} corners.`;
    case 'MultiPolygon':
      return `${geometry.coordinates.length} areas (edit their details here; their shape only by import).`;
  }
}

export interface ZoneEditorOptions {
  map: PlacesMap;
  canWrite: boolean;
  onSaved(zone: ZoneFeature): void;
  onDeleted(id: string): void;
  onClose(): void;
}

/**
 * One zone: for those who may write, a form with its shape on the map (drawn or edited there), its kind, width,
 * validity, opening windows, parties, status and source; for the others, what the register says about it. The form
 * runs the core's schema before saving and shows the server's issues beside the fields; a stale edit (409) is said.
 */
export class ZoneEditor {
  readonly element: HTMLElement;
  private readonly editor: RegisterEditor<ZoneFeature>;
  /** A shape that cannot go on the drawing layer (several parts) is kept as it came. */
  private keptGeometry: ZoneFeature['geometry'] | undefined;
  private readonly geometryStatus = h('p', { class: 'geometry-status', 'data-testid': 'zone-geometry-status', role: 'status' });
  private shape: HTMLSelectElement | undefined;
  /** Not a field of the zone as such (the form does not read it): the shape's text, kept in step with the map. */
  private readonly coordinates = h('textarea', { rows: 4, spellcheck: 'false', class: 'code-area', 'data-testid': 'zone-coordinates' });
  private width: HTMLInputElement | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly options: ZoneEditorOptions,
  ) {
    const map = options.map;
    this.editor = new RegisterEditor<ZoneFeature>({
      what: SCOPE,
      back: '← Zones',
      newTitle: 'New zone',
      createLabel: 'Save the zone',
      canWrite: options.canWrite,
      idOf: (zone) => zone.id,
      versionOf: (zone) => zone.properties.version,
      nameOf: (zone) => zone.properties.name,
      facts: (zone) => this.facts(zone),
      fields: (zone) => this.fields(zone),
      firstField: 'properties.name',
      read: (form, zone) => {
        const feature = this.feature(form, zone);
        const issues =
          feature.geometry === undefined
            ? [{ path: 'geometry', message: map.drawingState === 'drawing' ? 'finish the drawing first: click the last point again' : 'draw the zone on the map first' }]
            : featureIssues(zone ? zoneUpdateSchema : zoneInputSchema, feature);
        return { value: feature, issues };
      },
      save: (feature, zone) => (zone ? this.api.updateZone(zone.id, feature) : this.api.createZone(feature)),
      get: (id) => this.api.getZone(id),
      remove: (zone) => this.api.deleteZone(zone.id, zone.properties.version),
      opened: (zone) => {
        map.onDrawing((geometry, state) => this.drawingChanged(geometry, state));
        map.hideZone(zone?.id);
        map.setDraftWidth(zone?.properties.widthKm);
        this.keep(undefined);
        if (zone) this.useShape(zone.geometry);
        else this.drawingChanged(undefined, 'idle');
      },
      // Leaving the zone: its shape goes back to the zone layers.
      closing: () => {
        map.onDrawing(undefined);
        map.stopDrawing();
        map.hideZone(undefined);
      },
      onSaved: (zone) => options.onSaved(zone),
      onDeleted: (id) => options.onDeleted(id),
      onClose: () => options.onClose(),
    });
    this.element = this.editor.element;
  }

  get openId(): string | undefined {
    return this.editor.openId;
  }

  /** A zone of the register, or a new one (undefined). */
  open(zone: ZoneFeature | undefined): void {
    this.editor.open(zone);
  }

  close(notify = true): void {
    this.editor.close(notify);
  }

  private facts(zone: ZoneFeature): HTMLElement {
    const p = zone.properties;
    return factsList('zone-facts', [
      ['Kind', [colourMark(ZONE_COLORS[p.kind], 'bar'), ZONE_KIND_LABELS[p.kind]]],
      ['Status', zoneStatusText(p)],
      ['Valid', validityText(p.validFrom, p.validTo)],
      ['Shape', zoneShapeText(zone)],
      ['Opening windows', p.schedule?.map((w) => `${w.start} – ${w.end}`).join('; ')],
      ['Parties bound', p.partiesBound.join(', ')],
      ['Source', sourceText(p.source)],
      ['Notes', p.notes],
      ['Version', String(p.version)],
    ]);
  }

  private fields(zone: ZoneFeature | undefined): Child[] {
    const p = zone?.properties;
    const kind = p?.kind ?? 'humanitarian_corridor';
    const shapeChoices = DRAW_SHAPES.map((shape) => ({ value: shape, label: SHAPE_LABELS[shape] }));
    this.shape = select('text', shapeChoices, (zone && shapeOf(zone.geometry)) ?? DEFAULT_SHAPE[kind]);
    // The shape is how the next drawing is made, not a field of the zone: the form does not read it.
    this.shape.removeAttribute('data-kind');
    this.shape.setAttribute('data-testid', 'zone-shape');
    this.width = numberInput(p?.widthKm, { min: 0, 'data-testid': 'zone-width' });
    const kindSelect = select('text', ZONE_KIND_CHOICES, kind);
    kindSelect.setAttribute('data-testid', 'zone-kind');
    const statusSelect = select('text', ZONE_STATUS_CHOICES, p?.status ?? 'proposed');
    statusSelect.setAttribute('data-testid', 'zone-status');
    const fields = [
      h(
        'div',
        { class: 'form-grid' },
        field(SCOPE, 'properties.name', 'Name', textInput('text', p?.name, { 'data-testid': 'zone-name' }), { wide: true }),
        field(SCOPE, 'properties.kind', 'Kind', kindSelect),
        field(SCOPE, 'properties.status', 'Status', statusSelect),
      ),
      h(
        'fieldset',
        { class: 'form-section zone-shape' },
        h('legend', {}, 'Where'),
        h('div', { class: 'form-grid' }, field(SCOPE, 'shape', 'Draw as', this.shape, { wide: true }), field(SCOPE, 'properties.widthKm', 'Width (km)', this.width, { hint: 'The whole width: half on each side.' })),
        h(
          'div',
          { class: 'draw-actions' },
          h('button', { type: 'button', 'data-testid': 'zone-draw', onclick: () => void this.startDrawing() }, zone ? 'Draw again' : 'Draw on the map'),
          this.geometryStatus,
        ),
        h('p', { class: 'hint', 'data-testid': 'zone-draw-hint' }),
        errorSlot(SCOPE, 'geometry'),
        this.coordinatesEditor(),
      ),
      h(
        'fieldset',
        { class: 'form-section' },
        h('legend', {}, 'When'),
        h(
          'div',
          { class: 'form-grid' },
          field(SCOPE, 'properties.validFrom', 'Valid from', dateInput('text', p?.validFrom, { 'data-testid': 'zone-valid-from' })),
          field(SCOPE, 'properties.validTo', 'Valid to (inclusive)', dateInput('optional', p?.validTo, { 'data-testid': 'zone-valid-to' }), { hint: 'Empty: open-ended.' }),
        ),
        repeater<{ start: string; end: string }>({
          scope: SCOPE,
          path: 'properties.schedule',
          legend: 'Opening windows (your time zone); none: open for the whole validity',
          noun: 'Window',
          items: p?.schedule ?? [],
          testid: 'zone-schedule',
          onChange: () => undefined,
          renderRow: (rowPath, item) => [
            field(SCOPE, `${rowPath}.start`, 'Opens', textInput('optional', item ? localDateTimeOf(item.start) : '', { type: 'datetime-local', 'data-testid': 'zone-window-start' })),
            field(SCOPE, `${rowPath}.end`, 'Closes', textInput('optional', item ? localDateTimeOf(item.end) : '', { type: 'datetime-local', 'data-testid': 'zone-window-end' })),
          ],
        }),
      ),
      h(
        'div',
        { class: 'form-grid' },
        field(SCOPE, 'properties.partiesBound', 'Parties bound', textArea('optional', p?.partiesBound.join('\n'), { rows: 3, 'data-testid': 'zone-parties' }), { hint: 'One per line.', wide: true }),
        field(SCOPE, 'properties.notes', 'Notes', textArea('optional', p?.notes, { rows: 3 }), { wide: true }),
      ),
      sourceFields(SCOPE, 'properties', p?.source, 'mission'),
    ];
    kindSelect.addEventListener('change', () => {
      const chosen = oneOf(ZONE_KINDS, kindSelect.value);
      // Until something is drawn, the kind suggests the shape.
      if (chosen && !this.currentGeometry() && this.options.map.drawingState === 'idle') this.shape!.value = DEFAULT_SHAPE[chosen];
      this.syncWidth();
    });
    this.shape.addEventListener('change', () => this.syncWidth());
    this.width.addEventListener('input', () => this.options.map.setDraftWidth(this.widthValue()));
    return fields;
  }

  /**
   * The shape as GeoJSON text, to read its coordinates or to type them: for precise positions from a document, and for
   * those who do not use a pointer. Applying puts the shape on the map as if it had been drawn.
   */
  private coordinatesEditor(): HTMLElement {
    this.coordinates.value = '';
    const apply = () => {
      let geometry: unknown;
      try {
        geometry = JSON.parse(this.coordinates.value);
      } catch {
        return placeIssues(this.editor.form!, [{ path: 'geometry', message: 'the coordinates are not GeoJSON: e.g. {"type":"LineString","coordinates":[[36.1,47.1],[36.5,47.6]]}' }], 'client');
      }
      const result = zoneGeometrySchema.safeParse(geometry);
      if (!result.success) return placeIssues(this.editor.form!, result.error.issues.map((i) => ({ path: ['geometry', ...i.path.map(String)].join('.'), message: readableMessage(i.code, i.message) })), 'client');
      placeIssues(this.editor.form!, [], 'client');
      this.useShape(result.data);
      this.options.map.fitTo(result.data);
    };
    return h(
      'details',
      { class: 'coordinates-editor' },
      h('summary', {}, 'Coordinates as GeoJSON'),
      field(SCOPE, 'coordinates', 'The shape ([longitude, latitude] pairs)', this.coordinates, { wide: true }),
      h('button', { type: 'button', 'data-testid': 'zone-coordinates-apply', onclick: apply }, 'Use these coordinates'),
    );
  }

  private widthValue(): number | undefined {
    const value = this.width?.valueAsNumber;
    return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
  }

  /** The width means nothing for an area: its field is disabled (and not sent) while the shape is one. */
  private syncWidth(): void {
    if (!this.width || !this.shape) return;
    const geometry = this.currentGeometry();
    const shape = geometry ? shapeOf(geometry) : oneOf(DRAW_SHAPES, this.shape.value);
    const area = geometry ? geometry.type === 'Polygon' || geometry.type === 'MultiPolygon' : shape === 'area';
    this.width.disabled = area;
  }

  /**
   * Puts a shape on the drawing layer to be edited there; one that cannot be (several parts, an area with holes) is
   * kept as it is and drawn beside it: its coordinates can still be typed, or it can be drawn again.
   */
  private useShape(geometry: ZoneFeature['geometry']): void {
    const map = this.options.map;
    const kept = (reason: string) => {
      map.stopDrawing();
      this.keep(geometry);
      this.drawingChanged(undefined, 'idle');
      const hint = this.editor.form?.querySelector('[data-testid="zone-draw-hint"]');
      if (hint) hint.textContent = `${reason}: its shape cannot be edited point by point on the map; type its coordinates below, or draw it again.`;
    };
    if (geometry.type !== 'LineString' && geometry.type !== 'Polygon' && geometry.type !== 'Point') return kept('This zone has several parts');
    this.keep(undefined);
    map.editShape(geometry).catch(() => kept(geometry.type === 'Polygon' && geometry.coordinates.length > 1 ? 'This area has holes' : 'This shape'));
  }

  private keep(geometry: ZoneFeature['geometry'] | undefined): void {
    this.keptGeometry = geometry;
    this.options.map.showKeptShape(geometry);
  }

  private async startDrawing(): Promise<void> {
    const shape = oneOf(DRAW_SHAPES, this.shape?.value) ?? 'line';
    this.keep(undefined);
    this.options.map.setDraftWidth(this.widthValue());
    await this.options.map.beginDrawing(shape);
    const hint = this.editor.form?.querySelector('[data-testid="zone-draw-hint"]');
    if (hint) hint.textContent = DRAW_HINTS[shape];
  }

  private drawingChanged(geometry: DrawnGeometry | undefined, state: DrawingState): void {
    const shown = geometry ?? this.keptGeometry;
    if (document.activeElement !== this.coordinates) this.coordinates.value = shown ? JSON.stringify(shown) : '';
    this.geometryStatus.textContent = geometryText(shown, state);
    this.element.dataset.drawing = state;
    const hint = this.editor.form?.querySelector('[data-testid="zone-draw-hint"]');
    if (hint && state === 'editing') hint.textContent = 'Drag a point to move it, drag a midpoint to add one, right-click a point to remove it; drag the line to move it all.';
    if (hint && state === 'idle') hint.textContent = '';
    if (geometry) this.shape!.value = shapeOf(geometry) ?? this.shape!.value;
    this.syncWidth();
  }

  private currentGeometry(): DrawnGeometry | ZoneFeature['geometry'] | undefined {
    return this.options.map.drawnGeometry() ?? this.keptGeometry;
  }

  /** The Feature the form describes, as the server takes it. */
  private feature(form: HTMLFormElement, zone: ZoneFeature | undefined): { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> } {
    const value = readForm(form);
    const properties: Record<string, unknown> = typeof value.properties === 'object' && value.properties !== null ? { ...value.properties } : {};
    properties.partiesBound = linesOf(properties.partiesBound);
    const windows = Array.isArray(properties.schedule) ? (properties.schedule as { start?: string; end?: string }[]) : [];
    const schedule = windows.filter((w) => w.start || w.end).map((w) => ({ start: isoOfLocalDateTime(w.start ?? ''), end: isoOfLocalDateTime(w.end ?? '') }));
    if (schedule.length > 0) properties.schedule = schedule;
    else delete properties.schedule;
    if (zone) properties.version = zone.properties.version;
    return { type: 'Feature', geometry: this.currentGeometry(), properties };
  }
}
