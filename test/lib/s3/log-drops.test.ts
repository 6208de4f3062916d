import { GetObjectCommand } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../lib/lambda/config.ts';
import { createHandler, type Handler } from '../../../lib/lambda/handler.ts';
import { MAX_RECORD_BYTES } from '../../../lib/records/record.ts';
import { getIntegration } from '../../../functions/registry.ts';
import { s3Notification } from '../../../dev/s3-notifications.ts';
import type { S3NotificationResult } from '../../../lib/s3/process-notification.ts';
import type { Integration } from '../../../lib/integration.ts';
import { recordObservability } from '../../helpers/quiet.ts';
import { useS3Handler } from '../../helpers/use-s3.ts';
import { echo } from '../../helpers/echo.ts';

const RAW = 'raw-logs';
const OUT = 'normalized-logs';
const EVENT_TIME = '2024-05-14T08:00:00.000Z';
const RECEIVED = '2024-05-14T08:00:00.000000Z';

/** The NDJSON line `echo` makes of a raw line. */
const ev = (message: string): string => `${JSON.stringify({ message, '@timestamp': RECEIVED })}\n`;

const { s3, firehose, handler } = useS3Handler(echo, { raw: RAW, output: OUT });
const observed = recordObservability();

/** Uploads an object to the raw bucket; returns its notification and the keys its outputs get. */
async function drop(key: string, body: Uint8Array | string, integration = 'echo') {
  const { eTag, size } = await s3().put(RAW, key, body);
  const name = `${integration}/dt=${await s3().dt(RAW, key)}/${key}.${eTag.slice(0, 8)}.ndjson.gz`;
  return {
    eTag,
    size,
    notification: s3Notification([{ bucket: RAW, key, size, eTag, eventTime: EVENT_TIME }]),
    eventsKey: `normalized/${name}`,
    errorsKey: `errors/${name}`,
  };
}

async function invoke(h: Handler, event: unknown): Promise<S3NotificationResult> {
  return (await h(event)) as S3NotificationResult;
}

