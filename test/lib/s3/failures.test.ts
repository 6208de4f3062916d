import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../lib/lambda/config.ts';
import { ObjectProcessingError } from '../../../lib/errors.ts';
import { createHandler } from '../../../lib/lambda/handler.ts';
import { s3Notification } from '../../../dev/s3-notifications.ts';
import { recordObservability } from '../../helpers/quiet.ts';
import { useS3Handler } from '../../helpers/use-s3.ts';
import { echo } from '../../helpers/echo.ts';

const RAW = 'raw-logs';
const OUT = 'normalized-logs';

const { s3, firehose, handler } = useS3Handler(echo, { raw: RAW, output: OUT });
recordObservability();

/** 12 MiB of incompressible lines: 80% of their gzip output needs a multipart upload (parts of 5 MiB). */
const BIG = (() => {
  const text = randomBytes(9 * 1024 * 1024).toString('base64');
  return text.replace(/(.{100})/g, '$1\n');
})();

type Send = (command: unknown) => Promise<unknown>;

/** Lets `fault` replace the answer to any command sent by the client; returns the commands sent. */
function interceptSend(client: S3Client, fault: (command: unknown, send: Send) => Promise<unknown> | undefined): unknown[] {
  const sent: unknown[] = [];
  const real = client.send.bind(client) as Send;
  vi.spyOn(client, 'send').mockImplementation(((command: unknown) => {
    sent.push(command);
    return fault(command, real) ?? real(command);
  }) as never);
  return sent;
}

/** An S3-style error, as the SDK throws it. */
function s3Error(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 403 } });
}

async function drop(key: string, body: string) {
  const { eTag, size } = await s3().put(RAW, key, body);
  return s3Notification([{ bucket: RAW, key, size, eTag, eventTime: '2024-05-14T08:00:00.000Z' }]);
}

/** What is left in the output bucket for a source key: objects and open multipart uploads. */
async function leftovers(key: string): Promise<{ objects: string[]; uploads: string[] }> {
  const objects = (await s3().keys(OUT)).filter((k) => k.includes(`/${key}.`));
  const uploads = (await s3().openUploads(OUT)).filter((k) => k.includes(`/${key}.`));
  return { objects, uploads };
}

