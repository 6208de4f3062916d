import { isJsonObject } from '../ecs/coerce.ts';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationEventRecord,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from 'aws-lambda';
import type { Config } from '../lambda/config.ts';
import { DeliveryError } from '../errors.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, ENVELOPE_BYTES, base64DecodedLength, base64Length, entrySizes, jsonStringBytes, type EntrySizes } from './response-size.ts';
import { isBlank } from '../records/lines.ts';
import { splitToFit } from '../records/split-in-two.ts';
import { readCloudWatchLogs } from './cloudwatch-logs.ts';
import { METRIC_NAMES } from '../lambda/metric-names.ts';
import { normalizeBuffer } from '../records/pipeline.ts';
import { addMetrics, logger } from '../lambda/observability.ts';
import { partitionDate } from './partition-date.ts';
import { isStreamArn, PUT_RECORD_BATCH_LIMITS, putRecords, streamNameFromArn, type FailedRecord, type PutRecordsOptions } from './put-record-batch.ts';
import { ecsTimestamp, receptionMs } from '../ecs/time.ts';
import type { Integration } from '../integration.ts';

/** What {@link transformFirehoseEvent} works with; injected so tests can pin each part. */
export interface FirehoseTransformDeps {
  /** The integration whose normalizer is applied to every raw record. */
  readonly integration: Integration;
  /** Only `timezone` and `auditprFields` are read. */
  readonly config: Pick<Config, 'timezone' | 'auditprFields'>;
  /** Client used to re-ingest records that do not fit in the response. */
  readonly firehose: FirehoseClient;
  /** Epoch ms; the `@timestamp` fallback of a record without a valid arrival time. @default Date.now */
  readonly now?: () => number;
  /** Budget of the serialized response, in bytes. @default 6,291,456 − 64 KiB */
  readonly maxResponseBytes?: number;
  /** Retry and batching settings of the re-ingestion. */
  readonly putRecordsOptions?: PutRecordsOptions;
}


/**
 * True when `event` has the shape of an Amazon Data Firehose data-transformation event
 * (`invocationId`, `deliveryStreamArn`, `region`, `records[]` of `recordId`,
 * `approximateArrivalTimestamp` and base64 `data`).
 */
export function isFirehoseEvent(event: unknown): event is FirehoseTransformationEvent {
  if (!isJsonObject(event)) return false;
  if (typeof event.invocationId !== 'string' || typeof event.deliveryStreamArn !== 'string') return false;
  if (typeof event.region !== 'string' || !Array.isArray(event.records)) return false;
  return event.records.every(
    (r: unknown) =>
      isJsonObject(r) && typeof r.recordId === 'string' && typeof r.data === 'string' && typeof r.approximateArrivalTimestamp === 'number',
  );
}

/**
 * How a record was answered. `reingested` and `split` (re-ingested in pieces) are
 * `Dropped`; `rejected`, `reingest-failed` and `demoted` are all `ProcessingFailed` with the
 * original data. They are told apart for logs and metrics.
 */
type AnswerKind = 'ok' | 'blank' | 'rejected' | 'reingested' | 'split' | 'reingest-failed' | 'demoted';

interface Answer {
  kind: AnswerKind;
  /** The entry; an Ok entry's `data` is filled from `payload` once it is kept. */
  entry: FirehoseTransformationResultRecord;
  /** Serialized size of the entry. */
  bytes: number;
  /** Ok only: the NDJSON (dropped once encoded), its size, how many events it holds and how many of them are unparsed. */
  payload?: Buffer | undefined;
  payloadBytes?: number;
  events?: number;
  unparsed?: number;
}

/** What every answer of one batch needs. */
interface Batch {
  readonly records: readonly FirehoseTransformationEventRecord[];
  readonly integration: Integration;
  readonly timezone: string;
  readonly auditprFields: string | undefined;
  readonly now: () => number;
  readonly sizes: EntrySizes;
  /** `jsonStringBytes(recordId)` of each record. */
  readonly idBytes: readonly number[];
  /** Whether records can be put back into the stream (not when a Kinesis data stream feeds it). */
  readonly canReingest: boolean;
}

