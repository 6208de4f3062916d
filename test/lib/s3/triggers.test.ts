import { FirehoseClient } from '@aws-sdk/client-firehose';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../lib/lambda/config.ts';
import { ObjectProcessingError } from '../../../lib/errors.ts';
import { createHandler, type Handler } from '../../../lib/lambda/handler.ts';
import { getIntegration } from '../../../functions/registry.ts';
import { s3Notification } from '../../../dev/s3-notifications.ts';
import { quietObservability } from '../../helpers/quiet.ts';
import { localS3Client, startTestS3, type TestS3 } from '../../helpers/s3-server.ts';
import { AIX_EVENT, AIX_LINE, batchInvocation, objectCreatedEvent, s3Message, S3_TEST_EVENT_BODY, sqsEvent } from '../../helpers/trigger-events.ts';
import { startS3Proxy, type Fault, type ProxiedRequest, type S3Proxy } from '../../robustness/s3-proxy.ts';

/**
 * The SQS, EventBridge and S3 Batch Operations triggers through the real ibm-aix handler,
 * against the local S3 server behind the fault proxy (for throttling and 5xx answers,
 * which s3rver cannot give on demand): a good object, a missing one, a corrupt gzip one,
 * one over the per-object limit, a throttled write and a throttled read, with the exact
 * answer each trigger expects.
 */

const RAW = 'raw-logs';
const OUT = 'normalized-logs';
/** A small per-object limit, so that "over the limit" needs only a few KiB. */
const LIMIT = 4096;
const EVENTS = `${JSON.stringify(AIX_EVENT)}\n`;
const CORRUPT_GZIP = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from('not really gzip, only its magic bytes')]);
/** Inflates to 10,000 bytes: over LIMIT uncompressed while its stored size is under it. */
const INFLATING = gzipSync(Buffer.from('x\n'.repeat(5_000)));

