import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
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

/** Text queued for gzip past which a write waits for it (see {@link GzipUpload.write}). */
export const QUEUE_BYTES = 1024 * 1024;
/** Parts (lib-storage's, of 5 MiB) an upload buffers and sends at once. */
export const UPLOAD_QUEUE_SIZE = 2;

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
  /** Text written while gzip was on an earlier chunk: given to it as one chunk next. */
  private queued: Buffer[] = [];
  private queuedBytes = 0;
  /** Set while gzip compresses a chunk: settles when it is done (or the upload has ended). */
  private inGzip: Promise<void> | undefined;
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
      queueSize: options.queueSize ?? UPLOAD_QUEUE_SIZE,
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
   * Appends text; waits while the upload is behind (backpressure). Text written while gzip (on
   * the thread pool) compresses a chunk is queued, and given to it as one chunk when it is
   * done: gzip's completions run only between the caller's batches, so one chunk per batch
   * let gzip fall behind and the caller wait for it, where one chunk of all that is queued
   * compresses it in one go. The caller waits only once QUEUE_BYTES are queued: at most that
   * and one batch are queued besides the chunk in gzip.
   * @throws the upload's error when it has failed.
   */
  async write(text: string | Buffer): Promise<void> {
    this.throwIfFailed();
    if (text.length === 0) return;
    while (this.inGzip && this.queuedBytes >= QUEUE_BYTES) {
      await this.inGzip;
      this.throwIfFailed();
    }
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    this.queued.push(bytes);
    this.queuedBytes += bytes.length;
    if (!this.inGzip) this.feed();
  }

  /** Gives gzip all that is queued as one chunk; feeds it again when that chunk is done. */
  private feed(): void {
    const chunk = this.takeQueued();
    // The write callback comes once gzip has compressed the chunk and its output was taken;
    // the upload settling stops the wait too, as a failed upload stops taking the output.
    const written = new Promise<void>((resolve) => this.gzip.write(chunk, () => resolve()));
    this.inGzip = Promise.race([written, this.done]).then(ignore, ignore).then(() => {
      this.inGzip = undefined;
      if (this.queuedBytes > 0 && this.state !== 'failed') this.feed();
    });
  }

  private takeQueued(): Buffer {
    const chunk = this.queued.length === 1 ? this.queued[0]! : Buffer.concat(this.queued);
    this.queued = [];
    this.queuedBytes = 0;
    return chunk;
  }

  private throwIfFailed(): void {
    if (this.state === 'failed') throw this.failure;
  }

  /** Ends the gzip stream and waits for the upload to complete. */
  async end(): Promise<void> {
    this.state = this.state === 'open' ? 'ending' : this.state;
    // Written after the chunk in gzip, if any: the stream keeps the order.
    if (this.queuedBytes > 0) this.gzip.write(this.takeQueued());
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
