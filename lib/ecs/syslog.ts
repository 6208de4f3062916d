import type { EventBuilder } from './event.ts';
import { isoToEcs, zonedToEcs } from './time.ts';

/**
 * A syslog header (RFC 3164 or RFC 5424) in front of a record, as written by `logger`,
 * syslogd or rsyslog. Nil (`-`) and absent parts are undefined.
 */
export interface SyslogHeader {
  readonly priority: number | undefined;
  readonly version: number | undefined;
  /** The header time as an ECS timestamp, when valid. */
  readonly timestamp: string | undefined;
  /** The header's HOSTNAME; undefined when nil or left out (local syslogds often omit it). */
  readonly hostname: string | undefined;
  readonly appname: string | undefined;
  readonly procid: string | undefined;
  readonly msgid: string | undefined;
  /** The record after the header. */
  readonly message: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `<PRI>` with 1-3 digits, at most 191 (facility 23, severity 7). */
const PRI = /^<(\d{1,3})>/;
/** RFC 5424: version, timestamp, hostname, app-name, procid, msgid, each a token. */
const RFC5424 = /^(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) /;
/** RFC 3164 BSD timestamp `Mmm dd hh:mm:ss` (day space-padded). */
const BSD_TIME = /^([A-Za-z]{3}) {1,2}(\d{1,2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))? /;
/** RFC 3339 timestamp (rsyslog's precise format). */
const ISO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) /;
/** The hostname after the time: one token. */
const HOSTNAME = /^(\S+) /;
/** RFC 3164 TAG: `name[pid]: ` or `name: `. */
const TAG = /^([^\s:[\]]{1,48})(?:\[([^\s\]]{1,32})\])?: /;

/**
 * A cheap test on the first characters: `<` (PRI), a digit (RFC 3339 time) or three letters
 * and a space (BSD month). Lines that fail it are not parsed further: most records have no
 * header, and this keeps their cost to a few character reads.
 */
function mayStartHeader(line: string): boolean {
  const first = line.charCodeAt(0);
  if (first === 60) return true; // <
  if (first >= 48 && first <= 57) return line.charCodeAt(4) === 45; // YYYY-
  return line.charCodeAt(3) === 32 && isLetter(first) && isLetter(line.charCodeAt(1)) && isLetter(line.charCodeAt(2));
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function nil(value: string | undefined): string | undefined {
  return value === undefined || value === '-' ? undefined : value;
}

/** Skips RFC 5424 structured data (`-` or `[id k="v"]...`, with `\]` and `\"` escapes). */
function skipStructuredData(text: string, at: number): number {
  if (text[at] === '-') return at + 1;
  let i = at;
  while (text[i] === '[') {
    let quoted = false;
    i++;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '"') quoted = !quoted;
      else if (c === ']' && !quoted) break;
    }
    if (i >= text.length) return -1;
    i++;
  }
  return i === at ? -1 : i;
}

/** The BSD timestamp has no year: take the one that puts it closest before `receivedAt`. */
function bsdTime(zone: string, month: number, day: string, clock: string, fraction: string, receivedAt: string): string | undefined {
  const year = Number(receivedAt.slice(0, 4));
  const thisYear = zonedToEcs(zone, String(year), month, day, clock, fraction);
  // A time more than a day after the reception belongs to last year (logs from December read in January).
  if (thisYear !== undefined && Date.parse(thisYear) - Date.parse(receivedAt) > 86_400_000) {
    return zonedToEcs(zone, String(year - 1), month, day, clock, fraction);
  }
  return thisYear;
}

/**
 * Parses a syslog header at the start of a line, or returns undefined when the line has
 * none. BSD timestamps are read in `timezone`, their year inferred from `receivedAt`.
 */
export function parseSyslogHeader(line: string, timezone: string, receivedAt: string): SyslogHeader | undefined {
  if (!mayStartHeader(line)) return undefined;
  let priority: number | undefined;
  let rest = line;
  const pri = PRI.exec(rest);
  if (pri) {
    priority = Number(pri[1]);
    if (priority > 191) return undefined;
    rest = rest.slice(pri[0].length);
  }

  const full = pri ? RFC5424.exec(rest) : null;
  const fullTime = full && full[2] !== '-' ? isoToEcs(full[2]!) : undefined;
  if (full && (full[2] === '-' || fullTime !== undefined)) {
    const end = skipStructuredData(rest, full[0].length);
    if (end >= 0) {
      let message = rest.slice(end);
      if (message.startsWith(' ')) message = message.slice(1);
      if (message.startsWith('\uFEFF')) message = message.slice(1);
      return {
        priority,
        version: Number(full[1]),
        timestamp: fullTime,
        hostname: nil(full[3]),
        appname: nil(full[4]),
        procid: nil(full[5]),
        msgid: nil(full[6]),
        message,
      };
    }
  }

  let timestamp: string | undefined;
  const bsd = BSD_TIME.exec(rest);
  const iso = bsd ? null : ISO_TIME.exec(rest);
  if (bsd) {
    const month = MONTHS.indexOf(bsd[1]!.toLowerCase()) + 1;
    if (month === 0) return undefined;
    timestamp = bsdTime(timezone, month, bsd[2]!, bsd[3]!, bsd[4] ?? '', receivedAt);
    rest = rest.slice(bsd[0].length);
  } else if (iso) {
    timestamp = isoToEcs(iso[1]!);
    rest = rest.slice(iso[0].length);
  } else {
    return undefined;
  }
  // Local syslogds often leave the hostname out: a TAG right after the time is no hostname.
  let tag = TAG.exec(rest);
  let hostname: string | undefined;
  if (!tag) {
    const host = HOSTNAME.exec(rest);
    if (!host) return undefined;
    hostname = host[1]!;
    rest = rest.slice(host[0].length);
    tag = TAG.exec(rest);
  }
  return {
    priority,
    version: undefined,
    timestamp,
    hostname,
    appname: tag?.[1],
    procid: tag?.[2],
    msgid: undefined,
    message: tag ? rest.slice(tag[0].length) : rest,
  };
}

/**
 * `log.syslog.*` and `host.hostname` from a syslog header. `event.original` keeps the whole
 * line, header included, since `message` then holds the record without it.
 */
export function setSyslogFields(event: EventBuilder, header: SyslogHeader, line: string): void {
  setSyslogLogFields(event, header, line);
  event.set('host.hostname', header.hostname);
}

/**
 * {@link setSyslogFields} but `host.hostname`: for records that name their own host, the
 * syslog sender being a relay.
 */
export function setSyslogLogFields(event: EventBuilder, header: SyslogHeader, line: string): void {
  const priority = header.priority;
  if (priority !== undefined) {
    event.set('log.syslog.priority', priority);
    event.set('log.syslog.facility.code', priority >> 3);
    event.set('log.syslog.severity.code', priority & 7);
  }
  event.set('log.syslog.version', header.version === undefined ? undefined : String(header.version));
  event.set('log.syslog.hostname', header.hostname);
  event.set('log.syslog.appname', header.appname);
  event.set('log.syslog.procid', header.procid);
  event.set('log.syslog.msgid', header.msgid);
  event.set('event.original', line);
}
