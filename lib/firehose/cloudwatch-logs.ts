import { gunzipSync } from 'node:zlib';
import { isJsonObject } from '../ecs/coerce.ts';

/**
 * A Firehose record as a CloudWatch Logs subscription filter sends it: gzip of a JSON
 * envelope (`messageType`, `owner`, `logGroup`, `logStream`, `subscriptionFilters`,
 * `logEvents[]` of `{id, timestamp, message}`). Logs shipped to CloudWatch Logs (by the
 * CloudWatch agent of a syslog relay, say) reach a delivery stream this way.
 */
export type CloudWatchLogsData =
  /** The log events' messages, one per line (a message may itself hold lines). */
  | { readonly kind: 'data'; readonly text: Buffer }
  /** The message CloudWatch Logs sends to check that the destination is reachable: no log events. */
  | { readonly kind: 'control' };

/**
 * Decompressed bytes at most: a Firehose record is at most 1,000 KiB of gzip, and log events
 * compress well, but a gzip bomb must not take the function's memory.
 */
export const MAX_CLOUDWATCH_LOGS_BYTES = 16 * 1024 * 1024;

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
/**
 * How CloudWatch Logs starts an envelope: with the stream's own CloudWatch Logs decompression
 * on (and message extraction off), Firehose passes it on as this JSON, not gzip.
 */
const PLAIN_ENVELOPE_START = Buffer.from('{"messageType":"');

/**
 * The CloudWatch Logs envelope in `bytes`, gzip or as Firehose's decompression leaves it, or
 * undefined when they are not one (neither, not JSON, not of that shape, or larger than
 * {@link MAX_CLOUDWATCH_LOGS_BYTES} once decompressed): such data is read as raw records, as
 * any other.
 */
export function readCloudWatchLogs(bytes: Buffer): CloudWatchLogsData | undefined {
  const gzip = bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
  // Compared in place: this runs on every record, and a view would be an allocation each.
  const plain = !gzip && bytes.length >= PLAIN_ENVELOPE_START.length && PLAIN_ENVELOPE_START.compare(bytes, 0, PLAIN_ENVELOPE_START.length) === 0;
  if (!gzip && !plain) return undefined;
  let envelope: unknown;
  try {
    const json = gzip ? gunzipSync(bytes, { maxOutputLength: MAX_CLOUDWATCH_LOGS_BYTES }) : bytes;
    envelope = JSON.parse(json.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isJsonObject(envelope)) return undefined;
  if (envelope.messageType === 'CONTROL_MESSAGE') return { kind: 'control' };
  const events = envelope.logEvents;
  if (envelope.messageType !== 'DATA_MESSAGE' || !Array.isArray(events)) return undefined;
  const messages: string[] = [];
  for (const event of events) {
    if (!isJsonObject(event) || typeof event.message !== 'string') return undefined;
    messages.push(event.message);
  }
  return { kind: 'data', text: Buffer.from(messages.join('\n')) };
}
