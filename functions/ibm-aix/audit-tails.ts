import { toId, toInteger, toIp, toPort } from '../../lib/ecs/coerce.ts';
import type { TailParser } from './tails.ts';

/**
 * Tail parsers of the AIX events the reference does not parse, written from the format
 * strings of `/etc/security/audit/events` (`FILE_Mode = printf "mode: %o filename %s"`).
 * They receive the tail's first line (see escapes.ts), read it with indexOf and anchored
 * patterns only, and set nothing when the tail does not have the expected layout.
 */

/** The first space-separated word of `text` (from `from`), or '' when there is none. */
function wordAt(text: string, from: number): string {
  let start = from;
  while (start < text.length && text.charCodeAt(start) === 32) start++;
  const end = text.indexOf(' ', start);
  return end < 0 ? text.slice(start) : text.slice(start, end);
}

/** A name as a value: a word that is not itself a label (`user:`, `x=y`). */
function nameWord(word: string): string | undefined {
  return word === '' || word.includes(':') || word.includes('=') ? undefined : word;
}

/** Start of `label` as a word of the tail (at its start or after a space), or -1. */
function labelAt(tail: string, label: string): number {
  if (tail.startsWith(label)) return 0;
  const at = tail.indexOf(` ${label}`);
  return at < 0 ? -1 : at + 1;
}

/** The word after `label = ` or `label: ` (both auditpr styles), or undefined. */
function labelledWord(tail: string, label: string): string | undefined {
  for (const key of [`${label} = `, `${label}: `]) {
    const at = labelAt(tail, key);
    if (at >= 0) return nameWord(wordAt(tail, at + key.length));
  }
  return undefined;
}

/**
 * The path after `filename` (`filename <p>`, `filename: <p>`, `filename = <p>`), ending
 * before an ` object read|write event detected ...` suffix; else the path after
 * `event detected ` (object events); else undefined.
 */
function pathOfTail(tail: string): string | undefined {
  const at = labelAt(tail, 'filename');
  if (at >= 0) {
    let rest = tail.slice(at + 'filename'.length);
    if (rest.startsWith(' = ')) rest = rest.slice(3);
    else if (rest.startsWith(': ')) rest = rest.slice(2);
    else if (rest.startsWith(' ')) rest = rest.slice(1);
    else rest = '';
    const object = rest.indexOf(' object ');
    if (object >= 0 && rest.includes(' event detected ', object)) rest = rest.slice(0, object);
    const path = rest.trim();
    if (path !== '') return path;
  }
  const detected = labelAt(tail, 'event detected ');
  if (detected < 0) return undefined;
  const path = tail.slice(detected + 'event detected '.length).trim();
  return path === '' ? undefined : path;
}

/** `... filename <path>` or `audit object read|write event detected <path>` → file.path */
export const filePath: TailParser = (tail, event) => {
  event.set('file.path', pathOfTail(tail));
};

const MODE = /^mode: ([0-7]{1,7}),? ?/;

/** `mode: <octal> filename <path>` (FILE_Mode, FILE_Mknod) or `mode: <octal> file descriptor = <n>` (FILE_Fchmod) → file.mode, file.path */
export const fileMode: TailParser = (tail, event) => {
  const match = MODE.exec(tail);
  if (!match) return;
  event.set('file.mode', match[1]);
  event.set('file.path', pathOfTail(tail.slice(match[0].length)));
};

const OWNER = /^owner: (-?\d{1,10}),? group: (-?\d{1,10}),? ?/;

/** An owner or group id as printed, -1 meaning "unchanged" (left out). */
function changedId(value: string): string | undefined {
  return value === '-1' ? undefined : toId(value);
}

/** `owner: <uid> group: <gid> filename <path>` (FILE_Owner) or `... file descriptor = <n>` (FILE_Fchown) → file.uid, file.gid, file.path */
export const fileOwner: TailParser = (tail, event) => {
  const match = OWNER.exec(tail);
  if (!match) return;
  event.set('file.uid', changedId(match[1]!));
  event.set('file.gid', changedId(match[2]!));
  event.set('file.path', pathOfTail(tail.slice(match[0].length)));
};

