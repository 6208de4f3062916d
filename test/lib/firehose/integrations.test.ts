import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES, LAMBDA_RESPONSE_LIMIT } from '../../../lib/firehose/response-size.ts';
import { transformFirehoseEvent, type FirehoseTransformDeps } from '../../../lib/firehose/transform.ts';
import { logger } from '../../../lib/lambda/observability.ts';
import { getIntegration, integrations } from '../../../functions/registry.ts';
import type { EcsEvent } from '../../../lib/ecs/event.ts';
import { useFirehoseEndpoint } from '../../helpers/firehose-endpoint.ts';
import { loadFixtures, RECEIVED_AT } from '../../helpers/fixtures.ts';
import { quietObservability } from '../../helpers/quiet.ts';
import { cloudWatchLogsRecord } from '../../helpers/cloudwatch-logs.ts';

const ARN = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/raw-logs';
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function firehoseEvent(data: readonly string[]): FirehoseTransformationEvent {
  return {
    invocationId: 'invocation-1',
    deliveryStreamArn: ARN,
    region: 'eu-west-1',
    records: data.map((d, i) => ({
      recordId: `id-${i}`,
      approximateArrivalTimestamp: Date.parse(RECEIVED_AT),
      data: Buffer.from(d).toString('base64'),
    })),
  };
}

/** The events of an Ok record's data. */
function eventsOf(data: string | undefined): EcsEvent[] {
  const text = Buffer.from(data ?? '', 'base64').toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as EcsEvent);
}

const responseSize = (result: FirehoseTransformationResult): number => Buffer.byteLength(JSON.stringify(result));

