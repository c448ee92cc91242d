/**
 * Removes identifying metadata from JPEG and PNG files without re-encoding them: the pixels of a working copy are the
 * original's, byte for byte, and only the metadata containers are dropped. JPEG: APP1 (EXIF, XMP, with GPS), APP13
 * (Photoshop/IPTC) and COM segments. PNG: eXIf, tEXt, iTXt and zTXt chunks.
 */
export class MalformedImageError extends Error {}

// Plain Uint8Array (a Node Buffer is one), so this pure module needs nothing from Node.
const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const JPEG_DROPPED_MARKERS = new Set([0xe1, 0xed, 0xfe]);
const PNG_DROPPED_CHUNKS = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt']);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function stripJpegMetadata(input: Uint8Array): Uint8Array {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== 0xd8) throw new MalformedImageError('not a JPEG: no start-of-image marker');
  const kept: Uint8Array[] = [input.subarray(0, 2)];
  let at = 2;
  while (at < input.length) {
    if (input[at] !== 0xff) throw new MalformedImageError(`expected a marker at byte ${at}`);
    // Any number of 0xFF fill bytes may precede a marker.
    let markerAt = at + 1;
    while (markerAt < input.length && input[markerAt] === 0xff) markerAt++;
    if (markerAt >= input.length) throw new MalformedImageError('the file ends inside a marker');
    const marker = input[markerAt]!;
    const segmentStart = markerAt + 1;
    if (marker === 0xd9) {
      kept.push(input.subarray(at, segmentStart));
      return concat(kept);
    }
    // Markers without a length: TEM and the restart markers.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      kept.push(input.subarray(at, segmentStart));
      at = segmentStart;
      continue;
    }
    if (segmentStart + 2 > input.length) throw new MalformedImageError('the file ends inside a segment header');
    const length = u16(input, segmentStart);
    const end = segmentStart + length;
    if (length < 2 || end > input.length) throw new MalformedImageError(`segment 0x${marker.toString(16)} runs past the end of the file`);
    if (marker === 0xda) {
      // Start of scan: the compressed image data follows; everything from here on is kept as it is.
      kept.push(input.subarray(at));
      return concat(kept);
    }
    if (!JPEG_DROPPED_MARKERS.has(marker)) kept.push(input.subarray(at, end));
    at = end;
  }
  throw new MalformedImageError('the file ends before its image data');
}

export function stripPngMetadata(input: Uint8Array): Uint8Array {
  if (input.length < 8 || PNG_SIGNATURE.some((byte, i) => input[i] !== byte)) throw new MalformedImageError('not a PNG: no signature');
  const kept: Uint8Array[] = [input.subarray(0, 8)];
  let at = 8;
  while (at + 12 <= input.length) {
    const length = u32(input, at);
    const type = String.fromCharCode(...input.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (end > input.length) throw new MalformedImageError(`chunk ${type} runs past the end of the file`);
    if (!PNG_DROPPED_CHUNKS.has(type)) kept.push(input.subarray(at, end));
    at = end;
    if (type === 'IEND') return concat(kept);
  }
  throw new MalformedImageError('the file ends before its IEND chunk');
}

export const STRIPPABLE_TYPES = ['image/jpeg', 'image/png'] as const;

/** The stripped copy for a type this module knows, or undefined for any other type. */
export function stripMetadata(mimeType: string, input: Uint8Array): Uint8Array | undefined {
  if (mimeType === 'image/jpeg') return stripJpegMetadata(input);
  if (mimeType === 'image/png') return stripPngMetadata(input);
  return undefined;
}
