import type { VectorLayer } from '../../core/basemap.schema.js';

/** The vector layers a TileJSON-like metadata object lists (id and zooms; the fields only when they are all text). */
export function vectorLayersOf(metadata: unknown): VectorLayer[] | undefined {
  const list = (metadata as { vector_layers?: unknown } | null | undefined)?.vector_layers;
  if (!Array.isArray(list)) return undefined;
  const layers: VectorLayer[] = [];
  for (const entry of list as unknown[]) {
    const layer = entry as { id?: unknown; minzoom?: unknown; maxzoom?: unknown; fields?: unknown } | null;
    if (!layer || typeof layer.id !== 'string') continue;
    const fields = layer.fields && typeof layer.fields === 'object' ? Object.entries(layer.fields) : undefined;
    layers.push({
      id: layer.id,
      ...(typeof layer.minzoom === 'number' && { minzoom: layer.minzoom }),
      ...(typeof layer.maxzoom === 'number' && { maxzoom: layer.maxzoom }),
      ...(fields && fields.every(([, v]) => typeof v === 'string') && { fields: Object.fromEntries(fields) }),
    });
  }
  return layers;
}

/** A text field of metadata, or null. */
export const textOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** Bounds written as "west,south,east,north" (MBTiles) or as numbers, within the world; the world when absent or invalid. */
export function boundsOf(value: unknown): [number, number, number, number] {
  const parts = typeof value === 'string' ? value.split(',').map((p) => Number(p.trim())) : Array.isArray(value) ? value.map(Number) : [];
  const [west, south, east, north] = parts;
  const world: [number, number, number, number] = [-180, -85.0511, 180, 85.0511];
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return world;
  const clamp = (n: number, limit: number) => Math.max(-limit, Math.min(limit, n));
  const box: [number, number, number, number] = [clamp(west!, 180), clamp(south!, 90), clamp(east!, 180), clamp(north!, 90)];
  return box[0] < box[2] && box[1] < box[3] ? box : world;
}
