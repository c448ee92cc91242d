import { z } from 'zod';

/**
 * An operator's own basemap: a PMTiles or MBTiles extract that Haven serves itself (same origin, no tile server on the
 * internet). The web maps draw it above the offline country shapes, which stay as the fallback outside its bounds and
 * zooms. What an archive holds is described here; reading one is the infrastructure's (src/infrastructure/basemap).
 */

export const BASEMAP_FORMATS = ['pmtiles', 'mbtiles'] as const;
export type BasemapFormat = (typeof BASEMAP_FORMATS)[number];

/** Raster images, or Mapbox vector tiles. */
export const BASEMAP_TILE_TYPES = ['png', 'jpg', 'webp', 'mvt'] as const;
export type BasemapTileType = (typeof BASEMAP_TILE_TYPES)[number];

/** The media type each kind of tile is sent as. */
export const BASEMAP_MEDIA_TYPES: Record<BasemapTileType, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  mvt: 'application/vnd.mapbox-vector-tile',
};

/** The deepest zoom a tile may be asked for (PMTiles' own limit is 26 in practice; 30 keeps x and y within 2^30). */
export const BASEMAP_MAX_ZOOM = 30;

export const vectorLayerSchema = z.object({
  id: z.string(),
  minzoom: z.number().optional(),
  maxzoom: z.number().optional(),
  fields: z.record(z.string(), z.string()).optional(),
});
export type VectorLayer = z.output<typeof vectorLayerSchema>;

const boundsSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** What an opened archive holds, as read from its header or metadata table. */
export const basemapDescriptionSchema = z.object({
  format: z.enum(BASEMAP_FORMATS),
  tileType: z.enum(BASEMAP_TILE_TYPES),
  /** The tiles' size in pixels (256 or 512); raster tiles are drawn at it. */
  tileSize: z.number().int(),
  minzoom: z.number().int().min(0).max(BASEMAP_MAX_ZOOM),
  maxzoom: z.number().int().min(0).max(BASEMAP_MAX_ZOOM),
  /** West, south, east, north in degrees: the tiles asked for lie within. */
  bounds: boundsSchema,
  /** The archive's own attribution (HTML as the tile makers write it), or null when it says none. */
  attribution: z.string().nullable(),
  /** A vector archive's layers, from its metadata (TileJSON's vector_layers); absent for raster archives. */
  vectorLayers: z.array(vectorLayerSchema).optional(),
});
export type BasemapDescription = z.output<typeof basemapDescriptionSchema>;

/** GET /basemap: the archive the server was started with, and the template of its tiles' URLs; or none. */
export const basemapInfoSchema = z.discriminatedUnion('available', [
  z.object({ available: z.literal(false) }),
  basemapDescriptionSchema.extend({
    available: z.literal(true),
    /** `{z}/{x}/{y}` in it, as MapLibre wants; relative to the site. It changes when the archive does. */
    tiles: z.string(),
  }),
]);
export type BasemapInfo = z.output<typeof basemapInfoSchema>;

const coordinate = (what: string) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${what} must be a whole number`)
    .transform(Number);

/** `:z/:x/:y` of a tile (XYZ scheme, y from the north): z within 0–30, x and y within 0 to 2^z − 1. */
export const basemapTileParamsSchema = z
  .object({ z: coordinate('z'), x: coordinate('x'), y: coordinate('y') })
  .superRefine(({ z: zoom, x, y }, ctx) => {
    if (zoom > BASEMAP_MAX_ZOOM) {
      ctx.addIssue({ code: 'custom', path: ['z'], message: `z must be at most ${BASEMAP_MAX_ZOOM}` });
      return;
    }
    const last = 2 ** zoom - 1;
    if (x > last) ctx.addIssue({ code: 'custom', path: ['x'], message: `x must be within 0–${last} at zoom ${zoom}` });
    if (y > last) ctx.addIssue({ code: 'custom', path: ['y'], message: `y must be within 0–${last} at zoom ${zoom}` });
  });

/** `?v=`: the archive's version in a tile's URL, so a replaced archive's tiles are new URLs; any value is accepted. */
export const basemapTileQuerySchema = z.object({ v: z.string().max(64).optional() });

/** One stored tile: its bytes as stored, and the content encoding they are stored in (vector tiles are usually gzipped). */
export interface BasemapTile {
  data: Uint8Array;
  encoding: 'gzip' | 'br' | undefined;
}

/** An opened archive, whichever format. */
export interface BasemapArchive {
  readonly description: BasemapDescription;
  /** Changes when the archive's file does (size and modification time): part of the tiles' URL and their ETag. */
  readonly version: string;
  /** The tile at z/x/y (XYZ scheme), or undefined when the archive holds none there. */
  tile(z: number, x: number, y: number): Promise<BasemapTile | undefined>;
  close(): Promise<void>;
}
