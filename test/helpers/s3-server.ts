import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline, Readable, Transform } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { localS3Client, startLocalS3, type LocalS3Server } from '../../dev/local-s3-server.ts';

export { localS3Client };

// The SDK warns once per process that its 2027 releases need Node.js 22: noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * A real S3 API for tests: s3rver on 127.0.0.1 at a random port, in a temporary folder,
 * with a client configured as the handlers' (path-style, checksums only when required).
 * Start one per test file (`beforeAll`), close it in `afterAll`.
 */
export interface TestS3 {
  readonly server: LocalS3Server;
  readonly client: S3Client;
  readonly endpoint: string;
  /** Uploads an object; returns what S3 notifications carry about it. */
  put(bucket: string, key: string, body: Uint8Array | string): Promise<{ eTag: string; size: number }>;
  /** An object's bytes. */
  get(bucket: string, key: string): Promise<Buffer>;
  /** A gzip object's decompressed text. */
  gunzip(bucket: string, key: string): Promise<string>;
  /** UTC date (YYYY-MM-DD) of an object's Last-Modified: the `dt` of its outputs. */
  dt(bucket: string, key: string): Promise<string>;
  /** Keys under a prefix, sorted. */
  keys(bucket: string, prefix?: string): Promise<string[]>;
  /** Keys of multipart uploads still open in the bucket. */
  openUploads(bucket: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts s3rver with `buckets` created. */
export async function startTestS3(buckets: readonly string[]): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-test-'));
  const server = await startLocalS3({ directory, buckets });
  const client = localS3Client(server.endpoint);

  const get = async (bucket: string, key: string): Promise<Buffer> => {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await response.Body!.transformToByteArray());
  };

  return {
    server,
    client,
    endpoint: server.endpoint,
    async put(bucket, key, body) {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      const response = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
      return { eTag: response.ETag!.replace(/"/g, ''), size: bytes.length };
    },
    get,
    async gunzip(bucket, key) {
      return gunzipSync(await get(bucket, key)).toString('utf8');
    },
    async dt(bucket, key) {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return head.LastModified!.toISOString().slice(0, 10);
    },
    async keys(bucket, prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? []) keys.push(object.Key!);
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    async openUploads(bucket) {
      const response = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      return (response.Uploads ?? []).map((u) => u.Key!);
    },
    async close() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * A client for `endpoint` that counts the object bytes its GetObject bodies hand to their
 * reader: what the code under test has taken from S3, whatever it holds or drops.
 */
export function countingS3Client(endpoint: string): { readonly client: S3Client; pulled(): number } {
  const client = localS3Client(endpoint);
  let pulled = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const output = result.output as { Body?: unknown };
      if (output.Body instanceof Readable) {
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            pulled += chunk.length;
            callback(null, chunk);
          },
        });
        pipeline(output.Body, counter, () => {});
        output.Body = counter;
      }
      return result;
    },
    { step: 'initialize', name: 'countBodyBytes' },
  );
  return { client, pulled: () => pulled };
}