const SLOW_DOWN: Fault = { kind: 'error', status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' };
const INTERNAL: Fault = { kind: 'error', status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' };
const NO_SUCH_VERSION: Fault = { kind: 'error', status: 404, code: 'NoSuchVersion', message: 'The specified version does not exist.' };

const aix = getIntegration('ibm-aix');
const firehose = new FirehoseClient({ region: 'us-east-1' });
let s3: TestS3;
let proxy: S3Proxy;
let handler: Handler;

/** Faults by request: a write of any output of `key`, a read of `key` (any version, or one). */
const writesOf = (key: string) => (r: ProxiedRequest) => r.method === 'PUT' && r.path.startsWith(`/${OUT}/`) && r.path.includes(`/${key}.`);
const readsOf = (key: string, versionId?: string) => (r: ProxiedRequest) =>
  r.method === 'GET' && r.path === `/${RAW}/${key}` && (versionId === undefined || r.query.get('versionId') === versionId);

function injectFaults(faults: readonly (readonly [(r: ProxiedRequest) => boolean, Fault])[]): void {
  proxy.fault = (request) => faults.find(([matches]) => matches(request))?.[1];
}

/** Uploads `body` under `key` in the raw bucket; returns its ETag, size and events output key. */
async function drop(key: string, body: Buffer | string) {
  const { eTag, size } = await s3.put(RAW, key, body);
  return { key, eTag, size, eventsKey: `normalized/ibm-aix/dt=${await s3.dt(RAW, key)}/${key}.${eTag.slice(0, 8)}.ndjson.gz` };
}

/** The output objects of a source key (events and errors). */
async function outputsOf(key: string): Promise<string[]> {
  return (await s3.keys(OUT)).filter((k) => k.includes(`/${key}.`));
}

const notificationOf = (o: { key: string; eTag: string; size: number }) =>
  s3Notification([{ bucket: RAW, key: o.key, size: o.size, eTag: o.eTag, eventTime: '2024-05-14T08:00:00.000Z' }]);

beforeAll(async () => {
  s3 = await startTestS3([RAW, OUT]);
  proxy = await startS3Proxy(s3.endpoint);
  handler = createHandler(aix, {
    config: loadConfig({ OUTPUT_BUCKET: OUT, MAX_OBJECT_BYTES: String(LIMIT) }),
    s3: localS3Client(proxy.endpoint),
    firehose,
  });
});
afterAll(async () => {
  firehose.destroy();
  await proxy.close();
  await s3.close();
});
quietObservability();
beforeEach(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  proxy.fault = () => undefined;
  proxy.requests.length = 0;
  proxy.faulted.length = 0;
});

describe('SQS trigger (S3 → SQS → Lambda)', () => {
  it('answers batchItemFailures with exactly the messages that failed, each on its own', async () => {
    const good = await drop('ibm-aix/sqs/host a.log', `${AIX_LINE}\n`);
    const corrupt = await drop('ibm-aix/sqs/corrupt.log.gz', CORRUPT_GZIP);
    const throttled = await drop('ibm-aix/sqs/throttled.log', `${AIX_LINE}\n`);
    const missing = { key: 'ibm-aix/sqs/missing.log', eTag: '0123456789abcdef0123456789abcdef', size: 10 };
    injectFaults([[writesOf(throttled.key), SLOW_DOWN]]);

    const result = await handler(
      sqsEvent([
        s3Message('m-good', notificationOf(good)),
        s3Message('m-missing', notificationOf(missing)),
        s3Message('m-corrupt', notificationOf(corrupt)),
        { messageId: 'm-not-json', body: 'ibm-aix/sqs/host a.log' },
        { messageId: 'm-not-s3', body: JSON.stringify({ Records: [{ eventSource: 'aws:sns' }] }) },
        { messageId: 'm-test', body: S3_TEST_EVENT_BODY },
        s3Message('m-throttled', notificationOf(throttled)),
      ]),
    );

    expect(result).toStrictEqual({
      batchItemFailures: [
        { itemIdentifier: 'm-missing' },
        { itemIdentifier: 'm-corrupt' },
        { itemIdentifier: 'm-not-json' },
        { itemIdentifier: 'm-not-s3' },
        { itemIdentifier: 'm-throttled' },
      ],
    });
    expect(await outputsOf(good.key)).toStrictEqual([good.eventsKey]);
    expect(await s3.gunzip(OUT, good.eventsKey)).toBe(EVENTS);
    for (const failed of [missing, corrupt, throttled]) expect(await outputsOf(failed.key)).toStrictEqual([]);
    // The SDK retried the throttled write before the message was given up on.
    expect(proxy.faulted.length).toBeGreaterThan(1);
  });

  it('answers a batch whose every message failed like any other, without failing the invocation', async () => {
    expect(await handler(sqsEvent([{ messageId: 'm-only', body: '{' }]))).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-only' }] });
  });

  it('acknowledges a batch holding only the s3:TestEvent', async () => {
    expect(await handler(sqsEvent([{ messageId: 'm-test', body: S3_TEST_EVENT_BODY }]))).toStrictEqual({ batchItemFailures: [] });
    expect(proxy.requests).toStrictEqual([]);
  });
});

describe('EventBridge trigger (S3 → EventBridge → Lambda)', () => {
  it('reads the key as it is (EventBridge does not URL-encode it) and answers the object summary', async () => {
    const good = await drop('ibm-aix/eventbridge/host a+b %41.log', `${AIX_LINE}\n`);

    const result = await handler(objectCreatedEvent({ bucket: RAW, key: good.key, size: good.size, eTag: good.eTag }));

    expect(result).toMatchObject({
      objects: [{ bucket: RAW, key: good.key, eTag: good.eTag, lines: 1, events: 1, rejected: 0, blank: 0, output: `s3://${OUT}/${good.eventsKey}`, errors: undefined }],
      skipped: 0,
    });
    expect(await s3.gunzip(OUT, good.eventsKey)).toBe(EVENTS);
  });

  it.each([
    ['a missing object', 'ibm-aix/eventbridge/missing.log', undefined, /^cannot read object: NoSuchKey: /],
    ['a corrupt gzip object', 'ibm-aix/eventbridge/corrupt.log.gz', CORRUPT_GZIP, /^cannot read object: /],
    ['a throttled write', 'ibm-aix/eventbridge/throttled.log', `${AIX_LINE}\n`, /^cannot write output: SlowDown: Please reduce your request rate\.$/],
  ])('fails the invocation on %s, naming the object, so that Lambda retries it', async (_, key, body, reason) => {
    const object = body === undefined ? { key, eTag: 'abc', size: 1 } : await drop(key, body);
    injectFaults([[writesOf(key), SLOW_DOWN]]);

    const error = await handler(objectCreatedEvent({ bucket: RAW, key, size: object.size, eTag: object.eTag })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ObjectProcessingError);
    expect(error).toMatchObject({ bucket: RAW, key });
    expect((error as Error).message.slice(`s3://${RAW}/${key}: `.length)).toMatch(reason);
    expect(await outputsOf(key)).toStrictEqual([]);
  });

  it('skips an S3 event that is not an object creation', async () => {
    const result = await handler(objectCreatedEvent({ bucket: RAW, key: 'ibm-aix/eventbridge/gone.log', size: 1, eTag: 'abc' }, 'Object Deleted'));

    expect(result).toStrictEqual({ objects: [], skipped: 1 });
    expect(proxy.requests).toStrictEqual([]);
  });
});

describe('S3 Batch Operations (backfill)', () => {
  it('answers schema 2.0 with one result per task, in task order, with the code Batch Operations acts on', async () => {
    const good = await drop('ibm-aix/batch/2024/host a.log', `${AIX_LINE}\n`);
    const corrupt = await drop('ibm-aix/batch/corrupt.log.gz', CORRUPT_GZIP);
    const throttledWrite = await drop('ibm-aix/batch/throttled-write.log', `${AIX_LINE}\n`);
    const throttledRead = await drop('ibm-aix/batch/throttled-read.log', `${AIX_LINE}\n`);
    const large = await drop('ibm-aix/batch/large.log', `${AIX_LINE}\n`.repeat(40));
    const inflating = await drop('ibm-aix/batch/inflating.log.gz', INFLATING);
    const cut = await drop('ibm-aix/batch/cut.log', `${AIX_LINE}\n`.repeat(20));
    injectFaults([
      [writesOf(throttledWrite.key), SLOW_DOWN],
      [readsOf(throttledRead.key), INTERNAL],
      [readsOf(cut.key), { kind: 'cut', after: 100 }],
    ]);
    const task = (taskId: string, key: string) => ({ taskId, bucket: RAW, key });

    const result = await handler(
      batchInvocation(
        '2.0',
        [
          task('t-good', good.key),
          task('t-missing', 'ibm-aix/batch/missing.log'),
          task('t-corrupt', corrupt.key),
          task('t-throttled-write', throttledWrite.key),
          task('t-throttled-read', throttledRead.key),
          task('t-large', large.key),
          task('t-inflating', inflating.key),
          task('t-cut', cut.key),
        ],
        { integration: 'ibm-aix' },
      ),
    );

    expect(result).toStrictEqual({
      invocationSchemaVersion: '2.0',
      treatMissingKeysAs: 'PermanentFailure',
      invocationId: 'YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo',
      results: [
        { taskId: 't-good', resultCode: 'Succeeded', resultString: `1 events, 0 lines rejected: s3://${OUT}/${good.eventsKey}` },
        {
          taskId: 't-missing',
          resultCode: 'PermanentFailure',
          resultString: expect.stringMatching(/^s3:\/\/raw-logs\/ibm-aix\/batch\/missing\.log: cannot read object: NoSuchKey: /),
        },
        { taskId: 't-corrupt', resultCode: 'PermanentFailure', resultString: expect.stringMatching(/^s3:\/\/raw-logs\/ibm-aix\/batch\/corrupt\.log\.gz: cannot read object: /) },
        {
          taskId: 't-throttled-write',
          resultCode: 'TemporaryFailure',
          resultString: `s3://${RAW}/${throttledWrite.key}: cannot write output: SlowDown: Please reduce your request rate.`,
        },
        {
          taskId: 't-throttled-read',
          resultCode: 'TemporaryFailure',
          resultString: `s3://${RAW}/${throttledRead.key}: cannot read object: InternalError: We encountered an internal error. Please try again.`,
        },
        {
          taskId: 't-large',
          resultCode: 'PermanentFailure',
          resultString: `s3://${RAW}/${large.key}: object is over the limit of ${LIMIT} decompressed bytes (MAX_OBJECT_BYTES): not normalized`,
        },
        {
          taskId: 't-inflating',
          resultCode: 'PermanentFailure',
          resultString: `s3://${RAW}/${inflating.key}: object is over the limit of ${LIMIT} decompressed bytes (MAX_OBJECT_BYTES): not normalized`,
        },
        // The connection dropped in the middle of the object.
        { taskId: 't-cut', resultCode: 'TemporaryFailure', resultString: expect.stringMatching(/^s3:\/\/raw-logs\/ibm-aix\/batch\/cut\.log: cannot read object: /) },
      ],
    });
    expect(large.size).toBeGreaterThan(LIMIT);
    expect(inflating.size).toBeLessThan(LIMIT);
    expect(await s3.gunzip(OUT, good.eventsKey)).toBe(EVENTS);
    for (const failed of [corrupt, throttledWrite, throttledRead, large, inflating, cut]) expect(await outputsOf(failed.key)).toStrictEqual([]);
  });

  it('reads the version a task names (s3VersionId), and fails permanently when it is gone', async () => {
    const versioned = await drop('ibm-aix/batch/versioned.log', `${AIX_LINE}\n`);
    injectFaults([[readsOf(versioned.key, 'gone-version'), NO_SUCH_VERSION]]);

    const result = await handler(
      batchInvocation('2.0', [
        { taskId: 't-version', bucket: RAW, key: versioned.key, versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' },
        { taskId: 't-gone', bucket: RAW, key: versioned.key, versionId: 'gone-version' },
      ]),
    );

    expect(result).toMatchObject({
      results: [
        { taskId: 't-version', resultCode: 'Succeeded', resultString: `1 events, 0 lines rejected: s3://${OUT}/${versioned.eventsKey}` },
        {
          taskId: 't-gone',
          resultCode: 'PermanentFailure',
          resultString: `s3://${RAW}/${versioned.key}: cannot read object: NoSuchVersion: The specified version does not exist.`,
        },
      ],
    });
    const reads = proxy.requests.filter((r) => r.startsWith(`GET /${RAW}/`));
    expect(reads).toStrictEqual([
      `GET /${RAW}/ibm-aix/batch/versioned.log?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY&x-id=GetObject`,
      `GET /${RAW}/ibm-aix/batch/versioned.log?versionId=gone-version&x-id=GetObject`,
    ]);
  });

  it('answers schema 1.0, whose tasks name the bucket by ARN', async () => {
    const good = await drop('ibm-aix/batch/v1 host.log', `${AIX_LINE}\n`);
    const invocation = batchInvocation('1.0', [
      { taskId: 't-good', bucket: RAW, key: good.key },
      { taskId: 't-bad-arn', bucket: RAW, key: good.key },
    ]);
    invocation.tasks[1] = { ...invocation.tasks[1]!, s3BucketArn: 'raw-logs' };

    expect(await handler(invocation)).toStrictEqual({
      invocationSchemaVersion: '1.0',
      treatMissingKeysAs: 'PermanentFailure',
      invocationId: invocation.invocationId,
      results: [
        { taskId: 't-good', resultCode: 'Succeeded', resultString: `1 events, 0 lines rejected: s3://${OUT}/${good.eventsKey}` },
        { taskId: 't-bad-arn', resultCode: 'PermanentFailure', resultString: 's3BucketArn "raw-logs" is not an S3 bucket ARN' },
      ],
    });
  });

  it('fails every task permanently, reading nothing, for a job of another integration or an unknown schema', async () => {
    const tasks = [{ taskId: 't1', bucket: RAW, key: 'tanium/a.json' }];

    expect(await handler(batchInvocation('2.0', tasks, { integration: 'tanium' }))).toMatchObject({
      results: [{ taskId: 't1', resultCode: 'PermanentFailure', resultString: 'the job is for integration "tanium"; this function normalizes ibm-aix' }],
    });
    expect(await handler({ ...batchInvocation('2.0', tasks), invocationSchemaVersion: '3.0' })).toStrictEqual({
      invocationSchemaVersion: '3.0',
      treatMissingKeysAs: 'PermanentFailure',
      invocationId: 'YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo',
      results: [{ taskId: 't1', resultCode: 'PermanentFailure', resultString: 'invocation schema version "3.0" is not supported (1.0 or 2.0)' }],
    });
    expect(proxy.requests).toStrictEqual([]);
  });
});
