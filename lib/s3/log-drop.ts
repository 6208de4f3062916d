import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { Config } from '../lambda/config.ts';
import { ObjectProcessingError, ObjectTooLargeError } from '../errors.ts';
import { maybeGunzip } from '../records/lines.ts';
import { addLineCounts, normalizeStream, type LineCounts } from '../records/pipeline.ts';
import { logger } from '../lambda/observability.ts';
import type { PutRecordsOptions } from '../firehose/put-record-batch.ts';
import type { S3Source } from './notification.ts';
import { S3EventSink, type EventSink } from './event-sink.ts';
import { FirehoseEventSink } from './firehose-event-sink.ts';
import { openObject, type OpenedObject } from './source-object.ts';
import { outputKeys } from './output-keys.ts';
import { readAhead } from './read-ahead.ts';
import { RejectedLinesWriter } from './rejected-lines.ts';
import { ecsTimestamp, receptionMs } from '../ecs/time.ts';
import type { Integration, NormalizeContext } from '../integration.ts';

/** Bytes read ahead of the normalizer, before and after gunzip. */
export const READ_AHEAD_BYTES = 4 * 1024 * 1024;

/** What processing one S3 log drop needs. */
export interface LogDropDeps {
  readonly integration: Integration;
  readonly config: Config;
  /** The output bucket (required by the caller before anything is read). */
  readonly outputBucket: string;
  readonly s3: S3Client;
  /** Used only when `config.outputStream` is set. */
  readonly firehose: FirehoseClient;
  readonly putRecordsOptions?: PutRecordsOptions;
}

/** What became of one source object; also the summary log line. */
export interface ObjectSummary {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | undefined;
  readonly eTag: string | undefined;
  /** Lines read, blank ones included. */
  readonly lines: number;
  /** Events normalized and written. */
  readonly events: number;
  /** Events among them that carry `error` (layout not read). */
  readonly unparsed: number;
  /** Lines rejected: in the errors object, with their raw text up to `MAX_REJECTED_LINES`, then counted in its summary record. */
  readonly rejected: number;
  /** Lines skipped: blank lines, and the framing's headings and preambles. */
  readonly blank: number;
  /** Bytes of the source object read (as stored, compressed or not). */
  readonly bytesIn: number;
  /** Bytes written: events output plus errors object. */
  readonly bytesOut: number;
  readonly durationMs: number;
  /** `s3://bucket/key` of the events object, or `firehose:stream`. */
  readonly output: string;
  /** `s3://bucket/key` of the errors object, when lines were rejected. */
  readonly errors: string | undefined;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The reason to give for an error; AWS SDK errors are named after their code. */
function describe(error: unknown): string {
  const e = asError(error);
  return e.name && e.name !== 'Error' && !e.message.startsWith(e.name) ? `${e.name}: ${e.message}` : e.message;
}

/** Passes the bytes through; throws `tooLarge()` once more than `maxBytes` have passed. */
async function* atMost(source: AsyncIterable<Buffer>, maxBytes: number, tooLarge: () => Error): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge();
    yield chunk;
  }
}

/** How each step words its failure, after `s3://bucket/key: ` (Batch Operations reports and logs show it). */
const FAILURE_WORDING = {
  read: 'cannot read object',
  write: 'cannot write output',
  deleteStaleErrors: 'cannot delete stale errors object',
} as const;

/**
 * Runs one step of processing `source`; a failure is rethrown as an ObjectProcessingError
 * naming the object and worded `wording: reason`, so that the report says which step
 * failed. An ObjectProcessingError passes as it is: an ObjectTooLargeError says itself what
 * happened, and one from a nested step is worded already.
 */
async function step<T>(source: S3Source, wording: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ObjectProcessingError) throw error;
    throw new ObjectProcessingError(source.bucket, source.key, `${wording}: ${describe(error)}`, { cause: error });
  }
}

/** One object being processed: its source, its two outputs and how its records are normalized. */
interface LogDrop {
  readonly source: S3Source;
  readonly object: OpenedObject;
  readonly events: EventSink;
  readonly rejected: RejectedLinesWriter;
  /** Key of the errors object in the output bucket. */
  readonly errorsKey: string;
  readonly context: NormalizeContext;
  readonly deps: LogDropDeps;
}

/**
 * Normalizes one S3 object (a "log drop") into gzip NDJSON events plus, when lines are
 * rejected, a gzip NDJSON errors object (see `output-keys.ts` for their keys and
 * `rejected-lines.ts` for the errors format). Streams end to end: the object is read
 * chunk by chunk and both outputs are uploaded while it is read.
 *
 * Every non-blank line ends up in exactly one of the two outputs. An errors object left
 * by an earlier run of the same source is deleted when this run rejects nothing, so the
 * outputs always reflect the last successful run.
 *
 * @throws ObjectProcessingError naming the object when reading or writing fails, and its
 * ObjectTooLargeError once its decompressed bytes pass `MAX_OBJECT_BYTES`; nothing is then
 * left visible (uploads aborted, completed ones deleted).
 */
export async function processLogDrop(source: S3Source, deps: LogDropDeps): Promise<ObjectSummary> {
  const started = performance.now();
  const object = await step(source, FAILURE_WORDING.read, () => openObject(deps.s3, source));
  warnIfChanged(source, object, deps);
  const drop = prepareOutputs(source, object, deps);
  const counts = await produceOutputs(drop);
  warnIfNotStored(drop);
  const summary = summaryOf(drop, counts, started);
  logger.info('S3 object normalized', { integration: deps.integration.name, ...summary });
  return summary;
}

