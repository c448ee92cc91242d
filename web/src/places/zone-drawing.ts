import type { LineString, Point, Polygon } from 'geojson';
import type maplibregl from 'maplibre-gl';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

/** The shapes a zone is drawn as: a line or a point reach `widthKm / 2` either side; an area is its polygon. */
export const DRAW_SHAPES = ['line', 'area', 'point'] as const;
export type DrawShape = (typeof DRAW_SHAPES)[number];

export type DrawnGeometry = LineString | Polygon | Point;

const MODE_OF: Record<DrawShape, 'linestring' | 'polygon' | 'point'> = { line: 'linestring', area: 'polygon', point: 'point' };

export function shapeOf(geometry: { type: string }): DrawShape | undefined {
  switch (geometry.type) {
    case 'LineString':
      return 'line';
    case 'Polygon':
      return 'area';
    case 'Point':
      return 'point';
    default:
      return undefined;
  }
}

/** Terra Draw refuses coordinates finer than its precision; a stored position may carry more digits. */
const PRECISION = 9;
const round = (n: number): number => Number(n.toFixed(PRECISION));

function rounded(geometry: DrawnGeometry): DrawnGeometry {
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: geometry.coordinates.slice(0, 2).map(round) };
    case 'LineString':
      return { type: 'LineString', coordinates: geometry.coordinates.map((p) => p.slice(0, 2).map(round)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: geometry.coordinates.map((ring) => ring.map((p) => p.slice(0, 2).map(round))) };
  }
}

const EDITABLE = { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } } };

export type DrawingState = 'idle' | 'drawing' | 'editing';

/**
 * Drawing and editing one zone's geometry on the map, with Terra Draw: a line is drawn point by point and finished by
 * clicking its last point again (or Enter), an area by clicking its first point again; then the shape is selected, so
 * its points can be dragged, a midpoint dragged to add one, and a point right-clicked to remove it. Only one shape is
 * ever on the drawing layer: the zone being edited.
 */
export class ZoneDrawing {
  private readonly draw: TerraDraw;
  private featureId: string | number | undefined;
  private current: DrawingState = 'idle';

  constructor(
    private readonly map: maplibregl.Map,
    /** The shape changed (drawn, a point moved) or went away (undefined). */
    private readonly onChange: (geometry: DrawnGeometry | undefined, state: DrawingState) => void,
  ) {
    const line = '#1d4ed8';
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: PRECISION, prefixId: 'zone-draw' }),
      modes: [
        new TerraDrawLineStringMode({ styles: { lineStringColor: line, lineStringWidth: 3, closingPointColor: '#ffffff', closingPointOutlineColor: line, closingPointWidth: 5, closingPointOutlineWidth: 2 } }),
        new TerraDrawPolygonMode({ styles: { fillColor: line, fillOpacity: 0.15, outlineColor: line, outlineWidth: 2, closingPointColor: '#ffffff', closingPointOutlineColor: line } }),
        new TerraDrawPointMode({ styles: { pointColor: line, pointWidth: 7, pointOutlineColor: '#ffffff', pointOutlineWidth: 2 } }),
        new TerraDrawSelectMode({
          flags: { linestring: EDITABLE, polygon: EDITABLE, point: { feature: { draggable: true } } },
          // The shape stays selected while it is edited: a stray click on the map must not drop its handles.
          allowManualDeselection: false,
          keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
          styles: {
            selectedLineStringColor: line,
            selectedLineStringWidth: 3,
            selectedPolygonColor: line,
            selectedPolygonFillOpacity: 0.15,
            selectedPolygonOutlineColor: line,
            selectedPolygonOutlineWidth: 2,
            selectedPointColor: line,
            selectedPointWidth: 7,
            selectionPointColor: '#ffffff',
            selectionPointOutlineColor: line,
            selectionPointWidth: 5,
            selectionPointOutlineWidth: 2,
            midPointColor: line,
            midPointOutlineColor: '#ffffff',
            midPointWidth: 3,
          },
        }),
      ],
    });
    this.draw.on('finish', (id, context) => this.finished(id, context.mode));
    this.draw.on('change', (ids, type) => {
      if (this.current === 'editing' && this.featureId !== undefined && type === 'update' && ids.includes(this.featureId)) this.onChange(this.geometry(), this.current);
    });
  }

  /** Call once the map's style has loaded; the drawing layers go on top of everything drawn so far. */
  start(): void {
    this.draw.start();
    this.draw.setMode('static');
  }

  get state(): DrawingState {
    return this.current;
  }

  /** Starts a new shape, replacing the one there was. */
  begin(shape: DrawShape): void {
    this.reset();
    this.current = 'drawing';
    // A second click on the last point finishes a line; the map must not take it for a double-click zoom.
    this.map.doubleClickZoom.disable();
    this.draw.setMode(MODE_OF[shape]);
    this.onChange(undefined, this.current);
  }

  /** Puts an existing shape on the drawing layer, selected, so its points can be dragged. */
  edit(geometry: DrawnGeometry): void {
    this.reset();
    const [result] = this.draw.addFeatures([{ type: 'Feature', geometry: rounded(geometry), properties: { mode: MODE_OF[shapeOf(geometry)!] } }]);
    if (!result?.valid || result.id === undefined) throw new Error(`this shape cannot be edited on the map: ${result?.reason ?? 'refused'}`);
    this.select(result.id);
  }

  /** The finished shape, or undefined while there is none (or it is still being drawn). */
  geometry(): DrawnGeometry | undefined {
    if (this.featureId === undefined || this.current !== 'editing') return undefined;
    const feature: GeoJSONStoreFeatures | undefined = this.draw.getSnapshotFeature(this.featureId);
    return feature?.geometry;
  }

  /** Takes the shape off the map and stops drawing. */
  stop(): void {
    this.reset();
    this.onChange(undefined, this.current);
  }

  destroy(): void {
    if (this.draw.enabled) this.draw.stop();
  }

  private reset(): void {
    this.featureId = undefined;
    this.current = 'idle';
    this.draw.setMode('static');
    this.draw.clear();
    this.map.doubleClickZoom.enable();
  }

  private finished(id: string | number, mode: string): void {
    if (mode === 'select') {
      if (id === this.featureId) this.onChange(this.geometry(), this.current);
      return;
    }
    if (this.current !== 'drawing') return;
    this.select(id);
    // Re-enabled after the click that finished the line has had its double-click.
    setTimeout(() => this.map.doubleClickZoom.enable(), 400);
  }

  private select(id: string | number): void {
    this.featureId = id;
    this.current = 'editing';
    this.draw.setMode('select');
    this.draw.selectFeature(id);
    this.onChange(this.geometry(), this.current);
  }
}