describe('Firehose transformation', () => {
  const endpoint = useFirehoseEndpoint();
  quietObservability();

  const deps = (name: string): FirehoseTransformDeps => ({
    integration: getIntegration(name),
    config: { timezone: 'UTC' },
    firehose: endpoint().client(),
    // One call at a time, so the endpoint sees the records in input order.
    putRecordsOptions: { sleep: async () => {}, concurrency: 1 },
  });

  describe.each(integrations.map((i) => i.name))('with %s', (name) => {
    const fixtures = loadFixtures(name).map(([, , fixture]) => fixture);

    it('normalizes every fixture like the fixture runner, one record each and all in one CRLF record', async () => {
      const messages = fixtures.map((f) => f.input.message);

      const result = await transformFirehoseEvent(firehoseEvent([...messages, messages.join('\r\n')]), deps(name));

      expect(result.records.map((r) => [r.recordId, r.result])).toEqual(
        [...messages, ''].map((_, i) => [`id-${i}`, 'Ok']),
      );
      fixtures.forEach((fixture, i) => {
        const expected = fixture.normalized!;
        expect(eventsOf(result.records[i]!.data)).toStrictEqual([expected]);
        // The fixtures' events date from years before the arrival: dt is the arrival date.
        expect(result.records[i]!.metadata).toEqual({ partitionKeys: { integration: name, dt: RECEIVED_AT.slice(0, 10) } });
      });
      expect(eventsOf(result.records[messages.length]!.data)).toStrictEqual(fixtures.map((f) => f.normalized!));
    });

    it('keeps a 3 MB batch, whose events exceed 6 MB, under the limit and re-ingests exactly the records answered Dropped', async () => {
      // Realistic producers: records of 1 to 4 raw records each, cycling through the fixtures.
      const data: string[] = [];
      let size = 0;
      for (let n = 0; size < 3_000_000; n++) {
        const lines = Array.from({ length: 1 + (n % 4) }, (_, j) => fixtures[(n + j) % fixtures.length]!.input.message);
        const record = `${lines.join('\n')}\n`;
        data.push(record);
        size += Buffer.byteLength(record);
      }
      const event = firehoseEvent(data);
      const unbounded = await transformFirehoseEvent(event, { ...deps(name), maxResponseBytes: Infinity });
      expect(unbounded.records.every((r) => r.result === 'Ok')).toBe(true);
      expect(responseSize(unbounded)).toBeGreaterThan(LAMBDA_RESPONSE_LIMIT);

      const result = await transformFirehoseEvent(event, deps(name));

      const results = result.records.map((r) => r.result);
      const kept = results.indexOf('Dropped');
      expect(kept).toBeGreaterThan(0);
      expect(results).toEqual(data.map((_, i) => (i < kept ? 'Ok' : 'Dropped')));
      expect(responseSize(result)).toBeLessThanOrEqual(DEFAULT_MAX_RESPONSE_BYTES);
      expect(responseSize(result)).toBeGreaterThan(DEFAULT_MAX_RESPONSE_BYTES - 50_000);
      expect(endpoint().calls.flatMap((c) => c.records.map((r) => r.toString('utf8')))).toEqual(data.slice(kept));
      expect(endpoint().calls.every((c) => c.records.length <= 500 && c.streamName === 'raw-logs')).toBe(true);
    });
  });

  it.each([
    ['ibm-aix', 'audit.log'],
    ['tanium', 'recorder-more-types.json'],
  ])('%s: reads a CloudWatch Logs subscription\'s records as their log events, and drops its control message', async (name, sample) => {
    const lines = readFileSync(join(ROOT, 'samples', name, sample), 'utf8').split('\n').filter((line) => line.trim() !== '');
    const plain = await transformFirehoseEvent(firehoseEvent([lines.join('\n')]), deps(name));
    const event = firehoseEvent([]);
    const record = (data: Buffer, i: number) => ({ recordId: `id-${i}`, approximateArrivalTimestamp: Date.parse(RECEIVED_AT), data: data.toString('base64') });
    event.records.push(record(cloudWatchLogsRecord(lines), 0), record(cloudWatchLogsRecord(['CWL CONTROL MESSAGE: Checking health of destination Firehose.'], 'CONTROL_MESSAGE'), 1));

    const result = await transformFirehoseEvent(event, deps(name));

    expect(result.records.map((r) => [r.recordId, r.result])).toEqual([['id-0', 'Ok'], ['id-1', 'Dropped']]);
    expect(eventsOf(result.records[0]!.data)).toStrictEqual(eventsOf(plain.records[0]!.data));
  });

  it('re-ingests a CloudWatch Logs record whose events fit in no response in pieces within Firehose\'s record limit, cut at record boundaries', async () => {
    // 2.5 MB of AIX lines as log events (160 KB of gzip): halves of its text would be over 1,000 KiB.
    const lines = readFileSync(join(ROOT, 'samples', 'ibm-aix', 'audit.log'), 'utf8').split('\n').filter((line) => line.trim() !== '');
    const messages = Array.from({ length: Math.ceil(2_500_000 / lines.join('\n').length) }, () => lines).flat();
    const event = firehoseEvent([]);
    event.records.push({ recordId: 'id-0', approximateArrivalTimestamp: Date.parse(RECEIVED_AT), data: cloudWatchLogsRecord(messages).toString('base64') });

    const result = await transformFirehoseEvent(event, deps('ibm-aix'));

    expect(result.records).toEqual([{ recordId: 'id-0', result: 'Dropped', data: '' }]);
    const pieces = endpoint().calls.flatMap((c) => c.records);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.every((piece) => piece.length <= 1000 * 1024)).toBe(true);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(messages.join('\n'));
    expect(pieces.every((piece) => lines.some((line) => piece.toString('utf8').startsWith(`${line}\n`)))).toBe(true);
  });

  it.each([
    ['ibm-aix', 'audit-default.log'],
    ['tanium', 'recorder-more-types.json'],
  ])('%s: re-ingests a record whose events fit in no response as two halves, which give the events of the whole', async (name, sample) => {
    // A sample as its tool writes it (AIX: auditpr's default layout, heading and multi-line records),
    // many times over, then its first twelve lines: the line nearest the middle continues a record.
    const one = readFileSync(join(ROOT, 'samples', name, sample), 'utf8');
    const text = `${one.repeat(40)}${one.split('\n').slice(0, 12).join('\n')}\n`;
    const budget = 64 * 1024;
    const whole = await transformFirehoseEvent(firehoseEvent([text]), deps(name));
    expect(whole.records[0]!.result).toBe('Ok');
    expect(Buffer.from(whole.records[0]!.data!, 'base64').length).toBeGreaterThan(budget);

    const result = await transformFirehoseEvent(firehoseEvent([text]), { ...deps(name), maxResponseBytes: budget });

    expect(result.records).toEqual([{ recordId: 'id-0', result: 'Dropped', data: '' }]);
    const halves = endpoint().calls.flatMap((c) => c.records.map((r) => r.toString('utf8')));
    expect(halves).toHaveLength(2);
    expect(halves.join('')).toBe(text);
    const again = await transformFirehoseEvent(firehoseEvent(halves), deps(name));
    expect(again.records.flatMap((r) => eventsOf(r.data))).toStrictEqual(eventsOf(whole.records[0]!.data));
  });

  it('answers ProcessingFailed with the original data for a Tanium record that is not a JSON object', async () => {
    const good = loadFixtures('tanium')[0]![2].input.message;
    const event = firehoseEvent(['not json', '[1, 2]', `${good}\nnull`, good]);

    const result = await transformFirehoseEvent(event, deps('tanium'));

    expect(result.records.slice(0, 3)).toEqual(
      [0, 1, 2].map((i) => ({ recordId: `id-${i}`, result: 'ProcessingFailed', data: event.records[i]!.data })),
    );
    expect(result.records[3]).toMatchObject({ recordId: 'id-3', result: 'Ok' });
    expect(vi.mocked(logger.warn).mock.calls.map((c) => c[1])).toEqual([
      { recordId: 'id-0', line: 1, reason: expect.stringMatching(/^record is not valid JSON: /) },
      { recordId: 'id-1', line: 1, reason: 'record is not a JSON object but an array' },
      { recordId: 'id-2', line: 2, reason: 'record is not a JSON object but null' },
    ]);
  });
});
