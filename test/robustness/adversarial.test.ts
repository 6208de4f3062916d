import { FirehoseClient } from '@aws-sdk/client-firehose';
import type { FirehoseTransformationResultRecord } from 'aws-lambda';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../lib/cli/run.ts';
import { loadConfig } from '../../lib/lambda/config.ts';
import { RecordRejectedError } from '../../lib/errors.ts';
import { transformFirehoseEvent } from '../../lib/firehose/transform.ts';
import { createHandler } from '../../lib/lambda/handler.ts';
import { logger } from '../../lib/lambda/observability.ts';
import { MAX_RECORD_BYTES, normalizeRecord } from '../../lib/records/record.ts';
import { getIntegration, integrations } from '../../functions/registry.ts';
import { s3Notification } from '../../dev/s3-notifications.ts';
import type { S3NotificationResult } from '../../lib/s3/process-notification.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';
import { flatten } from '../helpers/conformance.ts';
import { jsonParseMessage } from '../helpers/expected.ts';
import { startTestS3, type TestS3 } from '../helpers/s3-server.ts';
import { assertNoPollution, assertValidEvent, type StoredRejection } from './properties.ts';
import { quietObservability } from '../helpers/quiet.ts';

/**
 * Adversarial records, each with its exact outcome on the paths it can take: the
 * normalizer (through `normalizeRecord`, which applies the size limit), the CLI and S3
 * line path, and the Firehose path. Only the fields under test are asserted (plus the
 * validity of the whole event), so fields added by enrichment do not break these tests.
 */

const RECEIVED_AT = '2024-05-14T08:00:00.000000Z';
const CONTEXT = { timezone: 'UTC', receivedAt: RECEIVED_AT };
const RAW = 'raw-logs';
const OUT = 'normalized-logs';
const OVER = (bytes: number): string => `record is ${bytes} bytes, over the 1048576-byte limit`;

let s3: TestS3;
const firehoseClient = new FirehoseClient({ region: 'us-east-1' });

beforeAll(async () => {
  s3 = await startTestS3([RAW, OUT]);
});
afterAll(async () => {
  firehoseClient.destroy();
  await s3.close();
});
quietObservability();

/** Asserts two (long) strings are equal without printing them whole. */
function same(actual: unknown, expected: string): void {
  expect(typeof actual, 'not a string').toBe('string');
  const a = actual as string;
  let at = 0;
  while (at < a.length && a[at] === expected[at]) at++;
  expect(a === expected, `strings of ${a.length} and ${expected.length} characters differ at ${at}`).toBe(true);
}

/** The event of a record that must be accepted, checked valid. */
function accepted(integration: 'ibm-aix' | 'tanium', record: string): Map<string, unknown> {
  const outcome = normalizeRecord(getIntegration(integration), record, CONTEXT);
  expect(outcome.reason).toBeUndefined();
  assertValidEvent(integration, record, outcome.event!);
  assertNoPollution();
  return flatten(outcome.event);
}

/** The reason a record is rejected with, checking the normalizer throws only RecordRejectedError. */
function rejected(integration: 'ibm-aix' | 'tanium', record: string): string | undefined {
  const outcome = normalizeRecord(getIntegration(integration), record, CONTEXT);
  if (outcome.reason === undefined || outcome.reason.includes('-byte limit')) return outcome.reason;
  expect(() => getIntegration(integration).normalize(record, CONTEXT)).toThrow(RecordRejectedError);
  return outcome.reason;
}

/** Runs the CLI on stdin; returns the exit status, the events and the rejected lines (JSON objects). */
async function cli(
  integration: string,
  input: Buffer,
): Promise<{ status: number; stdout: Buffer; events: EcsEvent[]; rejected: Record<string, unknown>[]; summary: string }> {
  const collect = (into: Buffer[]): Writable =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        into.push(Buffer.from(chunk));
        callback();
      },
    });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const status = await runCli([integration, '--no-progress'], { stdin: Readable.from([input]), stdout: collect(out), stderr: collect(err) }, integrations);
  const lines = (chunks: Buffer[]): string[] => Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
  const errLines = lines(err);
  return {
    status,
    stdout: Buffer.concat(out),
    events: lines(out).map((l) => JSON.parse(l) as EcsEvent),
    rejected: errLines.slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>),
    summary: errLines[errLines.length - 1]!,
  };
}

