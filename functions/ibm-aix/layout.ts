import { zonedToEcs } from '../../lib/ecs/time.ts';
import { isDigits, isClock, isEventName, isStatus, monthAt } from './header.ts';

/**
 * auditpr's header columns in any `-h` layout (the reference layout, with its roles column
 * and its tail on the same line, is read by header.ts). Letters are auditpr's own:
 * e event, l login user, R status, t time, c command, r real user, p process id,
 * P parent process id, T kernel thread id, h host, and W the WPAR name (AIX 6.1 and later
 * print it after the columns, on the same line or on the next one).
 *
 * A record is one header line, then the lines `-v` adds (the WPAR name, the tail), each
 * indented. Columns are separated by runs of spaces; the time takes several: `-d` prints
 * `DD Mon YYYY hh:mm:ss.uuuuuu`, the default is C `ctime` style, `Wed Oct 31 23:01:44 2018`.
 */

/** The header columns of a record, by auditpr letter, as printed. */
export type Columns = Partial<Record<'l' | 'c' | 'r' | 'p' | 'P' | 'T' | 'h' | 'W', string>>;

export interface AuditprRecord {
  readonly event: string;
  readonly status: string;
  /** The header time as an ECS timestamp, or undefined when it is not a valid date. */
  readonly timestamp: string | undefined;
  readonly columns: Columns;
  /** The lines after the header (the WPAR line left out), trimmed and joined with one space. */
  readonly tail: string;
}

const HINT = '; set AIX_AUDITPR_FIELDS to the auditpr -h letters';

/** Why a record has no audit header, or why its layout cannot be read. */
export const LAYOUT_ERRORS = {
  noHeader: 'no auditpr header: no event name at the start followed by columns, a status and a time',
  columnsBeforeStatus: (count: number) => `auditpr layout not recognised: ${count} columns between the event and the status${HINT}`,
  noStatus: `auditpr layout not recognised: an event and a time but no status column just before the time${HINT}`,
  ambiguous: (columns: string) => `auditpr layout ambiguous: the columns after the command (${columns}) can be read more than one way${HINT}`,
  tooManyColumns: (columns: string) => `auditpr layout not recognised: more columns after the command than the default layout's (${columns})${HINT}`,
  /** Under AIX_AUDITPR_FIELDS: `reason` is one of the two below. */
  notGiven: (letters: string, reason: string) => `record does not have the layout AIX_AUDITPR_FIELDS gives (${letters}): ${reason}`,
  columnShape: (letter: string, token: string | undefined) =>
    token === undefined ? `no column for "${letter}"` : `column "${letter}" cannot be "${token}"`,
  extraColumns: (columns: string) => `more columns than the layout holds (${columns})`,
} as const;

/** A readable record, or the reason its layout cannot be read (`looksLikeRecord`: it starts with an event and has a status and time). */
export type LayoutResult =
  | { readonly record: AuditprRecord }
  | { readonly error: string; readonly looksLikeRecord: boolean };

const WEEKDAYS = new Set(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
const GLOBAL_WPAR = 'Global';
/** A WPAR name as mkwpar takes it: letters, digits, `_`, `-`, `.`, starting with a letter or digit. */
const WPAR_NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;

/** A column of digits only: a process or thread id, or a user id under `-r`. */
export function isNumber(token: string): boolean {
  return isDigits(token, 0, token.length);
}

function monthOf(token: string | undefined): number | undefined {
  return token === undefined ? undefined : monthAt(token, 0, token.length);
}

function isDay(token: string | undefined): boolean {
  return token !== undefined && token.length <= 2 && isNumber(token);
}

function isYear(token: string | undefined): boolean {
  return token !== undefined && token.length === 4 && isNumber(token);
}

function isClockToken(token: string | undefined): boolean {
  return token !== undefined && isClock(token, 0, token.length);
}

/** How many tokens the time starting at `at` takes: 4 (`-d`), 5 (ctime), 0 when none starts there. */
function timeLength(tokens: readonly string[], at: number): 0 | 4 | 5 {
  const first = tokens[at];
  if (first === undefined) return 0;
  if (isDay(first)) {
    return monthOf(tokens[at + 1]) !== undefined && isYear(tokens[at + 2]) && isClockToken(tokens[at + 3]) ? 4 : 0;
  }
  return first.length === 3 &&
    WEEKDAYS.has(first.toLowerCase()) &&
    monthOf(tokens[at + 1]) !== undefined &&
    isDay(tokens[at + 2]) &&
    isClockToken(tokens[at + 3]) &&
    isYear(tokens[at + 4])
    ? 5
    : 0;
}

/** The time at `at` (its length known from timeLength) as an ECS timestamp; ctime has whole seconds. */
function timestampAt(tokens: readonly string[], at: number, length: 4 | 5, timezone: string): string | undefined {
  const [day, month, year, clock] =
    length === 4 ? [tokens[at]!, tokens[at + 1]!, tokens[at + 2]!, tokens[at + 3]!] : [tokens[at + 2]!, tokens[at + 1]!, tokens[at + 4]!, tokens[at + 3]!];
  return zonedToEcs(timezone, year, monthOf(month)!, day, clock.slice(0, 8), clock.slice(9));
}

/** The physical lines of a record: `\n`, or rsyslog's escaped newlines (`#012`) when it carried the record on one line. */
export function recordLines(record: string): string[] {
  const lines = record.split('\n');
  if (!record.includes('#01')) return lines;
  return lines.flatMap((line) => line.replaceAll('#011', '\t').replaceAll('#015', '').split('#012'));
}

/** A tail printed on several lines (`-v`): each line trimmed, blank ones dropped, joined with one space. */
export function tailOf(lines: readonly string[]): string {
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}

/** A line's words: what spaces and tabs separate. */
export function tokensOf(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/[ \t]+/);
}

