import { isJsonObject } from '../../lib/ecs/coerce.ts';
import { RecordRejectedError } from '../../lib/errors.ts';
import { EventBuilder } from '../../lib/ecs/event.ts';
import type { NormalizeContext } from '../../lib/integration.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';
import { normalizeAlert } from './alert.ts';
import { normalizeAudit } from './audit.ts';
import { normalizeRecorder } from './recorder.ts';
import { finishEvent, setObserver, setUnparsed, shapeOf, UNKNOWN_SHAPE_MESSAGE, UNKNOWN_SHAPE_TAG, type TaniumContext } from './shape.ts';
import { parseSyslogHeader } from '../../lib/ecs/syslog.ts';

const INTEGRATION = 'tanium';
const OPEN_BRACE = 0x7b;

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

/** A JSON object of none of the known shapes: the common fields, marked unparsed (never silent). */
function normalizeUnknown(record: string, context: TaniumContext): EcsEvent {
  const event = new EventBuilder()
    .set('message', record)
    .set('event.kind', 'event');
  setUnparsed(event, UNKNOWN_SHAPE_MESSAGE, UNKNOWN_SHAPE_TAG);
  setObserver(event, undefined);
  return finishEvent(event, undefined, context);
}

/**
 * One Tanium record to an ECS event, whichever shape it has (see `shapeOf`): a recorder
 * event, a Threat Response alert from Tanium Connect, a Threat Response audit record, or
 * an unknown object (marked unparsed). A syslog header in front of the JSON (RFC 3164 or
 * 5424, as a syslog relay writes Connect's output to a file) is read into `log.syslog.*`;
 * `message` is the JSON. Throws `RecordRejectedError` when the record is not a JSON object.
 */
export function normalizeTanium(line: string, context: NormalizeContext): EcsEvent {
  // A JSON record starts with `{`: only other lines are looked at for a header.
  const header = line.charCodeAt(0) === OPEN_BRACE ? undefined : parseSyslogHeader(line, context.timezone, context.receivedAt);
  const record = header ? header.message : line;
  const parsed = parseRecord(record);
  const taniumContext: TaniumContext = header ? { ...context, syslog: { header, line } } : context;
  switch (shapeOf(parsed)) {
    case 'recorder':
      return normalizeRecorder(parsed, record, taniumContext);
    case 'alert':
      return normalizeAlert(parsed, record, taniumContext);
    case 'audit':
      return normalizeAudit(parsed, record, taniumContext);
    case 'unknown':
      return normalizeUnknown(record, taniumContext);
  }
}
