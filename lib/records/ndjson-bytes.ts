import { NdjsonBuildError } from '../errors.ts';

/**
 * A batch's events as NDJSON bytes, encoded as they are serialized. Appending each event's
 * JSON to one string and encoding it at the end made every output path (stdout, gzip, a
 * Firehose record) first flatten a string of thousands of pieces, then encode it: about a
 * tenth of the CLI's CPU time on Tanium events. Here each JSON string is written as UTF-8
 * into one scratch buffer, which {@link NdjsonBytes.take} copies out in one piece.
 *
 * The scratch buffer is shared: a batch is built synchronously (LineNormalizer.push and
 * end), so only one is ever being built at a time, and take() leaves nothing in it. A batch
 * used after a newer one started fails loudly instead of mixing their bytes.
 */

/** Initial size of the shared scratch buffer; it grows (doubling) to the largest batch seen. */
const INITIAL_SCRATCH_BYTES = 256 * 1024;

/** The NDJSON of a batch without events (shared: never written to). */
export const EMPTY_NDJSON = Buffer.alloc(0);
const NEWLINE = 0x0a;

let scratch = Buffer.allocUnsafe(INITIAL_SCRATCH_BYTES);
/** The batch that owns the scratch buffer: the last one started. */
let owner = 0;

/** The events of one batch, one JSON text and `\n` each. */
export class NdjsonBytes {
  private readonly id = ++owner;
  private used = 0;

  /** Appends one event's JSON and its `\n`. */
  append(json: string): void {
    this.checkOwner();
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4).
    const most = json.length * 3 + 1;
    if (this.used + most > scratch.length) grow(this.used, this.used + most);
    this.used += scratch.write(json, this.used, 'utf8');
    scratch[this.used++] = NEWLINE;
  }

  /** The bytes appended, as a buffer of their own; ends the batch. */
  take(): Buffer {
    if (this.used === 0) return EMPTY_NDJSON;
    this.checkOwner();
    const bytes = Buffer.allocUnsafe(this.used);
    scratch.copy(bytes, 0, 0, this.used);
    return bytes;
  }

  private checkOwner(): void {
    if (this.id !== owner) throw new NdjsonBuildError();
  }
}

/** Makes the scratch buffer hold at least `needed` bytes, keeping its first `used`. */
function grow(used: number, needed: number): void {
  let size = scratch.length * 2;
  while (size < needed) size *= 2;
  const larger = Buffer.allocUnsafe(size);
  scratch.copy(larger, 0, 0, used);
  scratch = larger;
}
