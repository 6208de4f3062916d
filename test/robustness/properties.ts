import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { isIP } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { ObjectProcessingError, RecordRejectedError } from '../../lib/errors.ts';
import { transformFirehoseEvent } from '../../lib/firehose/transform.ts';
import type { Handler } from '../../lib/lambda/handler.ts';
import { MAX_RECORD_BYTES } from '../../lib/records/record.ts';
import { s3Notification } from '../../dev/s3-notifications.ts';
import type { S3NotificationResult } from '../../lib/s3/process-notification.ts';
import type { Integration, NormalizeContext } from '../../lib/integration.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';
import { expectedLines, expectedRecords, expectedRejection } from '../helpers/arbitraries.ts';
import { checkExtraField, FIELD_TYPES, flatten } from '../helpers/conformance.ts';
import type { FirehoseEndpoint } from '../helpers/firehose-endpoint.ts';
import type { TestS3 } from '../helpers/s3-server.ts';

/**
 * The robustness properties as plain functions that throw an `AssertionError` when a
 * property does not hold: the vitest suites (`test/robustness/*.test.ts`) run them with
 * a few hundred cases, `npm run fuzz` with millions. No vitest import here, so the fuzz
 * script can load this module with tsx.
 */

/** The fields every event of an integration carries whatever the record. */
const COMMON: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'ibm-aix': { 'event.kind': 'event', 'event.category': ['process'], 'action.target': 'process', 'observer.vendor': 'IBM' },
  tanium: { 'event.kind': 'event', 'observer.vendor': 'Tanium', 'observer.product': 'XEM', 'observer.type': 'sensor' },
};

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

/** Object.prototype has not been given any property (prototype pollution). */
export function assertNoPollution(): void {
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), PROTOTYPE_KEYS, 'Object.prototype was polluted');
  assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined, 'Object.prototype.polluted is set');
}

