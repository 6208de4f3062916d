import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { once } from 'node:events';
import { Transform, pipeline, type TransformOptions } from 'node:stream';
import { createGzip, type Gzip, type ZlibOptions } from 'node:zlib';

/**
 * gzip level of the events and errors objects, chosen by measurement (`npx tsx
 * bench/gzip-levels.ts`: CPU time of gzip on 48 MiB of the CLI's NDJSON, median of 3):
 *
 *   level              1     2     3     4     6 (default)   (Z_FILTERED, memLevel 9: no gain)
 *   AIX CPU MiB/s    305   292   253   185   113
 *   AIX ratio        7.3x  8.1x  8.8x  9.1x  10.8x
 *   Tanium CPU MiB/s 364   412   375   237   168
 *   Tanium ratio     9.3x 11.1x 12.0x 12.9x  16.4x
 *
 * Levels 1-3 are zlib's fast (greedy) matcher, 4 and up its lazy one: 3 costs 27-37% less
 * CPU than 4 for objects 3-7% larger. The CPU matters more than the bytes: the function
 * (1024 MB, under one vCPU) shares its one CPU between normalizing and compressing, and at
 * level 4 gzip took a third of the path's CPU. Node's zlib streams already compress on the
 * libuv thread pool, off the main thread, so a worker thread would gain nothing more.
 */
export const GZIP_LEVEL = 3;

const ignore = (): void => {};

/**
 * A gzip object written to S3 as it is produced: text goes through a gzip stream into a
 * `@aws-sdk/lib-storage` multipart upload, with backpressure, so memory stays bounded
 * (about `queueSize` parts of 5 MiB) whatever the object's size. An output under one part
 * is sent with a single PutObject.
 *
 * No partial object is ever visible: S3 shows the object only once the upload completes,
 * and {@link GzipUpload.abort} aborts the multipart upload (its parts are deleted).
 */
export class GzipUpload {
  /** Bucket and key written to. */
  readonly bucket: string;
  readonly key: string;
  private readonly client: S3Client;
  private readonly gzip: Gzip;
  private readonly upload: Upload;
  private readonly done: Promise<unknown>;
  private compressed = 0;
  /** Set while the gzip buffer is over its high-water mark: settles when it drains. */
  private behind: Promise<void> | undefined;
  private state: 'open' | 'ending' | 'completed' | 'failed' = 'open';
  private failure: unknown;

  constructor(client: S3Client, bucket: string, key: string, options: { readonly queueSize?: number } = {}) {
    this.client = client;
    this.bucket = bucket;
    this.key = key;
    // Bigger buffers than the 16 KiB defaults: fewer, larger writes and awaits per chunk.
    // (zlib streams pass stream options through to Transform; the typings omit them.)
    const zlibOptions: ZlibOptions & TransformOptions = { chunkSize: 64 * 1024, highWaterMark: 1024 * 1024, level: GZIP_LEVEL };
    this.gzip = createGzip(zlibOptions);
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.compressed += chunk.length;
        callback(null, chunk);
      },
    });
    // The upload sees the errors through its Body; these listeners only keep a stream
    // error from becoming an uncaught exception.
    pipeline(this.gzip, counter, () => {});
    this.gzip.on('error', () => {});
    counter.on('error', () => {});
    this.upload = new Upload({
      client,
      params: { Bucket: bucket, Key: key, Body: counter, ContentType: 'application/gzip' },
      queueSize: options.queueSize ?? 2,
      // Parts of a failed upload are deleted (AbortMultipartUpload), never left behind.
      leavePartsOnError: false,
    });
    this.done = this.upload.done();
    this.done.then(
      () => {
        this.state = 'completed';
      },
      (error: unknown) => {
        this.state = 'failed';
        this.failure = error;
      },
    );
  }

  /** Compressed bytes produced so far (all of them once {@link end} returned). */
  get bytesOut(): number {
    return this.compressed;
  }

  /**
   * Appends text; waits while the upload is behind (backpressure). The wait is for the
   * previous write's text to be taken in, not this one's: gzip (on the thread pool) compresses
   * one batch while the caller normalizes the next. Waiting for its own text made the two take
   * turns, the main thread idle while gzip caught up (+6% events/s on the S3 bench, on top of
   * the event-loop turn per batch in log-drop.ts). At most one batch more than the gzip
   * stream's buffer is held.
   * @throws the upload's error when it has failed.
   */
  async write(text: string | Uint8Array): Promise<void> {
    this.throwIfFailed();
    if (this.behind) {
      await this.behind;
      this.behind = undefined;
      this.throwIfFailed();
    }
    // Until the gzip buffer drains, or the upload fails first and stops reading. Never
    // rejects: a failure is thrown from the state, by the next write or by end().
    if (!this.gzip.write(text)) this.behind = Promise.race([once(this.gzip, 'drain'), this.done]).then(ignore, ignore);
  }

  private throwIfFailed(): void {
    if (this.state === 'failed') throw this.failure;
  }

  /** Ends the gzip stream and waits for the upload to complete. */
  async end(): Promise<void> {
    this.state = this.state === 'open' ? 'ending' : this.state;
    this.gzip.end();
    await this.done;
  }

  /**
   * Makes sure nothing is left: an upload in progress is aborted (lib-storage sends
   * AbortMultipartUpload once its in-flight parts are settled, which this waits for); an
   * upload that had completed is deleted. Never throws.
   */
  async abort(reason: Error): Promise<void> {
    if (this.state !== 'completed') {
      // Failing the Body makes lib-storage stop, abort the multipart upload and reject
      // done(). Upload.abort() is not used: its done() rejects at once, before the abort
      // request is even sent, which a Lambda function might freeze before sending.
      this.gzip.destroy(reason);
      await this.done.catch(() => {});
    }
    // Completed before (or while) being aborted, e.g. a single PutObject already in flight.
    if (this.state === 'completed') {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key })).catch(() => {});
    }
  }
}
