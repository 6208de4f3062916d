import type { S3Client } from '@aws-sdk/client-s3';
import { rejectedLineRecord, type RejectedLine } from '../records/pipeline.ts';
import { GzipUpload } from './gzip-upload.ts';

/**
 * The errors object of a source object: one JSON object per rejected line (gzip NDJSON),
 * in input order, so that a line that could not be normalized is never lost. The format
 * is the CLI's (`rejectedLineRecord`), with the source object named:
 *
 * ```json
 * {"bucket":"raw","key":"tanium/a.json","line":3,"reason":"record is not valid JSON: …","raw":"{oops"}
 * {"bucket":"raw","key":"tanium/a.json","line":9,"reason":"record is not valid UTF-8","raw":"/5j/","encoding":"base64"}
 * ```
 *
 * - `line`: 1-based line number in the (decompressed) source object.
 * - `raw`: the line's bytes, without its LF/CRLF, byte for byte: as a string when they
 *   are valid UTF-8, else base64 with `"encoding":"base64"`. For a line over the record
 *   size limit, only its first `MAX_RECORD_BYTES + 1` bytes (the reason gives its length).
 */
export function rejectedLineJson(bucket: string, key: string, rejected: RejectedLine): string {
  return `${JSON.stringify(rejectedLineRecord(rejected, { bucket, key }))}\n`;
}

/**
 * The record that ends an errors object when more lines were rejected than are stored
 * (`MAX_REJECTED_LINES`): how many were left out, the first and last of their line numbers.
 *
 * ```json
 * {"bucket":"raw","key":"tanium/a.json","notStored":4990000,"firstLine":10001,"lastLine":5242880,"reason":"4990000 more rejected lines, not stored: over the limit of 10000 stored per object (MAX_REJECTED_LINES)"}
 * ```
 */
export function notStoredSummaryJson(bucket: string, key: string, notStored: number, firstLine: number, lastLine: number, limit: number): string {
  const reason = `${notStored} more rejected lines, not stored: over the limit of ${limit} stored per object (MAX_REJECTED_LINES)`;
  return `${JSON.stringify({ bucket, key, notStored, firstLine, lastLine, reason })}\n`;
}

/**
 * Collects the rejected lines of a source object and uploads them; the upload starts with
 * the first one, so a source object without errors gets no errors object. Past `maxStored`
 * lines, the others are only counted, and a summary record ({@link notStoredSummaryJson})
 * ends the object: a flood of bad lines costs a count, not a copy of each.
 */
export class RejectedLinesWriter {
  private upload: GzipUpload | undefined;
  private pending: string[] = [];
  private count = 0;
  private firstNotStored = 0;
  private lastNotStored = 0;

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    readonly key: string,
    /** The source object, named in each record. */
    private readonly source: { readonly bucket: string; readonly key: string },
    private readonly maxStored: number,
  ) {}

  /** Lines rejected so far, stored or not. */
  get rejected(): number {
    return this.count;
  }

  /** Rejected lines counted but not stored. */
  get notStored(): number {
    return Math.max(0, this.count - this.maxStored);
  }

  /** Compressed bytes written. */
  get bytesOut(): number {
    return this.upload?.bytesOut ?? 0;
  }

  /** True once an errors object is being written. */
  get started(): boolean {
    return this.upload !== undefined;
  }

  /** Queues one rejected line, written at the next {@link flush}, or counts it past the limit. */
  add(rejected: RejectedLine): void {
    this.count += 1;
    if (this.count <= this.maxStored) {
      this.pending.push(rejectedLineJson(this.source.bucket, this.source.key, rejected));
      return;
    }
    if (this.firstNotStored === 0) this.firstNotStored = rejected.line;
    this.lastNotStored = rejected.line;
  }

  /** Writes the queued lines, starting the upload if needed. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    this.upload ??= new GzipUpload(this.client, this.bucket, this.key);
    const text = this.pending.join('');
    this.pending = [];
    await this.upload.write(text);
  }

  /** Flushes, adds the summary of the lines not stored, and completes the upload, if any. */
  async end(): Promise<void> {
    if (this.notStored > 0) {
      this.pending.push(
        notStoredSummaryJson(this.source.bucket, this.source.key, this.notStored, this.firstNotStored, this.lastNotStored, this.maxStored),
      );
    }
    await this.flush();
    await this.upload?.end();
  }

  /** Aborts (or deletes) whatever was written; never throws. */
  async abort(reason: Error): Promise<void> {
    await this.upload?.abort(reason);
  }
}
