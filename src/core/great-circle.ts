/** The mean radius, the one every distance in Haven is measured with. */
export const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Distance in kilometres along the earth's surface (haversine, mean radius): good to about 0.5%. */
export function greatCircleKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The box around a point that holds every place within `radiusKm` of it (clamped at the poles and the antimeridian). */
export function boxAround(p: { lat: number; lon: number }, radiusKm: number): [west: number, south: number, east: number, north: number] {
  const dLat = radiusKm / 111.2;
  const dLon = radiusKm / (111.2 * Math.max(0.01, Math.cos(rad(p.lat))));
  return [Math.max(-180, p.lon - dLon), Math.max(-90, p.lat - dLat), Math.min(180, p.lon + dLon), Math.min(90, p.lat + dLat)];
}
