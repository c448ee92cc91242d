/**
 * The width in pixels of a raster tile (PNG, JPEG or WebP), read from its header; undefined when it cannot be told.
 * Archives rarely say their tiles' size, and MapLibre must know it to draw them at the right scale.
 */
export function imageWidth(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (start: number, length: number) => String.fromCharCode(...bytes.subarray(start, start + length));
  if (bytes.length >= 24 && bytes[0] === 0x89 && ascii(1, 3) === 'PNG') return view.getUint32(16);
  if (bytes.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    const chunk = ascii(12, 4);
    if (chunk === 'VP8 ') return view.getUint16(26, true) & 0x3fff;
    if (chunk === 'VP8L') return (view.getUint16(21, true) & 0x3fff) + 1;
    if (chunk === 'VP8X') return (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16)) + 1;
    return undefined;
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    // Walk the JPEG's segments to the first start-of-frame marker (SOF0–SOF15, not DHT, JPG or DAC).
    let at = 2;
    while (at + 9 < bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1]!;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return view.getUint16(at + 7);
      at += 2 + view.getUint16(at + 2);
    }
  }
  return undefined;
}

/** A tile size MapLibre draws well: 512 for tiles that say so, 256 otherwise (the MBTiles and XYZ custom). */
export const tileSizeOf = (sample: Uint8Array | undefined): number => (sample && imageWidth(sample) === 512 ? 512 : 256);