/** The WPAR name when the line after the header holds only it (auditpr's `wpar name` on its own line). */
function wparLine(lines: readonly string[]): string | undefined {
  const second = lines[1];
  if (second === undefined) return undefined;
  const words = tokensOf(second);
  if (words.length !== 1 || !WPAR_NAME.test(words[0]!)) return undefined;
  // A lone word with nothing after it may as well be a one-word tail (SRC_Start's subsystem).
  const more = lines.slice(2).some((line) => line.trim() !== '');
  return more || words[0] === GLOBAL_WPAR ? words[0] : undefined;
}

/** A CPU id as auditpr prints it for `h` when no host name matches: `none` or 16 hex digits. */
export function isCpuId(token: string): boolean {
  return token === 'none' || /^[0-9A-Fa-f]{16}$/.test(token);
}

/**
 * The letters of the columns after the time, from their shape, in the default layout's
 * family (`e,l,R,t,c` plus `r`, `p`, `P`, `T`, `h` in that order, then the WPAR name):
 * the command, an optional name (real user), up to three numbers (pid, ppid, thread id),
 * then up to two names (host, WPAR name; one alone is the WPAR name unless it is `none` or
 * a CPU id, or the WPAR name is on the next line: then the host after a number, else
 * ambiguous). An error when that is ambiguous.
 */
function lettersAfterTime(after: readonly string[], wparOnNextLine: boolean): string | { error: string } {
  if (after.length === 0) return '';
  let i = 1;
  let letters = 'c';
  let numbers = 0;
  while (i + numbers < after.length && isNumber(after[i + numbers]!)) numbers++;
  if (numbers === 0 && i + 1 < after.length && isNumber(after[i + 1]!)) {
    // A name between the command and the numbers: the real user.
    letters += 'r';
    i++;
    while (i + numbers < after.length && isNumber(after[i + numbers]!)) numbers++;
  }
  letters += 'pPT'.slice(0, Math.min(numbers, 3));
  if (numbers > 3) return { error: LAYOUT_ERRORS.tooManyColumns(after.slice(1).join(' ')) };
  const names = after.slice(i + numbers);
  if (names.some(isNumber) || names.length > 2 || (names.length > 0 && !WPAR_NAME.test(names[names.length - 1]!))) {
    return { error: LAYOUT_ERRORS.tooManyColumns(after.slice(1).join(' ')) };
  }
  if (names.length === 2) {
    // Host and WPAR name; with no numbers the first may as well be the real user.
    if (numbers === 0 && !isCpuId(names[0]!)) return { error: LAYOUT_ERRORS.ambiguous(after.slice(1).join(' ')) };
    // The global environment's name comes last: before another name it is no host.
    if (wparOnNextLine || names[0] === GLOBAL_WPAR) return { error: LAYOUT_ERRORS.tooManyColumns(after.slice(1).join(' ')) };
    return `${letters}hW`;
  }
  if (names.length === 1) {
    if (isCpuId(names[0]!)) return `${letters}h`;
    if (!wparOnNextLine) return `${letters}W`;
    // The host, or the end of a command holding a space: with no number after the command, the same shape.
    return numbers > 0 ? `${letters}h` : { error: LAYOUT_ERRORS.ambiguous(after.slice(1).join(' ')) };
  }
  return letters;
}

