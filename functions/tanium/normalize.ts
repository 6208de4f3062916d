import { isJsonObject, toIp, toKeyword } from '../../lib/coerce.ts';
import { setEcsMetadata } from '../../lib/enrich.ts';
import { RecordRejectedError } from '../../lib/errors.ts';
import { EventBuilder } from '../../lib/event.ts';
import { epochMsToEcs, isoToEcs } from '../../lib/time.ts';
import type { EcsEvent, NormalizeContext } from '../../lib/types.ts';
import { TANIUM_EVENTS, UNKNOWN_EVENT } from './events.ts';
import { field } from './mappers.ts';
import type { TaniumFields } from './types.ts';

const INTEGRATION = 'tanium';
const MODULE = 'tanium';
const DATASET = 'tanium.threat_response';

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}


/** Parses the record; anything but a JSON object is rejected with what was wrong. */
function parseRecord(record: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(record);
  } catch (error) {
    throw new RecordRejectedError(INTEGRATION, `record is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isJsonObject(parsed)) throw new RecordRejectedError(INTEGRATION, `record is not a JSON object but ${kindOf(parsed)}`);
  return parsed;
}

/** The record's own time: its top-level `timestamp` (ISO 8601 text or epoch milliseconds). */
function recordTime(value: unknown): string | undefined {
  if (typeof value === 'string') return isoToEcs(value);
  if (typeof value === 'number') return epochMsToEcs(value);
  return undefined;
}

/**
 * One Tanium Threat Response record (`{"event", "hostname", "host", "fields"}`) to an ECS
 * event. Throws `RecordRejectedError` when the record is not a JSON object.
 */
export function normalizeTanium(record: string, context: NormalizeContext): EcsEvent {
  const parsed = parseRecord(record);
  const type = toKeyword(field(parsed, 'event'));
  const hostname = toKeyword(field(parsed, 'hostname'));
  const host = toIp(field(parsed, 'host'));
  const rawFields = field(parsed, 'fields');
  const fields: TaniumFields = isJsonObject(rawFields) ? rawFields : {};
  const spec = (type !== undefined ? TANIUM_EVENTS.get(type) : undefined) ?? UNKNOWN_EVENT;

  const event = new EventBuilder()
    .set('message', record)
    .set('event.kind', 'event')
    .set('event.category', spec.category === undefined ? undefined : [spec.category])
    .set('event.type', spec.type === undefined ? undefined : [spec.type])
    .set('event.action', spec.action)
    .set('host.hostname', hostname)
    .set('host.ip', host === undefined ? undefined : [host])
    .set('observer.vendor', 'Tanium')
    .set('observer.product', 'XEM')
    .set('observer.type', 'sensor')
    .set('observer.name', hostname);
  spec.map(fields, event);
  spec.enrich?.(fields, event);
  setEcsMetadata(event, MODULE, DATASET);
  event.set('@timestamp', recordTime(field(parsed, 'timestamp')) ?? context.receivedAt);
  return event.build();
}