/** The outputs' sinks (not written yet) and the normalization context, once the object is open. */
function prepareOutputs(source: S3Source, object: OpenedObject, deps: LogDropDeps): LogDrop {
  const { integration, config, outputBucket, s3 } = deps;
  const keys = outputKeys(
    { integration: integration.name, key: source.key, eTag: object.eTag, lastModified: object.lastModified },
    config,
  );
  const events: EventSink = config.outputStream
    ? new FirehoseEventSink(deps.firehose, config.outputStream, deps.putRecordsOptions)
    : new S3EventSink(s3, outputBucket, keys.events);
  const rejected = new RejectedLinesWriter(s3, outputBucket, keys.errors, source, config.maxRejectedLines);
  const context: NormalizeContext = {
    timezone: config.timezone,
    auditprFields: config.auditprFields,
    receivedAt: ecsTimestamp(receptionMs(Date.parse(source.eventTime), Date.now)),
  };
  return { source, object, events, rejected, errorsKey: keys.errors, context, deps };
}

/**
 * Normalizes the object into its outputs, finishes them and deletes a stale errors object.
 * On a failure the object stops being read and both outputs are aborted before it is
 * rethrown, so that nothing of a failed run is left visible.
 */
async function produceOutputs(drop: LogDrop): Promise<LineCounts> {
  const { source, events, rejected } = drop;
  try {
    const counts = await step(source, FAILURE_WORDING.read, () => normalizeInto(drop));
    await step(source, FAILURE_WORDING.write, () => Promise.all([events.end(), rejected.end()]));
    if (!rejected.started) {
      const { s3, outputBucket } = drop.deps;
      await step(source, FAILURE_WORDING.deleteStaleErrors, () =>
        s3.send(new DeleteObjectCommand({ Bucket: outputBucket, Key: drop.errorsKey })),
      );
    }
    return counts;
  } catch (error) {
    // The outputs are aborted with what went wrong, not with a step's wording of it.
    const reason = asError(error instanceof ObjectProcessingError && !(error instanceof ObjectTooLargeError) ? error.cause : error);
    drop.object.destroy();
    await Promise.all([events.abort(reason), rejected.abort(reason)]);
    throw error;
  }
}

/**
 * One turn of the event loop. The writes in {@link normalizeInto} return at once while the
 * outputs keep up, and a loop of promises that resolve at once never lets the event loop run: gzip's thread-pool
 * completions and the sockets' reads and writes would wait until an output fell behind, then
 * run while the main thread sat idle. One turn per batch keeps them going alongside
 * normalizing (+10-12% events/s on the S3 bench).
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Streams the object through the line pipeline, writing each batch's events and rejected lines as it comes. */
async function normalizeInto(drop: LogDrop): Promise<LineCounts> {
  const { source, events, rejected, context } = drop;
  const { integration, config } = drop.deps;
  const counts = { lines: 0, events: 0, unparsed: 0, blank: 0 };
  // Read-ahead on both sides of gunzip: the network and the thread pool work while the
  // main thread normalizes (at most READ_AHEAD_BYTES each).
  const tooLarge = (): Error => new ObjectTooLargeError(source.bucket, source.key, config.maxObjectBytes);
  const input = readAhead(atMost(maybeGunzip(readAhead(drop.object.body, READ_AHEAD_BYTES)), config.maxObjectBytes, tooLarge), READ_AHEAD_BYTES);
  const limit = Number.isFinite(events.maxEventBytes) ? { maxEventBytes: events.maxEventBytes, sink: events.location } : undefined;
  for await (const batch of normalizeStream(input, integration, context, limit)) {
    addLineCounts(counts, batch);
    for (const r of batch.rejected) rejected.add(r);
    await step(source, FAILURE_WORDING.write, () => Promise.all([events.write(batch.ndjson), rejected.flush()]));
    await nextTurn();
  }
  return counts;
}

/**
 * In a bucket without versioning, an object overwritten after its notification is read as its
 * newer version: the notified bytes no longer exist. Say so, as the output names only the
 * version read (its own notification writes the same output key again).
 */
function warnIfChanged(source: S3Source, object: OpenedObject, deps: LogDropDeps): void {
  if (source.versionId || source.eTag === undefined || object.eTag === undefined || source.eTag === object.eTag) return;
  logger.warn('S3 object changed since its notification: the version read was normalized, the notified one no longer exists', {
    integration: deps.integration.name,
    bucket: source.bucket,
    key: source.key,
    notifiedETag: source.eTag,
    readETag: object.eTag,
  });
}

/** Rejected lines past `maxRejectedLines` are only counted: say so, as the errors object cannot. */
function warnIfNotStored(drop: LogDrop): void {
  const { rejected, source } = drop;
  if (rejected.notStored === 0) return;
  logger.warn('Rejected lines over the limit were counted, not stored', {
    integration: drop.deps.integration.name,
    bucket: source.bucket,
    key: source.key,
    rejected: rejected.rejected,
    notStored: rejected.notStored,
    limit: drop.deps.config.maxRejectedLines,
  });
}

/** What became of the object, for the summary log line and the caller. */
function summaryOf(drop: LogDrop, counts: LineCounts, started: number): ObjectSummary {
  const { source, object, events, rejected } = drop;
  return {
    bucket: source.bucket,
    key: source.key,
    versionId: source.versionId,
    eTag: object.eTag,
    lines: counts.lines,
    events: counts.events,
    unparsed: counts.unparsed,
    rejected: rejected.rejected,
    blank: counts.blank,
    bytesIn: object.bytesRead(),
    bytesOut: events.bytesOut + rejected.bytesOut,
    durationMs: Math.round(performance.now() - started),
    output: events.location,
    errors: rejected.started ? `s3://${drop.deps.outputBucket}/${drop.errorsKey}` : undefined,
  };
}
