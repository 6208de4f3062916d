import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/lambda/config.ts';
import { ObjectProcessingError } from '../../lib/errors.ts';
import { createHandler, type Handler } from '../../lib/lambda/handler.ts';
import { normalizeStream } from '../../lib/records/pipeline.ts';
import { getIntegration } from '../../functions/registry.ts';
import { s3Notification } from '../../dev/s3-notifications.ts';
import type { S3NotificationResult } from '../../lib/s3/process-notification.ts';
import { rejectedLineJson } from '../../lib/s3/rejected-lines.ts';
import { ecsTimestamp } from '../../lib/ecs/time.ts';
import { recordObservability } from '../helpers/quiet.ts';
import { localS3Client, startTestS3, type TestS3 } from '../helpers/s3-server.ts';
import { startS3Proxy, type Fault, type ProxiedRequest, type S3Proxy } from './s3-proxy.ts';

/**
 * Fault injection on the S3 path, with the real ibm-aix handler, against the local S3
 * server behind a proxy that fails chosen requests as S3 would (s3rver cannot fail on
 * demand): the source stream breaks mid-object, an upload part in the middle fails, the
 * output bucket is missing, access is denied on read and on write. Each time the
 * invocation fails with an ObjectProcessingError naming the object, no output object is
 * visible, no multipart upload is left open, and a later retry (the fault gone) writes the
 * complete output, identical to what the object's lines normalize to.
 * (test/lib/s3/failures.test.ts covers the same faults with an echo normalizer and SDK mocks.)
 */

const RAW = 'raw-logs';
const OUT = 'normalized-logs';
const EVENT_TIME = '2024-05-14T08:00:00.000Z';
const aix = getIntegration('ibm-aix');

let s3: TestS3;
let proxy: S3Proxy;
const firehose = new FirehoseClient({ region: 'us-east-1' });

/** An AIX line whose command is `bytes` of random base64: incompressible, so the output needs a multipart upload. */
function randomLine(bytes: number): string {
  return `PROC_Execute sh root Pipin OK 22 Nov 2022 10:20:32.056053 No associated roles euid: 503 egid: 403 epriv: 0:0 name sh -c ${randomBytes(bytes).toString('base64')} `;
}

/**
 * About 16 MiB of lines whose gzip NDJSON output is over 10 MiB (three or more parts of
 * 5 MiB), with a blank line and an invalid UTF-8 line so that both outputs are written.
 */
const BIG = Buffer.concat([
  Buffer.from(`${Array.from({ length: 19_000 }, () => randomLine(600)).join('\n')}\n\n`),
  Buffer.from([0x41, 0xff, 0x0a]),
  Buffer.from(`${randomLine(100)}\n`),
]);
const SMALL = Buffer.from(
  'FILE_Unlink Pipin root root OK 25 sep 2022 23:14:20.756159 No associated roles filename /var/adm/nim/glock\n\n\xff\nPROC_Kill rsyslogd root root OK 25 sep 2022 23:14:20.816166 No associated roles pid: 3605020, sig: 22\n',
  'latin1',
);

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** What the object's lines normalize to: the events NDJSON and the errors NDJSON a complete run writes. */
async function expectedOutputs(content: Buffer, key: string): Promise<{ events: string; errors: string; lines: number; rejected: number }> {
  const context = { timezone: 'UTC', receivedAt: ecsTimestamp(Date.parse(EVENT_TIME)) };
  let events = '';
  let errors = '';
  let lines = 0;
  let rejected = 0;
  for await (const normalized of normalizeStream(once(content), aix, context)) {
    events += normalized.ndjson.toString('utf8');
    for (const r of normalized.rejected) errors += rejectedLineJson(RAW, key, r);
    lines += normalized.lines;
    rejected += normalized.rejected.length;
  }
  return { events, errors, lines, rejected };
}

function handlerFor(outputBucket = OUT): Handler {
  return createHandler(aix, { config: loadConfig({ OUTPUT_BUCKET: outputBucket }), s3: localS3Client(proxy.endpoint), firehose });
}

let drops = 0;

async function drop(content: Buffer, gzip = false): Promise<{ key: string; notification: ReturnType<typeof s3Notification> }> {
  const key = `ibm-aix/faults/${drops++}-${gzip ? 'gzip' : 'plain'}.log`;
  const { eTag, size } = await s3.put(RAW, key, gzip ? gzipSync(content, { level: 1 }) : content);
  return { key, notification: s3Notification([{ bucket: RAW, key, size, eTag, eventTime: EVENT_TIME }]) };
}

/** Asserts two long strings are equal without printing them. */
function same(actual: string, expected: string, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  expect(actual === expected, `${what} differs`).toBe(true);
}

/** Output objects and open multipart uploads left for a source key, in a bucket. */
async function leftovers(bucket: string, key: string): Promise<{ objects: string[]; uploads: string[] }> {
  const objects: string[] = [];
  for (const prefix of ['normalized/', 'errors/']) objects.push(...(await s3.keys(bucket, `${prefix}ibm-aix/`)).filter((k) => k.includes(`/${key}.`)));
  const uploads = (await s3.openUploads(bucket)).filter((k) => k.includes(`/${key}.`));
  return { objects, uploads };
}

/**
 * Runs the handler with `fault` on, expects it to fail naming the object and leave
 * nothing; then runs it again without the fault and expects the complete output.
 */