/** `forked child process <pid>` (PROC_Create), `exited child process <pid>` (PROC_Delete) → process.pid */
export function childProcess(marker: string): TailParser {
  return (tail, event) => {
    if (tail.startsWith(marker)) event.set('process.pid', toInteger(wordAt(tail, marker.length)));
  };
}

const CHDIR = 'change current directory to: ';

/** `change current directory to: <path>` → process.working_directory, file.path (a directory) */
export const changeDirectory: TailParser = (tail, event) => {
  if (!tail.startsWith(CHDIR)) return;
  const path = tail.slice(CHDIR.length).trim();
  if (path === '') return;
  event.set('process.working_directory', path);
  event.set('file.path', path);
  event.set('file.type', 'dir');
};

/** `object: <device or export> stub: <mount point>` (FS_Mount, FS_Umount) → file.device, file.path (the mount point) */
export const mount: TailParser = (tail, event) => {
  if (!tail.startsWith('object: ')) return;
  const stubAt = tail.indexOf(' stub: ');
  const object = (stubAt < 0 ? tail.slice('object: '.length) : tail.slice('object: '.length, stubAt)).trim();
  event.set('file.device', object);
  if (stubAt < 0) return;
  const stub = tail.slice(stubAt + ' stub: '.length).trim();
  if (stub === '') return;
  event.set('file.path', stub);
  event.set('file.type', 'dir');
};

/** `flags: <x>, libpath: <list>, file: <path>[, member: <name>]` (PROC_Load, PROC_LoadMember) → file.path */
export const loadModule: TailParser = (tail, event) => {
  if (!tail.startsWith('flags: ')) return;
  const at = tail.indexOf(' file: ');
  if (at < 0) return;
  const rest = tail.slice(at + ' file: '.length);
  const member = rest.lastIndexOf(', member: ');
  event.set('file.path', (member < 0 ? rest : rest.slice(0, member)).trim());
};

/** The user a command acts on, first word of the tail (USER_SU, PASSWORD_Change, USER_Create ...) → user.target.name */
export const targetUser: TailParser = (tail, event) => {
  event.set('user.target.name', labelledWord(tail, 'user') ?? nameWord(wordAt(tail, 0)));
};

/** The group a command acts on, first word of the tail (GROUP_Create ...) → group.name */
export const targetGroup: TailParser = (tail, event) => {
  event.set('group.name', nameWord(wordAt(tail, 0)));
};

/** The SRC subsystem or server a command acts on, first word of the tail → service.name */
export const subsystem: TailParser = (tail, event) => {
  event.set('service.name', nameWord(wordAt(tail, 0)));
};

/** at and cron job changes: `user = <u>` / `user: <u>` → user.target.name, `file = <path>` / `file: <path>` → file.path */
export const job: TailParser = (tail, event) => {
  event.set('user.target.name', labelledWord(tail, 'user'));
  event.set('file.path', labelledWord(tail, 'file'));
};

/** An address word: trailing `,` or `;` dropped; `a.b.c.d:port` split. */
function addressOf(word: string): [string | undefined, string | undefined] {
  const bare = word.endsWith(',') || word.endsWith(';') ? word.slice(0, -1) : word;
  const ip = toIp(bare);
  if (ip !== undefined) return [ip, undefined];
  const colon = bare.indexOf(':');
  if (colon > 0 && bare.indexOf(':', colon + 1) < 0) {
    const v4 = toIp(bare.slice(0, colon));
    if (v4 !== undefined) return [v4, bare.slice(colon + 1)];
  }
  return [undefined, undefined];
}

/**
 * The remote peer of a network event: the first word of the tail that is an IP address
 * (`fd14 Port 192.0.2.10 1022 ...`, `ipv4 ftp 192.0.2.10 ...`), and the port after it when
 * the next word is one. `side` is `destination` for connections this host opens,
 * `source` for connections it receives.
 */
export function remotePeer(side: 'source' | 'destination'): TailParser {
  const ipField = `${side}.ip`;
  const portField = `${side}.port`;
  return (tail, event) => {
    const words = tail.split(/\s+/, 24);
    for (let i = 0; i < words.length; i++) {
      const [ip, port] = addressOf(words[i]!);
      if (ip === undefined) continue;
      event.set(ipField, ip);
      const next = words[i + 1];
      event.set(portField, toPort(port ?? (next?.endsWith(',') ? next.slice(0, -1) : next)));
      return;
    }
  };
}
