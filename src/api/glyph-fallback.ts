import type { FastifyInstance } from 'fastify';

/** The one font the web app ships glyphs of (web/public/fonts/), as the map style names it. */
export const LABEL_FONT = { directory: 'noto-sans-regular', name: 'Noto Sans Regular' } as const;

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
 * Glyph ranges the web app does not ship (Arabic, Chinese… see web/public/fonts/README.md) answer an empty glyph set;
 * the shipped ones are static files, which the static routes serve first (a static route wins over a parametric one).
 * Without this, a missing range would fall through to the app's page, which MapLibre would try to read as glyphs.
 */
export function installGlyphFallback(app: FastifyInstance): void {
  app.get<{ Params: { range: string } }>(`/fonts/${LABEL_FONT.directory}/:range`, { schema: { hide: true } }, (request, reply) => {
    const match = RANGE.exec(request.params.range);
    const start = Number(match?.[1]);
    if (!match || start % 256 !== 0 || Number(match[2]) !== start + 255 || start > 65280) return reply.callNotFound();
    return reply
      .header('content-type', 'application/x-protobuf')
      .header('cache-control', 'public, max-age=86400')
      .send(emptyGlyphRange(LABEL_FONT.name, `${start}-${start + 255}`));
  });
}
