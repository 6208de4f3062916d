/**
 * rsyslog writes control characters as `#` and three octal digits (`#012` a newline,
 * `#011` a tab). In an auditpr record they separate the header from a tail printed on the
 * next line, end the record (a trailing newline) or separate tail lines.
 */

const SPACE = 32;
const TAB = 9;

function isOctal(code: number): boolean {
  return code >= 48 && code <= 55;
}

/** Whether text holds a line break: a newline, or rsyslog's escaped one (`#012`). */
export function hasLineBreak(text: string): boolean {
  return text.includes('\n') || text.includes('#012');
}

/** Whether an escaped control character (`#000`–`#037`, `#177`) starts at `at`. */
export function isControlEscape(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 35) return false; // #
  const a = text.charCodeAt(at + 1);
  const b = text.charCodeAt(at + 2);
  const c = text.charCodeAt(at + 3);
  if (!isOctal(b) || !isOctal(c)) return false;
  return (a === 48 && b <= 51) || (a === 49 && b === 55 && c === 55);
}

/** Index of the first escaped control character at or after `from`, or -1. */
export function controlEscapeAt(text: string, from: number): number {
  for (let at = text.indexOf('#', from); at >= 0; at = text.indexOf('#', at + 1)) {
    if (isControlEscape(text, at)) return at;
  }
  return -1;
}

/**
 * The first line of a tail: leading spaces and escaped control characters skipped, then
 * everything up to the next escaped control character, trailing spaces removed. So
 * `#012#011filename /etc/hosts#012` reads as `filename /etc/hosts`. Used only for the
 * events the reference does not parse: its own fields keep the text as it arrived.
 */
export function firstLine(tail: string): string {
  const n = tail.length;
  let start = 0;
  for (;;) {
    while (start < n && (tail.charCodeAt(start) === SPACE || tail.charCodeAt(start) === TAB)) start++;
    if (!isControlEscape(tail, start)) break;
    start += 4;
  }
  const end = controlEscapeAt(tail, start);
  const line = start === 0 && end < 0 ? tail : tail.slice(start, end < 0 ? n : end);
  return line.trimEnd();
}
