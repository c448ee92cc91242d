import { inflateSync } from 'node:zlib';

/**
 * Just enough PDF reading for tests, without poppler: the number of pages, and the text of a PDF as Chromium prints
 * it (Type0 fonts with Identity-H encoding and a ToUnicode map, text shown with Tj/TJ). Text objects are separated by
 * newlines; glyphs within one are joined as printed (Chromium prints spaces as glyphs).
 */

/** Page objects (`/Type /Page`, not `/Pages`). */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

interface PdfObject {
  dictionary: string;
  stream: Buffer | undefined;
}

function objectsOf(pdf: Buffer): Map<string, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<string, PdfObject>();
  for (const match of text.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) {
    const body = match[2]!;
    const streamAt = body.search(/stream\r?\n/);
    if (streamAt < 0) {
      objects.set(match[1]!, { dictionary: body, stream: undefined });
      continue;
    }
    const dictionary = body.slice(0, streamAt);
    const start = streamAt + (body[streamAt + 6] === '\r' ? 8 : 7);
    const end = body.lastIndexOf('endstream');
    let data = Buffer.from(body.slice(start, end), 'latin1');
    if (/\/FlateDecode/.test(dictionary)) data = inflateSync(data);
    objects.set(match[1]!, { dictionary, stream: data });
  }
  return objects;
}

const hex = (h: string) => parseInt(h, 16);
const utf16 = (h: string) => {
  const units: number[] = [];
  for (let i = 0; i < h.length; i += 4) units.push(hex(h.slice(i, i + 4)));
  return String.fromCharCode(...units);
};

function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, from, to] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(hex(from!), utf16(to!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, to] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const base = hex(to!);
      for (let code = hex(lo!); code <= hex(hi!); code++) map.set(code, String.fromCharCode(base + code - hex(lo!)));
    }
  }
  return map;
}

export function pdfText(pdf: Buffer): string {
  const objects = objectsOf(pdf);
  const fontMaps = new Map<string, Map<number, string>>();
  for (const [id, object] of objects) {
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(object.dictionary)?.[1];
    const cmap = toUnicode ? objects.get(toUnicode)?.stream : undefined;
    if (cmap) fontMaps.set(id, toUnicodeMap(cmap.toString('latin1')));
  }
  const pages = [...objects.values()].filter((o) => /\/Type\s*\/Page(?![a-zA-Z])/.test(o.dictionary));
  const out: string[] = [];
  for (const page of pages) {
    const fontsByName = new Map<string, string>();
    const fontDictionary = /\/Font\s*<<([^>]*)>>/.exec(page.dictionary)?.[1] ?? '';
    for (const [, name, id] of fontDictionary.matchAll(/\/(\w+) (\d+) 0 R/g)) fontsByName.set(name!, id!);
    const contentIds = [.../\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(page.dictionary)?.[1]?.matchAll(/(\d+) 0 R/g) ?? []].map((m) => m[1]!);
    for (const id of contentIds) {
      const content = objects.get(id)?.stream?.toString('latin1') ?? '';
      let font: Map<number, string> | undefined;
      let line = '';
      for (const token of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ|\bET\b/g)) {
        if (token[1] !== undefined) font = fontMaps.get(fontsByName.get(token[1]) ?? '');
        else if (token[0] === 'ET') {
          out.push(line);
          line = '';
        } else {
          const hexes = token[2] !== undefined ? [token[2]] : [...(token[3] ?? '').matchAll(/<([0-9A-Fa-f]*)>/g)].map((m) => m[1]!);
          for (const h of hexes) for (let i = 0; i + 4 <= h.length; i += 4) line += font?.get(hex(h.slice(i, i + 4))) ?? '';
        }
      }
    }
  }
  return out.join('\n');
}
