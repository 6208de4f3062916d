import { toId, toInteger, toIp, toPort } from '../../lib/ecs/coerce.ts';
import type { EventBuilder } from '../../lib/ecs/event.ts';

/**
 * Parsers of the text after an AIX header (the "tail"), one per tail layout. Each reads
 * the tail with indexOf and anchored prefixes only (no backtracking) and sets the fields
 * it finds; a tail that does not have the expected layout sets nothing.
 */
export type TailParser = (tail: string, event: EventBuilder, context: TailContext) => void;

/** What a tail parser may need from the header besides the tail. */
export interface TailContext {
  /** Text before the event token (the end of the previous record), trimmed. */
  readonly prefix: string;
}

/** The text after `marker` when the tail starts with it. */
function afterPrefix(tail: string, marker: string): string | undefined {
  return tail.startsWith(marker) ? tail.slice(marker.length) : undefined;
}

/** The first whitespace-separated word. */
function firstWord(text: string): string {
  const trimmed = text.trimStart();
  const at = trimmed.search(/\s/);
  return at < 0 ? trimmed : trimmed.slice(0, at);
}

/** `filename <name>` in the tail, or before the event token (no tail). */
export const fileLink: TailParser = (tail, event, { prefix }) => {
  const link = afterPrefix(tail, 'linkname ');
  if (link !== undefined) {
    const at = link.indexOf(' filename ');
    if (at >= 0) {
      event.set('file.target_path', link.slice(0, at).trim());
      event.set('file.name', link.slice(at + ' filename '.length).trim());
    } else {
      event.set('file.target_path', link.trim());
    }
    return;
  }
  const named = afterPrefix(tail, 'filename ') ?? afterPrefix(prefix, 'filename ');
  if (named !== undefined) event.set('file.name', named.trim());
};

/** `filename <path>` → file.name */
export const fileName: TailParser = (tail, event) => {
  event.set('file.name', afterPrefix(tail, 'filename ')?.trim());
};

/** `frompath: <from> topath:<to>` → file.path = from, file.name = everything after `topath:`. */
export const fileRename: TailParser = (tail, event) => {
  const rest = afterPrefix(tail, 'frompath: ');
  if (rest === undefined) return;
  const at = rest.indexOf(' topath:');
  if (at < 0) {
    event.set('file.path', rest.trim());
    return;
  }
  event.set('file.path', rest.slice(0, at).trim());
  event.set('file.name', rest.slice(at + ' topath:'.length));
};

/** `file descriptor = <n> filename = <name> object read event detected <path>` → file.name = name */
export const fileRead: TailParser = (tail, event) => {
  const at = tail.indexOf('filename = ');
  if (!tail.startsWith('file descriptor = ') || at < 0) return;
  const rest = tail.slice(at + 'filename = '.length);
  const end = rest.indexOf(' object ');
  event.set('file.name', (end < 0 ? rest : rest.slice(0, end)).trim());
};

/** `user: <name> tty: [#]<n>`; or `... file: <path>` before the event token. */
export const userLogin: TailParser = (tail, event, { prefix }) => {
  const fileAt = prefix.lastIndexOf('file: ');
  if (fileAt >= 0) event.set('file.name', prefix.slice(fileAt + 'file: '.length).trim());
  const rest = afterPrefix(tail, 'user: ');
  if (rest === undefined) return;
  const ttyAt = rest.indexOf(' tty: ');
  event.set('user.name', (ttyAt < 0 ? rest : rest.slice(0, ttyAt)).trim());
  if (ttyAt >= 0) {
    const tty = firstWord(rest.slice(ttyAt + ' tty: '.length));
    event.set('process.tty.char_device.major', toInteger(tty.startsWith('#') ? tty.slice(1) : tty));
  }
};

/** `<fd> <rest>` → file.name = rest */
export const tcpBind: TailParser = (tail, event) => {
  const at = tail.indexOf(' ');
  if (at > 0) event.set('file.name', tail.slice(at + 1).trim());
};

/**
 * `<fd> Port <ip> <port> <rest>` → source.ip (when a valid IP), source.port. The roles
 * column may be `!` instead of `No associated roles` (the reference accepts both).
 */
