import { zonedToEcs } from '../../lib/ecs/time.ts';

/**
 * The auditpr header of an AIX audit record:
 * `[prefix] EVENT  A  B  C  STATUS  DD Mon YYYY HH:MM:SS.ffffff  [No associated roles]  TAIL`.
 * Columns are separated by runs of spaces (auditpr pads them to fixed widths). The header
 * is found by its date, so text before the event token (the end of the previous record,
 * as syslog forwarding sometimes splits them) is kept apart as the prefix.
 */
export interface AixHeader {
  readonly event: string;
  /** The three columns between the event and the status, as printed. */
  readonly columns: readonly [string, string, string];
  readonly status: string;
  /** Text before the event token, trimmed; '' when the line starts with the header. */
  readonly prefix: string;
  /** Text after the roles column, its leading spaces removed and its trailing ones kept. */
  readonly tail: string;
  /** The header time as an ECS timestamp, or undefined when it is not a valid date. */
  readonly timestamp: string | undefined;
}

/** English month abbreviations to 1-12, keyed by {@link monthKey}. */
const MONTHS = new Map(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((name, i) => [monthKey(name, 0), i + 1]),
);

/**
 * The three characters at `at` packed in one number, ASCII letters lowered: `| 0x20` brings
 * exactly the letters into a-z, so no other character can match a month.
 */
function monthKey(text: string, at: number): number {
  return ((text.charCodeAt(at) | 0x20) << 16) | ((text.charCodeAt(at + 1) | 0x20) << 8) | (text.charCodeAt(at + 2) | 0x20);
}

/** The month (1-12) an English abbreviation in any case names, from `text[start, end)`; undefined for anything else. */
export function monthAt(text: string, start: number, end: number): number | undefined {
  return end - start === 3 ? MONTHS.get(monthKey(text, start)) : undefined;
}

const NO_ROLES = 'No associated roles';
const SPACE = 32;
const TAB = 9;
const HASH = 35;

export function isSpace(code: number): boolean {
  return code === SPACE || code === TAB;
}

export function isDigits(line: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `HH:MM:SS` optionally followed by `.digits`. */
export function isClock(line: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 8 || line.charCodeAt(start + 2) !== 58 || line.charCodeAt(start + 5) !== 58) return false;
  if (!isDigits(line, start, start + 2) || !isDigits(line, start + 3, start + 5) || !isDigits(line, start + 6, start + 8)) return false;
  return length === 8 || (line.charCodeAt(start + 8) === 46 && isDigits(line, start + 9, end));
}

/** The event token: an upper-case identifier such as `PROC_Execute` or `S_PASSWD_READ`. */
export function isEventName(token: string): boolean {
  return /^[A-Z][A-Za-z0-9_]{1,63}$/.test(token);
}

/** The status column: OK, FAIL, FAIL_PRIV, FAIL_AUTH, FAIL_ACCESS, FAIL_DAC ... */
export function isStatus(token: string): boolean {
  return token === 'OK' || /^FAIL(?:_[A-Z]+)?$/.test(token);
}

/** Start of the token that ends just before `end` (spaces before `end` skipped), or -1. */
function tokenStart(line: string, end: number): number {
  let i = end;
  while (i > 0 && !isSpace(line.charCodeAt(i - 1))) i--;
  return i < end ? i : -1;
}

/** End (exclusive) of the token before position `at`, skipping the spaces in between, or -1. */
function previousTokenEnd(line: string, at: number): number {
  let i = at;
  while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
  return i > 0 && i < at ? i : -1;
}

/** Finds and parses the header ({@link searchHeader}), at the start of the line first; undefined when none. */
export function parseHeader(line: string, timezone: string): AixHeader | undefined {
  return quickHeader(line, timezone) ?? searchHeader(line, timezone);
}

