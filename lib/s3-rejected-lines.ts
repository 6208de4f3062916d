import { isUtf8 } from 'node:buffer';
import type { S3Client } from '@aws-sdk/client-s3';
import { GzipUpload } from './s3-gzip-upload.ts';

/**
 * The errors object of a source object: one JSON object per rejected line (gzip NDJSON),
 * in input order, so that a line that could not be normalized is never lost:
 *
 * ```json
 * {"bucket":"raw","key":"tanium/a.json","line":3,"reason":"tanium: record is not valid JSON: …","raw":"{oops"}
 * {"bucket":"raw","key":"tanium/a.json","line":9,"reason":"record is not valid UTF-8","raw":"/5j/","encoding":"base64"}
 * ```
 *
 * - `line`: 1-based line number in the (decompressed) source object.
 * - `raw`: the line's bytes, without its LF/CRLF, byte for byte: as a string when they
 *   are valid UTF-8, else base64 with `"encoding":"base64"`.
 * - `truncated: true` for a line over the record size limit: `raw` then holds only its
 *   first bytes (the reason gives its full length).
 */
export interface RejectedLine {
  readonly bucket: string;
  readonly key: string;
  readonly line: number;
  readonly reason: string;
  readonly raw: string;
  readonly encoding?: 'base64';
  readonly truncated?: true;
}

/** One errors-object line (with its `\n`) for a rejected line. */
export function rejectedLineJson(bucket: string, key: string, line: number, reason: string, bytes: Buffer, truncated: boolean): string {
  const text = isUtf8(bytes);
  const entry: RejectedLine = {
    bucket,
    key,
    line,
    reason,
    raw: text ? bytes.toString('utf8') : bytes.toString('base64'),
    ...(text ? {} : { encoding: 'base64' as const }),
    ...(truncated ? { truncated: true as const } : {}),
  };
  return `${JSON.stringify(entry)}\n`;
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
