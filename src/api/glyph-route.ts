import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The one font the web app ships glyphs of, as the map style names it, and where its ranges are in the build. */
export const LABEL_FONT = { name: 'Noto Sans Regular', directory: 'fonts/noto-sans-regular' } as const;

const RANGE = /^(\d+)-(\d+)\.pbf$/;

/** Protobuf length-delimited field: tag, length (varint), bytes. */
function field(tag: number, bytes: Uint8Array): Buffer {
  const length: number[] = [];
  for (let n = bytes.length; ; n >>>= 7) {
    if (n < 0x80) {
      length.push(n);
      break;
    }
    length.push((n & 0x7f) | 0x80);
  }
  return Buffer.concat([Buffer.from([(tag << 3) | 2, ...length]), bytes]);
}

/**
 * A glyph set with no glyphs: `glyphs { stacks { name, range } }` in MapLibre's glyph protobuf. MapLibre reads it as
 * "these characters are not in the font" and draws the rest of the name, instead of logging a failed request.
 */
export function emptyGlyphRange(fontName: string, range: string): Buffer {
  return field(1, Buffer.concat([field(1, Buffer.from(fontName)), field(2, Buffer.from(range))]));
}

/**
 * The map's glyphs, at `/fonts/{fontstack}/{range}.pbf` as the style asks for them: the ranges the web app ships
 * (web/public/fonts/, see its README) from the build, read once; any other range, or another font, an empty glyph
 * set. Without this route a missing range would fall through to the app's page, which MapLibre would try to read as
 * glyphs.
 */
export function installGlyphRoute(app: FastifyInstance, webRoot: string): void {
  const shipped = new Map<string, Buffer | undefined>();
  const shippedRange = (range: string): Buffer | undefined => {
    if (!shipped.has(range)) {
      let bytes: Buffer | undefined;
      try {
        bytes = readFileSync(join(webRoot, LABEL_FONT.directory, `${range}.pbf`));
      } catch {
        bytes = undefined;
      }
      shipped.set(range, bytes);
    }
    return shipped.get(range);
  };
  app.get<{ Params: { fontstack: string; range: string } }>('/fonts/:fontstack/:range', { schema: { hide: true } }, (request, reply) => {
    const match = RANGE.exec(request.params.range);
    const start = Number(match?.[1]);
    if (!match || start % 256 !== 0 || Number(match[2]) !== start + 255 || start > 65280) return reply.callNotFound();
    const range = `${start}-${start + 255}`;
    const bytes = (request.params.fontstack === LABEL_FONT.name && shippedRange(range)) || emptyGlyphRange(request.params.fontstack, range);
    return reply.header('content-type', 'application/x-protobuf').header('cache-control', 'public, max-age=86400').send(bytes);
  });
}