describe('S3 log drops: failures', () => {
  it('fails with an ObjectProcessingError naming the object when it cannot be fetched', async () => {
    const notification = s3Notification([{ bucket: RAW, key: 'echo/missing file.log', size: 10, eTag: 'abc' }]);

    const error = await handler(notification).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ObjectProcessingError);
    expect(error).toMatchObject({ bucket: RAW, key: 'echo/missing file.log' });
    expect((error as Error).message).toMatch(/^s3:\/\/raw-logs\/echo\/missing file\.log: cannot read object: NoSuchKey: /);
  });

  it.each([
    ['plain', (text: string): Buffer => Buffer.from(text)],
    ['gzip', (text: string): Buffer => gzipSync(text, { level: 1 })],
  ])('aborts the multipart upload and leaves no output when a %s object cannot be read to the end', async (kind, encode) => {
    const key = `echo/cut-${kind}.log`;
    const body = encode(`reject first\n${BIG}`);
    const { eTag, size } = await s3().put(RAW, key, body);
    const notification = s3Notification([{ bucket: RAW, key, size, eTag }]);
    const sent = interceptSend(s3().client, (command, send) => {
      if (!(command instanceof GetObjectCommand)) return undefined;
      return send(command).then((response) => {
        const original = (response as { Body: Readable }).Body;
        // The connection drops after 80% of the object.
        async function* cut(): AsyncGenerator<Buffer> {
          let read = 0;
          for await (const chunk of original) {
            read += (chunk as Buffer).length;
            if (read > size * 0.8) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
            yield chunk as Buffer;
          }
        }
        return { ...(response as object), Body: Readable.from(cut()) };
      });
    });

    const error = await handler(notification).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ObjectProcessingError);
    expect((error as Error).message).toBe(`s3://raw-logs/${key}: cannot read object: socket hang up`);
    expect(sent.some((c) => c instanceof CreateMultipartUploadCommand)).toBe(true);
    expect(sent.some((c) => c instanceof AbortMultipartUploadCommand)).toBe(true);
    expect(await leftovers(key)).toEqual({ objects: [], uploads: [] });
  });

  it('aborts the multipart upload and leaves no output when an upload part fails', async () => {
    const notification = await drop('echo/denied.log', `reject first\n${BIG}`);
    const sent = interceptSend(s3().client, (command) =>
      command instanceof UploadPartCommand && command.input.PartNumber === 2
        ? Promise.reject(s3Error('AccessDenied', 'Access Denied'))
        : undefined,
    );

    const error = await handler(notification).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ObjectProcessingError);
    expect((error as Error).message).toBe('s3://raw-logs/echo/denied.log: cannot write output: AccessDenied: Access Denied');
    expect(sent.some((c) => c instanceof AbortMultipartUploadCommand)).toBe(true);
    expect(await leftovers('echo/denied.log')).toEqual({ objects: [], uploads: [] });
  });

  it('removes the events object when the errors object cannot be written', async () => {
    const notification = await drop('echo/half.log', 'one\nreject two\nthree\n');
    interceptSend(s3().client, (command) =>
      command instanceof PutObjectCommand && command.input.Key!.startsWith('errors/')
        ? Promise.reject(s3Error('AccessDenied', 'Access Denied'))
        : undefined,
    );

    const error = await handler(notification).catch((e: unknown) => e);

    expect((error as Error).message).toBe('s3://raw-logs/echo/half.log: cannot write output: AccessDenied: Access Denied');
    expect(await leftovers('echo/half.log')).toEqual({ objects: [], uploads: [] });
  });

  it('removes the events object when a stale errors object cannot be deleted', async () => {
    const notification = await drop('echo/stale.log', 'one\ntwo\n');
    const sent = interceptSend(s3().client, (command) =>
      command instanceof DeleteObjectCommand && command.input.Key!.startsWith('errors/')
        ? Promise.reject(s3Error('AccessDenied', 'Access Denied'))
        : undefined,
    );

    const error = await handler(notification).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ObjectProcessingError);
    expect((error as Error).message).toBe('s3://raw-logs/echo/stale.log: cannot delete stale errors object: AccessDenied: Access Denied');
    // The errors object's delete failed, then the events object already written was removed.
    const deleted = sent.filter((c): c is DeleteObjectCommand => c instanceof DeleteObjectCommand).map((c) => c.input.Key!.split('/')[0]);
    expect(deleted).toEqual(['errors', 'normalized']);
    expect(await leftovers('echo/stale.log')).toEqual({ objects: [], uploads: [] });
  });

  it('fails when the output bucket does not exist', async () => {
    const notification = await drop('echo/nowhere.log', 'one\n');
    const lost = createHandler(echo, { config: loadConfig({ OUTPUT_BUCKET: 'no-such-bucket' }), s3: s3().client, firehose });

    const error = await lost(notification).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ObjectProcessingError);
    expect((error as Error).message).toMatch(/^s3:\/\/raw-logs\/echo\/nowhere\.log: cannot write output: NoSuchBucket: /);
  });

  it('publishes the metrics of a failed invocation, with ObjectsFailed', async () => {
    const notification = s3Notification([{ bucket: RAW, key: 'echo/missing.log', size: 10, eTag: 'abc' }]);
    const addMetric = vi.spyOn((await import('../../../lib/lambda/observability.ts')).metrics, 'addMetric');

    await expect(handler(notification)).rejects.toThrow(ObjectProcessingError);

    expect(addMetric.mock.calls.map(([name, , value]) => [name, value])).toEqual([
      ['ObjectsFailed', 1],
      ['ObjectsProcessed', 0],
      ['EventsNormalized', 0],
      ['RecordsUnparsed', 0],
      ['LinesRejected', 0],
      ['BlankLines', 0],
      ['BytesIn', 0],
      ['BytesOut', 0],
    ]);
  });
});
