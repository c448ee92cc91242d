import { z } from 'zod';
import { boxAround, greatCircleKm } from '../great-circle.js';

/**
 * GeoJSON geometries for places (RFC 7946: WGS84, longitude first). Positions are [lon, lat]; an altitude, when a
 * file carries one, is dropped. A ring must be closed (its last position repeats its first) and hold at least four
 * positions. A shape may not straddle the antimeridian: split it there, as RFC 7946 §3.1.9 asks.
 */
export type Position = [lon: number, lat: number];

const longitude = z.number({ error: 'a longitude must be a number' }).min(-180, 'a longitude must be between -180 and 180').max(180, 'a longitude must be between -180 and 180');
const latitude = z.number({ error: 'a latitude must be a number' }).min(-90, 'a latitude must be between -90 and 90').max(90, 'a latitude must be between -90 and 90');

export const positionSchema = z
  .union([z.tuple([longitude, latitude]), z.tuple([longitude, latitude, z.number()])], { error: 'a position is [longitude, latitude]' })
  // + 0 turns -0 into 0, which is what JSON gives back: stored and re-read positions compare equal.
  .transform(([lon, lat]): Position => [lon + 0, lat + 0])
  // What comes out, so a response's schema documents a position as [longitude, latitude] rather than "anything".
  .pipe(z.tuple([z.number(), z.number()]));

const samePosition = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

const lineCoordinates = z.array(positionSchema).min(2, 'a line needs at least two positions').max(100_000);

const ringSchema = z
  .array(positionSchema)
  .min(4, 'a ring needs at least four positions (three corners and the first again)')
  .max(100_000)
  .refine((ring) => ring.length === 0 || samePosition(ring[0]!, ring.at(-1)!), 'a ring must be closed: its last position must repeat its first');

const polygonCoordinates = z.array(ringSchema).min(1, 'a polygon needs an outer ring').max(1000);

/** A shape whose longitudes span more than half the globe almost certainly crosses the antimeridian. */
function withinOneHemisphereOfLongitude(positions: readonly Position[]): boolean {
  let west = Infinity;
  let east = -Infinity;
  // Also called on a shape whose positions failed their own checks: skip what is not a position.
  for (const position of positions) {
    const lon = Array.isArray(position) ? position[0] : undefined;
    if (typeof lon !== 'number') continue;
    west = Math.min(west, lon);
    east = Math.max(east, lon);
  }
  return east - west <= 180;
}
const antimeridianMessage = 'the shape spans more than 180° of longitude: split it at the antimeridian (RFC 7946 §3.1.9)';

export const pointSchema = z.object({ type: z.literal('Point'), coordinates: positionSchema });
export const lineStringSchema = z.object({ type: z.literal('LineString'), coordinates: lineCoordinates }).refine((g) => withinOneHemisphereOfLongitude(g.coordinates), antimeridianMessage);
export const multiLineStringSchema = z
  .object({ type: z.literal('MultiLineString'), coordinates: z.array(lineCoordinates).min(1, 'a MultiLineString needs at least one line').max(1000) })
  .refine((g) => withinOneHemisphereOfLongitude(g.coordinates.flat()), antimeridianMessage);
export const polygonSchema = z.object({ type: z.literal('Polygon'), coordinates: polygonCoordinates }).refine((g) => withinOneHemisphereOfLongitude(g.coordinates.flat()), antimeridianMessage);
export const multiPolygonSchema = z
  .object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygonCoordinates).min(1, 'a MultiPolygon needs at least one polygon').max(1000) })
  .refine((g) => withinOneHemisphereOfLongitude(g.coordinates.flat(2)), antimeridianMessage);

export type PointGeometry = z.output<typeof pointSchema>;
export type LineStringGeometry = z.output<typeof lineStringSchema>;
export type MultiLineStringGeometry = z.output<typeof multiLineStringSchema>;
export type PolygonGeometry = z.output<typeof polygonSchema>;
export type MultiPolygonGeometry = z.output<typeof multiPolygonSchema>;
export type PlaceGeometry = PointGeometry | LineStringGeometry | MultiLineStringGeometry | PolygonGeometry | MultiPolygonGeometry;

