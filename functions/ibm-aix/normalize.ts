import { toId, toInteger } from '../../lib/ecs/coerce.ts';
import { auditprFieldLetters, REFERENCE_AUDITPR_FIELDS } from '../../lib/auditpr-fields.ts';
import { setEcsMetadata } from '../../lib/ecs/metadata.ts';
import { EventBuilder, type EcsEvent } from '../../lib/ecs/event.ts';
import { parseSyslogHeader, setSyslogFields } from '../../lib/ecs/syslog.ts';
import type { NormalizeContext } from '../../lib/integration.ts';
import { outcomeOf } from './outcome.ts';
import { firstLine, hasLineBreak } from './escapes.ts';
import { AIX_EVENTS, AUDITPR_COLUMNS, DEFAULT_EVENT } from './events.ts';
import type { AixEventSpec } from './events.ts';
import { aixFraming } from './framing.ts';
import { parseHeader } from './header.ts';
import type { AixHeader } from './header.ts';
import { isCpuId, isNumber, LAYOUT_ERRORS, readDetected, readGiven, tailOf } from './layout.ts';
import type { AuditprRecord } from './layout.ts';
import { parsePrivilegedCommand } from './privileged.ts';
import type { TailContext } from './tails.ts';

const MODULE = 'ibm_aix';
const DATASET = 'ibm_aix.audit';

/** `tags` of a record whose layout cannot be read, and of a continuation line with no record before it. */
export const UNPARSED_TAG = 'aix_audit_unparsed';
export const FRAGMENT_TAG = 'aix_audit_fragment';
export const FRAGMENT_MESSAGE = 'continuation line with no record before it: the start of its record is missing';

/** No header: nothing in `ctx` is used by a tail parser but the prefix. */
const NO_PREFIX: TailContext = { prefix: '' };
/** The WPAR name of the global environment: the host itself, not a container. */
const GLOBAL_WPAR = 'Global';

/** The auditpr header of a record; with rsyslog's escaped tabs (`#011`) read as tabs when it has none otherwise. */
function headerOf(record: string, timezone: string): AixHeader | undefined {
  const header = firstLineHeader(record, timezone);
  if (header || !record.includes('#011')) return header;
  return firstLineHeader(record.replaceAll('#011', '\t'), timezone);
}

/**
 * The header whose event is on the record's first line (it may run on, a column holding a
 * newline). A header found after a line break is text in a tail (a command's arguments)
 * and would let it forge a record.
 */
function firstLineHeader(record: string, timezone: string): AixHeader | undefined {
  const header = parseHeader(record, timezone);
  return header === undefined || !hasLineBreak(header.prefix) ? header : undefined;
}

/**
 * The reference layout's header, read from the record's first line (the lines after it are
 * `-v` output), its tail being the first line's, or the next lines' when that is empty.
 */
function referenceHeaderOf(record: string, timezone: string): AixHeader | undefined {
  const newline = record.indexOf('\n');
  if (newline < 0) return headerOf(record, timezone);
  const header = headerOf(record.slice(0, newline), timezone);
  if (header === undefined || header.tail.trim() !== '') return header;
  return { ...header, tail: tailOf(record.slice(newline + 1).split('\n')) };
}

/** What was read of a record: a reference header, a record in another layout, or why neither. */
type Reading = { readonly header: AixHeader } | { readonly layout: AuditprRecord } | { readonly error: string };

/**
 * Reads a record: with AIX_AUDITPR_FIELDS, in that layout only (`eclrRt` being the
 * reference's); else the reference layout, then the default family by shape, then (a record
 * whose first line is no header: a column holding a newline) the whole record as one line
 * in the reference layout, as before lines were grouped into records. Every header read
 * starts on the first line ({@link firstLineHeader}).
 */
function readRecord(record: string, context: NormalizeContext): Reading {
  const { timezone } = context;
  const given = context.auditprFields === undefined ? undefined : auditprFieldLetters(context.auditprFields);
  if (given === REFERENCE_AUDITPR_FIELDS) {
    const header = referenceHeaderOf(record, timezone) ?? (record.includes('\n') ? headerOf(record, timezone) : undefined);
    return header ? { header } : { error: LAYOUT_ERRORS.notGiven(given, LAYOUT_ERRORS.noHeader) };
  }
  if (given !== undefined) {
    const layout = readGiven(record, given, timezone);
    return 'record' in layout ? { layout: layout.record } : layout;
  }
  const header = referenceHeaderOf(record, timezone);
  if (header) return { header };
  const layout = readDetected(record, timezone);
  if ('record' in layout) return { layout: layout.record };
  const whole = record.includes('\n') ? headerOf(record, timezone) : undefined;
  return whole ? { header: whole } : layout;
}

/** The tail fields of an event: the reference's events read it as it arrived, the others from its first line. */
function readTail(spec: AixEventSpec, tail: string, event: EventBuilder, context: TailContext): void {
  if (spec.columns) {
    spec.tail(tail, event, context);
    spec.extraTail?.(firstLine(tail), event, context);
  } else {
    spec.tail(firstLine(tail), event, context);
  }
}

