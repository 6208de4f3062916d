import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { MAX_RECORD_BYTES } from './record.ts';

/** One line of input, without its LF or CRLF terminator. */
export interface Line {
  /** 1-based line number in the (decompressed) input. */
  readonly number: number;
  /** The line's bytes; for a line over `MAX_RECORD_BYTES`, only its first bytes. */
  readonly bytes: Buffer;
  /** The line's full length in bytes (larger than `bytes.length` when it was cut). */
  readonly length: number;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const LF = 0x0a;
const CR = 0x0d;

async function* chain(head: Buffer, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield Buffer.from(next.value);
}

/**
 * Passes the bytes through, gunzipping them when they start with the gzip magic bytes,
 * whatever the file is called. Concatenated gzip members are all read.
 */
export async function* maybeGunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  const body = chain(head, iterator);
  if (head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1) {
    // pipeline(), unlike pipe(), forwards a source error to the gunzip stream, so a broken
    // read rejects the iteration instead of crashing the process with an unhandled 'error'.
    const gunzip = createGunzip();
    pipeline(Readable.from(body), gunzip, () => {});
    for await (const chunk of gunzip) yield chunk as Buffer;
  } else {
    yield* body;
  }
}

/** The whitespace a blank line may hold: space, tab, LF, VT, FF, CR. */
function isBlankCode(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** True when the line holds only whitespace (spaces, tabs, CR, VT, FF). */
export function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (!isBlankCode(bytes[i]!)) return false;
  return true;
}

/** {@link isBlank} for decoded text (the Firehose path splits records after decoding). */
export function isBlankText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isBlankCode(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Splits a byte stream into lines on LF or CRLF, one array of lines per input chunk (so
 * callers pay for one await per chunk, not per line). A last line without a newline
 * counts; a UTF-8 BOM at the very start is dropped. Memory stays bounded: a line longer
 * than `MAX_RECORD_BYTES` keeps only its first bytes, with its full length.
 */
export async function* splitLines(source: AsyncIterable<Uint8Array>): AsyncGenerator<Line[]> {
  let number = 0;
  let pending: Buffer[] = [];
  let pendingKept = 0;
  let pendingLength = 0;
  let first = true;

  const finish = (tail: Buffer): Line => {
    // However the input was chunked, a line over the limit keeps the same first bytes.
    let bytes = tail.length > MAX_RECORD_BYTES + 1 ? tail.subarray(0, MAX_RECORD_BYTES + 1) : tail;
    let length = pendingLength + tail.length;
    if (pending.length > 0) {
      const room = Math.max(0, MAX_RECORD_BYTES + 1 - pendingKept);
      pending.push(tail.subarray(0, room));
      bytes = Buffer.concat(pending);
      pending = [];
      pendingKept = 0;
      pendingLength = 0;
    }
    // A cut line is rejected for its size anyway: only whole lines lose their CR.
    if (bytes.length === length && length > 0 && bytes[length - 1] === CR) {
      length -= 1;
      bytes = bytes.subarray(0, length);
    }
    if (first) {
      first = false;
      if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bytes = bytes.subarray(3);
        length -= 3;
      }
    }
    number += 1;
    return { number, bytes, length };
  };

  for await (const input of source) {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input);
    const lines: Line[] = [];
    let start = 0;
    for (let end = chunk.indexOf(LF, start); end !== -1; end = chunk.indexOf(LF, start)) {
      lines.push(finish(chunk.subarray(start, end)));
      start = end + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      pendingLength += rest.length;
      if (pendingKept <= MAX_RECORD_BYTES) {
        const kept = rest.subarray(0, MAX_RECORD_BYTES + 1 - pendingKept);
        // Copy: the chunk may be a view into a pooled buffer that is reused.
        pending.push(Buffer.from(kept));
        pendingKept += kept.length;
      }
    }
    if (lines.length > 0) yield lines;
  }
  if (pendingLength > 0) yield [finish(Buffer.alloc(0))];
}
