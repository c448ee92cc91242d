import exifr from 'exifr';
import { describe, expect, it } from 'vitest';
import { contentDisposition, sanitiseFileName } from '../../../src/core/evidence/evidence.js';
import { MalformedImageError, stripJpegMetadata, stripMetadata, stripPngMetadata } from '../../../src/core/evidence/metadata-stripper.js';
import { jpegWithMetadata, PLAIN_JPEG, png, SECRET_COMMENT } from '../../support/evidence-files.js';

const facts = { make: 'Acme', model: 'Witness 3', dateTimeOriginal: '2024:03:05 14:30:00', lat: 12.5, lon: -7.25 };

describe('stripping metadata from working copies, without re-encoding', () => {
  it('removes EXIF (with GPS), XMP, IPTC and comment segments from a JPEG and keeps every other byte', async () => {
    const tagged = jpegWithMetadata(facts);
    const before = (await exifr.parse(tagged, { xmp: true, iptc: true, mergeOutput: true })) as Record<string, unknown>;
    expect(before).toMatchObject({ Make: 'Acme', latitude: 12.5, longitude: -7.25 });
    expect(tagged.includes(SECRET_COMMENT)).toBe(true);

    const stripped = Buffer.from(stripJpegMetadata(tagged));
    expect(stripped.equals(PLAIN_JPEG)).toBe(true);
    expect(stripped.includes(SECRET_COMMENT)).toBe(false);
    expect(await exifr.parse(stripped, { xmp: true, iptc: true })).toBeUndefined();
  });

  it('leaves a JPEG without metadata as it is', () => {
    expect(Buffer.from(stripJpegMetadata(PLAIN_JPEG)).equals(PLAIN_JPEG)).toBe(true);
  });

  it('removes tEXt, iTXt, zTXt and eXIf chunks from a PNG and keeps the image chunks', async () => {
    const tagged = png({ metadata: true, facts });
    expect(((await exifr.parse(tagged, { mergeOutput: true })) as Record<string, unknown>).latitude).toBe(12.5);
    const stripped = Buffer.from(stripPngMetadata(tagged));
    expect(stripped.equals(png({ metadata: false }))).toBe(true);
    expect(stripped.includes(SECRET_COMMENT)).toBe(false);
  });

  it('refuses what it cannot parse rather than guess', () => {
    expect(() => stripJpegMetadata(Buffer.from('not a jpeg'))).toThrow(MalformedImageError);
    expect(() => stripJpegMetadata(jpegWithMetadata(facts).subarray(0, 40))).toThrow(MalformedImageError);
    expect(() => stripPngMetadata(png({ metadata: true }).subarray(0, 60))).toThrow(MalformedImageError);
  });

  it('knows only JPEG and PNG', () => {
    expect(stripMetadata('video/mp4', Buffer.alloc(10))).toBeUndefined();
  });
});

describe('file names are labels, never paths', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\cmd.exe', 'cmd.exe'],
    ['..', 'unnamed'],
    ['', 'unnamed'],
    ['photo\u0000.jpg', 'photo.jpg'],
    ['a"b<c>.jpg', 'abc.jpg'],
    ['.hidden', 'hidden'],
  ])('%j becomes %j', (name, expected) => {
    expect(sanitiseFileName(name)).toBe(expected);
  });

  it('puts a name in a Content-Disposition without breaking the header', () => {
    const header = contentDisposition('évidence "1"; x.jpg');
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''/);
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.split('filename="')[1]!.split('"')[0]).not.toContain(';');
  });
});
