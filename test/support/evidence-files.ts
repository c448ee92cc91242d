import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Evidence files built for tests: a JPEG with EXIF (device, capture time, GPS), XMP and a comment; a PNG with text and
 * eXIf chunks; an executable under an image's name. The JPEG's image data is a small fixture (from Node.js's docs).
 */
export const PLAIN_JPEG = readFileSync(new URL('../fixtures/evidence/plain.jpg', import.meta.url));

interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  data: Buffer;
}

const u16be = (v: number) => Buffer.from([v >> 8, v & 0xff]);
const u32le = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
};
const ascii = (tag: number, text: string): TiffEntry => {
  const data = Buffer.from(`${text}\0`, 'latin1');
  return { tag, type: 2, count: data.length, data };
};
const long = (tag: number, value: number): TiffEntry => ({ tag, type: 4, count: 1, data: u32le(value) });
const rationals = (tag: number, values: [number, number][]): TiffEntry => {
  const data = Buffer.alloc(8 * values.length);
  values.forEach(([n, d], i) => {
    data.writeUInt32LE(n, i * 8);
    data.writeUInt32LE(d, i * 8 + 4);
  });
  return { tag, type: 5, count: values.length, data };
};
const dms = (degrees: number): [number, number][] => {
  const abs = Math.abs(degrees);
  const d = Math.floor(abs);
  const m = Math.floor((abs - d) * 60);
  const s = Math.round(((abs - d) * 60 - m) * 60 * 1000);
  return [
    [d, 1],
    [m, 1],
    [s, 1000],
  ];
};
const padded = (b: Buffer) => (b.length % 2 ? Buffer.concat([b, Buffer.alloc(1)]) : b);
const ifdSize = (entries: TiffEntry[]) => 2 + 12 * entries.length + 4 + entries.reduce((s, e) => s + (e.data.length > 4 ? padded(e.data).length : 0), 0);

function writeIfd(entries: TiffEntry[], offset: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const head = Buffer.alloc(2 + 12 * sorted.length + 4);
  const data: Buffer[] = [];
  let dataOffset = offset + head.length;
  head.writeUInt16LE(sorted.length, 0);
  sorted.forEach((e, i) => {
    const at = 2 + 12 * i;
    head.writeUInt16LE(e.tag, at);
    head.writeUInt16LE(e.type, at + 2);
    head.writeUInt32LE(e.count, at + 4);
    if (e.data.length <= 4) e.data.copy(head, at + 8);
    else {
      head.writeUInt32LE(dataOffset, at + 8);
      data.push(padded(e.data));
      dataOffset += padded(e.data).length;
    }
  });
  return Buffer.concat([head, ...data]);
}

export interface ExifFacts {
  make: string;
  model: string;
  /** EXIF form: YYYY:MM:DD HH:MM:SS */
  dateTimeOriginal: string;
  lat: number;
  lon: number;
}

/** A little-endian TIFF structure with IFD0 (make, model), the EXIF IFD (original date) and the GPS IFD. */
export function exifTiff(facts: ExifFacts): Buffer {
  const exifEntries = [ascii(0x9003, facts.dateTimeOriginal)];
  const gpsEntries = [ascii(1, facts.lat >= 0 ? 'N' : 'S'), rationals(2, dms(facts.lat)), ascii(3, facts.lon >= 0 ? 'E' : 'W'), rationals(4, dms(facts.lon))];
  const base = [ascii(0x010f, facts.make), ascii(0x0110, facts.model)];
  const exifOffset = 8 + ifdSize([...base, long(0x8769, 0), long(0x8825, 0)]);
  const gpsOffset = exifOffset + ifdSize(exifEntries);
  return Buffer.concat([
    Buffer.from([0x49, 0x49, 0x2a, 0x00]),
    u32le(8),
    writeIfd([...base, long(0x8769, exifOffset), long(0x8825, gpsOffset)], 8),
    writeIfd(exifEntries, exifOffset),
    writeIfd(gpsEntries, gpsOffset),
  ]);
}

const jpegSegment = (marker: number, payload: Buffer) => Buffer.concat([Buffer.from([0xff, marker]), u16be(payload.length + 2), payload]);

export const SECRET_COMMENT = 'witness: Amina, phone +000 555 0100';

/** The plain JPEG with an EXIF APP1 (GPS included), an XMP APP1, a Photoshop APP13 and a comment, after its first segment. */
export function jpegWithMetadata(facts: ExifFacts): Buffer {
  const exif = jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiff(facts)]));
  const xmp = jpegSegment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="${SECRET_COMMENT}"/></rdf:RDF></x:xmpmeta>`, 'latin1'));
  const iptc = jpegSegment(0xed, Buffer.from(`Photoshop 3.0\0${SECRET_COMMENT}`, 'latin1'));
  const comment = jpegSegment(0xfe, Buffer.from(SECRET_COMMENT, 'latin1'));
  const firstSegmentEnd = 4 + PLAIN_JPEG.readUInt16BE(4);
  return Buffer.concat([PLAIN_JPEG.subarray(0, firstSegmentEnd), exif, xmp, iptc, comment, PLAIN_JPEG.subarray(firstSegmentEnd)]);
}

const pngChunk = (type: string, data: Buffer) => {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
};

/** A 4×4 RGB PNG, with text, international text, compressed text and eXIf chunks when asked. */
export function png(options: { metadata: boolean; facts?: ExifFacts }): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(4, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: 4 }, () => Buffer.from([0, ...Array.from({ length: 4 }, () => [200, 40, 90]).flat()])));
  const metadata = options.metadata
    ? [
        pngChunk('tEXt', Buffer.from(`Comment\0${SECRET_COMMENT}`, 'latin1')),
        pngChunk('iTXt', Buffer.from(`Author\0\0\0\0\0${SECRET_COMMENT}`, 'utf8')),
        pngChunk('zTXt', Buffer.concat([Buffer.from('Source\0\0', 'latin1'), deflateSync(SECRET_COMMENT)])),
        ...(options.facts ? [pngChunk('eXIf', exifTiff(options.facts))] : []),
      ]
    : [];
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    ...metadata,
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The start of a Windows executable (MZ header, PE signature), whatever name it is given. */
export function fakeExecutable(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(0x14c, 0x84);
  return b;
}

/** A multipart/form-data body, built by hand so tests control every byte (names, types, order). */
export function multipart(parts: ({ name: string; value: string } | { name: string; fileName: string; contentType: string; data: Buffer })[]): { body: Buffer; contentType: string } {
  const boundary = `----haven-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('data' in part) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: ${part.contentType}\r\n\r\n`));
      chunks.push(part.data, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