/** The geometries a protected site may have: a point or an area. */
export const siteGeometrySchema = z.discriminatedUnion('type', [pointSchema, polygonSchema, multiPolygonSchema], {
  error: 'must be a GeoJSON geometry of type Point, Polygon or MultiPolygon',
});
/** The geometries a zone may have: a route (with a width), a point (with a width) or an area. */
export const zoneGeometrySchema = z.discriminatedUnion('type', [pointSchema, lineStringSchema, multiLineStringSchema, polygonSchema, multiPolygonSchema], {
  error: 'must be a GeoJSON geometry of type Point, LineString, MultiLineString, Polygon or MultiPolygon',
});

export function positionsOf(geometry: PlaceGeometry): Position[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'LineString':
      return geometry.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat();
    case 'MultiPolygon':
      return geometry.coordinates.flat(2);
  }
}

export type Box = [west: number, south: number, east: number, north: number];

export function boundingBoxOf(geometry: PlaceGeometry): Box {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of positionsOf(geometry)) {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  return [west, south, east, north];
}

/** Signed area and area-weighted centroid of a ring on the lon/lat plane (shoelace). */
function ringMoments(ring: readonly Position[]): { area: number; cx: number; cy: number } {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return { area: area / 2, cx, cy };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The point that stands for a place: the point itself, or the area-weighted centroid of an area's outer rings (holes
 * are ignored: a site's centroid is a label, not a measurement). Degenerate areas fall back to the mean of their
 * vertices. Rounded to 1e-7° (about a centimetre) so the same geometry always gives the same number.
 */
export function representativePointOf(geometry: PlaceGeometry): { lat: number; lon: number } {
  if (geometry.type === 'Point') return { lon: geometry.coordinates[0], lat: geometry.coordinates[1] };
  const outerRings = geometry.type === 'Polygon' ? [geometry.coordinates[0]!] : geometry.type === 'MultiPolygon' ? geometry.coordinates.map((p) => p[0]!) : [];
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const ring of outerRings) {
    const m = ringMoments(ring);
    area += m.area;
    cx += m.cx;
    cy += m.cy;
  }
  if (Math.abs(area) > 1e-12) return { lon: round(cx / (6 * area), 7), lat: round(cy / (6 * area), 7) };
  const positions = positionsOf(geometry);
  const sum = positions.reduce((s, [lon, lat]) => [s[0] + lon, s[1] + lat], [0, 0]);
  return { lon: round(sum[0] / positions.length, 7), lat: round(sum[1] / positions.length, 7) };
}

/** Distance from the representative point to the farthest vertex, in km: 0 for a point (rounded up to the metre). */
export function radiusKmOf(geometry: PlaceGeometry, centre: { lat: number; lon: number }): number {
  if (geometry.type === 'Point') return 0;
  let farthest = 0;
  for (const [lon, lat] of positionsOf(geometry)) farthest = Math.max(farthest, greatCircleKm(centre, { lat, lon }));
  return Math.ceil(farthest * 1000) / 1000;
}

/**
 * The box a spatial index keeps for a place: its geometry's box joined with the box around its circle (the
 * representative point and its radius). A search that counts a place as near when its circle comes within reach then
 * always finds it among the index's candidates.
 */
export function indexBoxOf(geometry: PlaceGeometry, centre: { lat: number; lon: number }, radiusKm: number): Box {
  const [w, s, e, n] = boundingBoxOf(geometry);
  if (radiusKm === 0) return [w, s, e, n];
  const [cw, cs, ce, cn] = boxAround(centre, radiusKm);
  return [Math.min(w, cw), Math.min(s, cs), Math.max(e, ce), Math.max(n, cn)];
}

/** The smallest box holding both (boxes that do not cross the antimeridian, as the registers' geometries never do). */
export const unionBox = (a: Box, b: Box): Box => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];

/**
 * A box grown by `km` on every side, as much as at its poleward edge (where a kilometre spans the most longitude), so
 * it holds every place within `km` of the box.
 */
export function widenBox([west, south, east, north]: Box, km: number): Box {
  if (km === 0) return [west, south, east, north];
  const [dWest, , dEast] = boxAround({ lon: 0, lat: Math.max(Math.abs(south), Math.abs(north)) }, km);
  const [, dSouth, , dNorth] = boxAround({ lon: 0, lat: 0 }, km);
  return [Math.max(-180, west + dWest), Math.max(-90, south + dSouth), Math.min(180, east + dEast), Math.min(90, north + dNorth)];
}