let drops = 0;

/** Drops an object into the raw bucket and runs the real S3 handler on it; returns the summary, events and rejected lines. */
async function s3Drop(integration: string, content: Buffer): Promise<{ summary: S3NotificationResult['objects'][number]; events: EcsEvent[]; rejected: StoredRejection[] }> {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const key = `${integration}/adversarial/${drops++}.log`;
  const { eTag, size } = await s3.put(RAW, key, content);
  const handler = createHandler(getIntegration(integration), { config: loadConfig({ OUTPUT_BUCKET: OUT }), s3: s3.client, firehose: firehoseClient });
  const result = (await handler(s3Notification([{ bucket: RAW, key, size, eTag, eventTime: '2024-05-14T08:00:00.000Z' }]))) as S3NotificationResult;
  const summary = result.objects[0]!;
  const text = await s3.gunzip(OUT, summary.output.slice(`s3://${OUT}/`.length));
  const errors = summary.errors === undefined ? '' : await s3.gunzip(OUT, summary.errors.slice(`s3://${OUT}/`.length));
  return {
    summary,
    events: text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as EcsEvent),
    rejected: errors.split('\n').filter(Boolean).map((l) => JSON.parse(l) as StoredRejection),
  };
}

/** Runs a Firehose transformation of records with the given data. */
async function firehose(integration: string, data: readonly Buffer[]): Promise<FirehoseTransformationResultRecord[]> {
  const result = await transformFirehoseEvent(
    {
      invocationId: 'adversarial',
      deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/adversarial',
      region: 'eu-west-1',
      records: data.map((d, i) => ({ recordId: `r${i}`, approximateArrivalTimestamp: Date.parse(RECEIVED_AT), data: d.toString('base64') })),
    },
    { integration: getIntegration(integration), config: { timezone: 'UTC' }, firehose: firehoseClient },
  );
  return result.records;
}

const eventsOf = (answer: FirehoseTransformationResultRecord): EcsEvent[] =>
  Buffer.from(answer.data!, 'base64')
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EcsEvent);

/** An AIX FILE_Unlink line whose file name pads it to exactly `bytes` bytes. */
function aixLineOf(bytes: number): string {
  const head = 'FILE_Unlink Pipin root root OK 25 sep 2022 23:14:20.756159 No associated roles filename /tmp/';
  return head + 'a'.repeat(bytes - head.length);
}

/** A Tanium file_open record whose full_path pads it to exactly `bytes` bytes. */
function taniumRecordOf(bytes: number): string {
  const head = '{"event":"file_open","hostname":"host01.example.com","fields":{"full_path":"/tmp/';
  const tail = '"}}';
  return head + 'a'.repeat(bytes - head.length - tail.length) + tail;
}