/**
 * Reads a record in the default layout's family (see lettersAfterTime) with the layout
 * found from its shape: the event first, one column (the login user), the status, then a
 * time in either format. Anything else is left to the caller: not a record, or an event
 * with a time in another layout (`looksLikeRecord`, `error` says what was found).
 */
export function readDetected(record: string, timezone: string): LayoutResult {
  const lines = recordLines(record);
  const tokens = tokensOf(lines[0]!);
  if (tokens.length === 0 || !isEventName(tokens[0]!)) return { error: LAYOUT_ERRORS.noHeader, looksLikeRecord: false };
  let status = -1;
  let length: 0 | 4 | 5 = 0;
  let timeFound = false;
  for (let at = 1; at < tokens.length && status < 0; at++) {
    length = timeLength(tokens, at + 1);
    if (length === 0) continue;
    timeFound = true;
    if (isStatus(tokens[at]!)) status = at;
  }
  if (status !== 2) {
    if (status > 0) return { error: LAYOUT_ERRORS.columnsBeforeStatus(status - 1), looksLikeRecord: true };
    return timeFound ? { error: LAYOUT_ERRORS.noStatus, looksLikeRecord: true } : { error: LAYOUT_ERRORS.noHeader, looksLikeRecord: false };
  }
  const wpar = wparLine(lines);
  const after = lettersAfterTime(tokens.slice(status + 1 + length), wpar !== undefined);
  if (typeof after !== 'string') return { error: after.error, looksLikeRecord: true };
  return readLayout(lines, tokens, `elRt${after}`, timezone);
}

/** Reads a record with the layout given by AIX_AUDITPR_FIELDS (plain letters); an error names the setting. */
export function readGiven(record: string, letters: string, timezone: string): LayoutResult {
  const lines = recordLines(record);
  const result = readLayout(lines, tokensOf(lines[0]!), letters, timezone);
  return 'record' in result ? result : { error: LAYOUT_ERRORS.notGiven(letters, result.error), looksLikeRecord: result.looksLikeRecord };
}

/**
 * Reads a record's header tokens with the given letters (each one token, `t` four or
 * five), each checked against its column's shape; then the WPAR name: one more token on
 * the header line, or the next line when it holds only a name; then the tail.
 */
function readLayout(lines: readonly string[], tokens: readonly string[], letters: string, timezone: string): LayoutResult {
  const columns: Columns = {};
  let event = '';
  let status = '';
  let timestamp: string | undefined;
  let at = 0;
  for (const letter of letters) {
    if (letter === 't') {
      const length = timeLength(tokens, at);
      if (length === 0) return { error: LAYOUT_ERRORS.columnShape(letter, tokens[at]), looksLikeRecord: true };
      timestamp = timestampAt(tokens, at, length, timezone);
      at += length;
      continue;
    }
    const token = tokens[at++];
    if (token === undefined || !fitsColumn(letter, token)) return { error: LAYOUT_ERRORS.columnShape(letter, token), looksLikeRecord: letter !== 'e' };
    if (letter === 'e') event = token;
    else if (letter === 'R') status = token;
    else columns[letter as keyof Columns] = token;
  }
  let nextLine = false;
  if (columns.W === undefined) {
    // auditpr prints the WPAR name once: a name alone on the next line leaves a word after
    // the columns unexplained (a command holding a space), not a second WPAR name.
    const below = wparLine(lines);
    if (below !== undefined) {
      nextLine = at === tokens.length;
      if (nextLine) columns.W = below;
    } else if (at === tokens.length - 1 && WPAR_NAME.test(tokens[at]!)) {
      columns.W = tokens[at++];
    }
  }
  if (at < tokens.length) return { error: LAYOUT_ERRORS.extraColumns(tokens.slice(at).join(' ')), looksLikeRecord: true };
  const tail = tailOf(lines.slice(nextLine ? 2 : 1));
  return { record: { event, status, timestamp, columns, tail } };
}

/** Whether a token can be the column of `letter` (the letters with a shape: event, status, ids). */
function fitsColumn(letter: string, token: string): boolean {
  switch (letter) {
    case 'e':
      return isEventName(token);
    case 'R':
      return isStatus(token);
    case 'p':
    case 'P':
    case 'T':
      return isNumber(token);
    default:
      return true;
  }
}
