import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { asBuffer, MAX_RECORD_BYTES } from './record.ts';

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
/**
 * Output chunk of gunzip. zlib's default, 16 KiB, made the S3 path pay a callback, a batch of
 * lines and an awaited write per 16 KiB; 128 KiB chunks took the 128 MiB S3 bench from
 * 102,000 to 115,000 events/s for AIX and from 67,500 to 76,500 for Tanium (256 KiB: no better).
 * Since batches are cut at BATCH_BYTES, 32 KiB and 512 KiB chunks measure within 4% of it.
 */
const GUNZIP_CHUNK_BYTES = 128 * 1024;
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
    const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
    pipeline(Readable.from(body), gunzip, () => {});
    for await (const chunk of gunzip) yield chunk as Buffer;
  } else {
    yield* body;
  }
}

/** True when the line holds only whitespace (space, tab, LF, VT, FF, CR). */
export function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const code = bytes[i]!;
    if (code !== 0x20 && (code < 0x09 || code > 0x0d)) return false;
  }
  return true;
}

/**
 * Splits bytes into lines on LF or CRLF as they arrive, chunk by chunk: the one line
 * splitter of every path (a stream of S3 or file chunks, or the data of one Firehose
 * record). A last line without a newline counts; a UTF-8 BOM at the very start is dropped.
 * Memory stays bounded: a line longer than `MAX_RECORD_BYTES` keeps only its first bytes
 * (the same ones however the input was chunked), with its full length.
 */
export class LineSplitter {
  private number = 0;
  private pending: Buffer[] = [];
  private pendingKept = 0;
  private pendingLength = 0;
  private first = true;

  /** The lines that `chunk` completes; the bytes after its last LF wait for the next chunk. */
  push(input: Uint8Array): Line[] {
    return this.split(input, false);
  }

  /**
   * The lines of `input`, the end of the input: a last line without a newline counts. Its
   * bytes are not copied, as {@link push} copies what waits for a next chunk.
   */
  pushLast(input: Uint8Array): Line[] {
    return this.split(input, true);
  }

  private split(input: Uint8Array, last: boolean): Line[] {
    const chunk = asBuffer(input);
    const lines: Line[] = [];
    let start = 0;
    // Not searched past the end: most chunks end with a LF, and a search costs a native call.
    for (let end = chunk.indexOf(LF, start); end !== -1; end = start < chunk.length ? chunk.indexOf(LF, start) : -1) {
      lines.push(this.finish(chunk.subarray(start, end)));
      start = end + 1;
    }
    if (last) {
      if (start < chunk.length || this.pendingLength > 0) lines.push(this.finish(chunk.subarray(start)));
    } else if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pendingLength += rest.length;
      if (this.pendingKept <= MAX_RECORD_BYTES) {
        const kept = rest.subarray(0, MAX_RECORD_BYTES + 1 - this.pendingKept);
        // Copy: the chunk may be a view into a pooled buffer that is reused.
        this.pending.push(Buffer.from(kept));
        this.pendingKept += kept.length;
      }
    }
    return lines;
  }

  /** The last line, when the input did not end with a newline. */
  end(): Line[] {
    return this.pendingLength > 0 ? [this.finish(Buffer.alloc(0))] : [];
  }

  private finish(tail: Buffer): Line {
    let bytes = tail.length > MAX_RECORD_BYTES + 1 ? tail.subarray(0, MAX_RECORD_BYTES + 1) : tail;
    let length = this.pendingLength + tail.length;
    if (this.pending.length > 0) {
      const room = Math.max(0, MAX_RECORD_BYTES + 1 - this.pendingKept);
      this.pending.push(tail.subarray(0, room));
      bytes = Buffer.concat(this.pending);
      this.pending = [];
      this.pendingKept = 0;
      this.pendingLength = 0;
    }
    // A cut line is rejected for its size anyway: only whole lines lose their CR.
    if (bytes.length === length && length > 0 && bytes[length - 1] === CR) {
      length -= 1;
      bytes = bytes.subarray(0, length);
    }
    if (this.first) {
      this.first = false;
      if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bytes = bytes.subarray(3);
        length -= 3;
      }
    }
    this.number += 1;
    return { number: this.number, bytes, length };
  }
}

/** The lines of one whole buffer (a Firehose record's data), numbered from 1. */
export function splitBuffer(bytes: Uint8Array): Line[] {
  return new LineSplitter().pushLast(bytes);
}

/**
 * Most input bytes in one batch of lines. A batch costs an await and a write, and on the S3
 * path an event-loop turn, so batches are not made smaller. They are not larger either: the
 * lines and events of a batch stay cache-sized (1 MiB batches made the CLI about 15% slower),
 * and on the S3 path gzip's thread-pool completions run only between batches: 32 KiB
 * batches, against one per 128 KiB gunzip chunk, took the S3 bench from about 130,000 to
 * 143,000 events/s for AIX and from 83,500 to 91,000 for Tanium.
 */
export const BATCH_BYTES = 32 * 1024;

/**
 * Splits a byte stream into lines ({@link LineSplitter}), one array of lines per
 * {@link BATCH_BYTES} of input at most (so callers pay for one await per batch, not per line).
 */
export async function* splitLines(source: AsyncIterable<Uint8Array>): AsyncGenerator<Line[]> {
  const splitter = new LineSplitter();
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; at += BATCH_BYTES) {
      const lines = splitter.push(chunk.subarray(at, at + BATCH_BYTES));
      if (lines.length > 0) yield lines;
    }
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}
