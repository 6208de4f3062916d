import type { S3Client } from '@aws-sdk/client-s3';
import { GzipUpload } from './gzip-upload.ts';

/** Where the S3 path sends normalized events: the output bucket, or a Firehose stream. */
export interface EventSink {
  /** `s3://bucket/key` or `firehose:stream`, for logs. */
  readonly location: string;
  /** Largest event (JSON, without its `\n`) the sink can take, in UTF-8 bytes. */
  readonly maxEventBytes: number;
  /** Bytes sent so far (compressed for S3). */
  readonly bytesOut: number;
  /** Takes events as NDJSON (one JSON object and `\n` each, UTF-8), in order; waits while the sink is behind. */
  write(ndjson: Buffer): Promise<void>;
  /** Sends what is left and completes the output. */
  end(): Promise<void>;
  /** Removes what can be removed of a failed output; never throws. */
  abort(reason: Error): Promise<void>;
}

/** Events as one gzip NDJSON object in the output bucket. */
export class S3EventSink implements EventSink {
  readonly location: string;
  readonly maxEventBytes = Number.POSITIVE_INFINITY;
  private readonly upload: GzipUpload;

  constructor(client: S3Client, bucket: string, key: string) {
    this.upload = new GzipUpload(client, bucket, key);
    this.location = `s3://${bucket}/${key}`;
  }

  get bytesOut(): number {
    return this.upload.bytesOut;
  }

  async write(ndjson: Buffer): Promise<void> {
    if (ndjson.length > 0) await this.upload.write(ndjson);
  }

  async end(): Promise<void> {
    await this.upload.end();
  }

  async abort(reason: Error): Promise<void> {
    await this.upload.abort(reason);
  }
}
