import { isUtf8 } from 'node:buffer';
import { isBlank, splitBuffer, splitLines, type Line } from './lines.ts';
import { EMPTY_NDJSON, NdjsonBytes } from './ndjson-bytes.ts';
import { decodeRecord, eventTimestamp, MAX_RECORD_BYTES, normalizeRecord, utf8BytesOver } from './record.ts';
import type { Integration, NormalizeContext, RecordFraming } from '../integration.ts';

/**
 * The line pipeline: the one path from raw lines to events and rejected records, shared
 * by the CLI, the S3 path and the Firehose transformation (for the lines inside one
 * Firehose record). It groups lines into records (one line per record, or the
 * integration's `framing`), skips and counts blank lines, applies the size limit, decodes,
 * normalizes and serializes, and counts the events that carry `error` as unparsed.
 */

/** A record that could not be normalized: where it was, why, and its bytes unchanged. */
export interface RejectedLine {
  /** 1-based number of the record's first line. */
  readonly line: number;
  readonly reason: string;
  /**
   * The record's bytes, its lines joined with LF (only the first `MAX_RECORD_BYTES + 1`
   * of a record over the limit).
   */
  readonly raw: Buffer;
}

/** What one batch of lines became. */
export interface NormalizedBatch {
  /** Physical lines read, blank ones included. */
  readonly lines: number;
  /** The events, one JSON object and `\n` each, in input order, as UTF-8. */
  readonly ndjson: Buffer;
  readonly events: number;
  /** Events among `events` that carry an `error` field: the normalizer could not read their layout. */
  readonly unparsed: number;
  /** Lines that are not records: blank lines, and the framing's headings and preambles. */
  readonly blank: number;
  /** Rejected records, in input order. */
  readonly rejected: RejectedLine[];
  /** `@timestamp` of the first event, for date partitioning. */
  readonly firstTimestamp: string | undefined;
}

/** The limit of the place events go to, applied as each event is produced. */
export interface EventSizeLimit {
  /** Largest event (JSON, without its `\n`) the sink can take, in UTF-8 bytes. */
  readonly maxEventBytes: number;
  /** The sink, named in the reason of an event over the limit (`firehose:stream`). */
  readonly sink: string;
}

/** A batch as it is filled. */
interface Batch {
  lines: number;
  ndjson: Buffer;
  events: number;
  unparsed: number;
  blank: number;
  rejected: RejectedLine[];
  firstTimestamp: string | undefined;
}

/** A framed record being gathered: its lines' texts (lossy for invalid UTF-8) and bytes. */
interface PendingRecord {
  readonly number: number;
  readonly texts: string[];
  readonly parts: Buffer[];
  /** Bytes kept in `parts` (bounded: a record over the limit keeps only its first bytes). */
  kept: number;
  /** The joined record's full length in bytes. */
  length: number;
  valid: boolean;
}

const LF = Buffer.from('\n');

/**
 * Normalizes lines (from `LineSplitter` / `splitLines`) batch by batch. Stateful only for
 * framed integrations, whose record may continue in the next batch: call {@link end} after
 * the last batch.
 */
export class LineNormalizer {
  private readonly framing: RecordFraming | undefined;
  private pending: PendingRecord | undefined;
  /** The events of the batch being built (push, end): each starts its own. */
  private out!: NdjsonBytes;

  constructor(
    private readonly integration: Integration,
    private readonly context: NormalizeContext,
    private readonly limit?: EventSizeLimit,
  ) {
    this.framing = integration.framing;
  }

  /** The events and rejected records of `lines`; a framed record still open waits for the next batch. */
  push(lines: readonly Line[]): NormalizedBatch {
    return this.batchOf(lines, false);
  }

  /** The events and rejected records of `lines`, the whole input: a framed record still open ends with them. */
  pushAll(lines: readonly Line[]): NormalizedBatch {
    return this.batchOf(lines, true);
  }

  /** The record still open at the end of the input, if any. */
  end(): NormalizedBatch {
    return this.batchOf([], true);
  }

  /** One batch of `lines`; with `last`, the framed record still open (only framing leaves one) ends it. */
  private batchOf(lines: readonly Line[], last: boolean): NormalizedBatch {
    const batch = this.start(lines.length);
    if (this.framing) {
      this.frame(lines, this.framing, batch);
    } else {
      for (const line of lines) {
        if (line.length === line.bytes.length && isBlank(line.bytes)) batch.blank++;
        else this.record(line.number, line.bytes, line.length, undefined, batch);
      }
    }
    if (last) this.flush(batch);
    return this.complete(batch);
  }

  /** A new batch of `lines` lines, its events written to a new {@link NdjsonBytes}. */
  private start(lines: number): Batch {
    this.out = new NdjsonBytes();
    return { lines, ndjson: EMPTY_NDJSON, events: 0, unparsed: 0, blank: 0, rejected: [], firstTimestamp: undefined };
  }

  /** The batch with its events taken out of the shared buffer. */
  private complete(batch: Batch): NormalizedBatch {
    batch.ndjson = this.out.take();
    return batch;
  }

