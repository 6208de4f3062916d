import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../lib/cli/run.ts';
import type { S3NotificationResult } from '../../../lib/s3/process-notification.ts';
import { s3Notification } from '../../../dev/s3-notifications.ts';
import { ecsTimestamp } from '../../../lib/ecs/time.ts';
import { recordObservability } from '../../helpers/quiet.ts';
import { useS3Handler } from '../../helpers/use-s3.ts';
import { STANZA_COUNTS, STANZA_INPUT, STANZA_RECORDS, STANZA_REJECTED, stanza } from '../../helpers/stanza.ts';

/**
 * Record framing and unparsed counting on every path: the CLI, an S3 drop and a Firehose
 * batch give the same events, the same rejected record (numbered by its first line) and
 * the same counts for the same multi-line input.
 */

const RAW = 'raw-logs';
const OUT = 'normalized-logs';
const TIME = Date.UTC(2024, 4, 14, 8, 0, 0);
const RECEIVED = ecsTimestamp(TIME);
const events = (...records: string[]): string =>
  records.map((record) => `${JSON.stringify(stanza.normalize(record, { timezone: 'UTC', receivedAt: RECEIVED }))}\n`).join('');
const EVENTS = events(...STANZA_RECORDS.map((r) => r.record));

const { s3, handler } = useS3Handler(stanza, { raw: RAW, output: OUT });
const observed = recordObservability();

describe('Record framing and unparsed counting on every path', () => {
  it('CLI: joined records on stdout, the rejected record by its first line, unparsed in the summary', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => out.push(chunk));
    stderr.on('data', (chunk: Buffer) => err.push(chunk));

    const status = await runCli(['stanza'], { stdin: Readable.from([Buffer.from(STANZA_INPUT)]), stdout, stderr, now: () => TIME }, [stanza]);

    expect(status).toBe(1);
    expect(Buffer.concat(out).toString()).toBe(EVENTS);
    const [rejected, summary, ...rest] = Buffer.concat(err).toString().split('\n');
    expect(JSON.parse(rejected!)).toStrictEqual({ file: 'stdin', ...STANZA_REJECTED });
    expect(summary).toMatch(/^normalize: stanza: 12 lines: 4 events, 1 unparsed, 1 rejected, 4 blank \(/);
    expect(rest).toStrictEqual(['']);
  });

  it('S3: the same events and errors objects, unparsed in the summary log and the RecordsUnparsed metric', async () => {
    const key = 'stanza/host-a/audit.log.gz';
    const { eTag, size } = await s3().put(RAW, key, gzipSync(STANZA_INPUT));
    const name = `stanza/dt=${await s3().dt(RAW, key)}/${key}.${eTag.slice(0, 8)}.ndjson.gz`;

    const result = (await handler(s3Notification([{ bucket: RAW, key, size, eTag, eventTime: new Date(TIME).toISOString() }]))) as S3NotificationResult;

    expect(await s3().gunzip(OUT, `normalized/${name}`)).toBe(EVENTS);
    expect(await s3().gunzip(OUT, `errors/${name}`)).toBe(`${JSON.stringify({ bucket: RAW, key, ...STANZA_REJECTED })}\n`);
    expect(result.objects[0]).toMatchObject(STANZA_COUNTS);
    expect(observed.info.mock.calls.find(([message]) => message === 'S3 object normalized')![1]).toMatchObject(STANZA_COUNTS);
    expect(observed.emfValues()).toStrictEqual([
      {
        service: 'ecs-normalizer',
        integration: 'stanza',
        ObjectsProcessed: 1,
        EventsNormalized: 4,
        RecordsUnparsed: 1,
        LinesRejected: 1,
        BlankLines: 4,
        BytesIn: size,
        BytesOut: result.objects[0]!.bytesOut,
      },
    ]);
  });

  it('Firehose: framing within each record; unparsed in the batch summary and the RecordsUnparsed metric', async () => {
    const accepted = STANZA_INPUT.replace('reject me\n  with detail\n', '');
    const data = [accepted, `${accepted}\r\n`, 'reject me\n  with detail\nthird', 'note: x\n===\n\n'];
    const event: FirehoseTransformationEvent = {
      invocationId: 'invocation-1',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/stanza',
      region: 'us-east-1',
      records: data.map((d, i) => ({ recordId: `id-${i}`, approximateArrivalTimestamp: TIME, data: Buffer.from(d).toString('base64') })),
    };

    const result = (await handler(event)) as FirehoseTransformationResult;

    const ok = (recordId: string) => ({
      recordId,
      result: 'Ok',
      data: Buffer.from(EVENTS).toString('base64'),
      metadata: { partitionKeys: { integration: 'stanza', dt: '2024-05-14' } },
    });
    expect(result.records).toStrictEqual([
      ok('id-0'),
      ok('id-1'),
      { recordId: 'id-2', result: 'ProcessingFailed', data: event.records[2]!.data },
      { recordId: 'id-3', result: 'Dropped', data: '' },
    ]);
    expect(observed.warn.mock.calls).toStrictEqual([['Firehose record rejected', { recordId: 'id-2', line: 1, reason: STANZA_REJECTED.reason }]]);
    expect(observed.info.mock.calls.find(([message]) => message === 'Firehose batch transformed')![1]).toMatchObject({
      ok: 2,
      events: 8,
      unparsed: 2,
      rejected: 1,
      dropped: 1,
    });
    expect(observed.emfValues()).toStrictEqual([
      {
        service: 'ecs-normalizer',
        integration: 'stanza',
        EventsNormalized: 8,
        RecordsUnparsed: 2,
        RecordsRejected: 1,
        RecordsDropped: 1,
        RecordsReingested: 0,
        RecordsDeliveryFailed: 0,
        BytesIn: data.reduce((sum, d) => sum + Buffer.byteLength(d), 0),
        BytesOut: 2 * Buffer.byteLength(EVENTS),
      },
    ]);
  });
});
