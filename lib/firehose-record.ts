import { isBlankText } from './lines.ts';
import { decodeRecord, eventTimestamp, MAX_RECORD_BYTES, normalizeRecord } from './record.ts';
import type { Integration, NormalizeContext } from './types.ts';

/**
 * Normalizes the data of one Firehose record: one raw record, or several separated by
 * LF or CRLF (aggregating producers), into NDJSON.
 */

/** What one Firehose record's data became. */
export type RecordDataOutcome =
  /** Every raw record was normalized: `ndjson` holds one JSON line per event. */
  | { readonly kind: 'ok'; readonly ndjson: string; readonly events: number; readonly firstTimestamp: string | undefined }
  /** Only whitespace: nothing to deliver. */
  | { readonly kind: 'blank' }
  /** A raw record could not be normalized (1-based `line` within the data), so none is kept. */
  | { readonly kind: 'rejected'; readonly reason: string; readonly line: number };

const LF = 0x0a;
const CR = 0x0d;
const BOM = '\uFEFF';

type Decoded = { text: string; reason?: undefined; line?: undefined } | { text?: undefined; reason: string; line: number };

/**
 * UTF-8 decodes the whole data at once (Firehose records are at most 1,000 KiB, under the
 * record size limit). Larger data can only be synthetic; it is decoded line by line so
 * that the size limit still applies to each raw record, not to their sum.
 */
function decodeData(bytes: Buffer): Decoded {
  if (bytes.length <= MAX_RECORD_BYTES) {
    const decoded = decodeRecord(bytes);
    return decoded.reason === undefined ? { text: decoded.text } : { reason: decoded.reason, line: 1 };
  }
  const parts: string[] = [];
  for (let start = 0, line = 1; ; line++) {
    const end = bytes.indexOf(LF, start);
    let stop = end === -1 ? bytes.length : end;
    if (stop > start && bytes[stop - 1] === CR) stop -= 1;
    const decoded = decodeRecord(bytes.subarray(start, stop));
    if (decoded.reason !== undefined) return { reason: decoded.reason, line };
    parts.push(decoded.text);
    if (end === -1) return { text: parts.join('\n') };
    start = end + 1;
  }
}

/**
 * Decodes and normalizes one Firehose record's data. Blank lines between raw records are
 * skipped; a UTF-8 BOM at the start is dropped; the first rejected raw record rejects the
 * whole data (Firehose answers per record, so it goes to the error output unchanged).
 */
export function normalizeRecordData(bytes: Buffer, integration: Integration, context: NormalizeContext): RecordDataOutcome {
  const decoded = decodeData(bytes);
  if (decoded.reason !== undefined) return { kind: 'rejected', reason: decoded.reason, line: decoded.line };
  let text = decoded.text;
  if (text.startsWith(BOM)) text = text.slice(1);

  const lines: string[] = [];
  let firstTimestamp: string | undefined;
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line += 1;
    const raw = text.charCodeAt(end - 1) === CR && end > start ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    if (isBlankText(raw)) continue;
    const outcome = normalizeRecord(integration, raw, context);
    if (outcome.reason !== undefined) return { kind: 'rejected', reason: outcome.reason, line };
    if (lines.length === 0) firstTimestamp = eventTimestamp(outcome.event);
    lines.push(JSON.stringify(outcome.event));
  }
  if (lines.length === 0) return { kind: 'blank' };
  const ndjson = lines.length === 1 ? `${lines[0]}\n` : `${lines.join('\n')}\n`;
  return { kind: 'ok', ndjson, events: lines.length, firstTimestamp };
}