export const tcpAccept: TailParser = (tail, event) => {
  const words = tail.trim().split(/\s+/, 5);
  if (words[0] === '!') words.shift();
  if (words[1] !== 'Port') return;
  event.set('source.ip', toIp(words[2]));
  event.set('source.port', toPort(words[3]));
};

/** A fixed lead-in followed by a path, e.g. `change root directory to: <path>`. */
export function pathAfter(marker: string, field: string): TailParser {
  return (tail, event) => {
    event.set(field, afterPrefix(tail, marker)?.trim());
  };
}

/** `mode: <n> dir: <path>` → file.directory */
export const makeDirectory: TailParser = (tail, event) => {
  const at = tail.indexOf(' dir: ');
  if (tail.startsWith('mode: ') && at >= 0) event.set('file.directory', tail.slice(at + ' dir: '.length).trim());
};

/**
 * `euid: <n> egid: <n> epriv: <hex>:<hex> name <prog>[ <arg1>]<rest>`: command_line is
 * prog + " " + arg1 + " " + rest, rest keeping its own leading and trailing spaces.
 */
export const procExecute: TailParser = (tail, event) => {
  const match = /^euid: (\S+) egid: (\S+) epriv: \S+ name /.exec(tail);
  if (!match) return;
  event.set('user.id', toId(match[1]));
  event.set('group.id', toId(match[2]));
  const command = tail.slice(match[0].length);
  const progEnd = command.indexOf(' ');
  // No argument: the program alone, whether or not auditpr left a trailing space.
  if (progEnd < 0 || command.trimEnd().length === progEnd) {
    const prog = command.trimEnd();
    event.set('process.name', prog);
    event.set('process.command_line', prog);
    return;
  }
  const prog = command.slice(0, progEnd);
  const args = command.slice(progEnd + 1);
  const argEnd = args.indexOf(' ');
  const arg1 = argEnd < 0 ? args : args.slice(0, argEnd);
  const rest = argEnd < 0 ? '' : args.slice(argEnd);
  event.set('process.name', prog);
  event.set('file.name', arg1);
  event.set('process.command_line', `${prog} ${arg1} ${rest}`);
};

/** `pid: <n>, ...` or `pid: <n> ...` → process.pid */
export const pid: TailParser = (tail, event) => {
  const rest = afterPrefix(tail, 'pid: ');
  if (rest !== undefined) event.set('process.pid', toInteger(firstWord(rest).replace(/,$/, '')));
};

/** `cmd: <n> arg: <n>` → process.command_line = cmd, process.args = arg (strings) */
export const auditIt: TailParser = (tail, event) => {
  const match = /^cmd: (\S+) arg: (\S+)/.exec(tail);
  if (!match) return;
  event.set('process.command_line', match[1]);
  event.set('process.args', match[2]);
};

/**
 * `event = start cron job cmd = <cmd> time = <date>` → command_line = process.name + " " + cmd;
 * `user = <u> pid = <n> time = <date>` → process.pid.
 */
export const cron: TailParser = (tail, event) => {
  const cmdAt = tail.indexOf(' cmd = ');
  if (tail.startsWith('event = ') && cmdAt >= 0) {
    const rest = tail.slice(cmdAt + ' cmd = '.length);
    const timeAt = rest.lastIndexOf(' time = ');
    const cmd = timeAt < 0 ? rest : rest.slice(0, timeAt);
    const name = event.get('process.name');
    event.set('process.command_line', typeof name === 'string' ? `${name} ${cmd}` : cmd);
    return;
  }
  const pidAt = tail.indexOf(' pid = ');
  if (tail.startsWith('user = ') && pidAt >= 0) {
    event.set('process.pid', toInteger(firstWord(tail.slice(pidAt + ' pid = '.length))));
  }
};

/** `audit object read|write event detected <path>` → file.name */
export const objectEvent: TailParser = (tail, event) => {
  const match = /^audit object \w+ event detected /.exec(tail);
  if (match) event.set('file.name', tail.slice(match[0].length).trim());
};

/** The whole tail is a name (SRC_Start / SRC_Stop subsystem). */
export const wholeTail: TailParser = (tail, event) => {
  event.set('file.name', tail.trim());
};

/** A tail with nothing the reference maps. */
export const nothing: TailParser = () => {};
