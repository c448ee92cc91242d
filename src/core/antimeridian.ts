import type { FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';

/**
 * Shapes made for a globe, drawn on a flat map. Natural Earth's shapes as world-atlas ships them are continuous on the
 * sphere: Russia, Fiji and Antarctica have edges that cross the antimeridian (179.9°E to 179.9°W), which a flat map
 * draws as lines across the whole world, and Antarctica's outline goes round the pole without ever reaching it. Here
 * each polygon is cut at ±180°, a ring that goes round a pole is closed through the pole, and the rings are wound as
 * RFC 7946 says (exterior counter-clockwise), so any planar renderer draws them as the globe would.
 */
export function cutAtAntimeridian(geometry: Polygon | MultiPolygon): MultiPolygon {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return { type: 'MultiPolygon', coordinates: polygons.flatMap(cutPolygon) };
}

/** Every polygon of a collection cut for a flat map; other geometries as they are. */
export function forFlatMaps<P>(shapes: FeatureCollection<Geometry, P>): FeatureCollection<Geometry, P> {
  return {
    ...shapes,
    features: shapes.features.map((f) => (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon' ? { ...f, geometry: cutAtAntimeridian(f.geometry) } : f)),
  };
}

type Ring = Position[];

/** The shortest way from one longitude to the next: never more than half the world. */
const step = (from: number, to: number): number => {
  const d = to - from;
  return d > 180 ? d - 360 : d < -180 ? d + 360 : d;
};

/** The ring with continuous longitudes (possibly beyond ±180°); a ring round a pole is closed through that pole. */
function unwrap(ring: Ring, near?: number): Ring {
  if (ring.length === 0) return ring;
  const out: Ring = [[ring[0]![0]!, ring[0]![1]!]];
  for (let i = 1; i < ring.length; i++) out.push([out[i - 1]![0]! + step(ring[i - 1]![0]!, ring[i]![0]!), ring[i]![1]!]);
  const last = out[out.length - 1]!;
  const first = out[0]!;
  if (Math.abs(last[0]! - first[0]!) > 180) {
    // Round a pole: the ring comes back 360° away from where it started. It encloses the pole on the side where
    // most of its points are (Antarctica's the south).
    const pole = ring.reduce((sum, p) => sum + p[1]!, 0) < 0 ? -90 : 90;
    out.push([last[0]!, pole], [first[0]!, pole], [first[0]!, first[1]!]);
  }
  if (near === undefined) return out;
  // A hole follows its exterior: moved by whole turns to start where the exterior is.
  const shift = Math.round((near - first[0]!) / 360) * 360;
  return shift === 0 ? out : out.map(([lon, lat]) => [lon! + shift, lat!]);
}

/** Sutherland–Hodgman against one vertical line: what of the ring lies on the kept side. */
function clipToSide(ring: Ring, x: number, keepRight: boolean): Ring {
  const inside = (p: Position) => (keepRight ? p[0]! >= x : p[0]! <= x);
  const crossing = (a: Position, b: Position): Position => [x, a[1]! + ((b[1]! - a[1]!) * (x - a[0]!)) / (b[0]! - a[0]!)];
  const out: Ring = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    if (inside(a)) {
      out.push(a);
      if (!inside(b)) out.push(crossing(a, b));
    } else if (inside(b)) {
      out.push(crossing(a, b));
    }
  }
  if (out.length > 0) out.push(out[0]!);
  return out;
}

const signedArea = (ring: Ring): number => {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return sum / 2;
};

/** Exterior counter-clockwise, holes clockwise (RFC 7946 §3.1.6). */
const wound = (ring: Ring, exterior: boolean): Ring => ((signedArea(ring) > 0) === exterior ? ring : [...ring].reverse());

function cutPolygon(rings: Position[][]): Position[][][] {
  const [outer, ...holes] = rings;
  if (!outer || outer.length < 4) return [];
  const exterior = unwrap(outer);
  const interiors = holes.map((hole) => unwrap(hole, exterior[0]![0]));
  const lons = exterior.map((p) => p[0]!);
  const lowest = Math.floor((Math.min(...lons) + 180) / 360);
  const highest = Math.floor((Math.max(...lons) + 180) / 360 - 1e-12);
  const pieces: Position[][][] = [];
  // One piece per copy of the world the ring reaches into, moved back into -180…180.
  for (let turn = lowest; turn <= highest; turn++) {
    const west = turn * 360 - 180;
    const east = west + 360;
    const clip = (ring: Ring) => clipToSide(clipToSide(ring, west, true), east, false).map(([lon, lat]): Position => [lon! - turn * 360, lat!]);
    const piece = clip(exterior);
    if (piece.length < 4 || signedArea(piece) === 0) continue;
    const pieceHoles = interiors.map(clip).filter((hole) => hole.length >= 4 && signedArea(hole) !== 0);
    pieces.push([wound(piece, true), ...pieceHoles.map((hole) => wound(hole, false))]);
  }
  return pieces;
}
