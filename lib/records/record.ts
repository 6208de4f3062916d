import { isUtf8 } from 'node:buffer';
import { RecordRejectedError } from '../errors.ts';
import type { EcsEvent } from '../ecs/event.ts';
import type { Integration, NormalizeContext } from '../integration.ts';

/**
 * The largest raw record accepted, in UTF-8 bytes (1 MiB). Firehose records are at most
 * 1,000 KiB, so every Firehose record fits; a longer S3 line is rejected with this reason
 * instead of being truncated silently.
 */
export const MAX_RECORD_BYTES = 1_048_576;

/** The reason a record of `bytes` UTF-8 bytes is rejected, or undefined when it fits: the one size check. */
function oversizeReason(bytes: number): string | undefined {
  return bytes > MAX_RECORD_BYTES ? `record is ${bytes} bytes, over the ${MAX_RECORD_BYTES}-byte limit` : undefined;
}

/** The result of normalizing one raw record: the event, or why it was rejected. */
export type RecordOutcome = { readonly event: EcsEvent; readonly reason?: undefined } | { readonly event?: undefined; readonly reason: string };

/** The bytes as a Buffer: themselves, or a view of the same memory (no copy). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * UTF-8 decodes a raw record, or returns why it cannot be. `length` is the record's full
 * size when `bytes` holds only its first bytes (a line cut by the line splitter).
 */
export function decodeRecord(bytes: Uint8Array, length: number = bytes.length): { text: string; reason?: undefined } | { text?: undefined; reason: string } {
  const oversize = oversizeReason(length);
  if (oversize !== undefined) return { reason: oversize };
  if (!isUtf8(bytes)) return { reason: 'record is not valid UTF-8' };
  return { text: asBuffer(bytes).toString('utf8') };
}

/**
 * The UTF-8 byte length of `text` when it is over `limit`, else undefined; strings too short
 * to matter are not encoded (UTF-8 takes at most 3 bytes per UTF-16 unit).
 */
export function utf8BytesOver(record: string, limit: number): number | undefined {
  if (record.length * 3 <= limit) return undefined;
  const bytes = Buffer.byteLength(record, 'utf8');
  return bytes > limit ? bytes : undefined;
}

/**
 * Normalizes one decoded record with the size limit applied; never throws. A
 * `RecordRejectedError` becomes the reason; any other error is a normalizer bug, which
 * rejects this record only (`unexpected error: ...`): a retry would fail the
 * same way, so the record goes where rejected records go, findable, and the rest of the
 * batch or object is still delivered.
 */
export function normalizeRecord(integration: Integration, record: string, context: NormalizeContext): RecordOutcome {
  const bytes = utf8BytesOver(record, MAX_RECORD_BYTES);
  if (bytes !== undefined) return { reason: oversizeReason(bytes)! };
  try {
    return { event: integration.normalize(record, context) };
  } catch (error) {
    if (error instanceof RecordRejectedError) return { reason: error.reason };
    return { reason: `unexpected error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** An event's `@timestamp`, for date partitioning. */
export function eventTimestamp(event: EcsEvent): string | undefined {
  const value = event['@timestamp'];
  return typeof value === 'string' ? value : undefined;
}
