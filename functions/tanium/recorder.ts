import { isJsonObject, toIp } from '../../lib/ecs/coerce.ts';
import { EventBuilder } from '../../lib/ecs/event.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';
import { TANIUM_EVENTS, UNKNOWN_EVENT } from './events.ts';
import { field, jsonValue, keyword } from './mappers.ts';
import { FIELDS_UNPARSED_MESSAGE, FIELDS_UNPARSED_TAG, finishEvent, recordTime, setObserver, setUnparsed, type TaniumContext } from './shape.ts';
import type { TaniumFields } from './types.ts';

/**
 * `fields`: an object, or JSON text of one (as Connect writes nested objects); absent or
 * null is an event without fields. Anything else cannot be read: undefined.
 */
function recordFields(value: unknown): TaniumFields | undefined {
  if (value === undefined || value === null) return {};
  const parsed = jsonValue(value, '{');
  return isJsonObject(parsed) ? parsed : undefined;
}

/** A recorder event (`{"event", "hostname", "host", "fields"}`): its type's row of the event table maps it. */
export function normalizeRecorder(parsed: Record<string, unknown>, record: string, context: TaniumContext): EcsEvent {
  const type = keyword(parsed, 'event');
  const hostname = keyword(parsed, 'hostname');
  const host = toIp(field(parsed, 'host'));
  const readFields = recordFields(field(parsed, 'fields'));
  const fields = readFields ?? {};
  const spec = (type !== undefined ? TANIUM_EVENTS.get(type) : undefined) ?? UNKNOWN_EVENT;

  const event = new EventBuilder()
    .set('message', record)
    .set('event.kind', 'event')
    .set('event.category', spec.category === undefined ? undefined : [spec.category])
    .set('event.type', spec.type === undefined ? undefined : [spec.type])
    .set('event.action', spec.action)
    .set('host.hostname', hostname)
    .set('host.ip', host === undefined ? undefined : [host]);
  setObserver(event, hostname);
  if (readFields === undefined) setUnparsed(event, FIELDS_UNPARSED_MESSAGE, FIELDS_UNPARSED_TAG);
  spec.map(fields, event);
  spec.enrich?.(fields, event);
  return finishEvent(event, recordTime(field(parsed, 'timestamp')), context);
}
