import { EventBuilder } from '../../lib/event.ts';
import type { EcsEvent, NormalizeContext } from '../../lib/types.ts';
import { AIX_EVENTS, DEFAULT_EVENT } from './events.ts';
import { parseHeader } from './header.ts';
import { parsePrivilegedCommand } from './privileged.ts';

/**
 * One IBM AIX audit record (an auditpr line) to an ECS event. Never rejects a record: a
 * line that matches no known shape still yields the common fields and its message.
 */
export function normalizeAix(record: string, context: NormalizeContext): EcsEvent {
  const event = new EventBuilder()
    .set('message', record)
    .set('event.kind', 'event')
    .set('event.category', ['process'])
    .set('action.target', 'process')
    .set('observer.vendor', 'IBM');

  const header = parseHeader(record, context.timezone);
  if (header) {
    const spec = AIX_EVENTS.get(header.event) ?? DEFAULT_EVENT;
    event.set('event.action', header.event);
    if (spec.status !== false) event.set('action.status', header.status);
    for (let i = 0; i < 3; i++) event.set(spec.columns[i]!, header.columns[i]);
    spec.tail(header.tail, event, header);
  } else {
    parsePrivilegedCommand(record, event);
  }
  event.set('@timestamp', header?.timestamp ?? context.receivedAt);
  return event.build();
}
