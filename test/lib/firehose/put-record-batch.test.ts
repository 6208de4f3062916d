import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../lib/errors.ts';
import { planBatches } from '../../../lib/firehose/batch-plan.ts';
import { putRecords, streamNameFromArn, type PutRecordsOptions } from '../../../lib/firehose/put-record-batch.ts';
import { useFirehoseEndpoint } from '../../helpers/firehose-endpoint.ts';

const STREAM = 'raw-aix';
const KiB = 1024;

const latin1 = (bytes: Buffer): string => bytes.toString('latin1');

/** Records whose bytes say which one they are, so the data sent can be checked exactly. */
function numbered(count: number, size = 16): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.from(`record ${i} `.padEnd(size, '.')));
}

describe('Firehose transformation', () => {
  describe('streamNameFromArn', () => {
    it.each([
      ['arn:aws:firehose:eu-west-1:123456789012:deliverystream/raw-aix', 'raw-aix'],
      ['arn:aws-us-gov:firehose:us-gov-west-1:123456789012:deliverystream/a.b_c-1', 'a.b_c-1'],
    ])('parses the stream name of %s', (arn, name) => {
      expect(streamNameFromArn(arn)).toBe(name);
    });

    it.each([
      'raw-aix',
      'arn:aws:kinesis:eu-west-1:123456789012:stream/raw-aix',
      'arn:aws:firehose:eu-west-1:123456789012:deliverystream/',
    ])('throws DeliveryError for %s', (arn) => {
      expect(() => streamNameFromArn(arn)).toThrow(new DeliveryError(`"${arn}" is not a Firehose delivery stream ARN`));
    });
  });

  describe('planBatches', () => {
    it('closes a batch at the record count or byte limit, in input order', () => {
      const sizes = [4, 4, 4, 9, 1, 1, 1];
      expect(planBatches(sizes, [0, 1, 2, 3, 4, 5, 6], 3, 10)).toEqual([[0, 1], [2], [3, 4], [5, 6]]);
    });

    it('puts a record larger than the byte limit alone in its batch', () => {
      expect(planBatches([1, 20, 1], [0, 1, 2], 500, 10)).toEqual([[0], [1], [2]]);
    });
  });

  describe('putRecords', () => {
    const sleeps: number[] = [];
    // One call at a time, so the endpoint sees the calls in order.
    const fast: PutRecordsOptions = {
      concurrency: 1,
      baseDelayMs: 100,
      maxDelayMs: 250,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    };

    const endpoint = useFirehoseEndpoint();
    beforeEach(() => {
      sleeps.length = 0;
    });

    it('sends 1,200 records in calls of 500, 500 and 200, in order', async () => {
      const records = numbered(1200);

      const result = await putRecords(endpoint().client(), STREAM, records, fast);

      expect(endpoint().calls.map((c) => c.records.length)).toEqual([500, 500, 200]);
      expect(endpoint().calls.map((c) => c.streamName)).toEqual([STREAM, STREAM, STREAM]);
      expect(endpoint().calls.flatMap((c) => c.records)).toEqual(records);
      expect(result).toEqual({ delivered: records.map((_, i) => i), failed: [], calls: 3, attempts: 1 });
      expect(sleeps).toEqual([]);
    });

    it('sends calls concurrently and still accounts for every record', async () => {
      const records = numbered(2600);
      endpoint().reply = (call) => ({ kind: 'ok', failed: call.records.flatMap((r, i) => (r.toString().startsWith('record 7') ? [i] : [])) });

      const result = await putRecords(endpoint().client(), STREAM, records, { ...fast, concurrency: 4, maxAttempts: 2 });

      const failing = records.flatMap((r, i) => (r.toString().startsWith('record 7') ? [i] : []));
      expect(endpoint().calls.slice(0, 6).map((c) => c.records.length).sort()).toEqual([100, 500, 500, 500, 500, 500]);
      expect(result.delivered).toEqual(records.map((_, i) => i).filter((i) => !failing.includes(i)));
      expect(result.failed.map((f) => f.index)).toEqual(failing);
      expect(result.calls).toBe(6 + 1);
    });

    it('keeps each call within 4 MiB of record data', async () => {
      const records = numbered(10, 900 * KiB);

      const result = await putRecords(endpoint().client(), STREAM, records, fast);

      expect(endpoint().calls.map((c) => c.records.length)).toEqual([4, 4, 2]);
      expect(endpoint().calls.map((c) => c.records.reduce((sum, r) => sum + r.length, 0))).toEqual([3_686_400, 3_686_400, 1_843_200]);
      // As strings: comparing megabytes of Buffers element by element is slow.
      expect(endpoint().calls.flatMap((c) => c.records.map(latin1))).toEqual(records.map(latin1));
      expect(result.delivered).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('reports a record over 1,000 KiB as failed without sending it', async () => {
      const records = [Buffer.from('small'), Buffer.alloc(1000 * KiB + 1, 0x61), Buffer.from('also small')];

      const result = await putRecords(endpoint().client(), STREAM, records, fast);

      expect(endpoint().calls.map((c) => c.records.map(latin1))).toEqual([[latin1(records[0]!), latin1(records[2]!)]]);
      expect(result).toEqual({
        delivered: [0, 2],
        failed: [{ index: 1, errorCode: 'RecordTooLarge', errorMessage: 'record is 1024001 bytes, over the 1024000-byte Firehose record limit' }],
        calls: 1,
        attempts: 1,
      });
    });

    it('retries the entries that PutRecordBatch reports failed, with backoff', async () => {
      const records = numbered(5);
      endpoint().reply = (_, n) => (n === 1 ? { kind: 'ok', failed: [1, 3] } : n === 2 ? { kind: 'ok', failed: [1] } : { kind: 'ok' });

      const result = await putRecords(endpoint().client(), STREAM, records, fast);

      expect(endpoint().calls.map((c) => c.records)).toEqual([records, [records[1], records[3]], [records[3]]]);
      expect(result).toEqual({ delivered: [0, 1, 2, 3, 4], failed: [], calls: 3, attempts: 3 });
      // Full jitter with random() = 0.5: half of 100 ms, then half of 200 ms.
      expect(sleeps).toEqual([50, 100]);
    });

    it.each([
      ['a throttling error', { kind: 'error', status: 400, type: 'ThrottlingException' } as const],
      ['ServiceUnavailableException', { kind: 'error', status: 503, type: 'ServiceUnavailableException' } as const],
      ['an internal error', { kind: 'error', status: 500, type: 'InternalFailure' } as const],
      ['a dropped connection', { kind: 'hang-up' } as const],
    ])('retries a call that fails with %s', async (_, failure) => {
      const records = numbered(3);
      endpoint().reply = (_call, n) => (n === 1 ? failure : { kind: 'ok' });

      const result = await putRecords(endpoint().client(), STREAM, records, fast);

      expect(endpoint().calls.map((c) => c.records)).toEqual([records, records]);
      expect(result).toEqual({ delivered: [0, 1, 2], failed: [], calls: 2, attempts: 2 });
    });

    it('does not retry a client error such as ResourceNotFoundException', async () => {
      endpoint().reply = () => ({ kind: 'error', status: 400, type: 'ResourceNotFoundException' });

      const result = await putRecords(endpoint().client(), STREAM, numbered(2), fast);

      expect(endpoint().calls).toHaveLength(1);
      expect(result).toEqual({
        delivered: [],
        failed: [
          { index: 0, errorCode: 'ResourceNotFoundException', errorMessage: 'ResourceNotFoundException from the test endpoint' },
          { index: 1, errorCode: 'ResourceNotFoundException', errorMessage: 'ResourceNotFoundException from the test endpoint' },
        ],
        calls: 1,
        attempts: 1,
      });
    });

    it('gives up after maxAttempts and reports each record with its last error', async () => {
      const records = numbered(3);
      endpoint().reply = () => ({ kind: 'ok', failed: [0], errorCode: 'InternalFailure' });

      const result = await putRecords(endpoint().client(), STREAM, records, { ...fast, maxAttempts: 4 });

      expect(endpoint().calls.map((c) => c.records)).toEqual([records, [records[0]], [records[0]], [records[0]]]);
      expect(result).toEqual({
        delivered: [1, 2],
        failed: [{ index: 0, errorCode: 'InternalFailure', errorMessage: 'Slow down.' }],
        calls: 4,
        attempts: 4,
      });
      // 50, 100, then the 250 ms cap halved.
      expect(sleeps).toEqual([50, 100, 125]);
    });

    // Faults the HTTP endpoint cannot easily produce: a short response and a non-AWS error.
    it('retries a record that the response has no entry for', async () => {
      const client = new FirehoseClient({ region: 'us-east-1' });
      const mock = mockClient(client);
      mock
        .on(PutRecordBatchCommand)
        .resolvesOnce({ FailedPutCount: 0, RequestResponses: [{ RecordId: 'a' }] })
        .resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: 'b' }] });
      const records = numbered(2);

      const result = await putRecords(client, STREAM, records, fast);

      expect(mock.commandCalls(PutRecordBatchCommand).map((c) => c.args[0].input.Records!.map((r) => latin1(Buffer.from(r.Data!))))).toEqual([
        [latin1(records[0]!), latin1(records[1]!)],
        [latin1(records[1]!)],
      ]);
      expect(result).toEqual({ delivered: [0, 1], failed: [], calls: 2, attempts: 2 });
    });

    it('retries an error without an HTTP status, such as a reset connection', async () => {
      const client = new FirehoseClient({ region: 'us-east-1' });
      const mock = mockClient(client);
      mock
        .on(PutRecordBatchCommand)
        .rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
        .resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: 'a' }] });

      const result = await putRecords(client, STREAM, numbered(1), fast);

      expect(result).toEqual({ delivered: [0], failed: [], calls: 2, attempts: 2 });
    });

    it('returns at once for no records', async () => {
      expect(await putRecords(endpoint().client(), STREAM, [], fast)).toEqual({ delivered: [], failed: [], calls: 0, attempts: 0 });
      expect(endpoint().calls).toEqual([]);
    });
  });
});
