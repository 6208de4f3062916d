import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { Config } from '../lambda/config.ts';
import { ObjectProcessingError, ObjectTooLargeError } from '../errors.ts';
import { maybeGunzip } from '../records/lines.ts';
import { normalizeStream } from '../records/pipeline.ts';
import { logger } from '../lambda/observability.ts';
import type { PutRecordsOptions } from '../firehose/put-record-batch.ts';
import type { S3Source } from './notification.ts';
import { S3EventSink, type EventSink } from './event-sink.ts';
import { FirehoseEventSink } from './firehose-event-sink.ts';
import { openObject, type OpenedObject } from './source-object.ts';
import { outputKeys } from './output-keys.ts';
import { readAhead } from './read-ahead.ts';
import { RejectedLinesWriter } from './rejected-lines.ts';
import { ecsTimestamp } from '../ecs/time.ts';
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
  const { integration, config, outputBucket, s3 } = deps;
  const fail = (what: string, error: unknown): ObjectProcessingError =>
    new ObjectProcessingError(source.bucket, source.key, `${what}: ${describe(error)}`, { cause: error });

  let object: OpenedObject;
  try {
    object = await openObject(s3, source);
  } catch (error) {
    throw fail('cannot read object', error);
  }

  const keys = outputKeys(
    { integration: integration.name, key: source.key, eTag: object.eTag, lastModified: object.lastModified },
    config,
  );
  const events: EventSink = config.outputStream
    ? new FirehoseEventSink(deps.firehose, config.outputStream, deps.putRecordsOptions)
    : new S3EventSink(s3, outputBucket, keys.events);
  const rejected = new RejectedLinesWriter(s3, outputBucket, keys.errors, source, config.maxRejectedLines);
  const parsed = Date.parse(source.eventTime);
  const context: NormalizeContext = {
    timezone: config.timezone,
    auditprFields: config.auditprFields,
    receivedAt: ecsTimestamp(Number.isNaN(parsed) ? Date.now() : parsed),
  };

  let lines = 0;
  let normalized = 0;
  let unparsed = 0;
  let blank = 0;
  let stage = 'cannot read object';
  try {
    // Read-ahead on both sides of gunzip: the network and the thread pool work while the
    // main thread normalizes (at most READ_AHEAD_BYTES each).
    const tooLarge = (): Error => new ObjectTooLargeError(source.bucket, source.key, config.maxObjectBytes);
    const input = readAhead(atMost(maybeGunzip(readAhead(object.body, READ_AHEAD_BYTES)), config.maxObjectBytes, tooLarge), READ_AHEAD_BYTES);
    const limit = Number.isFinite(events.maxEventBytes) ? { maxEventBytes: events.maxEventBytes, sink: events.location } : undefined;
    for await (const batch of normalizeStream(input, integration, context, limit)) {
      lines += batch.lines;
      normalized += batch.events;
      unparsed += batch.unparsed;
      blank += batch.blank;
      for (const r of batch.rejected) rejected.add(r);
      stage = 'cannot write output';
      await Promise.all([events.write(batch.ndjson), rejected.flush()]);
      stage = 'cannot read object';
    }
    stage = 'cannot write output';
    await Promise.all([events.end(), rejected.end()]);
    if (!rejected.started) {
      stage = 'cannot delete stale errors object';
      await s3.send(new DeleteObjectCommand({ Bucket: outputBucket, Key: keys.errors }));
    }
  } catch (error) {
    const reason = asError(error);
    object.destroy();
    await Promise.all([events.abort(reason), rejected.abort(reason)]);
    throw error instanceof ObjectTooLargeError ? error : fail(stage, error);
  }
  if (rejected.notStored > 0) {
    logger.warn('Rejected lines over the limit were counted, not stored', {
      integration: integration.name,
      bucket: source.bucket,
      key: source.key,
      rejected: rejected.rejected,
      notStored: rejected.notStored,
      limit: config.maxRejectedLines,
    });
  }

  const summary: ObjectSummary = {
    bucket: source.bucket,
    key: source.key,
    versionId: source.versionId,
    eTag: object.eTag,
    lines,
    events: normalized,
    unparsed,
    rejected: rejected.rejected,
    blank,
    bytesIn: object.bytesRead(),
    bytesOut: events.bytesOut + rejected.bytesOut,
    durationMs: Math.round(performance.now() - started),
    output: events.location,
    errors: rejected.started ? `s3://${outputBucket}/${keys.errors}` : undefined,
  };
  logger.info('S3 object normalized', { integration: integration.name, ...summary });
  return summary;
}