/** A header at the start of the line, through the spaces and the roles column (NO_ROLES) after its clock. */
const START_HEADER =
  /^([A-Z][A-Za-z0-9_]{1,63})[ \t]+([^ \t]+)[ \t]+([^ \t]+)[ \t]+([^ \t]+)[ \t]+(OK|FAIL(?:_[A-Z]+)?)[ \t]+(\d{1,2})[ \t]+([A-Za-z]{3})[ \t]+(\d{4})[ \t]+(\d\d:\d\d:\d\d)(?:\.(\d+))?(?=[ \t#]|$)[ \t]*(?:No associated roles[ \t]*)?/;

/**
 * The header as most records have it: at the very start of the line, read with one anchored
 * regex (faster than reading it back token by token). When it matches, {@link searchHeader}
 * would find the same clock first, as an earlier colon has fewer than eight tokens before
 * it; anything else (a prefix, an odd token, no month) is left to searchHeader.
 */
function quickHeader(line: string, timezone: string): AixHeader | undefined {
  const m = START_HEADER.exec(line);
  if (m === null) return undefined;
  const month = monthAt(m[7]!, 0, 3);
  if (month === undefined) return undefined;
  const timestamp = zonedToEcs(timezone, m[8]!, month, m[6]!, m[9]!, m[10] ?? '');
  // The match ends where tailAfter would.
  return { event: m[1]!, columns: [m[2]!, m[3]!, m[4]!], status: m[5]!, prefix: '', tail: line.slice(m[0].length), timestamp };
}

/** The tail: the text after the clock, its leading spaces and the roles column removed. */
function tailAfter(line: string, clockEnd: number): string {
  const n = line.length;
  let tailAt = clockEnd;
  while (tailAt < n && isSpace(line.charCodeAt(tailAt))) tailAt++;
  if (line.startsWith(NO_ROLES, tailAt)) {
    tailAt += NO_ROLES.length;
    while (tailAt < n && isSpace(line.charCodeAt(tailAt))) tailAt++;
  }
  return line.slice(tailAt);
}

/**
 * Finds and parses the header anywhere in the line. It is anchored on the clock
 * (`HH:MM:SS`), found with indexOf, and read backwards token by token: year, month, day,
 * status, three columns, event. The first clock with a valid header before it wins.
 * Undefined when none. Exported for the test that {@link parseHeader} agrees with it.
 */
export function searchHeader(line: string, timezone: string): AixHeader | undefined {
  const n = line.length;
  // starts[j]/ends[j] of: 0 event, 1-3 columns, 4 status, 5 day, 6 month, 7 year.
  const starts = new Array<number>(8);
  const ends = new Array<number>(8);
  for (let colon = line.indexOf(':'); colon !== -1; colon = line.indexOf(':', colon + 1)) {
    const clockStart = colon - 2;
    if (clockStart < 1 || !isSpace(line.charCodeAt(clockStart - 1))) continue;
    let clockEnd = clockStart;
    // The clock ends at a space, or at `#` when rsyslog escaped the newline after it (`#012`).
    while (clockEnd < n && !isSpace(line.charCodeAt(clockEnd)) && line.charCodeAt(clockEnd) !== HASH) clockEnd++;
    if (!isClock(line, clockStart, clockEnd)) continue;

    let found = true;
    let at = clockStart;
    for (let j = 7; j >= 0; j--) {
      const end = previousTokenEnd(line, at);
      const start = end < 0 ? -1 : tokenStart(line, end);
      if (start < 0) {
        found = false;
        break;
      }
      starts[j] = start;
      ends[j] = end;
      at = start;
    }
    if (!found) continue;
    if (ends[7]! - starts[7]! !== 4 || !isDigits(line, starts[7]!, ends[7]!)) continue;
    const month = monthAt(line, starts[6]!, ends[6]!);
    if (month === undefined) continue;
    const dayLength = ends[5]! - starts[5]!;
    if (dayLength > 2 || !isDigits(line, starts[5]!, ends[5]!)) continue;
    const event = line.slice(starts[0]!, ends[0]!);
    const status = line.slice(starts[4]!, ends[4]!);
    if (!isEventName(event) || !isStatus(status)) continue;

    const timestamp = zonedToEcs(
      timezone,
      line.slice(starts[7]!, ends[7]!),
      month,
      line.slice(starts[5]!, ends[5]!),
      line.slice(clockStart, clockStart + 8),
      line.slice(clockStart + 9, clockEnd),
    );
    return {
      event,
      columns: [line.slice(starts[1]!, ends[1]!), line.slice(starts[2]!, ends[2]!), line.slice(starts[3]!, ends[3]!)],
      status,
      prefix: line.slice(0, starts[0]).trim(),
      tail: tailAfter(line, clockEnd),
      timestamp,
    };
  }
  return undefined;
}
