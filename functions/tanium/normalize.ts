import { isJsonObject } from '../../lib/ecs/coerce.ts';
import { RecordRejectedError } from '../../lib/errors.ts';
import { EventBuilder } from '../../lib/ecs/event.ts';
import type { NormalizeContext } from '../../lib/integration.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';
import { normalizeAlert } from './alert.ts';
import { normalizeAudit } from './audit.ts';
import { normalizeRecorder } from './recorder.ts';
import { finishEvent, setObserver, setUnparsed, shapeOf, UNKNOWN_SHAPE_MESSAGE, UNKNOWN_SHAPE_TAG } from './shape.ts';

const INTEGRATION = 'tanium';

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
function normalizeUnknown(record: string, context: NormalizeContext): EcsEvent {
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
 * an unknown object (marked unparsed). Throws `RecordRejectedError` when the record is not
 * a JSON object.
 */
export function normalizeTanium(record: string, context: NormalizeContext): EcsEvent {
  const parsed = parseRecord(record);
  switch (shapeOf(parsed)) {
    case 'recorder':
      return normalizeRecorder(parsed, record, context);
    case 'alert':
      return normalizeAlert(parsed, record, context);
    case 'audit':
      return normalizeAudit(parsed, record, context);
    case 'unknown':
      return normalizeUnknown(record, context);
  }
}