describe('S3 log drops', () => {
  it('normalizes a plain object into gzip NDJSON under a key derived from the source', async () => {
    const d = await drop('echo/plain.log', 'alpha\nbeta\ngamma\n');

    const result = await invoke(handler, d.notification);

    expect(await s3().gunzip(OUT, d.eventsKey)).toBe(ev('alpha') + ev('beta') + ev('gamma'));
    expect(await s3().keys(OUT, 'normalized/echo/')).toContain(d.eventsKey);
    expect(await s3().keys(OUT, 'errors/echo/')).not.toContain(d.errorsKey);
    expect(result.objects).toEqual([
      {
        bucket: RAW,
        key: 'echo/plain.log',
        versionId: undefined,
        eTag: d.eTag,
        lines: 3,
        events: 3,
        unparsed: 0,
        rejected: 0,
        blank: 0,
        bytesIn: d.size,
        bytesOut: (await s3().get(OUT, d.eventsKey)).length,
        durationMs: expect.any(Number),
        output: `s3://${OUT}/${d.eventsKey}`,
        errors: undefined,
      },
    ]);
    expect(d.eventsKey).toMatch(/^normalized\/echo\/dt=\d{4}-\d{2}-\d{2}\/echo\/plain\.log\.[0-9a-f]{8}\.ndjson\.gz$/);
  });

  it.each([
    ['gzip named .gz', 'echo/gzip.log.gz', gzipSync('one\ntwo\n')],
    ['gzip named .log', 'echo/gzip-named.log', gzipSync('one\ntwo\n')],
    ['plain named .gz', 'echo/plain-named.gz', Buffer.from('one\ntwo\n')],
    ['concatenated gzip members', 'echo/members.gz', Buffer.concat([gzipSync('one\n'), gzipSync('two\n')])],
  ])('detects gzip by its magic bytes whatever the name: %s', async (_, key, body) => {
    const d = await drop(key, body);

    const result = await invoke(handler, d.notification);

    expect(await s3().gunzip(OUT, d.eventsKey)).toBe(ev('one') + ev('two'));
    expect(result.objects[0]).toMatchObject({ lines: 2, events: 2, bytesIn: body.length });
  });

  it('splits CRLF lines, drops a BOM, skips and counts blank lines, keeps a last line without newline', async () => {
    const d = await drop('echo/crlf.log', '\uFEFFfirst\r\n\r\n   \nsecond\r\n\t\r\nthird');

    const result = await invoke(handler, d.notification);

    expect(await s3().gunzip(OUT, d.eventsKey)).toBe(ev('first') + ev('second') + ev('third'));
    expect(result.objects[0]).toMatchObject({ lines: 6, events: 3, blank: 3, rejected: 0 });
  });

  it('decodes keys with spaces and unicode as S3 encodes them in notifications', async () => {
    const key = 'echo/host 01/journal été+plus (1).log';
    const d = await drop(key, 'entry\n');
    expect(d.notification.Records[0]!.s3.object.key).toBe('echo/host+01/journal+%C3%A9t%C3%A9%2Bplus+%281%29.log');

    const result = await invoke(handler, d.notification);

    expect(result.objects[0]!.key).toBe(key);
    expect(d.eventsKey).toContain('/echo/host 01/journal été+plus (1).log.');
    expect(await s3().gunzip(OUT, d.eventsKey)).toBe(ev('entry'));
  });

  it('writes each rejected line to the errors object with its number, reason and raw bytes', async () => {
    const body = Buffer.concat([Buffer.from('ok one\nreject me\n'), Buffer.from([0xff, 0xfe, 0x78]), Buffer.from('\n\nboom\nok two\n')]);
    const d = await drop('echo/mixed.log', body);

    const result = await invoke(handler, d.notification);

    expect(await s3().gunzip(OUT, d.eventsKey)).toBe(ev('ok one') + ev('ok two'));
    const source = { bucket: RAW, key: 'echo/mixed.log' };
    expect(await s3().gunzip(OUT, d.errorsKey)).toBe(
      [
        { ...source, line: 2, reason: 'starts with "reject"', raw: 'reject me' },
        { ...source, line: 3, reason: 'record is not valid UTF-8', raw: '//54', encoding: 'base64' },
        { ...source, line: 5, reason: 'unexpected error: normalizer bug', raw: 'boom' },
      ]
        .map((e) => `${JSON.stringify(e)}\n`)
        .join(''),
    );
    // Every non-blank line is in exactly one of the two outputs.
    expect(result.objects[0]).toMatchObject({ lines: 6, events: 2, rejected: 3, blank: 1, errors: `s3://${OUT}/${d.errorsKey}` });
  });

  it('rejects a line over the record size limit, naming its length', async () => {
    const long = 'x'.repeat(MAX_RECORD_BYTES + 10);
    const d = await drop('echo/long.log', `short\n${long}\nafter\n`);

    const result = await invoke(handler, d.notification);

    expect(await s3().gunzip(OUT, d.eventsKey)).toBe(ev('short') + ev('after'));
    const errors = (await s3().gunzip(OUT, d.errorsKey)).split('\n');
    expect(errors).toHaveLength(2);
    expect(JSON.parse(errors[0]!)).toEqual({
      bucket: RAW,
      key: 'echo/long.log',
      line: 2,
      reason: `record is ${MAX_RECORD_BYTES + 10} bytes, over the ${MAX_RECORD_BYTES}-byte limit`,
      raw: 'x'.repeat(MAX_RECORD_BYTES + 1),
    });
    expect(result.objects[0]).toMatchObject({ events: 2, rejected: 1 });
  });

  it('overwrites the same keys when the invocation is retried, without duplicates', async () => {
    const d = await drop('echo/retried.log', 'one\nreject two\nthree\n');
    await invoke(handler, d.notification);
    const before = await s3().keys(OUT);

    await invoke(handler, d.notification);

    expect(await s3().keys(OUT)).toEqual(before);
    expect(await s3().gunzip(OUT, d.eventsKey)).toBe(ev('one') + ev('three'));
    expect((await s3().gunzip(OUT, d.errorsKey)).split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('deletes a stale errors object when a new run of the same source rejects nothing', async () => {
    const d = await drop('echo/stale.log', 'one\nreject two\n');
    await invoke(handler, d.notification);
    expect(await s3().keys(OUT, 'errors/')).toContain(d.errorsKey);
    // The same integration after a fix: it now accepts every line.
    const lenient: Integration = { ...echo, normalize: (record, context) => ({ message: record, '@timestamp': context.receivedAt }) };
    const fixed = createHandler(lenient, { config: loadConfig({ OUTPUT_BUCKET: OUT }), s3: s3().client, firehose });

    const result = await invoke(fixed, d.notification);

    expect(await s3().keys(OUT, 'errors/')).not.toContain(d.errorsKey);
    expect(await s3().gunzip(OUT, d.eventsKey)).toBe(ev('one') + ev('reject two'));
    expect(result.objects[0]!.errors).toBeUndefined();
  });

  it.each(['not a time', '+275760-09-13T00:00:00.000Z'])('takes now as the reception time when the event time is no date of years 1000-9999 (%s)', async (eventTime) => {
    const d = await drop('echo/odd-event-time.log', 'alpha\n');

    const before = Date.now();
    await invoke(handler, s3Notification([{ bucket: RAW, key: 'echo/odd-event-time.log', size: d.size, eTag: d.eTag, eventTime }]));
    const after = Date.now();

    const received = JSON.parse(await s3().gunzip(OUT, d.eventsKey))['@timestamp'];
    expect(received).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.parse(received)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(received)).toBeLessThanOrEqual(after);
  });

  it('writes under OUTPUT_PREFIX and ERROR_PREFIX', async () => {
    const d = await drop('echo/prefixed.log', 'one\nreject two\n');
    const config = loadConfig({ OUTPUT_BUCKET: OUT, OUTPUT_PREFIX: 'ecs/v1', ERROR_PREFIX: 'rejected/' });
    const prefixed = createHandler(echo, { config, s3: s3().client, firehose });

    await invoke(prefixed, d.notification);

    expect(await s3().gunzip(OUT, d.eventsKey.replace(/^normalized\//, 'ecs/v1/'))).toBe(ev('one'));
    expect(await s3().gunzip(OUT, d.errorsKey.replace(/^errors\//, 'rejected/'))).toContain('"line":2');
  });

  it('reads the notified version of the object', async () => {
    const d = await drop('echo/versioned.log', 'one\n');
    const record = d.notification.Records[0]!;
    record.s3.object.versionId = '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY';
    const send = vi.spyOn(s3().client, 'send');

    const result = await invoke(handler, d.notification);

    const get = send.mock.calls.map(([command]) => command).find((c) => c instanceof GetObjectCommand);
    expect(get!.input).toEqual({ Bucket: RAW, Key: 'echo/versioned.log', VersionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' });
    expect(result.objects[0]!.versionId).toBe('3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY');
  });

  it('normalizes the version there is, with a warning naming both ETags, when the object was overwritten after its notification', async () => {
    const first = await drop('echo/overwritten.log', 'first one\nfirst two\n');
    const second = await drop('echo/overwritten.log', 'second one\n');

    const result = await invoke(handler, first.notification);

    expect(result.objects[0]).toMatchObject({ eTag: second.eTag, events: 1, output: `s3://${OUT}/${second.eventsKey}` });
    expect(await s3().gunzip(OUT, second.eventsKey)).toBe(ev('second one'));
    expect(observed.warn.mock.calls).toEqual([
      [
        'S3 object changed since its notification: the version read was normalized, the notified one no longer exists',
        { integration: 'echo', bucket: RAW, key: 'echo/overwritten.log', notifiedETag: first.eTag, readETag: second.eTag },
      ],
    ]);
  });

  it('skips records that are not object creations', async () => {
    const notification = s3Notification([{ bucket: RAW, key: 'echo/gone.log', size: 0, eTag: 'x', eventName: 'ObjectRemoved:Delete' }]);
    const send = vi.spyOn(s3().client, 'send');

    expect(await invoke(handler, notification)).toEqual({ objects: [], skipped: 1 });
    expect(send).not.toHaveBeenCalled();
  });

  it('processes every object of a notification and logs one summary line per object', async () => {
    const a = await drop('echo/multi-a.log', 'a1\na2\n');
    const b = await drop('echo/multi-b.log', gzipSync('b1\n\nreject b2\n'));
    const notification = { Records: [...a.notification.Records, ...b.notification.Records] };

    const result = await invoke(handler, notification);

    expect(result.objects.map((o) => [o.key, o.events, o.rejected, o.blank])).toEqual([
      ['echo/multi-a.log', 2, 0, 0],
      ['echo/multi-b.log', 1, 1, 1],
    ]);
    const summaries = observed.info.mock.calls.filter(([message]) => message === 'S3 object normalized');
    expect(summaries.map(([, fields]) => fields)).toEqual(result.objects.map((o) => ({ integration: 'echo', ...o })));
    expect(summaries[1]![1]).toMatchObject({
      bucket: RAW,
      key: 'echo/multi-b.log',
      lines: 3,
      events: 1,
      rejected: 1,
      blank: 1,
      bytesIn: b.size,
      output: `s3://${OUT}/${b.eventsKey}`,
      errors: `s3://${OUT}/${b.errorsKey}`,
    });
  });

  it('publishes the metrics once per invocation, in embedded metric format', async () => {
    const a = await drop('echo/metrics-a.log', 'a1\n\nreject a2\n');
    const b = await drop('echo/metrics-b.log', 'b1\n');

    const result = await invoke(handler, { Records: [...a.notification.Records, ...b.notification.Records] });

    const documents = observed.emf();
    expect(documents).toHaveLength(1);
    const { _aws, ...values } = documents[0]!;
    expect(values).toEqual({
      service: 'ecs-normalizer',
      integration: 'echo',
      ObjectsProcessed: 2,
      EventsNormalized: 2,
      RecordsUnparsed: 0,
      LinesRejected: 1,
      BlankLines: 1,
      BytesIn: a.size + b.size,
      BytesOut: result.objects[0]!.bytesOut + result.objects[1]!.bytesOut,
    });
    expect(_aws).toMatchObject({
      CloudWatchMetrics: [
        {
          Namespace: 'EcsLogNormalizers',
          Dimensions: [['service', 'integration']],
          Metrics: [
            { Name: 'ObjectsProcessed', Unit: 'Count' },
            { Name: 'EventsNormalized', Unit: 'Count' },
            { Name: 'RecordsUnparsed', Unit: 'Count' },
            { Name: 'LinesRejected', Unit: 'Count' },
            { Name: 'BlankLines', Unit: 'Count' },
            { Name: 'BytesIn', Unit: 'Bytes' },
            { Name: 'BytesOut', Unit: 'Bytes' },
          ],
        },
      ],
    });
  });

  it('normalizes with the registered integrations', async () => {
    const deps = { config: loadConfig({ OUTPUT_BUCKET: OUT }), s3: s3().client, firehose };
    const aixLine = 'FS_Chroot sshd root root OK 14 May 2024 08:01:12.201876 No associated roles change root directory to: /var/empty';
    const taniumLine =
      '{"event":"network_connect","hostname":"ws-0142.example.com","host":"192.0.2.15","fields":{"remote_port":443,' +
      '"process__pid":2540,"local_ip":"192.0.2.15","local_port":53671,"process__file__full_path":"C:\\\\Windows\\\\System32\\\\svchost.exe","remote_ip":"203.0.113.80"}}';
    const aix = await drop('ibm-aix/aixprod01/audit.log', `${aixLine}\n`, 'ibm-aix');
    const tanium = await drop('tanium/ws-0142/events.json.gz', gzipSync(`${taniumLine}\n["not an object"]\n`), 'tanium');

    await invoke(createHandler(getIntegration('ibm-aix'), deps), aix.notification);
    await invoke(createHandler(getIntegration('tanium'), deps), tanium.notification);

    expect(JSON.parse(await s3().gunzip(OUT, aix.eventsKey))).toEqual({
      message: aixLine,
      event: { kind: 'event', category: ['process'], action: 'FS_Chroot', type: ['change'], outcome: 'success', module: 'ibm_aix', dataset: 'ibm_aix.audit' },
      action: { target: 'process', status: 'OK' },
      observer: { vendor: 'IBM' },
      process: { name: 'sshd', user: { name: 'root' }, real_user: { name: 'root' } },
      group: { name: 'root' },
      user: { name: 'root' },
      file: { name: '/var/empty' },
      ecs: { version: '9.0.0' },
      '@timestamp': '2024-05-14T08:01:12.201876Z',
      related: { user: ['root'] },
    });
    expect(JSON.parse(await s3().gunzip(OUT, tanium.eventsKey))).toEqual({
      message: taniumLine,
      event: { kind: 'event', category: ['network'], type: ['start'], module: 'tanium', dataset: 'tanium.threat_response' },
      host: { hostname: 'ws-0142.example.com', ip: ['192.0.2.15'], name: 'ws-0142.example.com' },
      observer: { vendor: 'Tanium', product: 'XEM', type: 'sensor', name: 'ws-0142.example.com' },
      destination: { ip: '203.0.113.80', port: 443, address: '203.0.113.80' },
      source: { ip: '192.0.2.15', port: 53671, address: '192.0.2.15' },
      process: { pid: 2540, executable: 'C:\\Windows\\System32\\svchost.exe', name: 'svchost.exe' },
      ecs: { version: '9.0.0' },
      // No time in the record: the S3 event time.
      '@timestamp': RECEIVED,
      related: { ip: ['192.0.2.15', '203.0.113.80'], hosts: ['ws-0142.example.com'] },
    });
    expect(JSON.parse(await s3().gunzip(OUT, tanium.errorsKey))).toEqual({
      bucket: RAW,
      key: 'tanium/ws-0142/events.json.gz',
      line: 2,
      reason: 'record is not a JSON object but an array',
      raw: '["not an object"]',
    });
  });
});
