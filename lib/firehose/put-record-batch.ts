import { PutRecordBatchCommand, type FirehoseClient, type PutRecordBatchOutput } from '@aws-sdk/client-firehose';
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

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Throttling, 5xx, timeouts and network failures are retried; client faults (4xx) are not. */
function isRetryable(error: unknown): boolean {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  if (typeof e.name === 'string' && RETRYABLE_ERRORS.has(e.name)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number') return status >= 500 || status === 429;
  // No HTTP status: the request never got an answer (connection reset, DNS ...).
  return true;
}

function describe(error: unknown): { errorCode: string; errorMessage: string } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
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
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 3000;
  const maxRecords = Math.min(options.maxBatchRecords ?? PUT_RECORD_BATCH_LIMITS.maxRecords, PUT_RECORD_BATCH_LIMITS.maxRecords);
  const maxBytes = Math.min(options.maxBatchBytes ?? PUT_RECORD_BATCH_LIMITS.maxBytes, PUT_RECORD_BATCH_LIMITS.maxBytes);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  const sizes = records.map((r) => r.length);
  const delivered = new Array<boolean>(records.length).fill(false);
  const lastError = new Map<number, { errorCode: string; errorMessage: string }>();
  let pending: number[] = [];
  for (let i = 0; i < records.length; i++) {
    if (sizes[i]! > PUT_RECORD_BATCH_LIMITS.maxRecordBytes) {
      lastError.set(i, {
        errorCode: 'RecordTooLarge',
        errorMessage: `record is ${sizes[i]} bytes, over the ${PUT_RECORD_BATCH_LIMITS.maxRecordBytes}-byte Firehose record limit`,
      });
    } else {
      pending.push(i);
    }
  }

  let calls = 0;
  let attempts = 0;
  while (pending.length > 0 && attempts < maxAttempts) {
    if (attempts > 0) {
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1));
      await sleep(Math.floor(random() * ceiling));
    }
    attempts += 1;
    const retry: number[] = [];
    const tasks = planBatches(sizes, pending, maxRecords, maxBytes).map((batch) => async () => {
      calls += 1;
      let output: PutRecordBatchOutput;
      try {
        output = await client.send(
          new PutRecordBatchCommand({ DeliveryStreamName: streamName, Records: batch.map((i) => ({ Data: records[i]! })) }),
        );
      } catch (error) {
        const info = describe(error);
        for (const i of batch) lastError.set(i, info);
        if (isRetryable(error)) retry.push(...batch);
        return;
      }
      const responses = output.RequestResponses ?? [];
      batch.forEach((i, position) => {
        const entry = responses[position];
        if (entry && !entry.ErrorCode) {
          delivered[i] = true;
          lastError.delete(i);
        } else {
          // A missing entry is treated like a failed one: never assume delivery.
          lastError.set(i, {
            errorCode: entry?.ErrorCode ?? 'MissingResponse',
            errorMessage: entry?.ErrorMessage ?? 'no response entry for this record',
          });
          retry.push(i);
        }
      });
    });
    await runPool(tasks, concurrency);
    pending = retry.sort((a, b) => a - b);
  }

  const deliveredIndexes: number[] = [];
  const failed: FailedRecord[] = [];
  for (let i = 0; i < records.length; i++) {
    if (delivered[i]) deliveredIndexes.push(i);
    else failed.push({ index: i, ...(lastError.get(i) ?? { errorCode: 'NotSent', errorMessage: 'record was not sent' }) });
  }
  return { delivered: deliveredIndexes, failed, calls, attempts };
}
