import type { S3Client } from '@aws-sdk/client-s3';
import { rejectedLineRecord, type RejectedLine } from './normalize-lines.ts';
import { GzipUpload } from './s3-gzip-upload.ts';

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
 * Collects rejected lines and uploads them; the upload starts with the first one, so a
 * source object without errors gets no errors object.
 */
export class RejectedLinesWriter {
  private upload: GzipUpload | undefined;
  private pending: string[] = [];
  private count = 0;

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    readonly key: string,
  ) {}

  /** Lines rejected so far. */
  get rejected(): number {
    return this.count;
  }

  /** Compressed bytes written. */
  get bytesOut(): number {
    return this.upload?.bytesOut ?? 0;
  }

  /** True once an errors object is being written. */
  get started(): boolean {
    return this.upload !== undefined;
  }

  /** Queues one rejected line (see {@link rejectedLineJson}); written at the next {@link flush}. */
  add(json: string): void {
    this.pending.push(json);
    this.count += 1;
  }

  /** Writes the queued lines, starting the upload if needed. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    this.upload ??= new GzipUpload(this.client, this.bucket, this.key);
    const text = this.pending.join('');
    this.pending = [];
    await this.upload.write(text);
  }

  /** Flushes and completes the upload, if any. */
  async end(): Promise<void> {
    await this.flush();
    await this.upload?.end();
  }

  /** Aborts (or deletes) whatever was written; never throws. */
  async abort(reason: Error): Promise<void> {
    await this.upload?.abort(reason);
  }
}
