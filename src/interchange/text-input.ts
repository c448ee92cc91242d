import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import { DomainError } from '../core/errors.js';

/**
 * Bytes from a file or standard input, gunzipped when they are gzip (by their magic number, not their name), decoded
 * as text. UTF-8 with or without a BOM is the default; a file that is not valid UTF-8 is read as Windows-1252 (a
 * superset of Latin-1) when that was detected from its start, or refused with the offset and the option that fixes
 * it — never silently garbled.
 */
export interface TextInput {
  text: AsyncIterable<string>;
  encoding: string;
  /** Bytes consumed so far from the source (compressed bytes for gzip), for progress against `size`. */
  bytesRead: () => number;
  size: number | undefined;
  /** Stops reading and releases the file (for a reader that stops early). */
  close: () => void;
}

const SNIFF_BYTES = 64 * 1024;

export async function openTextInput(path: string, options: { encoding?: string; stdin?: Readable } = {}): Promise<TextInput> {
  const source: Readable = path === '-' ? (options.stdin ?? process.stdin) : createReadStream(path);
  const size = path === '-' ? undefined : (await stat(path)).size;
  let read = 0;
  source.on('data', (chunk: Buffer) => (read += chunk.length));
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  async function* raw(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  let chunks: AsyncIterable<Buffer> = raw();
  if (gzip) {
    const gunzip = createGunzip();
    const feed = async () => {
      try {
        for await (const chunk of raw()) if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
        gunzip.end();
      } catch (error) {
        gunzip.destroy(error as Error);
      }
    };
    void feed();
    chunks = gunzip;
  }
  const { text, encoding } = await decode(chunks, options.encoding);
  return { text, encoding, bytesRead: () => read, size, close: () => source.destroy() };
}

async function decode(chunks: AsyncIterable<Buffer>, requested: string | undefined): Promise<{ text: AsyncIterable<string>; encoding: string }> {
  const iterator = chunks[Symbol.asyncIterator]();
  // Gather a sample large enough to judge the encoding by.
  const sampleParts: Buffer[] = [];
  let sampleSize = 0;
  let ended = false;
  while (sampleSize < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    sampleParts.push(next.value);
    sampleSize += next.value.length;
  }
  let sample = Buffer.concat(sampleParts);
  let encoding = requested?.toLowerCase();
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
    sample = sample.subarray(3);
    encoding ??= 'utf-8';
  } else if (sample[0] === 0xff && sample[1] === 0xfe) {
    sample = sample.subarray(2);
    encoding ??= 'utf-16le';
  }
  if (!encoding) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !ended });
      encoding = 'utf-8';
    } catch {
      encoding = 'windows-1252';
    }
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  } catch {
    throw new DomainError('validation_failed', `unknown encoding ${encoding}; use utf-8, windows-1252, latin1 or utf-16le`, [
      { path: 'encoding', code: 'unknown_encoding', message: `${encoding} is not an encoding Haven can read` },
    ]);
  }
  const chosen = encoding;
  const repair = decoder.encoding === 'windows-1252' ? windows1252C1 : (text: string) => text;
  async function* text(): AsyncGenerator<string> {
    let offset = 0;
    const step = (bytes: Buffer, last: boolean) => {
      try {
        return repair(decoder.decode(bytes, { stream: !last }));
      } catch {
        throw new DomainError('validation_failed', `the file is not valid ${chosen} near byte ${offset}; say which encoding it is in (e.g. --encoding windows-1252)`, [
          { path: 'encoding', code: 'invalid_text', message: `not valid ${chosen} near byte ${offset}` },
        ]);
      }
    };
    yield step(sample, ended);
    offset += sample.length;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield step(next.value, false);
      offset += next.value.length;
    }
    yield step(Buffer.alloc(0), true);
  }
  return { text: text(), encoding };
}

/**
 * Windows-1252's bytes 0x80–0x9f are letters and punctuation (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ).
 * Node 20's TextDecoder decodes them as the C1 control characters of Latin-1 (nodejs/node#56542): "’" became U+0092.
 * The five bytes Windows-1252 leaves undefined stay control characters, as the WHATWG encoding standard has them.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const windows1252C1 = (text: string) => text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
