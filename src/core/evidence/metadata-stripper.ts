/**
 * Removes identifying metadata from JPEG and PNG files without re-encoding them: the pixels of a working copy are the
 * original's, byte for byte, and only the metadata containers are dropped. JPEG: APP1 (EXIF, XMP, with GPS), APP13
 * (Photoshop/IPTC) and COM segments. PNG: eXIf, tEXt, iTXt and zTXt chunks.
 */
export class MalformedImageError extends Error {}

const JPEG_DROPPED_MARKERS = new Set([0xe1, 0xed, 0xfe]);
const PNG_DROPPED_CHUNKS = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt']);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function stripJpegMetadata(input: Buffer): Buffer {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== 0xd8) throw new MalformedImageError('not a JPEG: no start-of-image marker');
  const kept: Buffer[] = [input.subarray(0, 2)];
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
      return Buffer.concat(kept);
    }
    // Markers without a length: TEM and the restart markers.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      kept.push(input.subarray(at, segmentStart));
      at = segmentStart;
      continue;
    }
    if (segmentStart + 2 > input.length) throw new MalformedImageError('the file ends inside a segment header');
    const length = input.readUInt16BE(segmentStart);
    const end = segmentStart + length;
    if (length < 2 || end > input.length) throw new MalformedImageError(`segment 0x${marker.toString(16)} runs past the end of the file`);
    if (marker === 0xda) {
      // Start of scan: the compressed image data follows; everything from here on is kept as it is.
      kept.push(input.subarray(at));
      return Buffer.concat(kept);
    }
    if (!JPEG_DROPPED_MARKERS.has(marker)) kept.push(input.subarray(at, end));
    at = end;
  }
  throw new MalformedImageError('the file ends before its image data');
}

export function stripPngMetadata(input: Buffer): Buffer {
  if (input.length < 8 || !input.subarray(0, 8).equals(PNG_SIGNATURE)) throw new MalformedImageError('not a PNG: no signature');
  const kept: Buffer[] = [input.subarray(0, 8)];
  let at = 8;
  while (at + 12 <= input.length) {
    const length = input.readUInt32BE(at);
    const type = input.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > input.length) throw new MalformedImageError(`chunk ${type} runs past the end of the file`);
    if (!PNG_DROPPED_CHUNKS.has(type)) kept.push(input.subarray(at, end));
    at = end;
    if (type === 'IEND') return Buffer.concat(kept);
  }
  throw new MalformedImageError('the file ends before its IEND chunk');
}

export const STRIPPABLE_TYPES = ['image/jpeg', 'image/png'] as const;

/** The stripped copy for a type this module knows, or undefined for any other type. */
export function stripMetadata(mimeType: string, input: Buffer): Buffer | undefined {
  if (mimeType === 'image/jpeg') return stripJpegMetadata(input);
  if (mimeType === 'image/png') return stripPngMetadata(input);
  return undefined;
}
