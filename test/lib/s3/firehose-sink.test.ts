import type { FirehoseClient } from '@aws-sdk/client-firehose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/lambda/config.ts';
import { ObjectProcessingError } from '../../../lib/errors.ts';
import { createHandler, type Handler } from '../../../lib/lambda/handler.ts';
import { s3Notification } from '../../../dev/s3-notifications.ts';
import type { S3NotificationResult } from '../../../lib/s3/process-notification.ts';
import { startFirehoseEndpoint, type FirehoseEndpoint } from '../../helpers/firehose-endpoint.ts';
import { recordObservability } from '../../helpers/quiet.ts';
import { startTestS3, type TestS3 } from '../../helpers/s3-server.ts';
import { echo } from '../../helpers/echo.ts';

const RAW = 'raw-logs';
const OUT = 'normalized-logs';
const STREAM = 'echo-events';
const RECEIVED = '2024-05-14T08:00:00.000000Z';
/** Firehose's record size limit (1,000 KiB). */
const RECORD_LIMIT = 1000 * 1024;

const ev = (message: string): string => `${JSON.stringify({ message, '@timestamp': RECEIVED })}\n`;

let s3: TestS3;
let endpoint: FirehoseEndpoint;
let firehose: FirehoseClient;
let handler: Handler;

async function drop(key: string, body: string) {
  const { eTag, size } = await s3.put(RAW, key, body);
  const name = `echo/dt=${await s3.dt(RAW, key)}/${key}.${eTag.slice(0, 8)}.ndjson.gz`;
  return {
    notification: s3Notification([{ bucket: RAW, key, size, eTag, eventTime: '2024-05-14T08:00:00.000Z' }]),
    eventsKey: `normalized/${name}`,
    errorsKey: `errors/${name}`,
  };
}

beforeAll(async () => {
  s3 = await startTestS3([RAW, OUT]);
  endpoint = await startFirehoseEndpoint();
  firehose = endpoint.client();
  handler = createHandler(echo, {
    config: loadConfig({ OUTPUT_BUCKET: OUT, OUTPUT_STREAM: STREAM }),
    s3: s3.client,
    firehose,
    putRecordsOptions: { maxAttempts: 3, sleep: async () => {} },
  });
});

afterAll(async () => {
  await endpoint.close();
  await s3.close();
});

recordObservability();
beforeEach(() => {
  endpoint.calls.length = 0;
  endpoint.reply = () => ({ kind: 'ok' });
});

describe('S3 log drops: Firehose sink (OUTPUT_STREAM)', () => {
  it('sends the events to the stream as NDJSON records, and rejected lines to the bucket', async () => {
    const d = await drop('echo/streamed.log', 'alpha\nreject beta\n\ngamma\n');

    const result = (await handler(d.notification)) as S3NotificationResult;

    expect(endpoint.calls.map((c) => [c.streamName, c.records.map((r) => r.toString('utf8'))])).toEqual([
      [STREAM, [ev('alpha') + ev('gamma')]],
    ]);
    expect(await s3.keys(OUT, 'normalized/')).not.toContain(d.eventsKey);
    expect(await s3.gunzip(OUT, d.errorsKey)).toBe(
      `${JSON.stringify({ bucket: RAW, key: 'echo/streamed.log', line: 2, reason: 'starts with "reject"', raw: 'reject beta' })}\n`,
    );
    expect(result.objects[0]).toMatchObject({
      events: 2,
      rejected: 1,
      blank: 1,
      output: `firehose:${STREAM}`,
      errors: `s3://${OUT}/${d.errorsKey}`,
    });
  });

  it('packs as many whole events as fit in a 1,000 KiB record', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(99_998)}`);
    const d = await drop('echo/packed.log', `${lines.join('\n')}\n`);

    await handler(d.notification);

    const records = endpoint.calls.flatMap((c) => c.records);
    // An event is 100,058 bytes: 10 fit in a record, an 11th would not.
    expect(records.map((r) => r.length)).toEqual([1_000_580, 1_000_580, 500_290]);
    expect(records.every((r) => r.length <= RECORD_LIMIT && r.toString('utf8').endsWith('\n'))).toBe(true);
    expect(Buffer.concat(records).toString('utf8')).toBe(lines.map(ev).join(''));
  });

  it('rejects an event too large for a Firehose record into the errors object', async () => {
    const huge = 'y'.repeat(1_040_000);
    const d = await drop('echo/huge.log', `small\n${huge}\n`);

    const result = (await handler(d.notification)) as S3NotificationResult;

    expect(endpoint.calls.flatMap((c) => c.records).map((r) => r.toString('utf8'))).toEqual([ev('small')]);
    const size = ev(huge).length - 1;
    expect(JSON.parse(await s3.gunzip(OUT, d.errorsKey))).toEqual({
      bucket: RAW,
      key: 'echo/huge.log',
      line: 2,
      reason: `normalized event is ${size} bytes, over the ${RECORD_LIMIT - 1}-byte limit of firehose:${STREAM}`,
      raw: huge,
    });
    expect(result.objects[0]).toMatchObject({ events: 1, rejected: 1 });
  });

  it('retries records the stream failed to take', async () => {
    endpoint.reply = (_, callNumber) => (callNumber === 1 ? { kind: 'ok', failed: [0] } : { kind: 'ok' });
    const d = await drop('echo/retried.log', 'one\ntwo\n');

    await handler(d.notification);

    expect(endpoint.calls.map((c) => c.records.map((r) => r.toString('utf8')))).toEqual([
      [ev('one') + ev('two')],
      [ev('one') + ev('two')],
    ]);
  });

  it('fails the invocation when records cannot be delivered, leaving no errors object', async () => {
    endpoint.reply = () => ({ kind: 'ok', failed: [0] });
    const d = await drop('echo/undeliverable.log', 'one\nreject two\n');

    const error = await handler(d.notification).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ObjectProcessingError);
    expect((error as Error).message).toBe(
      's3://raw-logs/echo/undeliverable.log: cannot write output: DeliveryError: 1 of 1 records could not be delivered ' +
        'to Firehose stream echo-events (ServiceUnavailableException: Slow down.)',
    );
    expect(endpoint.calls).toHaveLength(3);
    expect(await s3.keys(OUT, 'errors/')).not.toContain(d.errorsKey);
  });
});