/** Every value is a plain JSON value; no empty value (`""`, null, `[]`, `{}`) is kept. */
function assertPlainJson(value: unknown, path: string): void {
  if (typeof value === 'string') {
    assert.notEqual(value, '', `${path} is an empty string`);
  } else if (typeof value === 'number') {
    assert.ok(Number.isFinite(value), `${path} = ${value} is not a finite number`);
  } else if (typeof value === 'boolean') {
    // fine
  } else if (Array.isArray(value)) {
    assert.ok(value.length > 0, `${path} is an empty array`);
    value.forEach((item, i) => assertPlainJson(item, `${path}[${i}]`));
  } else if (typeof value === 'object' && value !== null) {
    assert.equal(Object.getPrototypeOf(value), Object.prototype, `${path} is not a plain object`);
    const keys = Object.keys(value);
    assert.ok(keys.length > 0, `${path} is an empty object`);
    for (const key of keys) assertPlainJson((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
  } else {
    assert.fail(`${path} = ${String(value)} is not a JSON value`);
  }
}

/**
 * What any event must be, whatever the record: plain JSON without empty values, the raw
 * record as `message`, the integration's common fields, a valid `@timestamp`, and only
 * ECS (or custom) fields whose values have their declared types. IP fields must hold
 * addresses Elasticsearch indexes: an IPv6 zone (`fe80::1%eth0`) makes it reject the event.
 */
export function assertValidEvent(integration: string, record: string, event: EcsEvent): void {
  assertPlainJson(event, '');
  const fields = flatten(event);
  // An empty record has no message (empty values are left out); it never gets this far from a file or stream.
  assert.equal(fields.get('message'), record === '' ? undefined : record, 'message is not the raw record');
  assert.equal(typeof fields.get('@timestamp'), 'string', '@timestamp is missing');
  for (const [path, value] of Object.entries(COMMON[integration] ?? {})) assert.deepEqual(fields.get(path), value, `${path}`);
  for (const [path, value] of fields) {
    const problem = checkExtraField(path, value);
    assert.equal(problem, undefined, problem);
    if (FIELD_TYPES.get(path)?.startsWith('ip')) {
      for (const ip of Array.isArray(value) ? value : [value]) {
        assert.ok(isIP(ip as string) !== 0 && !(ip as string).includes('%'), `${path} = ${JSON.stringify(ip)} is not an address Elasticsearch indexes`);
      }
    }
    if (path === 'message') continue;
    // Integers past 2^53 lose digits in JSON.parse: a value printed from one is not the source's.
    assert.ok(value !== '18446744073709552000' && value !== '9007199254740992', `${path} = ${JSON.stringify(value)} lost the digits of the source number`);
    assert.ok(!JSON.stringify(value).includes('polluted') || (typeof value === 'string' && record.includes(value)), `${path} came from a prototype key`);
  }
  // Serialized, the event is stable: what JSON.parse gives back serializes the same.
  const json = JSON.stringify(event);
  assert.equal(JSON.stringify(JSON.parse(json)), json);
}

/** What normalizing one record produced. */
export type NormalizerOutcome = { readonly event: EcsEvent } | { readonly reason: string };

/**
 * Property 1: an integration's normalizer, on any string, returns a valid event or throws
 * its documented error (`RecordRejectedError` with the integration's name and a reason),
 * nothing else, deterministically and without polluting prototypes. AIX never rejects; a
 * Tanium record is rejected exactly when it is not a JSON object, with the exact reason.
 */
export function checkNormalizer(integration: Integration, record: string, context: NormalizeContext): NormalizerOutcome {
  const run = (): NormalizerOutcome => {
    try {
      return { event: integration.normalize(record, context) };
    } catch (error) {
      if (!(error instanceof RecordRejectedError)) {
        assert.fail(`${integration.name} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}, not a RecordRejectedError`);
      }
      assert.equal(error.integration, integration.name);
      assert.equal(typeof error.reason, 'string');
      assert.ok(error.reason.length > 0, 'empty reason');
      return { reason: error.reason };
    }
  };
  const outcome = run();
  assertNoPollution();
  const expected = expectedRejection(integration.name, record);
  if ('reason' in outcome) {
    assert.equal(outcome.reason, expected ?? '(no rejection expected)', `${integration.name} rejected ${JSON.stringify(record.slice(0, 200))}`);
    return outcome;
  }
  assert.equal(expected, undefined, `${integration.name} accepted a record that must be rejected`);
  assertValidEvent(integration.name, record, outcome.event);
  assert.equal(JSON.stringify(run()), JSON.stringify(outcome), 'not deterministic');
  return outcome;
}

/** The raw records a Firehose record's data holds: its lines (split like a file) grouped by the integration's framing. */
function firehoseRecords(integration: string, bytes: Buffer): Buffer[] {
  return expectedRecords(integration, expectedLines(bytes)).records.map((record) => record.bytes);
}

/** The result a Firehose record must get when the response has room for it. */
export function expectedFirehoseResult(integration: string, bytes: Buffer): 'Ok' | 'Dropped' | 'ProcessingFailed' {
  const lines = firehoseRecords(integration, bytes);
  if (lines.length === 0 && isUtf8(bytes)) return 'Dropped';
  if (!isUtf8(bytes) && bytes.length <= MAX_RECORD_BYTES) return 'ProcessingFailed';
  for (const line of lines) {
    if (line.length > MAX_RECORD_BYTES || !isUtf8(line)) return 'ProcessingFailed';
    if (expectedRejection(integration, line.toString('utf8')) !== undefined) return 'ProcessingFailed';
  }
  return 'Ok';
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Property 2: the Firehose response carries exactly the input recordIds, in order, each
 * with a valid result and valid base64 data; `Ok` data decodes to NDJSON whose events are
 * the record's raw records in order; `ProcessingFailed` data is the input data unchanged;
 * `Dropped` data is empty. With `reingested` (the data PutRecordBatch accepted), every
 * `Dropped` record with content was re-ingested and every other record was answered on
 * its own merits; without it, nothing may be re-ingested and each result is the expected one.
 */
export function checkFirehoseResponse(
  integration: string,
  event: FirehoseTransformationEvent,
  result: FirehoseTransformationResult,
  reingested?: readonly Buffer[],
): void {
  assert.deepEqual(
    result.records.map((r) => r.recordId),
    event.records.map((r) => r.recordId),
    'recordIds differ from the input, or are out of order',
  );
  const accepted = new Map<string, number>();
  for (const data of reingested ?? []) accepted.set(data.toString('base64'), (accepted.get(data.toString('base64')) ?? 0) + 1);
  const take = (piece: Buffer): boolean => {
    const key = piece.toString('base64');
    const left = accepted.get(key) ?? 0;
    if (left > 0) accepted.set(key, left - 1);
    return left > 0;
  };
  // A record whose events fit in no response is re-ingested as two halves, cut after a LF.
  const takeHalves = (bytes: Buffer): boolean => {
    for (let lf = bytes.indexOf(0x0a); lf !== -1; lf = bytes.indexOf(0x0a, lf + 1)) {
      const [first, second] = [bytes.subarray(0, lf + 1), bytes.subarray(lf + 1)];
      if ((accepted.get(first.toString('base64')) ?? 0) > 0 && (accepted.get(second.toString('base64')) ?? 0) > 0) return take(first) && take(second);
    }
    return false;
  };
  const failedData: Buffer[] = [];
  result.records.forEach((answer, i) => {
    const input = event.records[i]!;
    const bytes = Buffer.from(input.data, 'base64');
    assert.ok(['Ok', 'Dropped', 'ProcessingFailed'].includes(answer.result), `result ${String(answer.result)}`);
    const data = answer.data;
    assert.ok(typeof data === 'string', `record ${i}: no data`);
    assert.ok(BASE64.test(data), `record ${i}: data is not valid base64`);
    const expected = expectedFirehoseResult(integration, bytes);
    if (answer.result === 'Ok') {
      assert.equal(expected, 'Ok', `record ${i} answered Ok, expected ${expected}`);
      const ndjson = Buffer.from(data, 'base64');
      assert.ok(isUtf8(ndjson), 'Ok data is not UTF-8');
      const text = ndjson.toString('utf8');
      assert.ok(text.endsWith('\n'), 'NDJSON does not end with a newline');
      const events = text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as EcsEvent);
      const lines = firehoseRecords(integration, bytes);
      assert.equal(events.length, lines.length, `record ${i}: ${events.length} events for ${lines.length} raw records`);
      events.forEach((e, j) => assertValidEvent(integration, lines[j]!.toString('utf8'), e));
      assert.equal(answer.metadata?.partitionKeys?.integration, integration);
      assert.match(answer.metadata?.partitionKeys?.dt ?? '', /^\d{4}-\d{2}-\d{2}$/);
      // Log content cannot move dt further than a day from the arrival date.
      const dt = Date.parse(`${answer.metadata?.partitionKeys?.dt ?? ''}T00:00:00Z`);
      const arrivalDay = Date.parse(`${new Date(input.approximateArrivalTimestamp).toISOString().slice(0, 10)}T00:00:00Z`);
      assert.ok(Math.abs(dt - arrivalDay) <= 86_400_000, `dt ${answer.metadata?.partitionKeys?.dt} is more than a day from the arrival`);
    } else if (answer.result === 'Dropped') {
      assert.equal(data, '');
      // Past the budget, data that is blank once decoded (a lone BOM) may be re-ingested too: harmless.
      const inStream = take(bytes) || takeHalves(bytes);
      if (expected !== 'Dropped') {
        assert.ok(reingested, `record ${i} answered Dropped, expected ${expected}, and nothing was re-ingested`);
        assert.ok(inStream, `record ${i} answered Dropped but was never re-ingested, whole or in halves: lost`);
      }
    } else {
      assert.equal(data, input.data, `record ${i}: ProcessingFailed data is not the original data`);
      failedData.push(bytes);
      if (expected !== 'ProcessingFailed') {
        assert.ok(reingested, `record ${i} answered ProcessingFailed, expected ${expected}`);
      }
    }
  });
  if (reingested) {
    // Every record PutRecordBatch accepted is one answered Dropped (none was delivered twice), or
    // one half of a record answered ProcessingFailed whose other half did not get in.
    for (const [data, left] of accepted) {
      if (left === 0) continue;
      const piece = Buffer.from(data, 'base64');
      const halfOf = failedData.some((whole) => whole.length > piece.length && (whole.subarray(0, piece.length).equals(piece) || whole.subarray(whole.length - piece.length).equals(piece)));
      assert.ok(left === 1 && halfOf, `re-ingested ${JSON.stringify(data)} is not answered Dropped`);
    }
  }
}

/** A rejected line as found in an errors object. */
export interface StoredRejection {
  readonly line: number;
  readonly reason: string;
  readonly raw: string;
  readonly encoding?: string;
}

/**
 * Property 3: what the S3 path made of an object. Every record of the input (its lines
 * grouped by the integration's framing) is in exactly one output: an event (in input
 * order, its `message` the record) or a rejected record (its first line's number, the exact
 * reason, and its bytes stored byte for byte).
 */
export function checkS3Outputs(
  integration: string,
  input: Buffer,
  summary: { readonly lines: number; readonly events: number; readonly rejected: number; readonly blank: number },
  eventsNdjson: string,
  rejections: readonly StoredRejection[],
): { readonly events: number; readonly rejected: number; readonly lines: number } {
  const lines = expectedLines(input);
  const { records: nonBlank, skipped } = expectedRecords(integration, lines);
  assert.equal(summary.lines, lines.length, 'lines read');
  assert.equal(summary.blank, skipped, 'blank lines');
  assert.equal(summary.events + summary.rejected, nonBlank.length, 'events + rejected != records');

  const expectedRejected = new Map<number, string>();
  for (const { bytes, number } of nonBlank) {
    const reason = !isUtf8(bytes) ? 'record is not valid UTF-8' : expectedRejection(integration, bytes.toString('utf8'));
    if (reason !== undefined) expectedRejected.set(number, reason);
  }
  assert.deepEqual(
    rejections.map((r) => [r.line, r.reason]),
    [...expectedRejected].map(([line, reason]) => [line, reason]),
    'rejected lines or reasons',
  );
  const recordAt = new Map(nonBlank.map((record) => [record.number, record.bytes]));
  for (const r of rejections) {
    const original = recordAt.get(r.line)!;
    const stored = r.encoding === 'base64' ? Buffer.from(r.raw, 'base64') : Buffer.from(r.raw, 'utf8');
    assert.ok(stored.equals(original), `line ${r.line} is not stored byte for byte`);
    assert.equal(r.encoding === 'base64', !isUtf8(original), `line ${r.line}: encoding`);
  }

  const events = eventsNdjson === '' ? [] : eventsNdjson.slice(0, -1).split('\n').map((line) => JSON.parse(line) as EcsEvent);
  assert.ok(eventsNdjson === '' || eventsNdjson.endsWith('\n'));
  const kept = nonBlank.filter(({ number }) => !expectedRejected.has(number));
  assert.equal(events.length, kept.length, 'events');
  assert.equal(summary.events, kept.length);
  assert.equal(summary.rejected, expectedRejected.size);
  events.forEach((event, i) => assertValidEvent(integration, kept[i]!.bytes.toString('utf8'), event));
  return { events: events.length, rejected: rejections.length, lines: lines.length };
}

/** How the PutRecordBatch endpoint answers one call. */
export type CallFault = 'ok' | 'partial' | 'throttled' | 'unavailable' | 'hang-up';

/** What a Firehose round trip is run with. */
export interface FirehoseCase {
  /** Each input record's data. */
  readonly data: readonly Buffer[];
  /** Epoch ms of every record's arrival. */
  readonly arrival: number;
  readonly timezone: string;
  /** Extra bytes of budget over what answering every record with its original data takes; undefined: the default 6 MB budget. */
  readonly extraBudget?: number | undefined;
  /** The answer to each PutRecordBatch call, cycled. */
  readonly faults?: readonly CallFault[];
  /** For `partial` answers: which entries fail, cycled over the entries. */
  readonly failures?: readonly boolean[];
}

const ARN = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/robustness';

/**
 * Runs one Firehose transformation of `data` through the real transformation, with
 * PutRecordBatch answered by `endpoint` as `faults` say, and checks the response
 * ({@link checkFirehoseResponse}), its size, and that nothing was re-ingested when there
 * was room. Returns how many records were tried.
 */
export async function checkFirehoseCase(
  integration: Integration,
  testCase: FirehoseCase,
  endpoint: FirehoseEndpoint,
  firehose: FirehoseClient,
): Promise<number> {
  const event: FirehoseTransformationEvent = {
    invocationId: 'robustness',
    deliveryStreamArn: ARN,
    region: 'eu-west-1',
    records: testCase.data.map((d, i) => ({ recordId: `record-${i}`, approximateArrivalTimestamp: testCase.arrival, data: d.toString('base64') })),
  };
  const allFailed = Buffer.byteLength(
    JSON.stringify({ records: event.records.map((r) => ({ recordId: r.recordId, result: 'ProcessingFailed', data: r.data })) }),
  );
  const budget = testCase.extraBudget === undefined ? undefined : allFailed + testCase.extraBudget;
  const faults = testCase.faults?.length ? testCase.faults : (['ok'] as const);
  const failures = testCase.failures?.length ? testCase.failures : [false];
  const delivered: Buffer[] = [];
  let entry = 0;
  endpoint.calls.length = 0;
  endpoint.reply = (call, n) => {
    const fault = faults[(n - 1) % faults.length]!;
    if (fault === 'throttled') return { kind: 'error', status: 400, type: 'ThrottlingException' };
    if (fault === 'unavailable') return { kind: 'error', status: 503, type: 'ServiceUnavailableException' };
    if (fault === 'hang-up') return { kind: 'hang-up' };
    const failed: number[] = [];
    call.records.forEach((record, i) => {
      if (fault === 'partial' && failures[entry++ % failures.length]) failed.push(i);
      else delivered.push(record);
    });
    return { kind: 'ok', failed };
  };
  const result = await transformFirehoseEvent(event, {
    integration,
    config: { timezone: testCase.timezone },
    firehose,
    ...(budget === undefined ? {} : { maxResponseBytes: budget }),
    putRecordsOptions: { maxAttempts: 3, sleep: async () => {}, concurrency: 2 },
  });
  checkFirehoseResponse(integration.name, event, result, budget === undefined ? undefined : delivered);
  if (budget === undefined) assert.equal(endpoint.calls.length, 0, 'records were re-ingested although the response had room');
  else assert.ok(Buffer.byteLength(JSON.stringify(result)) <= budget, 'the response is over its budget');
  return testCase.data.length;
}

/** What the S3 property runs against: a local S3 server and a handler writing to its output bucket. */
export interface S3Rig {
  readonly s3: TestS3;
  readonly handler: Handler;
  readonly rawBucket: string;
  readonly outputBucket: string;
}

/**
 * Drops `content` (gzipped when `gzip`) under `key` in the raw bucket, runs the real
 * handler on its notification, reads both outputs back and checks them
 * ({@link checkS3Outputs}). A plain object that happens to start with the gzip magic bytes
 * is read as gzip and must fail the invocation with an error naming the object, leaving
 * no output. Returns how many lines were read.
 */
export async function checkS3Case(rig: S3Rig, integration: string, key: string, content: Buffer, gzip: boolean): Promise<number> {
  const { s3, handler, rawBucket, outputBucket } = rig;
  const body = gzip ? gzipSync(content) : content;
  const { eTag, size } = await s3.put(rawBucket, key, body);
  const notification = s3Notification([{ bucket: rawBucket, key, size, eTag, eventTime: '2024-05-14T08:00:00.000Z' }]);
  if (!gzip && content.length >= 2 && content[0] === 0x1f && content[1] === 0x8b) {
    const error = await handler(notification).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof ObjectProcessingError, 'a corrupt gzip object did not fail the invocation');
    assert.ok(error.message.startsWith(`s3://${rawBucket}/${key}: cannot read object: `), error.message);
    // Listed under the object's own prefix: s3rver fails to page through over 1,000 keys.
    const dt = await s3.dt(rawBucket, key);
    for (const prefix of ['normalized/', 'errors/']) {
      assert.deepEqual(await s3.keys(outputBucket, `${prefix}${integration}/dt=${dt}/${key}.`), [], 'an output was left');
    }
    return 0;
  }
  const result = (await handler(notification)) as S3NotificationResult;
  assert.equal(result.objects.length, 1);
  const summary = result.objects[0]!;
  const eventsKey = summary.output.slice(`s3://${outputBucket}/`.length);
  const eventsNdjson = await s3.gunzip(outputBucket, eventsKey);
  let rejections: StoredRejection[] = [];
  if (summary.errors !== undefined) {
    const errorsText = await s3.gunzip(outputBucket, summary.errors.slice(`s3://${outputBucket}/`.length));
    rejections = errorsText
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as StoredRejection & { bucket: string; key: string });
    for (const r of rejections as (StoredRejection & { bucket: string; key: string })[]) {
      assert.equal(r.bucket, rawBucket);
      assert.equal(r.key, key);
    }
  } else {
    assert.equal(summary.rejected, 0);
  }
  checkS3Outputs(integration, content, summary, eventsNdjson, rejections);
  return summary.lines;
}
