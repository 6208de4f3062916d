import { setEcsMetadata } from '../../lib/ecs/metadata.ts';
import { setSyslogLogFields, type SyslogHeader } from '../../lib/ecs/syslog.ts';
import { epochToEcs, isoToEcs } from '../../lib/ecs/time.ts';
import type { EventBuilder } from '../../lib/ecs/event.ts';
import type { NormalizeContext } from '../../lib/integration.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';

/**
 * The shapes a Tanium JSON record arrives in, told apart by their keys (no configuration):
 * - `recorder`: a recorder event, `{"event", "hostname", "host", "fields"}` (`event` or `fields` there);
 * - `alert`: a Threat Response alert as Tanium Connect writes it (`"Alert Id"`, `"Computer Name"`, ...);
 * - `audit`: a Threat Response audit record (`"table"` and `"action"`);
 * - `unknown`: a JSON object that is none of these.
 */
export type TaniumShape = 'recorder' | 'alert' | 'audit' | 'unknown';

/**
 * Keys only a recorder event has. Its `hostname`, `host` and `timestamp` are not enough: log
 * forwarders wrap records in objects with those keys. An empty object is read as a recorder
 * event without content.
 */
const RECORDER_KEYS = ['event', 'fields'] as const;
/** Keys only a Connect alert has (its column names). */
const ALERT_KEYS = ['Alert Id', 'Match Details', 'Intel Id', 'Intel Name', 'Computer Name', 'Computer IP'] as const;

function hasAny(record: Record<string, unknown>, keys: readonly string[]): boolean {
  for (const key of keys) if (Object.hasOwn(record, key)) return true;
  return false;
}

function isEmptyObject(record: Record<string, unknown>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return false;
  return true;
}

export function shapeOf(record: Record<string, unknown>): TaniumShape {
  if (hasAny(record, RECORDER_KEYS)) return 'recorder';
  if (hasAny(record, ALERT_KEYS)) return 'alert';
  if (Object.hasOwn(record, 'table') && Object.hasOwn(record, 'action')) return 'audit';
  return isEmptyObject(record) ? 'recorder' : 'unknown';
}

/** The tag of an event whose record has none of the known shapes (the unparsed contract). */
export const UNKNOWN_SHAPE_TAG = 'tanium_unknown_shape';
/** `error.message` of such an event. */
export const UNKNOWN_SHAPE_MESSAGE =
  'record is a JSON object but not a Tanium recorder event, Threat Response alert or audit record: it has none of their keys';
/** The tag of a recorder event whose `fields` could not be read (the unparsed contract). */
export const FIELDS_UNPARSED_TAG = 'tanium_fields_unparsed';
/** `error.message` of such an event. */
export const FIELDS_UNPARSED_MESSAGE = 'fields is neither a JSON object nor JSON text of one: the fields of the event are left out';

/** Marks an event unparsed: `error.message` says why, the tag which case; the pipeline counts it. */
export function setUnparsed(event: EventBuilder, message: string, tag: string): void {
  event.set('error.message', message).set('tags', [tag]);
}

const MODULE = 'tanium';
const DATASET = 'tanium.threat_response';

/** The observer every Tanium event names, whatever its shape: the Tanium sensor of the endpoint. */
export function setObserver(event: EventBuilder, name: string | undefined): void {
  event.set('observer.vendor', 'Tanium').set('observer.product', 'XEM').set('observer.type', 'sensor').set('observer.name', name);
}

/** A record's own time: ISO 8601 text, or an epoch number (seconds or milliseconds); else undefined. */
export function recordTime(value: unknown): string | undefined {
  if (typeof value === 'string') return isoToEcs(value);
  if (typeof value === 'number') return epochToEcs(value);
  return undefined;
}

/** What a Tanium record is normalized with: the pipeline's context, and the syslog header the JSON came behind, if any. */
export interface TaniumContext extends NormalizeContext {
  /** The header a syslog relay wrote in front of the JSON, and the whole line. */
  readonly syslog?: { readonly header: SyslogHeader; readonly line: string };
}

/**
 * Ends every Tanium event: the ECS metadata, the syslog header's `log.syslog.*` and
 * `event.original` (the event's host is the record's, not the relay's), `@timestamp` (the
 * record's own time, else the syslog header's, else reception), inference.
 */
export function finishEvent(event: EventBuilder, time: string | undefined, context: TaniumContext): EcsEvent {
  setEcsMetadata(event, MODULE, DATASET);
  const syslog = context.syslog;
  if (syslog) setSyslogLogFields(event, syslog.header, syslog.line);
  event.set('@timestamp', time ?? syslog?.header.timestamp ?? context.receivedAt);
  return event.build();
}