describe('Robustness: the size limit (1 MiB = 1,048,576 bytes of UTF-8 per record)', () => {
  it('normalizeRecord accepts a record of exactly 1 MiB and rejects one byte more, naming its size', () => {
    expect(Buffer.byteLength(aixLineOf(MAX_RECORD_BYTES))).toBe(MAX_RECORD_BYTES);
    const line = aixLineOf(MAX_RECORD_BYTES);
    same(accepted('ibm-aix', line).get('file.name'), line.slice(line.indexOf('/tmp/')));
    const record = taniumRecordOf(MAX_RECORD_BYTES);
    same(accepted('tanium', record).get('file.path'), record.slice(record.indexOf('/tmp/'), -3));
    expect(rejected('ibm-aix', aixLineOf(MAX_RECORD_BYTES + 1))).toBe(OVER(MAX_RECORD_BYTES + 1));
    expect(rejected('tanium', taniumRecordOf(MAX_RECORD_BYTES + 1))).toBe(OVER(MAX_RECORD_BYTES + 1));
  });

  it('counts bytes, not characters: 524,288 "é" are exactly 1 MiB, one more is over', () => {
    const at = 'é'.repeat(MAX_RECORD_BYTES / 2);
    same(accepted('ibm-aix', at).get('message'), at);
    expect(rejected('ibm-aix', `${at}é`)).toBe(OVER(MAX_RECORD_BYTES + 2));
    expect(rejected('ibm-aix', `${at}x`)).toBe(OVER(MAX_RECORD_BYTES + 1));
  });

  const lines = [aixLineOf(MAX_RECORD_BYTES), aixLineOf(MAX_RECORD_BYTES + 1), aixLineOf(2 * MAX_RECORD_BYTES + 5), aixLineOf(200)];
  // The 1 MiB line ends with CRLF: the CR is not part of the record.
  const content = Buffer.from(`${lines[0]}\r\n${lines[1]}\n${lines[2]}\n${lines[3]}\n`);

  it('on the S3 path: the line of 1 MiB is an event, longer ones are rejected with their length, stored up to 1 MiB + 1 byte', async () => {
    const { summary, events, rejected: errors } = await s3Drop('ibm-aix', content);
    expect(summary).toMatchObject({ lines: 4, events: 2, rejected: 2, blank: 0 });
    expect(events).toHaveLength(2);
    same(events[0]!.message, lines[0]!);
    same(events[1]!.message, lines[3]!);
    expect(errors.map((r) => [r.line, r.reason])).toStrictEqual([
      [2, OVER(MAX_RECORD_BYTES + 1)],
      [3, OVER(2 * MAX_RECORD_BYTES + 5)],
    ]);
    same(errors[0]!.raw, lines[1]!);
    same(errors[1]!.raw, lines[2]!.slice(0, MAX_RECORD_BYTES + 1));
  });

  it('on the CLI path: the same lines, the same outcomes, exit status 1', async () => {
    const result = await cli('ibm-aix', content);
    expect(result.status).toBe(1);
    expect(result.events).toHaveLength(2);
    same(result.events[0]!.message, lines[0]!);
    same(result.events[1]!.message, lines[3]!);
    expect(result.rejected.map((r) => [r.line, r.reason, (r.raw as string).length])).toStrictEqual([
      [2, OVER(MAX_RECORD_BYTES + 1), MAX_RECORD_BYTES + 1],
      [3, OVER(2 * MAX_RECORD_BYTES + 5), MAX_RECORD_BYTES + 1],
    ]);
    expect(result.summary).toMatch(/^normalize: ibm-aix: 4 lines: 2 events, 0 unparsed, 2 rejected, 0 blank /);
  });

  it('on the Firehose path: data of 1 MiB is Ok, one byte more is ProcessingFailed with the data unchanged', async () => {
    const at = Buffer.from(taniumRecordOf(MAX_RECORD_BYTES));
    const over = Buffer.from(taniumRecordOf(MAX_RECORD_BYTES + 1));
    const [ok, failed] = await firehose('tanium', [at, over]);
    expect(ok!.result).toBe('Ok');
    const events = eventsOf(ok!);
    expect(events).toHaveLength(1);
    same(events[0]!.message, at.toString());
    expect(failed!.result).toBe('ProcessingFailed');
    same(failed!.data, over.toString('base64'));
    expect(logger.warn).toHaveBeenCalledWith('Firehose record rejected', { recordId: 'r1', line: 1, reason: OVER(MAX_RECORD_BYTES + 1) });
  });
});

