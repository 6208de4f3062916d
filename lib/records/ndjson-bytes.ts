import { NdjsonBuildError } from '../errors.ts';

/**
 * A batch's events as NDJSON bytes, encoded as they are serialized. Appending each event's
 * JSON to one string and encoding it at the end made every output path (stdout, gzip, a
 * Firehose record) first flatten a string of thousands of pieces, then encode it: about a
 * tenth of the CLI's CPU time on Tanium events. Here each JSON string is written as UTF-8
 * into a shared scratch buffer, and {@link NdjsonBytes.take} hands the batch's bytes out.
 *
 * A small batch is handed out as a view of the scratch buffer, and later batches are written
 * after it, never over it; a batch that does not fit in what is left moves to a new scratch
 * buffer, the old one living on only through its views. A larger batch is copied out, and its
 * room is used again. Batches are built synchronously (LineNormalizer.push and end), so only
 * one is ever being built at a time; a batch used after a newer one started fails loudly
 * instead of mixing their bytes.
 */

/**
 * Largest batch handed out as a view; a larger one is copied out. Copying a small batch (the
 * events of one Firehose record) costs more in allocating than in bytes: about 0.1 µs, 3-4% of
 * the transformation's own work on a one-line record. Views of large batches (the CLI's and the
 * S3 path's, 100 KiB and more) pin whole scratch buffers until a major garbage collection: as
 * views, they took the CLI's peak RSS from 115-129 to 141-162 MiB (three runs of each
 * integration).
 */
const VIEW_MAX_BYTES = 16 * 1024;

/** Size of a new scratch buffer; one holding a larger batch is larger (doubling). */
const SCRATCH_BYTES = 256 * 1024;

/** The NDJSON of a batch without events (shared: never written to). */
export const EMPTY_NDJSON = Buffer.alloc(0);
const NEWLINE = 0x0a;

let scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
/** The first byte of `scratch` no view holds: where the next batch starts. */
let free = 0;
/** The batch that owns the scratch buffer: the last one started. */
let owner = 0;

/** The events of one batch, one JSON text and `\n` each. */
export class NdjsonBytes {
  private readonly id = ++owner;
  private start = free;
  private used = free;

  /** Appends one event's JSON and its `\n`. */
  append(json: string): void {
    this.checkOwner();
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4).
    const most = json.length * 3 + 1;
    if (this.used + most > scratch.length) this.move(this.used - this.start + most);
    this.used += scratch.write(json, this.used, 'utf8');
    scratch[this.used++] = NEWLINE;
  }

  /** The bytes appended, as a buffer no later batch writes over; ends the batch. */
  take(): Buffer {
    const length = this.used - this.start;
    if (length === 0) return EMPTY_NDJSON;
    this.checkOwner();
    if (length <= VIEW_MAX_BYTES) {
      free = this.used;
      return scratch.subarray(this.start, this.used);
    }
    const bytes = Buffer.allocUnsafe(length);
    scratch.copy(bytes, 0, this.start, this.used);
    return bytes;
  }

  private checkOwner(): void {
    if (this.id !== owner) throw new NdjsonBuildError();
  }

  /** Moves the batch to the start of a new scratch buffer of at least `needed` bytes. */
  private move(needed: number): void {
    let size = SCRATCH_BYTES;
    while (size < needed) size *= 2;
    const next = Buffer.allocUnsafe(size);
    scratch.copy(next, 0, this.start, this.used);
    this.used -= this.start;
    this.start = 0;
    scratch = next;
    free = 0;
  }
}
