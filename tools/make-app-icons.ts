/**
 * Writes the installed app's icons (web/public/icons): the SVG mark and the PNGs an install asks for (192 and 512 px,
 * plus a maskable 512 with the mark inside the safe zone). Drawn here, pixel by pixel, from the same shape as the SVG —
 * a roof over a door on Haven's teal — so no image tool is needed. Run once after changing the shape:
 * `npx tsx tools/make-app-icons.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const OUT = join(import.meta.dirname, '..', 'web', 'public', 'icons');
const TEAL = [0x0f, 0x5c, 0x63] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

/** Whether a point of the unit square (0..1, y down) is on the mark: a roof (triangle) over a house with a door cut out. */
function onMark(x: number, y: number): boolean {
  const roof = y >= 0.2 && y <= 0.48 && Math.abs(x - 0.5) <= (y - 0.2) * (0.32 / 0.28) + 0.0;
  const walls = y > 0.48 && y <= 0.8 && x >= 0.26 && x <= 0.74;
  const door = y > 0.6 && y <= 0.8 && x >= 0.44 && x <= 0.56;
  return (roof || walls) && !door;
}

function png(size: number, inset: number): Buffer {
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let px = 0; px < size; px++) {
      // The mark drawn in the middle (1 - 2 * inset) of the square.
      const x = ((px + 0.5) / size - inset) / (1 - 2 * inset);
      const y = ((py + 0.5) / size - inset) / (1 - 2 * inset);
      const colour = x >= 0 && x <= 1 && y >= 0 && y <= 1 && onMark(x, y) ? WHITE : TEAL;
      row.set(colour, 1 + px * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<rect width="100" height="100" rx="18" fill="#0f5c63"/>
<path d="M50 20 L82 48 L74 48 L74 80 L56 80 L56 60 L44 60 L44 80 L26 80 L26 48 L18 48 Z" fill="#fff"/>
</svg>
`;

writeFileSync(join(OUT, 'haven.svg'), SVG);
writeFileSync(join(OUT, 'haven-192.png'), png(192, 0));
writeFileSync(join(OUT, 'haven-512.png'), png(512, 0));
writeFileSync(join(OUT, 'haven-maskable-512.png'), png(512, 0.1));