describe('Robustness: a line of a million spaces', () => {
  const spaces = ' '.repeat(1_000_000);

  it('is a blank line on the S3 and CLI paths: skipped and counted, never an event or an error', async () => {
    const { summary, events, rejected: errors } = await s3Drop('tanium', Buffer.from(`${spaces}\n{}\n`));
    expect(summary).toMatchObject({ lines: 2, events: 1, rejected: 0, blank: 1 });
    expect(events.map((e) => e.message)).toStrictEqual(['{}']);
    expect(errors).toStrictEqual([]);
    const result = await cli('ibm-aix', Buffer.from(`${spaces}\r\n`));
    expect(result).toMatchObject({ status: 0, events: [], rejected: [] });
    expect(result.summary).toMatch(/^normalize: ibm-aix: 1 lines: 0 events, 0 unparsed, 0 rejected, 1 blank /);
  });

  it('is answered Dropped on the Firehose path', async () => {
    expect(await firehose('ibm-aix', [Buffer.from(spaces)])).toStrictEqual([{ recordId: 'r0', result: 'Dropped', data: '' }]);
  });

  it('given to the normalizers directly: an AIX event with the spaces as message; not JSON for Tanium', () => {
    expect(accepted('ibm-aix', spaces).get('event.action')).toBeUndefined();
    expect(rejected('tanium', spaces)).toBe(`record is not valid JSON: ${jsonParseMessage(spaces)}`);
  });

  it('before a record, keeps the leading spaces in message and still reads the record', () => {
    const line = `${spaces}FILE_Pipe Pipin root admin OK 10 Nov 2022 09:21:53.955363 No associated roles read: 7 write: 8`;
    const fields = accepted('ibm-aix', line);
    expect(fields.get('event.action')).toBe('FILE_Pipe');
    expect(fields.get('@timestamp')).toBe('2022-11-10T09:21:53.955363Z');
    const json = `${spaces}{"event":"dns_event","fields":{"query":"www.example.com"}}\t `;
    expect(accepted('tanium', json).get('dns.question.name')).toBe('www.example.com');
  });
});

describe('Robustness: an AIX line with a 100 KB tail', () => {
  const big = 'A'.repeat(100_000);
  const header = (event: string): string => `${event} sh root Pipin OK 22 Nov 2022 10:20:32.056053 No associated roles `;

  it('PROC_Execute: a 100 KB command line is kept whole', () => {
    const fields = accepted('ibm-aix', `${header('PROC_Execute')}euid: 503 egid: 403 epriv: 0:0 name sh -c /${big} 2>&1 `);
    expect(fields.get('process.name')).toBe('sh');
    expect(fields.get('file.name')).toBe('-c');
    expect(fields.get('process.command_line')).toBe(`sh -c  /${big} 2>&1 `);
    expect(fields.get('user.id')).toBe('503');
  });

  it('FILE_Unlink: a 100 KB file name is kept whole; 100 KB of spaces leaves it out', () => {
    expect(accepted('ibm-aix', `${header('FILE_Unlink')}filename /${big}`).get('file.name')).toBe(`/${big}`);
    const blank = accepted('ibm-aix', `${header('FILE_Unlink')}filename ${' '.repeat(100_000)}`);
    expect(blank.get('file.name')).toBeUndefined();
    expect(blank.get('event.action')).toBe('FILE_Unlink');
  });

  it('a tail of 100 KB of header-like tokens (clocks, dates, statuses) does not move the header', () => {
    const fields = accepted('ibm-aix', `${header('PROC_Kill')}pid: 42, sig: 9 ${' OK 1 jan 2020 00:00:00'.repeat(4_500)}`);
    expect(fields.get('event.action')).toBe('PROC_Kill');
    expect(fields.get('process.pid')).toBe(42);
    expect(fields.get('@timestamp')).toBe('2022-11-22T10:20:32.056053Z');
  });

  it('100 KB of colons and spaces before a header: the header is still found', () => {
    const fields = accepted('ibm-aix', `${' 1:'.repeat(35_000)} FILE_Pipe Pipin root admin OK 10 Nov 2022 09:21:53.955363 No associated roles read: 7 write: 8`);
    expect(fields.get('event.action')).toBe('FILE_Pipe');
  });
});

