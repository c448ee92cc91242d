import type { BoundingBox } from '../core/incident-filter.schema.js';

/**
 * An equirectangular projection fitted to an area, with longitude shrunk by the cosine of the middle latitude so
 * shapes look right at the area's own latitude. For the report's map of one country or region that is as good as
 * Web Mercator and needs no tiles, no library and no network.
 */

export type { BoundingBox };

export interface Projection {
  width: number;
  height: number;
  /** The area actually shown (the asked-for box, padded and widened to the frame's shape). */
  view: BoundingBox;
  project(lon: number, lat: number): [number, number];
  /** Kilometres per pixel along the middle latitude, for the scale bar and for widths given in km. */
  kmPerPixel: number;
}

const KM_PER_DEGREE = 111.32;
const MIN_SPAN_DEGREES = 0.5;

/** The box as given, or the whole world when it wraps over the antimeridian (west > east) or is not finite. */
function normalise(box: BoundingBox): [number, number, number, number] {
  const [w, s, e, n] = box;
  if (![w, s, e, n].every(Number.isFinite) || w > e || s > n) return [-180, -85, 180, 85];
  return [w, s, e, n];
}

export function fitProjection(box: BoundingBox, options: { width: number; minHeight: number; maxHeight: number; padding?: number }): Projection {
  let [west, south, east, north] = normalise(box);
  // Never closer than half a degree: a box around one point would otherwise zoom in without end.
  const grow = (lo: number, hi: number): [number, number] => (hi - lo >= MIN_SPAN_DEGREES ? [lo, hi] : [(lo + hi) / 2 - MIN_SPAN_DEGREES / 2, (lo + hi) / 2 + MIN_SPAN_DEGREES / 2]);
  [west, east] = grow(west, east);
  [south, north] = grow(south, north);
  const pad = options.padding ?? 0.06;
  const padLon = (east - west) * pad;
  const padLat = (north - south) * pad;
  west -= padLon;
  east += padLon;
  south = Math.max(-89, south - padLat);
  north = Math.min(89, north + padLat);

  const midLat = (south + north) / 2;
  const shrink = Math.max(0.05, Math.cos((midLat * Math.PI) / 180));
  const width = options.width;
  let height = Math.round((width * (north - south)) / ((east - west) * shrink));
  if (height < options.minHeight || height > options.maxHeight) {
    height = Math.min(options.maxHeight, Math.max(options.minHeight, height));
    // Widen the shorter side around its centre so the frame's shape holds and nothing is stretched.
    const lonSpanForHeight = ((north - south) * width) / (height * shrink);
    if (lonSpanForHeight > east - west) {
      const mid = (west + east) / 2;
      west = mid - lonSpanForHeight / 2;
      east = mid + lonSpanForHeight / 2;
    } else {
      const latSpan = ((east - west) * shrink * height) / width;
      const mid = (south + north) / 2;
      south = mid - latSpan / 2;
      north = mid + latSpan / 2;
    }
  }
  const scale = width / ((east - west) * shrink);
  return {
    width,
    height,
    view: [west, south, east, north],
    project: (lon, lat) => [(lon - west) * shrink * scale, (north - lat) * scale],
    kmPerPixel: KM_PER_DEGREE / scale,
  };
}

type Point = [number, number];

/**
 * Sutherland–Hodgman clipping of a ring to a rectangle (in pixels). The rectangle is a little larger than the frame,
 * so edges the clip adds run outside what is seen; it keeps country outlines far from the area out of the file.
 */
export function clipRing(ring: readonly Point[], minX: number, minY: number, maxX: number, maxY: number): Point[] {
  const edges: [(p: Point) => boolean, (a: Point, b: Point) => Point][] = [
    [(p) => p[0] >= minX, (a, b) => [minX, a[1] + ((b[1] - a[1]) * (minX - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= maxX, (a, b) => [maxX, a[1] + ((b[1] - a[1]) * (maxX - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= minY, (a, b) => [a[0] + ((b[0] - a[0]) * (minY - a[1])) / (b[1] - a[1]), minY]],
    [(p) => p[1] <= maxY, (a, b) => [a[0] + ((b[0] - a[0]) * (maxY - a[1])) / (b[1] - a[1]), maxY]],
  ];
  let output: Point[] = [...ring];
  for (const [inside, intersect] of edges) {
    const input = output;
    output = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i]!;
      const previous = input[(i + input.length - 1) % input.length]!;
      if (inside(current)) {
        if (!inside(previous)) output.push(intersect(previous, current));
        output.push(current);
      } else if (inside(previous)) {
        output.push(intersect(previous, current));
      }
    }
    if (output.length === 0) return output;
  }
  return output;
}

/** An H3 resolution whose hexagons are about a fiftieth of the area across: coarse for a large country, finer for a district. */
export function h3ResolutionFor(box: BoundingBox): number {
  const span = Math.max(box[2] - box[0], box[3] - box[1]);
  return span >= 20 ? 3 : span >= 5 ? 4 : span >= 1 ? 5 : 6;
}