/** Record `i` answered Dropped: blank, or re-ingested (whole or in pieces) to be transformed on a later pass. */
function droppedAnswer(batch: Batch, i: number, kind: 'blank' | 'reingested' | 'split'): Answer {
  const entry: FirehoseTransformationResultRecord = { recordId: batch.records[i]!.recordId, result: 'Dropped', data: '' };
  return { kind, entry, bytes: batch.sizes.dropped(batch.idBytes[i]!) };
}

/** Record `i` answered ProcessingFailed with its original data, which Firehose writes to the error output. */
function failedAnswer(batch: Batch, i: number, kind: 'rejected' | 'reingest-failed' | 'demoted'): Answer {
  const { recordId, data } = batch.records[i]!;
  const entry: FirehoseTransformationResultRecord = { recordId, result: 'ProcessingFailed', data };
  // Firehose sends base64, which is ASCII: one byte per character.
  return { kind, entry, bytes: batch.sizes.failed(batch.idBytes[i]!, data.length) };
}

/** Normalizes one record's data into its answer (an Ok entry's data is not encoded yet). */
function answerRecord(batch: Batch, i: number, bytes: Buffer): Answer {
  const record = batch.records[i]!;
  const arrival = receptionMs(record.approximateArrivalTimestamp, batch.now);
  const receivedAt = ecsTimestamp(arrival);
  const outcome = normalizeBuffer(bytes, batch.integration, { timezone: batch.timezone, receivedAt, auditprFields: batch.auditprFields });
  // Firehose answers per record: one rejected raw record sends the whole data to the error output.
  const rejected = outcome.rejected[0];
  if (rejected) {
    logger.warn('Firehose record rejected', { recordId: record.recordId, line: rejected.line, reason: rejected.reason });
    return failedAnswer(batch, i, 'rejected');
  }
  if (outcome.events === 0) return droppedAnswer(batch, i, 'blank');
  const dt = partitionDate(outcome.firstTimestamp, arrival);
  const payload = outcome.ndjson;
  return {
    kind: 'ok',
    entry: { recordId: record.recordId, result: 'Ok', data: '', metadata: { partitionKeys: { integration: batch.integration.name, dt } } },
    bytes: batch.sizes.ok(batch.idBytes[i]!, base64Length(payload.length), dt),
    payload,
    payloadBytes: payload.length,
    events: outcome.events,
    unparsed: outcome.unparsed,
  };
}

/** Encodes a kept Ok answer's data: done only for answers that make it into the response. */
function keep(answer: Answer): Answer {
  if (answer.payload) {
    answer.entry.data = answer.payload.toString('base64');
    answer.payload = undefined;
  }
  return answer;
}

/**
 * Transforms a Firehose data-transformation batch with `deps.integration`.
 *
 * - One answer per input `recordId`, in input order.
 * - `Ok`: every raw record in the data (newline-separated, LF or CRLF) was normalized;
 *   `data` is the events as NDJSON, base64; `metadata.partitionKeys` is
 *   `{integration, dt}`, `dt` being the date of the first event's `@timestamp` when it is
 *   within a day of the record's arrival date, else the arrival date (`partition-date.ts`).
 * - `Dropped`: the data held only whitespace, or was a CloudWatch Logs control message (`data` is `""`).
 * - `ProcessingFailed`: a raw record was rejected; `data` is the original data unchanged,
 *   so Firehose writes it to the stream's error output.
 *
 * Data from a CloudWatch Logs subscription filter (gzip of a JSON envelope) is read as its
 * log events' messages, one raw record per line of them (`cloudwatch-logs.ts`); other data as it is.
 *
 * The serialized response stays within `maxResponseBytes`: once it is full, the remaining
 * records are re-ingested with their original data into the stream of `deliveryStreamArn`
 * (so they are transformed on a later pass) and answered `Dropped`; a record whose
 * re-ingestion fails after every retry is `ProcessingFailed`. If those failures overflow
 * the budget, the last `Ok` records become `ProcessingFailed` too (their original data is
 * smaller than their events): a record is never lost. Only when even that cannot fit does
 * it throw a `DeliveryError`, so that Firehose retries the whole invocation. A stream fed
 * by a Kinesis data stream (`sourceKinesisStreamArn`) accepts no PutRecordBatch, so there
 * records past the budget are answered `ProcessingFailed`.
 *
 * Logs one summary line and adds metrics; publishing the metrics is the handler's job.
 */
