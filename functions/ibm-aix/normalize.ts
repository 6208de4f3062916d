import { outcomeOf, setEcsMetadata, setSyslogFields } from '../../lib/enrich.ts';
import { EventBuilder } from '../../lib/event.ts';
import { parseSyslogHeader } from '../../lib/syslog.ts';
import type { EcsEvent, NormalizeContext } from '../../lib/types.ts';
import { firstLine } from './escapes.ts';
import { AIX_EVENTS, AUDITPR_COLUMNS, DEFAULT_EVENT } from './events.ts';
import { parseHeader } from './header.ts';
import type { AixHeader } from './header.ts';
import { parsePrivilegedCommand } from './privileged.ts';

const MODULE = 'ibm_aix';
const DATASET = 'ibm_aix.audit';

/** The auditpr header of a record; with rsyslog's escaped tabs (`#011`) read as tabs when it has none otherwise. */
function headerOf(record: string, timezone: string): AixHeader | undefined {
  const header = parseHeader(record, timezone);
  if (header || !record.includes('#011')) return header;
  return parseHeader(record.replaceAll('#011', '\t'), timezone);
}

/**
 * One IBM AIX audit record (an auditpr line) to an ECS event. A syslog header in front of
 * the record (RFC 3164 or 5424, as `auditpr -v | logger` writes it) is parsed into
 * `log.syslog.*` and `host.hostname`, and the record after it is normalized as if it had
 * come bare. Never rejects a record: a line that matches no known shape still yields the
 * common fields and its message.
 */
export function normalizeAix(line: string, context: NormalizeContext): EcsEvent {
  const syslog = parseSyslogHeader(line, context.timezone, context.receivedAt);
  const record = syslog === undefined ? line : syslog.message;
  const event = new EventBuilder()
    .set('message', record)
    .set('event.kind', 'event')
    .set('event.category', ['process'])
    .set('action.target', 'process')
    .set('observer.vendor', 'IBM');

  const header = headerOf(record, context.timezone);
  if (header) {
    const spec = AIX_EVENTS.get(header.event) ?? DEFAULT_EVENT;
    event.set('event.action', header.event);
    if (spec.status !== false) event.set('action.status', header.status);
    const columns = header.columns;
    if (spec.columns) {
      // The reference's mapping and tail fields first: enrichment only fills what is left.
      for (let i = 0; i < 3; i++) event.set(spec.columns[i]!, columns[i]);
      spec.tail(header.tail, event, header);
      spec.extraTail?.(firstLine(header.tail), event, header);
    } else {
      spec.tail(firstLine(header.tail), event, header);
    }
    event.setDefault(AUDITPR_COLUMNS[0], columns[0]);
    if (spec.loginIsUser !== false) event.setDefault(AUDITPR_COLUMNS[1], columns[1]);
    event.setDefault(AUDITPR_COLUMNS[2], columns[2]);
    if (spec.type) event.set('event.type', spec.type.slice());
    event.set('event.outcome', outcomeOf(header.status));
  } else {
    parsePrivilegedCommand(record, event);
  }
  if (syslog) setSyslogFields(event, syslog, line);
  setEcsMetadata(event, MODULE, DATASET);
  event.set('@timestamp', header?.timestamp ?? syslog?.timestamp ?? context.receivedAt);
  return event.build();
}
