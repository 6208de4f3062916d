import type { FirehoseTransformationEvent, FirehoseTransformationResult, FirehoseTransformationResultRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { DeliveryError, RecordRejectedError } from '../../../lib/errors.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, LAMBDA_RESPONSE_LIMIT } from '../../../lib/firehose/response-size.ts';
import { isFirehoseEvent, transformFirehoseEvent, type FirehoseTransformDeps } from '../../../lib/firehose/transform.ts';
import { logger, metrics } from '../../../lib/lambda/observability.ts';
import type { PutRecordsOptions } from '../../../lib/firehose/put-record-batch.ts';
import { MAX_RECORD_BYTES } from '../../../lib/records/record.ts';
import type { Integration } from '../../../lib/integration.ts';
import type { EcsEvent } from '../../../lib/ecs/event.ts';
import { useFirehoseEndpoint } from '../../helpers/firehose-endpoint.ts';

const ARN = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/raw-fake';
/** 2024-05-06T07:08:09.123000Z */
const ARRIVAL = Date.UTC(2024, 4, 6, 7, 8, 9, 123);
const RECEIVED_AT = '2024-05-06T07:08:09.123000Z';

/**
 * A stand-in normalizer: `bad…` is rejected; `at <timestamp>` carries its own time;
 * `untimed…` has no `@timestamp`; anything else gets the arrival time.
 */
const fake: Integration = {
  name: 'fake',
  title: 'Fake',
  normalize(record, context) {
    if (record.startsWith('bad')) throw new RecordRejectedError('fake', `"${record}" is not good`);
    const event: EcsEvent = { message: record };
    if (record.startsWith('at ')) event['@timestamp'] = record.slice(3);
    else if (!record.startsWith('untimed')) event['@timestamp'] = context.receivedAt;
    return event;
  },
};

/** A normalizer whose events are three times the size of their record, like real ones. */
const inflating: Integration = {
  name: 'inflating',
  title: 'Inflating',
  normalize: (record, context) => ({ '@timestamp': context.receivedAt, message: record, copy: record, again: record }),
};

const b64 = (data: string | Uint8Array): string => Buffer.from(data).toString('base64');
const ndjson = (...events: EcsEvent[]): string => b64(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
const responseSize = (result: FirehoseTransformationResult): number => Buffer.byteLength(JSON.stringify(result));

function firehoseEvent(data: readonly (string | Uint8Array)[], deliveryStreamArn = ARN): FirehoseTransformationEvent {
  return {
    invocationId: 'invocation-1',
    deliveryStreamArn,
    region: 'eu-west-1',
    records: data.map((d, i) => ({ recordId: `id-${i}`, approximateArrivalTimestamp: ARRIVAL, data: b64(d) })),
  };
}

function ok(recordId: string, data: string, dt = '2024-05-06', integration = 'fake'): FirehoseTransformationResultRecord {
  return { recordId, result: 'Ok', data, metadata: { partitionKeys: { integration, dt } } };
}

describe('Firehose transformation', () => {
  let info: MockInstance;
  let warn: MockInstance;
  let error: MockInstance;
  let addMetric: MockInstance;
  const fast: PutRecordsOptions = { baseDelayMs: 1, random: () => 0, sleep: async () => {} };

  const endpoint = useFirehoseEndpoint();
  beforeEach(() => {
    vi.restoreAllMocks();
    info = vi.spyOn(logger, 'info').mockImplementation(() => {});
    warn = vi.spyOn(logger, 'warn').mockImplementation(() => {});
    error = vi.spyOn(logger, 'error').mockImplementation(() => {});
    addMetric = vi.spyOn(metrics, 'addMetric').mockImplementation(() => metrics);
  });

  function deps(overrides: Partial<FirehoseTransformDeps> = {}): FirehoseTransformDeps {
    return {
      integration: fake,
      config: { timezone: 'UTC' },
      firehose: endpoint().client(),
      now: () => Date.UTC(2030, 0, 1),
      putRecordsOptions: fast,
      ...overrides,
    };
  }

  describe('isFirehoseEvent', () => {
    it('recognizes a Firehose transformation event', () => {
      expect(isFirehoseEvent(firehoseEvent(['a']))).toBe(true);
      expect(isFirehoseEvent(firehoseEvent([]))).toBe(true);
    });

    it.each([
      ['null', null],
      ['a string', 'records'],
      ['an S3 notification', { Records: [{ s3: { bucket: { name: 'b' }, object: { key: 'k' } } }] }],
      ['an event without region', { invocationId: 'i', deliveryStreamArn: ARN, records: [] }],
      ['a record without data', { ...firehoseEvent([]), records: [{ recordId: 'r', approximateArrivalTimestamp: 1 }] }],
      ['a record with a string timestamp', { ...firehoseEvent([]), records: [{ recordId: 'r', approximateArrivalTimestamp: '1', data: '' }] }],
    ])('rejects %s', (_, event) => {
      expect(isFirehoseEvent(event)).toBe(false);
    });
  });

  describe('record results', () => {
    it('answers a mixed batch record by record, in input order', async () => {
      const oversize = 'x'.repeat(MAX_RECORD_BYTES + 1);
      const event = firehoseEvent([
        'hello',
        '  \n\t\r\n',
        'bad one',
        'one\ntwo\n',
        Buffer.from([0x61, 0xff, 0x0a]),
        oversize,
        'three\r\nfour\r\n',
        'five\n\nbad six\n',
        '',
        'at 2023-12-31T23:59:59.000000Z',
        'untimed',
        '\uFEFFbom\n\n  \nlast',
      ]);

      const result = await transformFirehoseEvent(event, deps());

      expect(result).toEqual({
        records: [
          ok('id-0', ndjson({ message: 'hello', '@timestamp': RECEIVED_AT })),
          { recordId: 'id-1', result: 'Dropped', data: '' },
          { recordId: 'id-2', result: 'ProcessingFailed', data: event.records[2]!.data },
          ok('id-3', ndjson({ message: 'one', '@timestamp': RECEIVED_AT }, { message: 'two', '@timestamp': RECEIVED_AT })),
          { recordId: 'id-4', result: 'ProcessingFailed', data: event.records[4]!.data },
          { recordId: 'id-5', result: 'ProcessingFailed', data: event.records[5]!.data },
          ok('id-6', ndjson({ message: 'three', '@timestamp': RECEIVED_AT }, { message: 'four', '@timestamp': RECEIVED_AT })),
          { recordId: 'id-7', result: 'ProcessingFailed', data: event.records[7]!.data },
          { recordId: 'id-8', result: 'Dropped', data: '' },
          ok('id-9', ndjson({ message: 'at 2023-12-31T23:59:59.000000Z', '@timestamp': '2023-12-31T23:59:59.000000Z' })),
          ok('id-10', ndjson({ message: 'untimed' })),
          ok('id-11', ndjson({ message: 'bom', '@timestamp': RECEIVED_AT }, { message: 'last', '@timestamp': RECEIVED_AT })),
        ],
      });
      expect(endpoint().calls).toEqual([]);
    });

    it('logs each rejected record with its recordId, line and reason', async () => {
      await transformFirehoseEvent(
        firehoseEvent(['bad one', Buffer.from([0xc3, 0x28]), 'x'.repeat(MAX_RECORD_BYTES + 1), 'good\n\nbad two']),
        deps(),
      );

      expect(warn.mock.calls).toEqual([
        ['Firehose record rejected', { recordId: 'id-0', line: 1, reason: '"bad one" is not good' }],
        ['Firehose record rejected', { recordId: 'id-1', line: 1, reason: 'record is not valid UTF-8' }],
        ['Firehose record rejected', { recordId: 'id-2', line: 1, reason: 'record is 1048577 bytes, over the 1048576-byte limit' }],
        ['Firehose record rejected', { recordId: 'id-3', line: 3, reason: '"bad two" is not good' }],
      ]);
    });

    it('applies the size limit to each raw record of data over 1 MiB, not to their sum', async () => {
      const lines = Array.from({ length: 3 }, (_, i) => `${i}`.padEnd(400_000, '.'));
      const event = firehoseEvent([lines.join('\r\n'), `${lines.join('\n')}\n\xff`, `${lines.join('\n')}\nbad`]);
      event.records[1]!.data = Buffer.concat([Buffer.from(`${lines.join('\n')}\n`), Buffer.from([0xff])]).toString('base64');

      const result = await transformFirehoseEvent(event, deps());

      expect(result.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed', 'ProcessingFailed']);
      expect(result.records[0]!.data).toBe(ndjson(...lines.map((message) => ({ message, '@timestamp': RECEIVED_AT }))));
      expect(warn.mock.calls.map((c) => c[1])).toEqual([
        { recordId: 'id-1', line: 4, reason: 'record is not valid UTF-8' },
        { recordId: 'id-2', line: 4, reason: '"bad" is not good' },
      ]);
    });

    it("sets partition keys from the first event's date within a day of the arrival date, else from the arrival date", async () => {
      const event = firehoseEvent([
        'at 2024-05-05T04:05:06.000000Z\nat 2022-01-01T00:00:00.000000Z',
        'at 2024-05-07T23:59:59.999999Z',
        'at 2021-02-03T04:05:06.000000Z',
        'untimed\nat 2024-05-05T04:05:06.000000Z',
      ]);

      const result = await transformFirehoseEvent(event, deps());

      expect(result.records.map((r) => r.metadata)).toEqual([
        { partitionKeys: { integration: 'fake', dt: '2024-05-05' } },
        { partitionKeys: { integration: 'fake', dt: '2024-05-07' } },
        { partitionKeys: { integration: 'fake', dt: '2024-05-06' } },
        { partitionKeys: { integration: 'fake', dt: '2024-05-06' } },
      ]);
    });

    it.each([Number.NaN, Number.POSITIVE_INFINITY, 1e20, -1e20, Date.UTC(10000, 0, 1)])('uses now() when a record has no valid arrival time (%s)', async (arrival) => {
      const event = firehoseEvent(['hello']);
      event.records[0]!.approximateArrivalTimestamp = arrival;

      const result = await transformFirehoseEvent(event, deps());

      expect(result.records).toEqual([ok('id-0', ndjson({ message: 'hello', '@timestamp': '2030-01-01T00:00:00.000000Z' }), '2030-01-01')]);
    });

    it('answers ProcessingFailed for a normalizer bug, for that record only', async () => {
      const buggy: Integration = {
        ...fake,
        normalize: (record, context) => {
          if (record === 'boom') throw new TypeError('cannot read x of undefined');
          return fake.normalize(record, context);
        },
      };
      const event = firehoseEvent(['hello', 'boom']);

      const result = await transformFirehoseEvent(event, deps({ integration: buggy }));

      expect(result.records).toEqual([
        ok('id-0', ndjson({ message: 'hello', '@timestamp': RECEIVED_AT })),
        { recordId: 'id-1', result: 'ProcessingFailed', data: event.records[1]!.data },
      ]);
      expect(warn.mock.calls[0]![1]).toEqual({ recordId: 'id-1', line: 1, reason: 'unexpected error: cannot read x of undefined' });
    });

    it('answers an empty batch with no records', async () => {
      expect(await transformFirehoseEvent(firehoseEvent([]), deps())).toEqual({ records: [] });
    });
  });

  describe('response budget', () => {
    const latin1 = (bytes: Buffer): string => bytes.toString('latin1');
    const dropped = (recordId: string): FirehoseTransformationResultRecord => ({ recordId, result: 'Dropped', data: '' });
    const failed = (event: FirehoseTransformationEvent, i: number): FirehoseTransformationResultRecord => ({
      recordId: `id-${i}`,
      result: 'ProcessingFailed',
      data: event.records[i]!.data,
    });
    const okR = (i: number): FirehoseTransformationResultRecord => ok(`id-${i}`, ndjson({ message: `r${i}`, '@timestamp': RECEIVED_AT }));
    const small = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
    /** Budget that holds exactly r0 and r1 as Ok and the rest as Dropped. */
    const twoOk = responseSize({ records: [okR(0), okR(1), ...[2, 3, 4, 5].map((i) => dropped(`id-${i}`))] });

    it('keeps a batch whose normalized output exceeds 6 MB under the limit and re-ingests the rest', async () => {
      const data = Array.from({ length: 40 }, (_, i) => `r${i} `.padEnd(60_000, 'x'));
      const event = firehoseEvent(data);
      const okEntry = (i: number): FirehoseTransformationResultRecord =>
        ok(`id-${i}`, ndjson(inflating.normalize(data[i]!, { timezone: 'UTC', receivedAt: RECEIVED_AT })), '2024-05-06', 'inflating');
      const unbounded = responseSize({ records: data.map((_, i) => okEntry(i)) });

      const result = await transformFirehoseEvent(event, deps({ integration: inflating }));

      const kept = result.records.filter((r) => r.result === 'Ok').length;
      expect(unbounded).toBeGreaterThan(LAMBDA_RESPONSE_LIMIT);
      expect(responseSize(result)).toBeLessThanOrEqual(DEFAULT_MAX_RESPONSE_BYTES);
      expect(result.records).toEqual(data.map((_, i) => (i < kept ? okEntry(i) : dropped(`id-${i}`))));
      // The budget is used up: one more Ok record would not have fit.
      expect(responseSize(result) - responseSize({ records: [dropped(`id-${kept}`)] }) + responseSize({ records: [okEntry(kept)] })).toBeGreaterThan(
        DEFAULT_MAX_RESPONSE_BYTES,
      );
      // Exactly the Dropped records were re-ingested, with their original data, in order.
      expect(endpoint().calls.map((c) => c.streamName)).toEqual(['raw-fake']);
      expect(endpoint().calls.flatMap((c) => c.records.map(latin1))).toEqual(data.slice(kept));
      expect(info.mock.calls[0]![1]).toMatchObject({ records: 40, ok: kept, reingested: 40 - kept, responseBytes: responseSize(result) });
    });

    it('answers exactly within the budget it is given', async () => {
      const result = await transformFirehoseEvent(firehoseEvent(small), deps({ maxResponseBytes: twoOk }));

      expect(result).toEqual({ records: [okR(0), okR(1), ...[2, 3, 4, 5].map((i) => dropped(`id-${i}`))] });
      expect(responseSize(result)).toBe(twoOk);
      expect(endpoint().calls.map((c) => c.records.map(latin1))).toEqual([['r2', 'r3', 'r4', 'r5']]);
    });

    it('retries re-ingested records that PutRecordBatch reports failed', async () => {
      endpoint().reply = (_, n) => (n === 1 ? { kind: 'ok', failed: [0, 2] } : { kind: 'ok' });

      const result = await transformFirehoseEvent(firehoseEvent(small), deps({ maxResponseBytes: twoOk }));

      expect(result).toEqual({ records: [okR(0), okR(1), ...[2, 3, 4, 5].map((i) => dropped(`id-${i}`))] });
      expect(endpoint().calls.map((c) => c.records.map(latin1))).toEqual([
        ['r2', 'r3', 'r4', 'r5'],
        ['r2', 'r4'],
      ]);
      expect(error).not.toHaveBeenCalled();
    });

    it('answers ProcessingFailed with the original data for a record whose re-ingestion keeps failing', async () => {
      const event = firehoseEvent(small);
      const expected = { records: [okR(0), okR(1), dropped('id-2'), failed(event, 3), dropped('id-4'), dropped('id-5')] };
      endpoint().reply = (call) => ({ kind: 'ok', failed: call.records.flatMap((r, i) => (latin1(r) === 'r3' ? [i] : [])) });

      const result = await transformFirehoseEvent(event, deps({ maxResponseBytes: responseSize(expected), putRecordsOptions: { ...fast, maxAttempts: 3 } }));

      expect(result).toEqual(expected);
      expect(endpoint().calls.map((c) => c.records.map(latin1))).toEqual([['r2', 'r3', 'r4', 'r5'], ['r3'], ['r3']]);
      expect(error.mock.calls).toEqual([
        ['Firehose record re-ingestion failed', { recordId: 'id-3', errorCode: 'ServiceUnavailableException', errorMessage: 'Slow down.' }],
      ]);
      expect(info.mock.calls[0]![1]).toMatchObject({ ok: 2, reingested: 3, reingestFailed: 1, demoted: 0 });
      expect(addMetric).toHaveBeenCalledWith('RecordsDeliveryFailed', 'Count', 1);
    });

    it('turns the last Ok records into ProcessingFailed when failed re-ingestions would overflow the response', async () => {
      const event = firehoseEvent(small);
      endpoint().reply = () => ({ kind: 'error', status: 400, type: 'ResourceNotFoundException' });

      const result = await transformFirehoseEvent(event, deps({ maxResponseBytes: twoOk }));

      expect(result).toEqual({ records: [okR(0), ...[1, 2, 3, 4, 5].map((i) => failed(event, i))] });
      expect(responseSize(result)).toBeLessThanOrEqual(twoOk);
      expect(error.mock.calls.map((c) => [c[0], c[1].recordId])).toEqual([
        ['Firehose record re-ingestion failed', 'id-2'],
        ['Firehose record re-ingestion failed', 'id-3'],
        ['Firehose record re-ingestion failed', 'id-4'],
        ['Firehose record re-ingestion failed', 'id-5'],
        ['Firehose record sent to the error output to keep the response within its limit', 'id-1'],
      ]);
      expect(info.mock.calls[0]![1]).toMatchObject({ ok: 1, events: 1, reingested: 0, reingestFailed: 4, demoted: 1 });
      expect(addMetric).toHaveBeenCalledWith('RecordsDeliveryFailed', 'Count', 5);
    });

    it('throws DeliveryError when even the original data cannot fit, so Firehose retries the batch', async () => {
      endpoint().reply = () => ({ kind: 'error', status: 400, type: 'ResourceNotFoundException' });
      const allDropped = responseSize({ records: small.map((_, i) => dropped(`id-${i}`)) });

      await expect(transformFirehoseEvent(firehoseEvent(small), deps({ maxResponseBytes: allDropped }))).rejects.toThrow(
        new DeliveryError(
          `the response would be ${allDropped + 6 * 13} bytes, over its ${allDropped}-byte limit, because records could not be re-ingested`,
        ),
      );
    });

    it('answers ProcessingFailed for a record whose events can never fit in a response, without re-ingesting it', async () => {
      const event = firehoseEvent(['big '.padEnd(3000, 'x'), 'small']);
      const normalize = (record: string): string => ndjson(inflating.normalize(record, { timezone: 'UTC', receivedAt: RECEIVED_AT }));
      const bigBytes = Buffer.from(normalize('big '.padEnd(3000, 'x')), 'base64').length;
      const smallOk = ok('id-1', normalize('small'), '2024-05-06', 'inflating');
      const expected = { records: [failed(event, 0), smallOk] };
      const budget = responseSize(expected);

      const result = await transformFirehoseEvent(event, deps({ integration: inflating, maxResponseBytes: budget }));

      expect(result).toEqual(expected);
      expect(endpoint().calls).toEqual([]);
      expect(warn.mock.calls).toEqual([
        ['Firehose record rejected', { recordId: 'id-0', reason: `normalized output is ${bigBytes} bytes, too large for a ${budget}-byte response` }],
      ]);
    });

    it('re-ingests in two halves, cut at the line nearest the middle, a record of lines whose events can never fit in a response', async () => {
      const lines = Array.from({ length: 6 }, (_, i) => `line ${i} `.padEnd(600, 'x'));
      const event = firehoseEvent([lines.join('\n'), 'small']);
      const normalize = (record: string): string => ndjson(inflating.normalize(record, { timezone: 'UTC', receivedAt: RECEIVED_AT }));
      const smallOk = ok('id-1', normalize('small'), '2024-05-06', 'inflating');
      // Room for the small record and for the events of three of the six lines, not for all six.
      const budget = responseSize({ records: [dropped('id-0'), smallOk] }) + Buffer.from(normalize(lines.slice(0, 3).join('\n')), 'base64').length * 2;

      const result = await transformFirehoseEvent(event, deps({ integration: inflating, maxResponseBytes: budget }));

      expect(result).toEqual({ records: [dropped('id-0'), smallOk] });
      expect(endpoint().calls.map((c) => c.records.map(latin1))).toEqual([[`${lines.slice(0, 3).join('\n')}\n`, lines.slice(3).join('\n')]]);
      expect(warn).not.toHaveBeenCalled();
      expect(info.mock.calls[0]![1]).toMatchObject({ ok: 1, reingested: 1, split: 1, reingestFailed: 0 });
      expect(addMetric).toHaveBeenCalledWith('RecordsReingested', 'Count', 1);

      // Each half fits in a response of its own on a later pass.
      for (const half of endpoint().calls[0]!.records) {
        const next = await transformFirehoseEvent(
          { ...event, records: [{ recordId: 'half', approximateArrivalTimestamp: ARRIVAL, data: half.toString('base64') }] },
          deps({ integration: inflating, maxResponseBytes: budget }),
        );
        expect(next.records.map((r) => r.result)).toEqual(['Ok']);
      }
    });

    it.each([
      ['a stream fed by a Kinesis data stream', { sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/raw' }],
      ['a malformed stream ARN', { deliveryStreamArn: 'not-an-arn' }],
    ])('rejects, as one record, a record of lines whose events fit in no response on %s, where halves cannot be put back', async (_, change) => {
      const lines = Array.from({ length: 6 }, (_, i) => `line ${i} `.padEnd(600, 'x'));
      const event = { ...firehoseEvent([lines.join('\n')]), ...change };
      const size = Buffer.from(ndjson(...lines.map((line) => inflating.normalize(line, { timezone: 'UTC', receivedAt: RECEIVED_AT }))), 'base64').length;

      const result = await transformFirehoseEvent(event, deps({ integration: inflating, maxResponseBytes: 8000 }));

      expect(result).toEqual({ records: [failed(event, 0)] });
      expect(endpoint().calls).toEqual([]);
      expect(warn.mock.calls).toEqual([['Firehose record rejected', { recordId: 'id-0', reason: `normalized output is ${size} bytes, too large for a 8000-byte response` }]]);
      expect(info.mock.calls[0]![1]).toMatchObject({ rejected: 1, split: 0, reingestFailed: 0 });
    });

    it('answers ProcessingFailed with the whole data for a record of which only one half could be re-ingested', async () => {
      const lines = ['first '.padEnd(600, 'x'), 'second '.padEnd(600, 'y')];
      const event = firehoseEvent([lines.join('\n')]);
      endpoint().reply = (call) => ({ kind: 'ok', failed: call.records.flatMap((r, i) => (latin1(r).startsWith('second') ? [i] : [])) });

      const result = await transformFirehoseEvent(event, deps({ integration: inflating, maxResponseBytes: 2500, putRecordsOptions: { ...fast, maxAttempts: 2 } }));

      expect(result).toEqual({ records: [failed(event, 0)] });
      expect(endpoint().calls.map((c) => c.records.map(latin1))).toEqual([[`${lines[0]}\n`, lines[1]], [lines[1]]]);
      expect(error.mock.calls.map((c) => [c[0], c[1].recordId])).toEqual([['Firehose record re-ingestion failed', 'id-0']]);
    });

    it.each([
      ['characters outside base64', '@@@@'],
      ['base64 followed by other characters', `${b64('hello')}@@@@`],
      ['base64 with a line break inside', `${b64('hello world')}`.replace(/^(.{4})/, '$1\n')],
    ])('answers ProcessingFailed, with the data as it came, for a record whose data has %s', async (_, data) => {
      const event = { ...firehoseEvent(['']), records: [{ recordId: 'id-0', approximateArrivalTimestamp: ARRIVAL, data }] };

      const result = await transformFirehoseEvent(event, deps());

      expect(result).toEqual({ records: [{ recordId: 'id-0', result: 'ProcessingFailed', data }] });
      expect(warn.mock.calls).toEqual([['Firehose record rejected', { recordId: 'id-0', reason: 'data is not base64' }]]);
    });

    it.each([
      [
        'of a stream fed by a Kinesis data stream',
        { ...firehoseEvent(small), sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/raw' },
        'KinesisStreamSource',
        'the delivery stream reads arn:aws:kinesis:eu-west-1:123456789012:stream/raw, so records cannot be put into it',
      ],
      ['when the stream ARN is malformed', firehoseEvent(small, 'not-an-arn'), 'InvalidDeliveryStreamArn', '"not-an-arn" is not a Firehose delivery stream ARN'],
    ])('answers ProcessingFailed for records past the budget %s', async (_, event, errorCode, errorMessage) => {
      const expected = { records: [okR(0), okR(1), ...[2, 3, 4, 5].map((i) => failed(event, i))] };

      const result = await transformFirehoseEvent(event, deps({ maxResponseBytes: responseSize(expected) }));

      expect(result).toEqual(expected);
      expect(endpoint().calls).toEqual([]);
      expect(error.mock.calls[0]).toEqual(['Firehose record re-ingestion failed', { recordId: 'id-2', errorCode, errorMessage }]);
    });
  });

  describe('observability', () => {
    it('logs one summary line and adds the batch metrics', async () => {
      const events = ['one', 'two', 'three'].map((message) => ({ message, '@timestamp': RECEIVED_AT }));
      const bytesOut = Buffer.byteLength(events.map((e) => `${JSON.stringify(e)}\n`).join(''));

      await transformFirehoseEvent(firehoseEvent(['one\ntwo', ' ', 'bad', 'three']), deps());

      expect(info.mock.calls).toEqual([
        [
          'Firehose batch transformed',
          {
            invocationId: 'invocation-1',
            integration: 'fake',
            records: 4,
            ok: 2,
            events: 3,
            unparsed: 0,
            rejected: 1,
            dropped: 1,
            reingested: 0,
            split: 0,
            reingestFailed: 0,
            demoted: 0,
            bytesIn: 16,
            bytesOut,
            responseBytes: expect.any(Number),
            durationMs: expect.any(Number),
          },
        ],
      ]);
      expect(addMetric.mock.calls).toEqual([
        ['EventsNormalized', 'Count', 3],
        ['RecordsUnparsed', 'Count', 0],
        ['RecordsRejected', 'Count', 1],
        ['RecordsDropped', 'Count', 1],
        ['RecordsReingested', 'Count', 0],
        ['RecordsDeliveryFailed', 'Count', 0],
        ['BytesIn', 'Bytes', 16],
        ['BytesOut', 'Bytes', bytesOut],
      ]);
    });

    it('reports the exact serialized response size', async () => {
      const result = await transformFirehoseEvent(firehoseEvent(['one', '', 'bad', 'two\nthree']), deps());

      expect(info.mock.calls[0]![1].responseBytes).toBe(responseSize(result));
    });
  });
});