export async function transformFirehoseEvent(
  event: FirehoseTransformationEvent,
  deps: FirehoseTransformDeps,
): Promise<FirehoseTransformationResult> {
  const started = performance.now();
  const batch = batchOf(event, deps);
  const response = reserveResponse(batch, deps.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  const { overflow, bytesIn } = answerWithinBudget(batch, response);
  if (overflow.indexes.length > 0) await answerOverflow(event, batch, response, overflow, deps);
  if (response.used > response.budget) demoteOk(batch, response);
  report(event, batch.integration, response.answers, bytesIn, response.used, performance.now() - started);
  return { records: response.answers.map((a) => a.entry) };
}

/** The batch and what every answer needs of `deps`, with each record's id size computed once. */
function batchOf(event: FirehoseTransformationEvent, deps: FirehoseTransformDeps): Batch {
  const records = event.records;
  return {
    records,
    canReingest: event.sourceKinesisStreamArn === undefined && isStreamArn(event.deliveryStreamArn),
    integration: deps.integration,
    timezone: deps.config.timezone,
    auditprFields: deps.config.auditprFields,
    now: deps.now ?? Date.now,
    sizes: entrySizes(deps.integration.name),
    idBytes: records.map((r) => jsonStringBytes(r.recordId)),
  };
}

/** The response being built, and its size against the budget. */
interface PendingResponse {
  /** One answer per record, filled as records are answered. */
  readonly answers: Answer[];
  readonly budget: number;
  /** Serialized size so far, a record not answered yet counting as its reserved Dropped answer. */
  used: number;
  /** Size of each record's Dropped answer. */
  readonly droppedBytes: readonly number[];
}

/**
 * Any record can be answered Dropped (blank or re-ingested): reserving that for all up
 * front means the budget left is what Ok and ProcessingFailed answers may spend.
 */
function reserveResponse(batch: Batch, budget: number): PendingResponse {
  const droppedBytes = batch.idBytes.map((id) => batch.sizes.dropped(id));
  let used = ENVELOPE_BYTES + Math.max(0, batch.records.length - 1);
  for (const size of droppedBytes) used += size;
  return { answers: new Array<Answer>(batch.records.length), budget, used, droppedBytes };
}

/**
 * Records to re-ingest: past the budget, or in pieces when their events alone would not
 * fit in any response. `indexes[k]` is the record that `data[k]` comes from: a record cut in
 * pieces appears once per piece.
 */
interface Overflow {
  readonly indexes: number[];
  readonly data: Buffer[];
}

/**
 * Decodes and answers the records in order while their answers fit the budget. From the
 * first one that does not fit, the rest are not normalized now, as they are normalized on
 * their next pass anyway: they go to the overflow, except blank ones, which need no pass.
 */
function answerWithinBudget(batch: Batch, response: PendingResponse): { overflow: Overflow; bytesIn: number } {
  const overflow: Overflow = { indexes: [], data: [] };
  let bytesIn = 0;
  let full = false;
  for (let i = 0; i < batch.records.length; i++) {
    const { data, recordId } = batch.records[i]!;
    const bytes = Buffer.from(data, 'base64');
    bytesIn += bytes.length;
    // Buffer.from skips what is not base64: the data would be read as something else.
    if (bytes.length !== base64DecodedLength(data)) {
      logger.warn('Firehose record rejected', { recordId, reason: 'data is not base64' });
      answerPastBudget(response, i, failedAnswer(batch, i, 'rejected'));
      continue;
    }
    // From a CloudWatch Logs subscription, the raw records are the log events of a gzip envelope.
    const logs = readCloudWatchLogs(bytes);
    if (logs?.kind === 'control') {
      response.answers[i] = droppedAnswer(batch, i, 'blank');
      continue;
    }
    const content = logs?.text ?? bytes;
    if (!full) {
      const answer = answerFitting(batch, i, content, response.budget, overflow);
      if (answer === undefined) continue;
      if (spendIfFits(response, i, answer)) {
        response.answers[i] = keep(answer);
        continue;
      }
      full = true;
    } else if (isBlank(content)) {
      response.answers[i] = droppedAnswer(batch, i, 'blank');
      continue;
    }
    overflow.indexes.push(i);
    overflow.data.push(bytes);
  }
  return { overflow, bytesIn };
}

/**
 * {@link answerRecord}, except for an Ok answer too large for any response (re-ingesting the
 * record whole would loop forever): its data goes to the overflow in two halves cut at record
 * boundaries (each halved again while over Firehose's record limit: a CloudWatch Logs
 * record's text can be), each transformed on a later pass (and halved again if need be), and
 * undefined is returned; one record that cannot be halved, or whose halves cannot be put back
 * into the stream, is rejected.
 */
function answerFitting(batch: Batch, i: number, bytes: Buffer, budget: number, overflow: Overflow): Answer | undefined {
  const answer = answerRecord(batch, i, bytes);
  if (answer.kind !== 'ok' || ENVELOPE_BYTES + answer.bytes <= budget) return answer;
  const pieces = batch.canReingest ? splitToFit(bytes, batch.integration.framing, PUT_RECORD_BATCH_LIMITS.maxRecordBytes) : undefined;
  if (pieces) {
    for (const piece of pieces) {
      overflow.indexes.push(i);
      overflow.data.push(piece);
    }
    return undefined;
  }
  logger.warn('Firehose record rejected', {
    recordId: batch.records[i]!.recordId,
    reason: `normalized output is ${answer.payloadBytes} bytes, too large for a ${budget}-byte response`,
  });
  return failedAnswer(batch, i, 'rejected');
}

/** Counts `answer` in place of record `i`'s reserved Dropped answer if the budget allows it. */
function spendIfFits(response: PendingResponse, i: number, answer: Answer): boolean {
  const extra = answer.bytes - response.droppedBytes[i]!;
  if (response.used + extra > response.budget) return false;
  response.used += extra;
  return true;
}

/** Answers record `i` with `answer` even past the budget: the Ok answers are demoted afterwards to make room. */
function answerPastBudget(response: PendingResponse, i: number, answer: Answer): void {
  response.answers[i] = answer;
  response.used += answer.bytes - response.droppedBytes[i]!;
}

/**
 * Re-ingests the overflow and answers it: Dropped once re-ingested; ProcessingFailed with
 * the original data when re-ingestion failed, counted even past the budget (the Ok answers
 * are demoted afterwards to make room).
 */
async function answerOverflow(
  event: FirehoseTransformationEvent,
  batch: Batch,
  response: PendingResponse,
  overflow: Overflow,
  deps: FirehoseTransformDeps,
): Promise<void> {
  const failures = await reingest(event, overflow.data, deps);
  const failedAt = new Map(failures.map((f) => [overflow.indexes[f.index]!, f]));
  const pieces = new Map<number, number>();
  for (const i of overflow.indexes) pieces.set(i, (pieces.get(i) ?? 0) + 1);
  // One answer per record, however many pieces it was put back in. When only some got in, the
  // whole record also goes to the error output: a record is never lost, at worst partly repeated there.
  for (const [i, count] of pieces) {
    const failure = failedAt.get(i);
    if (!failure) {
      response.answers[i] = droppedAnswer(batch, i, count > 1 ? 'split' : 'reingested');
      continue;
    }
    logger.error('Firehose record re-ingestion failed', {
      recordId: batch.records[i]!.recordId,
      errorCode: failure.errorCode,
      errorMessage: failure.errorMessage,
    });
    answerPastBudget(response, i, failedAnswer(batch, i, 'reingest-failed'));
  }
}

/** Re-ingests the original data of records past the budget; returns the failures (indexes into `data`). */
async function reingest(event: FirehoseTransformationEvent, data: Buffer[], deps: FirehoseTransformDeps): Promise<FailedRecord[]> {
  if (event.sourceKinesisStreamArn) {
    // Firehose refuses PutRecordBatch on a stream whose source is a Kinesis data stream.
    const errorMessage = `the delivery stream reads ${event.sourceKinesisStreamArn}, so records cannot be put into it`;
    return data.map((_, index) => ({ index, errorCode: 'KinesisStreamSource', errorMessage }));
  }
  let streamName: string;
  try {
    streamName = streamNameFromArn(event.deliveryStreamArn);
  } catch (error) {
    const errorMessage = error instanceof Error ? error.message : String(error);
    return data.map((_, index) => ({ index, errorCode: 'InvalidDeliveryStreamArn', errorMessage }));
  }
  const result = await putRecords(deps.firehose, streamName, data, deps.putRecordsOptions);
  return result.failed;
}

/**
 * Turns the last Ok answers into ProcessingFailed (original data, smaller than the events)
 * until the response fits again; only needed when re-ingestion failed.
 * @throws DeliveryError when even that cannot make it fit, so that Firehose retries the invocation.
 */
function demoteOk(batch: Batch, response: PendingResponse): void {
  const { answers, budget } = response;
  for (let i = answers.length - 1; i >= 0 && response.used > budget; i--) {
    const answer = answers[i]!;
    if (answer.kind !== 'ok') continue;
    const demoted = failedAnswer(batch, i, 'demoted');
    if (demoted.bytes >= answer.bytes) continue;
    logger.error('Firehose record sent to the error output to keep the response within its limit', {
      recordId: answer.entry.recordId,
    });
    answers[i] = demoted;
    response.used += demoted.bytes - answer.bytes;
  }
  if (response.used > budget) {
    throw new DeliveryError(
      `the response would be ${response.used} bytes, over its ${budget}-byte limit, because records could not be re-ingested`,
    );
  }
}

/** The batch's summary log line and metrics. */
function report(
  event: FirehoseTransformationEvent,
  integration: Integration,
  answers: readonly Answer[],
  bytesIn: number,
  responseBytes: number,
  durationMs: number,
): void {
  const count: Record<AnswerKind, number> = { ok: 0, blank: 0, rejected: 0, reingested: 0, split: 0, 'reingest-failed': 0, demoted: 0 };
  let events = 0;
  let unparsed = 0;
  let bytesOut = 0;
  for (const answer of answers) {
    count[answer.kind] += 1;
    if (answer.kind === 'ok') {
      events += answer.events!;
      unparsed += answer.unparsed!;
      bytesOut += answer.payloadBytes!;
    }
  }
  const failedDelivery = count['reingest-failed'] + count.demoted;
  logger.info('Firehose batch transformed', {
    invocationId: event.invocationId,
    integration: integration.name,
    records: answers.length,
    ok: count.ok,
    events,
    unparsed,
    rejected: count.rejected,
    dropped: count.blank,
    reingested: count.reingested + count.split,
    split: count.split,
    reingestFailed: count['reingest-failed'],
    demoted: count.demoted,
    bytesIn,
    bytesOut,
    responseBytes,
    durationMs: Math.round(durationMs),
  });
  addMetrics([
    [METRIC_NAMES.eventsNormalized, events],
    [METRIC_NAMES.recordsUnparsed, unparsed],
    [METRIC_NAMES.recordsRejected, count.rejected],
    [METRIC_NAMES.recordsDropped, count.blank],
    [METRIC_NAMES.recordsReingested, count.reingested + count.split],
    [METRIC_NAMES.recordsDeliveryFailed, failedDelivery],
    [METRIC_NAMES.bytesIn, bytesIn],
    [METRIC_NAMES.bytesOut, bytesOut],
  ]);
}
