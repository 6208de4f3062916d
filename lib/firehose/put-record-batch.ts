import { PutRecordBatchCommand, type FirehoseClient, type PutRecordBatchOutput, type PutRecordBatchResponseEntry } from '@aws-sdk/client-firehose';
import { DeliveryError } from '../errors.ts';
import { planBatches } from './batch-plan.ts';

/**
 * Sends records to an Amazon Data Firehose stream with `PutRecordBatch`, within the API's
 * limits, retrying what failed; every input record ends up either delivered or reported
 * as failed. Used by the Firehose transformation (re-ingestion) and the S3 path's
 * Firehose sink.
 */

/** PutRecordBatch limits (fixed by the service). */
export const PUT_RECORD_BATCH_LIMITS = {
  /** Records per call. */
  maxRecords: 500,
  /** Bytes of record data per call (4 MiB). */
  maxBytes: 4 * 1024 * 1024,
  /** Bytes of one record's data (1,000 KiB); a larger record makes the whole call fail. */
  maxRecordBytes: 1000 * 1024,
} as const;

/** Errors (thrown by a call) worth retrying: throttling and the service being busy. */
const RETRYABLE_ERRORS = new Set([
  'ServiceUnavailableException',
  'ThrottlingException',
  'LimitExceededException',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** Tuning for {@link putRecords}; the defaults suit a Lambda function, tests shorten them. */
export interface PutRecordsOptions {
  /** Attempts per record, the first one included. @default 5 */
  readonly maxAttempts?: number;
  /** Backoff before retry n is a random delay in [0, min(maxDelayMs, baseDelayMs × 2^(n-1))). @default 100 */
  readonly baseDelayMs?: number;
  /** Upper bound of one backoff delay. @default 3000 */
  readonly maxDelayMs?: number;
  /** Records per call. @default 500 */
  readonly maxBatchRecords?: number;
  /** Record data bytes per call. @default 4 MiB */
  readonly maxBatchBytes?: number;
  /** Calls in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Waits between attempts (injectable so tests need not sleep). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Random number in [0, 1) for the jitter. @default Math.random */
  readonly random?: () => number;
}

/** A record that was not delivered, with the last error it got. */
export interface FailedRecord {
  /** Index of the record in the input array. */
  readonly index: number;
  /** Per-entry `ErrorCode`, the thrown error's name, or `RecordTooLarge`. */
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** What became of each input record: every index is in exactly one of the two lists. */
export interface PutRecordsResult {
  /** Indexes of delivered records, ascending. */
  readonly delivered: number[];
  /** Records not delivered after every attempt, by ascending index. */
  readonly failed: FailedRecord[];
  /** PutRecordBatch calls made. */
  readonly calls: number;
  /** Rounds of attempts made (1 when nothing needed a retry, 0 when nothing was sent). */
  readonly attempts: number;
}

const ARN = /^arn:[a-z0-9-]+:firehose:[a-z0-9-]+:\d{12}:deliverystream\/([a-zA-Z0-9_.-]{1,64})$/;

/**
 * The delivery stream name of a Firehose stream ARN
 * (`arn:aws:firehose:eu-west-1:123456789012:deliverystream/raw-aix` → `raw-aix`).
 * @throws DeliveryError when the value is not such an ARN.
 */
export function streamNameFromArn(arn: string): string {
  const match = ARN.exec(arn);
  if (!match) throw new DeliveryError(`"${arn}" is not a Firehose delivery stream ARN`);
  return match[1]!;
}

/** Whether `arn` is a Firehose delivery stream ARN (one {@link streamNameFromArn} reads). */
export function isStreamArn(arn: string): boolean {
  return ARN.test(arn);
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** What may be read of a thrown value: every field is checked before use. */
function errorLike(error: unknown): ErrorLike {
  return (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
}

/** Throttling, 5xx, timeouts and network failures are retried; client faults (4xx) are not. */
function isRetryable(error: unknown): boolean {
  const e = errorLike(error);
  if (typeof e.name === 'string' && RETRYABLE_ERRORS.has(e.name)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number') return status >= 500 || status === 429;
  // No HTTP status: the request never got an answer (connection reset, DNS ...).
  return true;
}

/** A thrown error as a failed record's code and message. */
function describe(error: unknown): ErrorInfo {
  const e = errorLike(error);
  return {
    errorCode: typeof e.name === 'string' ? e.name : 'Error',
    errorMessage: typeof e.message === 'string' ? e.message : String(error),
  };
}

/** Runs `tasks` with at most `limit` of them in flight. */
async function runPool(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/**
 * Sends `records` to the delivery stream `streamName` with `PutRecordBatch`, in calls of
 * at most 500 records and 4 MiB. Entries that fail (`FailedPutCount` > 0, per-entry
 * `ErrorCode`) and calls that fail with a retryable error (throttling, 5xx, network) are
 * retried with exponential backoff and full jitter, up to `maxAttempts` per record.
 * A record over 1,000 KiB is not sent (it would fail the whole call) and is reported
 * failed with `RecordTooLarge`; a non-retryable error fails the call's records at once.
 *
 * Never throws for a delivery failure: the result says which input indexes were
 * delivered and which failed, so the caller decides what a failure means.
 */
export async function putRecords(
  client: FirehoseClient,
  streamName: string,
  records: readonly Uint8Array[],
  options: PutRecordsOptions = {},
): Promise<PutRecordsResult> {
  const delivery: Delivery = {
    client,
    streamName,
    records,
    sizes: records.map((r) => r.length),
    settings: settingsOf(options),
    delivered: new Array<boolean>(records.length).fill(false),
    lastError: new Map(),
    calls: 0,
  };
  const attempts = await sendWithRetries(delivery, sendable(delivery));
  return resultOf(delivery, attempts);
}

/** {@link PutRecordsOptions} with their defaults; the batch limits never above the service's. */
interface Settings {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly concurrency: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/** `options` with their defaults filled in. */
function settingsOf(options: PutRecordsOptions): Settings {
  return {
    maxAttempts: Math.max(1, options.maxAttempts ?? 5),
    baseDelayMs: options.baseDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 3000,
    maxRecords: Math.min(options.maxBatchRecords ?? PUT_RECORD_BATCH_LIMITS.maxRecords, PUT_RECORD_BATCH_LIMITS.maxRecords),
    maxBytes: Math.min(options.maxBatchBytes ?? PUT_RECORD_BATCH_LIMITS.maxBytes, PUT_RECORD_BATCH_LIMITS.maxBytes),
    concurrency: Math.max(1, options.concurrency ?? 4),
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
  };
}

type ErrorInfo = Omit<FailedRecord, 'index'>;

/** One {@link putRecords} call: what it sends where, and what became of each record so far. */
interface Delivery {
  readonly client: FirehoseClient;
  readonly streamName: string;
  readonly records: readonly Uint8Array[];
  readonly sizes: readonly number[];
  readonly settings: Settings;
  readonly delivered: boolean[];
  /** The last error of each record not delivered (yet). */
  readonly lastError: Map<number, ErrorInfo>;
  calls: number;
}

/** The indexes worth sending: a record over the per-record limit would fail its whole call, so it fails alone, now. */
function sendable(delivery: Delivery): number[] {
  const pending: number[] = [];
  delivery.sizes.forEach((size, i) => {
    if (size > PUT_RECORD_BATCH_LIMITS.maxRecordBytes) {
      delivery.lastError.set(i, {
        errorCode: 'RecordTooLarge',
        errorMessage: `record is ${size} bytes, over the ${PUT_RECORD_BATCH_LIMITS.maxRecordBytes}-byte Firehose record limit`,
      });
    } else {
      pending.push(i);
    }
  });
  return pending;
}

/**
 * Sends `pending` in rounds until nothing is left to retry or every attempt is spent,
 * waiting before each retry so a throttled stream gets time to recover. Returns the rounds made.
 */
async function sendWithRetries(delivery: Delivery, pending: number[]): Promise<number> {
  const { maxAttempts, maxDelayMs, baseDelayMs, sleep, random } = delivery.settings;
  let attempts = 0;
  while (pending.length > 0 && attempts < maxAttempts) {
    if (attempts > 0) {
      // Full jitter: a random delay under an exponentially growing ceiling.
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1));
      await sleep(Math.floor(random() * ceiling));
    }
    attempts += 1;
    pending = await sendRound(delivery, pending);
  }
  return attempts;
}

/** One attempt for every pending record, in calls within the batch limits; returns the indexes to retry, ascending. */
async function sendRound(delivery: Delivery, pending: readonly number[]): Promise<number[]> {
  const { maxRecords, maxBytes, concurrency } = delivery.settings;
  const retry: number[] = [];
  const tasks = planBatches(delivery.sizes, pending, maxRecords, maxBytes).map((batch) => async () => {
    retry.push(...(await sendBatch(delivery, batch)));
  });
  await runPool(tasks, concurrency);
  return retry.sort((a, b) => a - b);
}

/**
 * One PutRecordBatch call; returns the records worth retrying (failed entries, or the
 * whole batch when the call failed with a retryable error).
 */
async function sendBatch(delivery: Delivery, batch: readonly number[]): Promise<number[]> {
  const { client, streamName, records, lastError } = delivery;
  delivery.calls += 1;
  let output: PutRecordBatchOutput;
  try {
    output = await client.send(
      new PutRecordBatchCommand({ DeliveryStreamName: streamName, Records: batch.map((i) => ({ Data: records[i]! })) }),
    );
  } catch (error) {
    const info = describe(error);
    for (const i of batch) lastError.set(i, info);
    return isRetryable(error) ? [...batch] : [];
  }
  return settleEntries(delivery, batch, output.RequestResponses ?? []);
}

/** Records each entry's answer; returns the records whose entry failed, to retry. */
function settleEntries(delivery: Delivery, batch: readonly number[], responses: readonly PutRecordBatchResponseEntry[]): number[] {
  const retry: number[] = [];
  batch.forEach((i, position) => {
    const entry = responses[position];
    if (entry && !entry.ErrorCode) {
      delivery.delivered[i] = true;
      delivery.lastError.delete(i);
    } else {
      // A missing entry is treated like a failed one: never assume delivery.
      delivery.lastError.set(i, {
        errorCode: entry?.ErrorCode ?? 'MissingResponse',
        errorMessage: entry?.ErrorMessage ?? 'no response entry for this record',
      });
      retry.push(i);
    }
  });
  return retry;
}

/** Every input index, delivered or failed with its last error. */
function resultOf(delivery: Delivery, attempts: number): PutRecordsResult {
  const deliveredIndexes: number[] = [];
  const failed: FailedRecord[] = [];
  for (let i = 0; i < delivery.records.length; i++) {
    if (delivery.delivered[i]) deliveredIndexes.push(i);
    else failed.push({ index: i, ...(delivery.lastError.get(i) ?? { errorCode: 'NotSent', errorMessage: 'record was not sent' }) });
  }
  return { delivered: deliveredIndexes, failed, calls: delivery.calls, attempts };
}