async function failThenRetry(options: {
  readonly content: Buffer;
  readonly gzip?: boolean;
  /** The fault the proxy injects; none when the fault is the setup itself (a missing bucket). */
  readonly fault?: (request: ProxiedRequest, key: string) => Fault | undefined;
  readonly reason: RegExp;
  readonly outputBucket?: string;
  readonly beforeRetry?: () => Promise<void>;
}): Promise<{ key: string; faulted: string[]; requests: string[]; eventsBytes: number }> {
  const { key, notification } = await drop(options.content, options.gzip);
  const outputBucket = options.outputBucket ?? OUT;
  const handler = handlerFor(outputBucket);
  proxy.requests.length = 0;
  proxy.faulted.length = 0;
  proxy.fault = (request) => options.fault?.(request, key);

  const error = await handler(notification).then(
    () => undefined,
    (e: unknown) => e,
  );
  proxy.fault = () => undefined;
  const faulted = [...proxy.faulted];
  const requests = [...proxy.requests];
  if (options.fault) expect(faulted.length, 'the fault was injected').toBeGreaterThan(0);
  expect(error).toBeInstanceOf(ObjectProcessingError);
  expect(error).toMatchObject({ bucket: RAW, key });
  const message = (error as Error).message;
  expect(message.startsWith(`s3://${RAW}/${key}: `), message).toBe(true);
  expect(message.slice(`s3://${RAW}/${key}: `.length)).toMatch(options.reason);
  await options.beforeRetry?.();
  expect(await leftovers(outputBucket, key)).toStrictEqual({ objects: [], uploads: [] });

  const result = (await handler(notification)) as S3NotificationResult;
  const expected = await expectedOutputs(options.content, key);
  const summary = result.objects[0]!;
  expect(summary).toMatchObject({ key, lines: expected.lines, rejected: expected.rejected });
  const eventsKey = summary.output.slice(`s3://${outputBucket}/`.length);
  same(await s3.gunzip(outputBucket, eventsKey), expected.events, 'events');
  same(await s3.gunzip(outputBucket, summary.errors!.slice(`s3://${outputBucket}/`.length)), expected.errors, 'errors');
  expect((await s3.openUploads(outputBucket)).filter((k) => k.includes(`/${key}.`))).toStrictEqual([]);
  return { key, faulted, requests, eventsBytes: (await s3.get(outputBucket, eventsKey)).length };
}

const isGet = (request: ProxiedRequest, key: string): boolean => request.method === 'GET' && request.path === `/${RAW}/${key}`;
const isEventsWrite = (request: ProxiedRequest): boolean => request.method === 'PUT' && request.path.startsWith(`/${OUT}/normalized/`);
const denied: Fault = { kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' };

beforeAll(async () => {
  s3 = await startTestS3([RAW, OUT]);
  proxy = await startS3Proxy(s3.endpoint);
});
afterAll(async () => {
  firehose.destroy();
  await proxy.close();
  await s3.close();
});
recordObservability();

describe('Robustness: S3 faults, then a retry', () => {
  it.each([
    ['plain', false],
    ['gzip', true],
  ])('the %s source stream breaks mid-object: the multipart upload is aborted; the retry writes everything', async (_kind, gzip) => {
    const size = (gzip ? gzipSync(BIG, { level: 1 }) : BIG).length;
    const { requests } = await failThenRetry({
      content: BIG,
      gzip,
      fault: (request, key) => (isGet(request, key) ? { kind: 'cut', after: Math.floor(size * 0.6) } : undefined),
      reason: /^cannot read object: /,
    });
    expect(requests.some((r) => r.startsWith('POST ') && /[?&]uploads\b/.test(r))).toBe(true);
    expect(requests.some((r) => r.startsWith('DELETE ') && r.includes('uploadId='))).toBe(true);
  });

  it('the upload fails on a middle part (SlowDown on every attempt of part 2 of 3 or more): aborted; the retry writes everything', async () => {
    const { faulted, requests, eventsBytes } = await failThenRetry({
      content: BIG,
      fault: (request) => (isEventsWrite(request) && request.query.get('partNumber') === '2' ? { kind: 'error', status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' } : undefined),
      reason: /^cannot write output: SlowDown: Please reduce your request rate\.$/,
    });
    // The SDK retried the part before giving up.
    expect(faulted.length).toBeGreaterThan(1);
    // Parts are 5 MiB: an output over 10 MiB has three or more, so part 2 is a middle one.
    expect(eventsBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(requests.some((r) => r.startsWith('DELETE ') && r.includes('uploadId='))).toBe(true);
  });

  it('the output bucket is missing: the retry once it exists writes everything', async () => {
    const bucket = 'late-output-bucket';
    await failThenRetry({
      content: SMALL,
      outputBucket: bucket,
      reason: /^cannot write output: NoSuchBucket: /,
      beforeRetry: async () => {
        await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
      },
    });
  });

  it('access to the source is denied: nothing is written; the retry writes everything', async () => {
    const { requests } = await failThenRetry({
      content: SMALL,
      fault: (request, key) => (isGet(request, key) ? denied : undefined),
      reason: /^cannot read object: AccessDenied: Access Denied$/,
    });
    expect(requests.filter((r) => !r.startsWith('GET '))).toStrictEqual([]);
  });

  it('writing the output is denied: the errors upload is aborted too; the retry writes everything', async () => {
    await failThenRetry({
      content: SMALL,
      fault: (request) => (isEventsWrite(request) ? denied : undefined),
      reason: /^cannot write output: AccessDenied: Access Denied$/,
    });
  });
});
