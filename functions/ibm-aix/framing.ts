import type { RecordFraming } from '../../lib/integration.ts';
import { isEventName, isSpace, isStatus, parseHeader } from './header.ts';
import { readDetected, tokensOf } from './layout.ts';
import { readPrivilegedCommand } from './privileged.ts';
import { parseSyslogHeader } from '../../lib/ecs/syslog.ts';

/**
 * How auditpr output makes records: a header line starts one, the indented lines `-v`
 * prints after it (WPAR name, tail, a wrapped column) continue it. Titles (`-t 1`, `-t 2`)
 * and the dashed line under them are headings; a `-m` message line before a title is its
 * preamble when it cannot be a record.
 */

/** The words of auditpr's column titles (`event login status time command`, `wpar name` ...). */
const TITLE_WORDS = new Set([
  'event', 'login', 'status', 'time', 'command', 'real', 'user', 'pid', 'ppid', 'tid', 'process', 'parent',
  'thread', 'id', 'host', 'wpar', 'name',
]);
const DASH = 45;

/** A title line's words: two or more, each a column title. */
function isTitleWords(words: readonly string[]): boolean {
  return words.length >= 2 && words.every((word) => TITLE_WORDS.has(word));
}

/** A separator line: dashes (one run per column) and spaces only. */
function isSeparator(line: string): boolean {
  let dashes = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === DASH) dashes++;
    else if (!isSpace(code)) return false;
  }
  return dashes >= 3;
}

/** Whether a line (a title or separator cannot start with an upper-case event name) is a heading. */
function isHeading(line: string): boolean {
  return isSeparator(line) || isTitleWords(tokensOf(line));
}

/**
 * Whether a line is an audit record's header in a layout this integration reads (or one with
 * an event, status and time it cannot), starting at its first word: a header further in is
 * text of the record before (a command's arguments in a `-v` tail) and must not start one.
 */
function isRecordHeader(line: string): boolean {
  if (parseHeader(line, 'UTC')?.prefix === '') return true;
  const layout = readDetected(line, 'UTC');
  return 'record' in layout || layout.looksLikeRecord;
}

/** Whether a heading is a title naming the status column (`-h` with `R`). */
function hasStatusColumn(heading: string): boolean {
  const words = tokensOf(heading);
  return isTitleWords(words) && words.includes('status');
}

/** Only the shape of a syslog header matters here, not its time: any reception time does. */
const ANY_TIME = '1970-01-01T00:00:00.000000Z';

/** A line's text after its syslog header, if it has one: `auditpr -v | logger` sends each line as a message. */
function bare(line: string): string {
  return isSpace(line.charCodeAt(0)) ? line : (parseSyslogHeader(line, 'UTC', ANY_TIME)?.message ?? line);
}

const LOWER_A = 97;
const LOWER_Z = 122;

export const aixFraming: RecordFraming = {
  classify(physical) {
    const line = bare(physical);
    const first = line.charCodeAt(0);
    if (isSpace(first)) {
      if (isHeading(line)) return 'heading';
      // An indented line that is itself a whole record (auditpr pads, some forwarders indent) starts one.
      return isRecordHeader(line) ? 'start' : 'continuation';
    }
    // Only a title (lower-case words) or a separator (dashes) can be a heading: records start with an event name.
    return (first >= LOWER_A && first <= LOWER_Z) || first === DASH ? (isHeading(line) ? 'heading' : 'start') : 'start';
  },
  isPreamble(physical, heading) {
    const line = bare(physical);
    // Skipped unseen, so only a line that cannot be a record: a prefixed reference header and a
    // privileged-command message are records, and any other record starts with an event name.
    if (parseHeader(line, 'UTC') !== undefined || readPrivilegedCommand(line) !== undefined) return false;
    const words = tokensOf(line);
    const first = words[0] ?? '';
    if (!isEventName(first)) return true;
    // Under a title with a status column, auditpr prints every record's status.
    if (hasStatusColumn(bare(heading))) return !words.some(isStatus);
    // Else the first word decides: event names are CLASS_Event (FILE_Open, S_PASSWD_READ), and
    // a capitalised word without `_` ("Audit trail of ...") is a message's.
    return !first.includes('_');
  },
};
