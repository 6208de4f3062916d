import { isUtf8 } from 'node:buffer';
import { isBlank, type Line } from './lines.ts';
import { decodeRecord, eventTimestamp, MAX_RECORD_BYTES, normalizeRecord } from './record.ts';
import type { Integration, NormalizeContext } from './types.ts';

/** A line that could not be normalized: where it was, why, and its bytes unchanged. */
export interface RejectedLine {
  readonly line: number;
  readonly reason: string;
  /** The line's bytes (only the first `MAX_RECORD_BYTES + 1` of a line over the limit). */
  readonly raw: Buffer;
}

/** What one batch of lines became. */
export interface NormalizedBatch {
  /** The events, one JSON object and `\n` each, in input order. */
  readonly ndjson: string;
  readonly events: number;
  readonly blank: number;
  readonly rejected: RejectedLine[];
  /** `@timestamp` of the first event, for date partitioning. */
  readonly firstTimestamp: string | undefined;
}

/**
 * Normalizes a batch of lines (from `splitLines`): blank lines are counted and skipped,
 * every other line becomes an event or a rejected line. Shared by the CLI and the S3 path.
 */
export function normalizeLines(lines: readonly Line[], integration: Integration, context: NormalizeContext): NormalizedBatch {
  let ndjson = '';
  let events = 0;
  let blank = 0;
  let firstTimestamp: string | undefined;
  const rejected: RejectedLine[] = [];
  for (const line of lines) {
    if (isBlank(line.bytes) && line.length === line.bytes.length) {
      blank++;
      continue;
    }
    let reason: string;
    if (line.length > MAX_RECORD_BYTES) {
      reason = `record is ${line.length} bytes, over the ${MAX_RECORD_BYTES}-byte limit`;
    } else {
      const decoded = decodeRecord(line.bytes);
      if (decoded.text === undefined) {
        reason = decoded.reason;
      } else {
        const outcome = normalizeRecord(integration, decoded.text, context);
        if (outcome.event) {
          ndjson += `${JSON.stringify(outcome.event)}\n`;
          if (events++ === 0) firstTimestamp = eventTimestamp(outcome.event);
          continue;
        }
        reason = outcome.reason;
      }
    }
    rejected.push({ line: line.number, reason, raw: line.bytes });
  }
  return { ndjson, events, blank, rejected, firstTimestamp };
}

/**
 * A rejected line as the JSON object written to error outputs: the line number, the
 * reason and the raw line — as text when it is valid UTF-8, else base64 with
 * `"encoding": "base64"` — so it can be found and replayed byte for byte.
 */
export function rejectedLineRecord(rejected: RejectedLine, source: Record<string, string | number>): Record<string, string | number> {
  return isUtf8(rejected.raw)
    ? { ...source, line: rejected.line, reason: rejected.reason, raw: rejected.raw.toString('utf8') }
    : { ...source, line: rejected.line, reason: rejected.reason, raw: rejected.raw.toString('base64'), encoding: 'base64' };
}