/** The reference layout: the reference's column mapping first, then the tail, then auditpr's meanings where still empty. */
function setReferenceFields(event: EventBuilder, header: AixHeader): void {
  const spec = AIX_EVENTS.get(header.event) ?? DEFAULT_EVENT;
  event.set('event.action', header.event);
  if (spec.status !== false) event.set('action.status', header.status);
  const columns = header.columns;
  if (spec.columns) for (let i = 0; i < 3; i++) event.set(spec.columns[i]!, columns[i]);
  readTail(spec, header.tail, event, header);
  event.setDefault(AUDITPR_COLUMNS[0], columns[0]);
  if (spec.loginIsUser !== false) event.setDefault(AUDITPR_COLUMNS[1], columns[1]);
  event.setDefault(AUDITPR_COLUMNS[2], columns[2]);
  if (spec.type) event.set('event.type', spec.type.slice());
  event.set('event.outcome', outcomeOf(header.status));
}

/**
 * Any other layout: every column has auditpr's meaning. The columns describe the process
 * the record is about and win over a tail that names another (PROC_Create's child,
 * PROC_Kill's target); the command is set before the tail, which may refine it (CRON tails
 * build on it, PROC_Execute's names the program run). `-r` prints ids instead of names.
 * On USER_Login the login column is the login daemon's: the user comes from the tail.
 */
function setLayoutFields(event: EventBuilder, record: AuditprRecord): void {
  const spec = AIX_EVENTS.get(record.event) ?? DEFAULT_EVENT;
  const { l, c, r, p, P, T, W } = record.columns;
  event.set('event.action', record.event);
  event.set('action.status', record.status);
  event.set('process.name', c);
  readTail(spec, record.tail, event, NO_PREFIX);
  if (l !== undefined && spec.loginIsUser !== false) event.set(isNumber(l) ? 'user.id' : 'user.name', isNumber(l) ? toId(l) : l);
  if (r !== undefined) event.set(isNumber(r) ? 'process.real_user.id' : 'process.real_user.name', isNumber(r) ? toId(r) : r);
  event.set('process.pid', toInteger(p));
  event.set('process.parent.pid', toInteger(P));
  event.set('process.thread.id', toInteger(T));
  if (W !== undefined && W !== GLOBAL_WPAR) event.set('container.name', W).set('container.runtime', 'wpar');
  if (spec.type) event.set('event.type', spec.type.slice());
  event.set('event.outcome', outcomeOf(record.status));
}

/**
 * A multi-line record whose lines each came behind a syslog header (`auditpr -v | logger`):
 * the lines after the first without theirs (the first's is removed by the caller).
 */
function withoutLineHeaders(record: string, context: NormalizeContext): string {
  if (!record.includes('\n')) return record;
  return record
    .split('\n')
    .map((line, i) => (i === 0 ? line : (parseSyslogHeader(line, context.timezone, context.receivedAt)?.message ?? line)))
    .join('\n');
}

/**
 * Marks an event whose record cannot be read: `tags` and `error.message` say why. A fragment
 * is a record the framing would not start with its line (an indented line that is no
 * record itself): the start of its record is missing, whatever its layout.
 */
function setUnreadable(event: EventBuilder, record: string, reason: string): void {
  const newline = record.indexOf('\n');
  const fragment = aixFraming.classify(newline < 0 ? record : record.slice(0, newline)) === 'continuation';
  event.set('tags', [fragment ? FRAGMENT_TAG : UNPARSED_TAG]);
  event.set('error.message', fragment ? FRAGMENT_MESSAGE : reason);
}

/**
 * One IBM AIX audit record to an ECS event: one auditpr line, or a header line and the
 * indented lines `-v` prints after it, joined with `\n`. A syslog header in front of the
 * record (RFC 3164 or 5424, as `auditpr -v | logger` writes it) is parsed into
 * `log.syslog.*` and `host.hostname`, and the record after it is normalized as if it had
 * come bare. The layout is found per record: the reference's (header.ts), else the default
 * `-h` family (layout.ts). Never rejects a record: one that cannot be read yields the
 * common fields, its message and `error.message`, tagged.
 */
export function normalizeAix(line: string, context: NormalizeContext): EcsEvent {
  const syslog = parseSyslogHeader(line, context.timezone, context.receivedAt);
  const record = syslog === undefined ? line : withoutLineHeaders(syslog.message, context);
  const event = new EventBuilder()
    .set('message', record)
    .set('event.kind', 'event')
    .set('event.category', ['process'])
    .set('action.target', 'process')
    .set('observer.vendor', 'IBM');

  const reading = readRecord(record, context);
  let timestamp: string | undefined;
  let host: string | undefined;
  if ('header' in reading) {
    setReferenceFields(event, reading.header);
    timestamp = reading.header.timestamp;
  } else if ('layout' in reading) {
    setLayoutFields(event, reading.layout);
    timestamp = reading.layout.timestamp;
    host = reading.layout.columns.h;
  } else if (!parsePrivilegedCommand(record, event)) {
    setUnreadable(event, record, reading.error);
  }
  if (syslog) setSyslogFields(event, syslog, line);
  // The record's own host (`h`) only when no syslog header names the sender: `h` is read by
  // shape, and a command holding spaces can put any word there. A CPU id (or `none`) is no host name.
  if (host !== undefined && !isCpuId(host) && syslog?.hostname === undefined) event.set('host.hostname', host);
  setEcsMetadata(event, MODULE, DATASET);
  event.set('@timestamp', timestamp ?? syslog?.timestamp ?? context.receivedAt);
  return event.build();
}
