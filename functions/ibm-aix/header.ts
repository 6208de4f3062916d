import { zonedToEcs } from '../../lib/time.ts';

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

const MONTHS = new Map([
  ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['may', 5], ['jun', 6],
  ['jul', 7], ['aug', 8], ['sep', 9], ['oct', 10], ['nov', 11], ['dec', 12],
]);

const NO_ROLES = 'No associated roles';
const SPACE = 32;
const TAB = 9;

function isSpace(code: number): boolean {
  return code === SPACE || code === TAB;
}

function isDigits(line: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `HH:MM:SS` optionally followed by `.digits`. */
function isClock(line: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 8 || line.charCodeAt(start + 2) !== 58 || line.charCodeAt(start + 5) !== 58) return false;
  if (!isDigits(line, start, start + 2) || !isDigits(line, start + 3, start + 5) || !isDigits(line, start + 6, start + 8)) return false;
  return length === 8 || (line.charCodeAt(start + 8) === 46 && isDigits(line, start + 9, end));
}

/** The event token: an upper-case identifier such as `PROC_Execute` or `S_PASSWD_READ`. */
function isEventName(token: string): boolean {
  return /^[A-Z][A-Za-z0-9_]{1,63}$/.test(token);
}

/** The status column: OK, FAIL, FAIL_PRIV, FAIL_AUTH, FAIL_ACCESS, FAIL_DAC ... */
function isStatus(token: string): boolean {
  return token === 'OK' || /^FAIL(?:_[A-Z]+)?$/.test(token);
}

/**
 * Finds and parses the header in one pass over the line's tokens, stopping at the first
 * date that has an event, three columns and a status before it. Undefined when none.
 */
export function parseHeader(line: string, timezone: string): AixHeader | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    starts.push(start);
    ends.push(i);
    const k = starts.length - 4; // candidate day token
    if (k < 5) continue;
    // Cheapest test first: the clock, then year, month, day.
    if (!isClock(line, starts[k + 3]!, ends[k + 3]!)) continue;
    if (ends[k + 2]! - starts[k + 2]! !== 4 || !isDigits(line, starts[k + 2]!, ends[k + 2]!)) continue;
    const month = MONTHS.get(line.slice(starts[k + 1]!, ends[k + 1]!).toLowerCase());
    if (month === undefined) continue;
    const dayLength = ends[k]! - starts[k]!;
    if (dayLength < 1 || dayLength > 2 || !isDigits(line, starts[k]!, ends[k]!)) continue;
    const token = (j: number) => line.slice(starts[j]!, ends[j]!);
    const event = token(k - 5);
    const status = token(k - 1);
    if (!isEventName(event) || !isStatus(status)) continue;

    const clock = token(k + 3);
    const timestamp = zonedToEcs(
      timezone,
      Number(token(k + 2)),
      month,
      Number(token(k)),
      Number(clock.slice(0, 2)),
      Number(clock.slice(3, 5)),
      Number(clock.slice(6, 8)),
      clock.slice(9),
    );
    let at = ends[k + 3]!;
    while (at < n && isSpace(line.charCodeAt(at))) at++;
    if (line.startsWith(NO_ROLES, at)) {
      at += NO_ROLES.length;
      while (at < n && isSpace(line.charCodeAt(at))) at++;
    }
    return {
      event,
      columns: [token(k - 4), token(k - 3), token(k - 2)],
      status,
      prefix: line.slice(0, starts[k - 5]).trim(),
      tail: line.slice(at),
      timestamp,
    };
  }
  return undefined;
}