describe('Robustness: Tanium JSON nested 100,000 levels', () => {
  const nested = (depth: number, leaf: string): string => `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;

  it('is parsed (V8 parses JSON without recursion): an object gives an event with the common fields only', () => {
    const record = nested(100_000, '1');
    const fields = accepted('tanium', record);
    same(fields.get('message'), record);
    expect(fields.get('event.kind')).toBe('event');
    expect(fields.get('@timestamp')).toBe(RECEIVED_AT);
    expect(fields.get('host.hostname')).toBeUndefined();
  });

  it('nested in a field that expects a string, leaves that field out', () => {
    const fields = accepted('tanium', `{"event":"file_open","hostname":"h","fields":{"full_path":${nested(100_000, '"/etc/passwd"')}}}`);
    expect(fields.get('file.path')).toBeUndefined();
    expect(fields.get('event.action')).toBe('file-open');
    expect(fields.get('host.hostname')).toBe('h');
  });

  it('arrays nested 100,000 and 500,000 levels are rejected as arrays, unbalanced ones as invalid JSON', () => {
    expect(rejected('tanium', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe('record is not a JSON object but an array');
    expect(rejected('tanium', `${'['.repeat(500_000)}${']'.repeat(500_000)}`)).toBe('record is not a JSON object but an array');
    const unbalanced = nested(100_000, '1').slice(0, -1);
    expect(rejected('tanium', unbalanced)).toBe(`record is not valid JSON: ${jsonParseMessage(unbalanced)}`);
  });

  it('is normalized on the Firehose path too', async () => {
    const [answer] = await firehose('tanium', [Buffer.from(nested(100_000, '{}'))]);
    expect(answer!.result).toBe('Ok');
  });
});

describe('Robustness: __proto__, constructor and prototype keys anywhere in Tanium JSON', () => {
  it('are own keys: nothing is read through them, the output is still correct, no prototype is polluted', () => {
    const record =
      '{"__proto__":{"event":"file_open","hostname":"evil","polluted":true},"event":"dns_event","constructor":{"prototype":{"polluted":true}},' +
      '"prototype":{"polluted":true},"hostname":"host01.example.com","fields":{"__proto__":{"query":"evil.example.com","polluted":true},' +
      '"query":"www.example.com","constructor":{"prototype":{"response":"203.0.113.66"}},"prototype":"x","response":"192.0.2.53"}}';
    const fields = accepted('tanium', record);
    expect(fields.get('dns.question.name')).toBe('www.example.com');
    expect(fields.get('dns.answers')).toStrictEqual([{ name: '192.0.2.53' }]);
    expect(fields.get('host.hostname')).toBe('host01.example.com');
    expect(fields.get('event.action')).toBeUndefined();
    expect([...fields.keys()].filter((k) => /__proto__|constructor|prototype|polluted/.test(k))).toStrictEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a fields object holding only __proto__ gives no field from it', () => {
    const fields = accepted('tanium', '{"event":"file_create","hostname":"h","fields":{"__proto__":{"full_path":"/etc/passwd","process__pid":1}}}');
    expect(fields.get('file.path')).toBeUndefined();
    expect(fields.get('process.pid')).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'])('an event type "%s" is an unknown type', (type) => {
    const fields = accepted('tanium', `{"event":"${type}","hostname":"${type}","fields":{"${type}":1}}`);
    expect(fields.get('event.category')).toBeUndefined();
    expect(fields.get('host.hostname')).toBe(type);
  });

  it('AIX columns and tails named __proto__ are values, not keys', () => {
    const fields = accepted('ibm-aix', 'FILE_Unlink __proto__ constructor prototype OK 25 sep 2022 23:14:20.756159 No associated roles filename __proto__');
    expect(fields.get('user.name')).toBe('__proto__');
    expect(fields.get('group.name')).toBe('constructor');
    expect(fields.get('process.user.name')).toBe('prototype');
    expect(fields.get('file.name')).toBe('__proto__');
  });
});

describe('Robustness: invalid UTF-8 and NUL bytes', () => {
  const invalid: [string, number[]][] = [
    ['a lone 0xff', [0x41, 0xff, 0x42]],
    ['a truncated sequence at the end', [0x61, 0xe2, 0x82]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['Latin-1 text', [0x63, 0x61, 0x66, 0xe9]],
  ];

  it('on the S3 path: each invalid line is rejected and stored byte for byte (base64); NUL bytes are valid UTF-8', async () => {
    const nul = Buffer.from('FILE_Unlink Pipin root root OK 25 sep 2022 23:14:20.756159 No associated roles filename /tmp/\u0000evil');
    const content = Buffer.concat([...invalid.flatMap(([, bytes]) => [Buffer.from(bytes), Buffer.from('\n')]), nul, Buffer.from('\n\u0000\n')]);
    const { summary, events, rejected: errors } = await s3Drop('ibm-aix', content);
    expect(summary).toMatchObject({ lines: 7, events: 2, rejected: 5 });
    expect(errors.map((r) => [r.line, r.reason, r.encoding, Buffer.from(r.raw, 'base64')])).toStrictEqual(
      invalid.map(([, bytes], i) => [i + 1, 'record is not valid UTF-8', 'base64', Buffer.from(bytes)]),
    );
    expect(events.map((e) => e.message)).toStrictEqual([nul.toString(), '\u0000']);
    expect(flatten(events[0]).get('file.name')).toBe('/tmp/\u0000evil');
  });

  it('NUL bytes are escaped in the NDJSON: no raw NUL or line break in any output line', async () => {
    const result = await cli('ibm-aix', Buffer.from('a\u0000b\u2028c\u2029d\u0085e\u000bf\u001bg\rh\n'));
    expect(result.status).toBe(0);
    expect(result.stdout.includes(0x00)).toBe(false);
    expect(result.stdout.includes(0x0d)).toBe(false);
    expect(result.stdout.indexOf(0x0a)).toBe(result.stdout.length - 1);
    expect(result.events.map((e) => e.message)).toStrictEqual(['a\u0000b\u2028c\u2029d\u0085e\u000bf\u001bg\rh']);
  });

  it('on the Firehose path: invalid UTF-8 anywhere in the data makes the record ProcessingFailed, unchanged', async () => {
    const data = [Buffer.from([0x7b, 0x7d, 0x0a, 0xff]), Buffer.from('{}\n{"event":"dns_event"}\u0000')];
    const [bad, nul] = await firehose('tanium', data);
    expect(bad).toStrictEqual({ recordId: 'r0', result: 'ProcessingFailed', data: data[0]!.toString('base64') });
    // A NUL after the JSON is not whitespace: the second raw record is not valid JSON.
    expect(nul).toStrictEqual({ recordId: 'r1', result: 'ProcessingFailed', data: data[1]!.toString('base64') });
  });

  it('Tanium: a raw NUL inside a string is invalid JSON; an escaped one is kept', () => {
    const raw = '{"event":"dns_event","fields":{"query":"a\u0000b"}}';
    expect(rejected('tanium', raw)).toBe(`record is not valid JSON: ${jsonParseMessage(raw)}`);
    expect(accepted('tanium', '{"event":"dns_event","fields":{"query":"a\\u0000b"}}').get('dns.question.name')).toBe('a\u0000b');
    expect(accepted('tanium', '{"event":"dns_event","fields":{"query":"\\ud800"}}').get('dns.question.name')).toBe('\ud800');
  });
});

describe('Robustness: a JSON array, a scalar or an empty object instead of a Tanium record', () => {
  it.each([
    ['an array of records', '[{"event":"file_open"}]', 'record is not a JSON object but an array'],
    ['an empty array', '[]', 'record is not a JSON object but an array'],
    ['a string', '"file_open"', 'record is not a JSON object but a string'],
    ['a number', '18446744073709551616', 'record is not a JSON object but a number'],
    ['true', 'true', 'record is not a JSON object but a boolean'],
    ['null', 'null', 'record is not a JSON object but null'],
  ])('rejects %s with its reason, on every path', async (_name, record, reason) => {
    expect(rejected('tanium', record)).toBe(reason);
    const { rejected: errors } = await s3Drop('tanium', Buffer.from(`${record}\n`));
    expect(errors.map((r) => [r.line, r.reason, r.raw])).toStrictEqual([[1, reason, record]]);
    const [answer] = await firehose('tanium', [Buffer.from(record)]);
    expect(answer!.result).toBe('ProcessingFailed');
  });

  it('an empty object is an event with the common fields only', () => {
    const fields = accepted('tanium', '{}');
    expect(fields.get('message')).toBe('{}');
    expect(fields.get('@timestamp')).toBe(RECEIVED_AT);
    for (const path of ['host.hostname', 'host.ip', 'event.category', 'event.action', 'observer.name', 'related.ip']) expect(fields.get(path), path).toBeUndefined();
  });
});
