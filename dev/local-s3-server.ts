import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * A local S3-compatible server (s3rver, in-process) for `npm start`, the tests and the
 * benchmark: no AWS account, no network beyond 127.0.0.1. Not part of any Lambda bundle.
 *
 * s3rver lacks AbortMultipartUpload and ListMultipartUploads; both are added here (a
 * small middleware over its upload folders) so that aborting a failed upload works as on
 * S3 and tests can check that none is left open.
 *
 * s3rver 3.7.1 also answers a PUT (object, part, completed multipart upload) once the bytes
 * are handed to its file stream, before they are on disk: a GET right after could find the
 * file short or empty (a truncated gzip, `unexpected end of file`), and a part could be
 * concatenated short. Its writes are replaced here by {@link writeWhole}, so an answered
 * PUT is readable whole and a partial file is never visible, as on S3.
 */

/** Credentials s3rver accepts (its built-in dummy account); any AWS SDK client can sign with them. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** A client for a local endpoint, signed with {@link LOCAL_CREDENTIALS}, path-style, checksums only when required (s3rver stores streamed uploads with their chunk framing otherwise). */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A running local server. */
export interface LocalS3Server {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Folder holding the buckets: object `k` of bucket `b` is the file `<directory>/b/k._S3rver_object`. */
  readonly directory: string;
  /** Path on disk of an object's bytes. */
  objectPath(bucket: string, key: string): string;
  close(): Promise<void>;
}

/** Options of {@link startLocalS3}. */
export interface LocalS3Options {
  /** Folder for the buckets (created; emptied first when `reset`). */
  readonly directory: string;
  /** Buckets to create before starting. */
  readonly buckets?: readonly string[];
  /** Empty `directory` first. @default true */
  readonly reset?: boolean;
  /** Port to listen on. @default 0 (a free one) */
  readonly port?: number;
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
/** The parts of s3rver's filesystem store replaced here. */
interface FilesystemStore {
  getResourcePath(bucket: string, key?: string, resource?: string): string;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
  putObject(object: { bucket: string; key: string; content: Readable | Buffer; metadata: unknown }): Promise<WrittenFile>;
  putPart(bucket: string, uploadId: string, partNumber: number, content: Readable): Promise<WrittenFile>;
}
interface S3rverInstance {
  store: FilesystemStore;
  middleware: Middleware[];
  httpServer?: { closeAllConnections(): void };
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

const UPLOADS = '._S3rver_uploads';

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Adds the two multipart-upload operations s3rver lacks (path-style requests). */
function multipartUploads(directory: string): Middleware {
  return async (ctx, next) => {
    const match = /^\/([^/]+)(?:\/(.*))?$/.exec(ctx.path);
    if (!match) return next();
    const [, bucket, key] = match;
    const uploadId = ctx.query.uploadId;
    if (ctx.method === 'DELETE' && key && typeof uploadId === 'string' && /^[0-9a-f]+$/.test(uploadId)) {
      await rm(join(directory, bucket!, UPLOADS, uploadId), { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    if (ctx.method === 'GET' && !key && 'uploads' in ctx.query) {
      const ids = await readdir(join(directory, bucket!, UPLOADS)).catch(() => [] as string[]);
      const uploads = await Promise.all(
        ids.map(async (id) => {
          const uploadKey = await readFile(join(directory, bucket!, UPLOADS, id, 'key'), 'utf8').catch(() => '');
          return `<Upload><Key>${xmlEscape(uploadKey)}</Key><UploadId>${id}</UploadId></Upload>`;
        }),
      );
      ctx.type = 'application/xml';
      ctx.body =
        '<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        `<Bucket>${xmlEscape(bucket!)}</Bucket><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>${uploads.join('')}` +
        '</ListMultipartUploadsResult>';
      return;
    }
    return next();
  };
}

/** Size and MD5 (hex) of a file written. */
interface WrittenFile {
  readonly size: number;
  readonly md5: string;
}

/**
 * Writes `content` to `path` and resolves once every byte is on disk: into a temporary file
 * beside it, renamed over `path` at the end, so a reader sees the old file or the whole new
 * one, never part of it. A failed write leaves nothing behind.
 */
async function writeWhole(path: string, content: Readable | Buffer): Promise<WrittenFile> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(8).toString('hex')}.partial`;
  const md5 = createHash('md5');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : content, measure, createWriteStream(temporary));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { size, md5: md5.digest('hex') };
}

/** Makes s3rver's object and part writes complete before it answers (see {@link writeWhole}). */
function writeObjectsWhole(store: FilesystemStore, directory: string): void {
  store.putObject = async (object) => {
    const written = await writeWhole(store.getResourcePath(object.bucket, object.key, 'object'), object.content);
    await store.putMetadata(object.bucket, object.key, object.metadata, written.md5);
    return written;
  };
  store.putPart = async (bucket, uploadId, partNumber, content) => {
    const partPath = join(directory, bucket, UPLOADS, uploadId, String(partNumber));
    const written = await writeWhole(partPath, content);
    await writeFile(`${partPath}.md5`, written.md5);
    return written;
  };
}

/** Starts s3rver on 127.0.0.1 (a free port unless told) with `buckets` created. */
export async function startLocalS3(options: LocalS3Options): Promise<LocalS3Server> {
  const { directory } = options;
  if (options.reset ?? true) await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  server.middleware.unshift(multipartUploads(directory));
  writeObjectsWhole(server.store, directory);
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    directory,
    objectPath: (bucket, key) => join(directory, bucket, `${key}._S3rver_object`),
    close: async () => {
      // Clients keep connections alive; without this, close() would wait for them.
      const closing = server.close();
      server.httpServer?.closeAllConnections();
      await closing;
    },
  };
}
