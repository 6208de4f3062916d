import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FirehoseTransformationResult } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { tanium } from '../../../functions/tanium/integration.ts';
import { metrics } from '../../../lib/lambda/observability.ts';
import { METRIC_NAMES } from '../../../lib/lambda/metric-names.ts';
import { s3Notification } from '../../../dev/s3-notifications.ts';
import { buildCli } from '../../../scripts/build.ts';
import type { S3NotificationResult } from '../../../lib/s3/process-notification.ts';
import { ecsTimestamp } from '../../../lib/ecs/time.ts';
import type { EcsEvent } from '../../../lib/ecs/event.ts';
import { taniumEvent } from '../../helpers/expected.ts';
import { quietObservability } from '../../helpers/quiet.ts';
import { useS3Handler } from '../../helpers/use-s3.ts';
import {
  AUDIT_LIVE_CONNECTION,
  AUDIT_LIVE_CONNECTION_FIELDS,
  CONNECT_FILE_ALERT,
  CONNECT_FILE_ALERT_FIELDS,
  UNKNOWN_SHAPE_RECORD,
  UNPARSED_FIELDS,
} from '../../helpers/tanium-records.ts';

/**
 * A Tanium Connect alert with file match details, as a Connect S3 or HTTP destination
 * writes it (one JSON object per line), through the CLI and both Lambda paths: the same
 * exact event everywhere, with `event.kind: alert`, `@timestamp` from `Timestamp`,
 * `host.hostname`, `host.ip`, `rule.name`, the file path and hashes, `related.hash`.
 */

const ALERT_LINE = JSON.stringify(CONNECT_FILE_ALERT);
const AUDIT_LINE = JSON.stringify(AUDIT_LIVE_CONNECTION);
const ALERT_EVENT = taniumEvent({ message: ALERT_LINE, ...CONNECT_FILE_ALERT_FIELDS });
const AUDIT_EVENT = taniumEvent({ message: AUDIT_LINE, ...AUDIT_LIVE_CONNECTION_FIELDS });
const UNKNOWN_LINE = JSON.stringify(UNKNOWN_SHAPE_RECORD);
/** The event of an object of no known shape, stamped with the reception time. */
const unknownEvent = (receivedAt: string): EcsEvent => taniumEvent({ message: UNKNOWN_LINE, '@timestamp': receivedAt, ...UNPARSED_FIELDS });

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
const RAW = 'raw-logs';
const OUT = 'normalized-logs';

function ndjson(text: string): EcsEvent[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as EcsEvent);
}

it('the expected alert event holds what the issue asks for', () => {
  expect(ALERT_EVENT).toMatchObject({
    '@timestamp': '2026-03-04T10:20:30.456000Z',
    event: { kind: 'alert' },
    host: { hostname: 'host-a.example.com', ip: ['192.0.2.21'] },
    rule: { name: 'Dropper written to a temporary folder' },
    file: { path: 'C:\\Users\\alice\\AppData\\Local\\Temp\\invoice.exe', hash: { md5: expect.any(String), sha1: expect.any(String), sha256: expect.any(String) } },
    related: { hash: expect.arrayContaining([expect.any(String)]) },
  });
});

describe('Tanium Connect alert: CLI', () => {
  // `npm run normalize` runs the compiled CLI: compile it from these sources first.
  beforeAll(async () => {
    await buildCli();
  });

  /** `npm run normalize`, as a user runs it. */
  function normalizeCli(args: string[], input = ''): SpawnSyncReturns<string> {
    return spawnSync('npm', ['run', '--silent', 'normalize', '--', 'tanium', ...args], { cwd: ROOT, input, encoding: 'utf8' });
  }

  it('normalizes an alert from stdin', () => {
    const result = normalizeCli([], `${ALERT_LINE}\n`);
    expect(result.status).toBe(0);
    expect(ndjson(result.stdout)).toStrictEqual([ALERT_EVENT]);
    expect(result.stderr).toMatch(/^normalize: tanium: 1 lines: 1 events, 0 unparsed, 0 rejected/m);
  });

  it('normalizes a gzip Connect file of alerts and audit records, in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanium-connect-'));
    const file = join(dir, 'connect-threat-response.json.gz');
    writeFileSync(file, gzipSync(`${ALERT_LINE}\r\n${AUDIT_LINE}\r\n`));
    const result = normalizeCli([file]);
    expect(result.status).toBe(0);
    expect(ndjson(result.stdout)).toStrictEqual([ALERT_EVENT, AUDIT_EVENT]);
  });

  it('an object of no known shape is an event, tagged and counted unparsed', () => {
    const result = normalizeCli([], `${ALERT_LINE}\n${UNKNOWN_LINE}\n`);
    expect(result.status).toBe(0);
    const [alert, unknown] = ndjson(result.stdout);
    expect(alert).toStrictEqual(ALERT_EVENT);
    // Stamped with the time of the run.
    expect(unknown).toStrictEqual(unknownEvent(unknown!['@timestamp'] as string));
    expect(result.stderr).toMatch(/^normalize: tanium: 2 lines: 2 events, 1 unparsed, 0 rejected/m);
  });
});

