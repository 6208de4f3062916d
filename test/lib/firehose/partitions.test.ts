import type { FirehoseTransformationEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { transformFirehoseEvent } from '../../../lib/firehose/transform.ts';
import { PARTITION_WINDOW_DAYS, partitionDate } from '../../../lib/firehose/partition-date.ts';
import { getIntegration } from '../../../functions/registry.ts';
import { useFirehoseEndpoint } from '../../helpers/firehose-endpoint.ts';
import { quietObservability } from '../../helpers/quiet.ts';

/**
 * The Firehose `dt` partition key cannot be driven by log content: one batch of 601 Tanium
 * records dated over six centuries made 601 partitions (Firehose allows 500 active ones per
 * stream, then sends the whole stream to its error output). The event's own date counts only
 * within a day of the arrival date.
 */

const endpoint = useFirehoseEndpoint();
quietObservability();

/** Just before and just after midnight UTC: one batch can hold both. */
const BEFORE_MIDNIGHT = Date.UTC(2026, 0, 2, 23, 59, 30);
const AFTER_MIDNIGHT = Date.UTC(2026, 0, 3, 0, 0, 30);

function tanium(timestamp: string): string {
  return JSON.stringify({ event: 'process_start', hostname: 'host-a.example.com', host: '192.0.2.10', timestamp, fields: { process__pid: 4242 } });
}

describe('Firehose dt partition key', () => {
  it('a batch of hundreds of records dated over six centuries makes at most four dt values', async () => {
    // 600 records dated 1000-06-15 to 1599-06-15, half arriving before midnight, half after;
    // then records a day before, a day after and two days after their arrival.
    const data = Array.from({ length: 600 }, (_, i) => ({ at: i < 300 ? BEFORE_MIDNIGHT : AFTER_MIDNIGHT, record: tanium(`${1000 + i}-06-15T12:00:00Z`) }));
    data.push(
      { at: BEFORE_MIDNIGHT, record: tanium('2026-01-01T00:00:00Z') },
      { at: AFTER_MIDNIGHT, record: tanium('2026-01-04T23:59:59Z') },
      { at: AFTER_MIDNIGHT, record: tanium('2026-01-05T00:00:00Z') },
      { at: BEFORE_MIDNIGHT, record: tanium('2026-01-02T23:59:00Z') },
    );
    const event: FirehoseTransformationEvent = {
      invocationId: 'partitions',
      deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/tanium',
      region: 'eu-west-1',
      records: data.map(({ at, record }, i) => ({ recordId: `r${i}`, approximateArrivalTimestamp: at, data: Buffer.from(record).toString('base64') })),
    };

    const result = await transformFirehoseEvent(event, { integration: getIntegration('tanium'), config: { timezone: 'UTC' }, firehose: endpoint().client() });

    const dts = result.records.map((r) => {
      expect(r.result).toBe('Ok');
      return r.metadata?.partitionKeys?.dt;
    });
    expect(dts).toEqual([
      ...Array<string>(300).fill('2026-01-02'),
      ...Array<string>(300).fill('2026-01-03'),
      '2026-01-01',
      '2026-01-04',
      '2026-01-03',
      '2026-01-02',
    ]);
    expect(new Set(dts).size).toBe(4);
    // The events keep their own time: only the partition is bounded.
    expect(JSON.parse(Buffer.from(result.records[0]!.data!, 'base64').toString())['@timestamp']).toBe('1000-06-15T12:00:00.000000Z');
    expect(endpoint().calls).toEqual([]);
  });
});

describe('partitionDate', () => {
  const arrival = Date.UTC(2024, 4, 6, 7, 8, 9, 123);

  it(`takes the event's date up to ${PARTITION_WINDOW_DAYS} day before or after the arrival date`, () => {
    expect(partitionDate('2024-05-05T00:00:00.000000Z', arrival)).toBe('2024-05-05');
    expect(partitionDate('2024-05-06T23:59:59.999999Z', arrival)).toBe('2024-05-06');
    expect(partitionDate('2024-05-07T23:59:59.999999Z', arrival)).toBe('2024-05-07');
  });

  it('takes the arrival date for any other event date, a missing one or one that is not a date', () => {
    expect(partitionDate('2024-05-04T23:59:59.999999Z', arrival)).toBe('2024-05-06');
    expect(partitionDate('2024-05-08T00:00:00.000000Z', arrival)).toBe('2024-05-06');
    expect(partitionDate('1000-05-06T07:08:09.000000Z', arrival)).toBe('2024-05-06');
    expect(partitionDate('9999-12-31T23:59:59.999999Z', arrival)).toBe('2024-05-06');
    expect(partitionDate('2024-02-30T00:00:00.000000Z', Date.UTC(2024, 2, 1))).toBe('2024-03-01');
    expect(partitionDate('2024-05-06', arrival)).toBe('2024-05-06');
    expect(partitionDate('tomorrow', arrival)).toBe('2024-05-06');
    expect(partitionDate(undefined, arrival)).toBe('2024-05-06');
  });

  it('dates each arrival by its own UTC day, whatever arrived before it', () => {
    expect(partitionDate(undefined, Date.UTC(2024, 4, 6, 23, 59, 59, 999))).toBe('2024-05-06');
    expect(partitionDate(undefined, Date.UTC(2024, 4, 7))).toBe('2024-05-07');
    expect(partitionDate(undefined, Date.UTC(2024, 4, 6))).toBe('2024-05-06');
    expect(partitionDate(undefined, Date.UTC(1969, 11, 31, 12))).toBe('1969-12-31');
  });

  it('works across month and year ends', () => {
    expect(partitionDate('2023-12-31T23:00:00.000000Z', Date.UTC(2024, 0, 1, 0, 10))).toBe('2023-12-31');
    expect(partitionDate('2024-03-01T00:00:00.000000Z', Date.UTC(2024, 1, 29, 23))).toBe('2024-03-01');
  });
});
