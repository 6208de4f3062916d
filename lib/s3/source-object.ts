import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { S3Source } from './notification.ts';

/** A source object opened for streaming: its body is read chunk by chunk, never whole. */
export interface OpenedObject {
  /** The object's bytes as stored (gzip or not), as they arrive from S3. */
  readonly body: AsyncIterable<Uint8Array>;
  /** ETag of the version read, without quotes. */
  readonly eTag: string | undefined;
  /** Last-Modified of the version read. */
  readonly lastModified: Date;
  /** Bytes of the body read so far. */
  bytesRead(): number;
  /** Releases the connection when the body is not read to the end. */
  destroy(error?: Error): void;
}

/**
 * Starts a GetObject of the notified object (the notified version when there is one) and
 * returns as soon as the headers are in.
 */
export async function openObject(client: S3Client, source: S3Source): Promise<OpenedObject> {
  const response = await client.send(
    new GetObjectCommand({
      Bucket: source.bucket,
      Key: source.key,
      ...(source.versionId ? { VersionId: source.versionId } : {}),
    }),
  );
  // In Node.js the SDK's body is an IncomingMessage (a Readable).
  const stream = response.Body as Readable | undefined;
  if (!stream) throw new Error('GetObject returned no body');
  let read = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      read += chunk.length;
      yield chunk;
    }
  }
  return {
    body: counted(),
    eTag: response.ETag?.replace(/"/g, '') ?? source.eTag,
    lastModified: response.LastModified ?? new Date(Date.parse(source.eventTime) || Date.now()),
    bytesRead: () => read,
    destroy: (error) => stream.destroy(error),
  };
}