describe('Tanium Connect alert: Lambda', () => {
  // Its Firehose client is never called: every record fits the Firehose response.
  const { s3, handler } = useS3Handler(tanium, { raw: RAW, output: OUT });
  quietObservability();
  beforeEach(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  /** The RecordsUnparsed metric the invocation published. */
  const unparsedMetric = (): unknown[][] => vi.mocked(metrics.addMetric).mock.calls.filter(([name]) => name === METRIC_NAMES.recordsUnparsed);

  it('S3: an object written by a Connect S3 destination becomes the exact events', async () => {
    const key = 'tanium/connect/threat-response-alerts.json';
    const { eTag, size } = await s3().put(RAW, key, `${ALERT_LINE}\n${AUDIT_LINE}\n${UNKNOWN_LINE}\n`);
    const eventsKey = `normalized/tanium/dt=${await s3().dt(RAW, key)}/${key}.${eTag.slice(0, 8)}.ndjson.gz`;

    const result = (await handler(s3Notification([{ bucket: RAW, key, size, eTag, eventTime: ecsTimestamp(NOW) }]))) as S3NotificationResult;

    expect(result.objects).toMatchObject([{ key, lines: 3, events: 3, unparsed: 1, rejected: 0, output: `s3://${OUT}/${eventsKey}`, errors: undefined }]);
    expect(ndjson(await s3().gunzip(OUT, eventsKey))).toStrictEqual([ALERT_EVENT, AUDIT_EVENT, unknownEvent(ecsTimestamp(NOW))]);
    expect(unparsedMetric()).toStrictEqual([[METRIC_NAMES.recordsUnparsed, MetricUnit.Count, 1]]);
  });

  it('Firehose: a record holding the alert is answered Ok with the exact event, partitioned by its own date', async () => {
    // Arriving the day of the alert: dt is the event's date only within a day of the arrival.
    const arrival = Date.parse('2026-03-04T11:00:00Z');
    const event = {
      invocationId: 'invocation-1',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/tanium',
      region: 'us-east-1',
      records: [
        { recordId: 'r0', approximateArrivalTimestamp: arrival, data: Buffer.from(ALERT_LINE).toString('base64') },
        { recordId: 'r1', approximateArrivalTimestamp: arrival, data: Buffer.from(`${AUDIT_LINE}\n${ALERT_LINE}\n${UNKNOWN_LINE}\n`).toString('base64') },
      ],
    };

    const result = (await handler(event)) as FirehoseTransformationResult;

    expect(result.records.map((r) => [r.recordId, r.result, r.metadata])).toStrictEqual([
      ['r0', 'Ok', { partitionKeys: { integration: 'tanium', dt: '2026-03-04' } }],
      ['r1', 'Ok', { partitionKeys: { integration: 'tanium', dt: '2026-03-04' } }],
    ]);
    const events = (i: number): EcsEvent[] => ndjson(Buffer.from(result.records[i]!.data ?? '', 'base64').toString('utf8'));
    expect(events(0)).toStrictEqual([ALERT_EVENT]);
    expect(events(1)).toStrictEqual([AUDIT_EVENT, ALERT_EVENT, unknownEvent(ecsTimestamp(arrival))]);
    expect(unparsedMetric()).toStrictEqual([[METRIC_NAMES.recordsUnparsed, MetricUnit.Count, 1]]);
  });
});
