import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ibmAix } from '../../../functions/ibm-aix/integration.ts';
import type { S3NotificationResult } from '../../../lib/s3/process-notification.ts';
import { s3Notification } from '../../../dev/s3-notifications.ts';
import { ecsTimestamp } from '../../../lib/ecs/time.ts';
import { FRAGMENT_MESSAGE } from '../../../functions/ibm-aix/normalize.ts';
import { LAYOUT_ERRORS } from '../../../functions/ibm-aix/layout.ts';
import { runCliInProcess } from '../../helpers/cli.ts';
import { recordObservability } from '../../helpers/quiet.ts';
import { useS3Handler } from '../../helpers/use-s3.ts';

/**
 * A file of `auditpr -v` output in the default layouts (samples/ibm-aix/audit-default.log:
 * a -m message, a title and its separator, records with a ctime time and the WPAR name on
 * the next line, then `-helRtcp -d` records with the WPAR name on the header line) through
 * the CLI, an S3 drop and a Firehose record: one event per record, the same on every path.
 */

const SAMPLE = readFileSync(new URL('../../../samples/ibm-aix/audit-default.log', import.meta.url), 'utf8');
const TIME = Date.UTC(2024, 4, 14, 8, 0, 0);
const RECEIVED = ecsTimestamp(TIME);
const RAW = 'raw-logs';
const OUT = 'normalized-logs';

/** The sample's records (first and last line), as the pipeline passes them to the normalizer: lines joined with `\n`. */
const LINES = SAMPLE.split('\n');
const RECORDS = [[5, 7], [8, 10], [11, 13], [14, 16], [17, 19], [20, 22], [23, 24], [25, 26], [27, 28], [29, 29]].map(([first, last]) =>
  LINES.slice(first! - 1, last).join('\n'),
);
const EVENTS = RECORDS.map((record) => `${JSON.stringify(ibmAix.normalize(record, { timezone: 'UTC', receivedAt: RECEIVED }))}\n`).join('');
/** 29 lines: 10 records; the -m message, the title's two lines and the separator skipped. */
const COUNTS = { lines: 29, events: 10, unparsed: 0, rejected: 0, blank: 4 } as const;

/** What each event says: action, user, status, outcome, command, pid, WPAR, time, tags. */
function summary(ndjson: string): unknown[] {
  return ndjson
    .trimEnd()
    .split('\n')
    .map((line) => {
      const e = JSON.parse(line) as unknown;
      const at = (path: string): unknown => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], e);
      return ['event.action', 'user.name', 'action.status', 'event.outcome', 'process.name', 'process.pid', 'container.name', '@timestamp', 'tags'].map(at);
    });
}

const SUMMARY = [
  ['USER_Login', 'alice', 'OK', 'success', 'sshd', undefined, undefined, '2018-10-31T22:58:02.000000Z', undefined],
  ['PROC_Create', 'alice', 'OK', 'success', 'ksh', 4587522, undefined, '2018-10-31T23:01:44.000000Z', undefined],
  ['PROC_Execute', 'alice', 'OK', 'success', 'ls', undefined, undefined, '2018-10-31T23:01:44.000000Z', undefined],
  ['FILE_Unlink', 'alice', 'OK', 'success', 'rm', undefined, undefined, '2018-10-31T23:02:10.000000Z', undefined],
  ['USER_SU', 'alice', 'FAIL', 'failure', 'su', undefined, undefined, '2018-11-01T08:15:03.000000Z', undefined],
  ['PROC_Delete', 'bob', 'OK', 'success', 'ksh', 5374210, 'wpar01', '2018-11-01T08:16:40.000000Z', undefined],
  ['PASSWORD_Change', 'root', 'OK', 'success', 'passwd', 5374330, undefined, '2018-11-01T08:17:02.315204Z', undefined],
  ['FS_Mkdir', 'bob', 'OK', 'success', 'mkdir', 5374402, undefined, '2018-11-01T08:20:11.902117Z', undefined],
  ['FILE_Mode', 'bob', 'OK', 'success', 'chmod', 5374415, undefined, '2018-11-01T08:21:45.004871Z', undefined],
  ['USER_Logout', 'alice', 'OK', 'success', 'sshd', 3801214, undefined, '2018-11-01T08:30:00.120000Z', undefined],
];

const { s3, handler } = useS3Handler(ibmAix, { raw: RAW, output: OUT });
const observed = recordObservability();

describe('IBM AIX: auditpr -v output in the default layouts on every path', () => {
  it('reads the events every path writes: one per record, columns from the record', () => {
    expect(summary(EVENTS)).toStrictEqual(SUMMARY);
    expect(RECORDS[0]).toBe('USER_Login      root     OK          Wed Oct 31 22:58:02 2018 sshd\n                Global\n                user: alice tty: /dev/pts/0');
  });

  it('CLI: one event per record, headings counted as blank', async () => {
    const result = await runCliInProcess(['ibm-aix'], SAMPLE, TIME);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(EVENTS);
    expect(result.stderr).toMatch(/^normalize: ibm-aix: 29 lines: 10 events, 0 unparsed, 0 rejected, 4 blank \(/);
  });

  it('S3: the same events in the normalized object, counted in the summary log', async () => {
    const key = 'ibm-aix/host-a/audit-default.log.gz';
    const { eTag, size } = await s3().put(RAW, key, gzipSync(SAMPLE));
    const name = `ibm-aix/dt=${await s3().dt(RAW, key)}/${key}.${eTag.slice(0, 8)}.ndjson.gz`;

    const result = (await handler(s3Notification([{ bucket: RAW, key, size, eTag, eventTime: new Date(TIME).toISOString() }]))) as S3NotificationResult;

    expect(await s3().gunzip(OUT, `normalized/${name}`)).toBe(EVENTS);
    expect(result.objects[0]).toMatchObject(COUNTS);
    expect(observed.info.mock.calls.find(([message]) => message === 'S3 object normalized')![1]).toMatchObject(COUNTS);
  });

  it('Firehose: the records inside one Firehose record; a fragment and an unreadable layout counted as unparsed', async () => {
    const broken = '                forked child process 4587522\nUSER_SU alice staff OK Wed Oct 31 23:01:44 2018 su';
    const event: FirehoseTransformationEvent = {
      invocationId: 'invocation-1',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/ibm-aix',
      region: 'us-east-1',
      records: [SAMPLE, broken].map((data, i) => ({ recordId: `id-${i}`, approximateArrivalTimestamp: TIME, data: Buffer.from(data).toString('base64') })),
    };

    const result = (await handler(event)) as FirehoseTransformationResult;

    expect(result.records[0]).toStrictEqual({
      recordId: 'id-0',
      result: 'Ok',
      data: Buffer.from(EVENTS).toString('base64'),
      metadata: { partitionKeys: { integration: 'ibm-aix', dt: '2024-05-14' } },
    });
    const second = Buffer.from(result.records[1]!.data!, 'base64').toString().trimEnd().split('\n').map((line) => JSON.parse(line) as { error: unknown; tags: unknown });
    expect(second.map((e) => [e.tags, e.error])).toStrictEqual([
      [['aix_audit_fragment'], { message: FRAGMENT_MESSAGE }],
      [['aix_audit_unparsed'], { message: LAYOUT_ERRORS.columnsBeforeStatus(2) }],
    ]);
    expect(observed.info.mock.calls.find(([message]) => message === 'Firehose batch transformed')![1]).toMatchObject({ ok: 2, events: 12, unparsed: 2 });
  });
});