  /** Groups lines into records as the integration's framing says. */
  private frame(lines: readonly Line[], framing: RecordFraming, batch: Batch): void {
    for (const line of lines) {
      if (line.length === line.bytes.length && isBlank(line.bytes)) {
        this.flush(batch);
        batch.blank++;
        continue;
      }
      // Lossy for invalid UTF-8: classifying needs text; a record holding the line is rejected
      // whole, and such a line is never skipped as a heading or a preamble (never silent).
      const text = line.bytes.toString('utf8');
      const readable = line.length === line.bytes.length && isUtf8(line.bytes);
      let kind = framing.classify(text);
      if (kind === 'heading' && !readable) kind = 'start';
      if (kind === 'heading') {
        const pending = this.pending;
        if (pending && pending.texts.length === 1 && pending.valid && pending.length <= MAX_RECORD_BYTES && framing.isPreamble?.(pending.texts[0]!, text)) {
          this.pending = undefined;
          batch.blank++;
        } else {
          this.flush(batch);
        }
        batch.blank++;
      } else if (kind === 'continuation' && this.pending) {
        this.append(this.pending, line, text, readable);
      } else {
        this.flush(batch);
        this.pending = { number: line.number, texts: [], parts: [], kept: 0, length: -1, valid: true };
        this.append(this.pending, line, text, readable);
        // A continuation with no record before it is a fragment: normalized on its own.
        if (kind === 'continuation') this.flush(batch);
      }
    }
  }

  /** Adds a line to a framed record; past the size limit only its length is counted. */
  private append(pending: PendingRecord, line: Line, text: string, readable: boolean): void {
    pending.length += line.length + 1;
    pending.valid &&= readable;
    if (pending.kept > MAX_RECORD_BYTES) return;
    if (pending.parts.length > 0) {
      pending.parts.push(LF);
      pending.kept += 1;
    }
    pending.parts.push(line.bytes);
    pending.kept += line.bytes.length;
    pending.texts.push(text);
  }

  /** Normalizes the framed record being gathered, if any. */
  private flush(batch: Batch): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    const raw = pending.parts.length === 1 ? pending.parts[0]! : Buffer.concat(pending.parts).subarray(0, MAX_RECORD_BYTES + 1);
    const texts = pending.texts;
    // Most records are one line: join() costs more than the record's other steps together.
    const text = pending.length <= MAX_RECORD_BYTES && pending.valid ? (texts.length === 1 ? texts[0]! : texts.join('\n')) : undefined;
    this.record(pending.number, raw, pending.length, text, batch);
  }

  /** One record to an event or a rejected record. `text` is its decoded text when already known to be valid. */
  private record(number: number, raw: Buffer, length: number, text: string | undefined, batch: Batch): void {
    let reason: string;
    const decoded = text === undefined ? decodeRecord(raw, length) : { text };
    if (decoded.text === undefined) {
      reason = decoded.reason;
    } else {
      const outcome = normalizeRecord(this.integration, decoded.text, this.context);
      if (outcome.event === undefined) {
        reason = outcome.reason;
      } else {
        const json = JSON.stringify(outcome.event);
        const over = this.limit === undefined ? undefined : utf8BytesOver(json, this.limit.maxEventBytes);
        if (over === undefined) {
          this.out.append(json);
          if (batch.events++ === 0) batch.firstTimestamp = eventTimestamp(outcome.event);
          if (outcome.event.error !== undefined) batch.unparsed++;
          return;
        }
        reason = `normalized event is ${over} bytes, over the ${this.limit!.maxEventBytes}-byte limit of ${this.limit!.sink}`;
      }
    }
    batch.rejected.push({ line: number, reason, raw });
  }
}

/** The counts of a batch that callers sum over a whole input (an object, the CLI's files). */
export type LineCounts = Pick<NormalizedBatch, 'lines' | 'events' | 'unparsed' | 'blank'>;

/** Adds a batch's counts to running totals: the one place they are summed. */
export function addLineCounts(into: { -readonly [K in keyof LineCounts]: number }, batch: LineCounts): void {
  into.lines += batch.lines;
  into.events += batch.events;
  into.unparsed += batch.unparsed;
  into.blank += batch.blank;
}

/**
 * Normalizes a stream of (decompressed) bytes: one batch per chunk that completes lines,
 * and a last one for a framed record still open at the end. The CLI and the S3 path.
 */
export async function* normalizeStream(
  source: AsyncIterable<Uint8Array>,
  integration: Integration,
  context: NormalizeContext,
  limit?: EventSizeLimit,
): AsyncGenerator<NormalizedBatch> {
  const normalizer = new LineNormalizer(integration, context, limit);
  const last = function* (): Generator<NormalizedBatch> {
    const batch = normalizer.end();
    if (batch.events > 0 || batch.rejected.length > 0) yield batch;
  };
  try {
    for await (const lines of splitLines(source)) yield normalizer.push(lines);
  } catch (error) {
    // The record read before a failing source is still delivered, then the failure.
    yield* last();
    throw error;
  }
  yield* last();
}

/** Normalizes one whole buffer: the data of one Firehose record. */
export function normalizeBuffer(bytes: Uint8Array, integration: Integration, context: NormalizeContext): NormalizedBatch {
  return new LineNormalizer(integration, context).pushAll(splitBuffer(bytes));
}

/**
 * A rejected record as the JSON object written to error outputs: the line number, the
 * reason and the raw record — as text when it is valid UTF-8, else base64 with
 * `"encoding": "base64"` — so it can be found and replayed byte for byte.
 */
export function rejectedLineRecord(rejected: RejectedLine, source: Record<string, string | number>): Record<string, string | number> {
  return isUtf8(rejected.raw)
    ? { ...source, line: rejected.line, reason: rejected.reason, raw: rejected.raw.toString('utf8') }
    : { ...source, line: rejected.line, reason: rejected.reason, raw: rejected.raw.toString('base64'), encoding: 'base64' };
}
