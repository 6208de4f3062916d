import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import { gzipSync } from 'node:zlib';
import { aixLine, random, taniumLine } from '../../bench/corpus.ts';
import { getIntegration } from '../../functions/registry.ts';
import { MAX_RECORD_BYTES } from '../../lib/records/record.ts';
import { loadFixtures } from './fixtures.ts';

/**
 * fast-check arbitraries of hostile input, shared by the robustness tests
 * (`test/robustness/`) and the fuzzing script (`npm run fuzz`): arbitrary strings and
 * bytes, records shaped like each integration's with attacker-controlled values, and
 * mutations of the fixtures (truncated, fields swapped, spaces inserted, bytes flipped).
 */

/** The integrations these arbitraries know how to shape records for. */
export const INTEGRATIONS = ['ibm-aix', 'tanium'] as const;
export type IntegrationName = (typeof INTEGRATIONS)[number];

/** The raw messages of an integration's fixtures (functions/<integration>/fixtures/). */
export function fixtureMessages(integration: string): string[] {
  return loadFixtures(integration).map(([, , fixture]) => fixture.input.message);
}

/** IANA zones with offsets on the half hour, far from UTC, or DST changes: AIX header times are read in one. */
export const timezones = fc.constantFrom('UTC', 'Europe/Paris', 'America/St_Johns', 'Australia/Adelaide', 'Pacific/Kiritimati', 'America/Los_Angeles');

/** Text attackers put in paths, command lines, registry keys and DNS names. */
export const HOSTILE_TEXT: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\u0000',
  'a\u0000b',
  '\u2028\u2029',
  '\uFEFF',
  '\uD800',
  '\uDFFF\uD800',
  '\u001b[31m',
  '%s%n%x',
  '${jndi:ldap://example.com/a}',
  '../../../../etc/passwd',
  'C:\\Windows\\System32\\cmd.exe',
  '\\\\?\\C:\\',
  'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
  '$(rm -rf /)',
  '`id`',
  '"; DROP TABLE events; --',
  '<script>alert(1)</script>',
  'é',
  '🎉',
  'Ω≈ç√',
  '\\',
  '"',
  "'",
  ':',
  ': ',
  ' ',
  '\t',
  '\r',
  '\v\f',
  'xn--80ak6aa92e.com',
  'a'.repeat(300) + '.example.com',
  'fe80::1%eth0',
  '::',
  '::1',
  '::ffff:192.0.2.1',
  '2001:db8::1',
  '2001:0db8:0000:0000:0000:0000:0000:0001',
  '192.0.2.300',
  '01.02.03.04',
  '18446744073709551616',
  '-9223372036854775809',
  '9007199254740993',
  '4294967295',
  '-0',
  '1e400',
  'NaN',
  'Infinity',
  'null',
  'true',
  '{}',
  '[]',
  'No associated roles',
  ' tty: ',
  ' filename ',
  ' topath:',
  ' time = ',
  ', is executed by user with id ',
  ' command ',
  'from ',
];

/** One hostile string: a known nasty one, or any string (lone surrogates and control characters included). */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  // Any UTF-16 code unit, lone surrogates included.
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 20 }) },
);

/** IP addresses of every form, valid or not. */
export const ipText: fc.Arbitrary<string> = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4Extended(),
  fc.constantFrom('fe80::1%eth0', 'fe80::1%25', '::', '::ffff:192.0.2.1', '2001:db8::1', '[2001:db8::1]', '192.0.2.1:443', '192.0.2.256', ' 192.0.2.1', 'localhost'),
);

// ---------------------------------------------------------------------------------------
// JSON, written as text so that keys such as `__proto__` are own keys of the record.
// ---------------------------------------------------------------------------------------

/** A JSON scalar as text: huge, negative-zero and out-of-range numbers, hostile strings, IPs. */
export const jsonScalarText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'null',
    'true',
    'false',
    '0',
    '-0',
    '1.5',
    '-1',
    '4294967295',
    '9007199254740993',
    '18446744073709551616',
    '-18446744073709551616',
    '1e21',
    '1e400',
    '-1e400',
    '5e-324',
    '""',
    '" "',
  ),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  hostileText.map((s) => JSON.stringify(s)),
  ipText.map((s) => JSON.stringify(s)),
);

/** Keys of Tanium records and their `fields`, plus the prototype-polluting ones. */
export const TANIUM_KEYS: readonly string[] = [
  'event',
  'hostname',
  'host',
  'fields',
  'timestamp',
  'full_path',
  'process__pid',
  'process__file__full_path',
  'process__login__user_id',
  'process__login__user_name',
  'process__user__group',
  'remote_ip',
  'remote_port',
  'local_ip',
  'local_port',
  'file__md5',
  'create_time',
  'parent__file__full_path',
  'parent__command_line',
  'parent_pid',
  'file__full_path',
  'command_line',
  'key',
  'value_name',
  'query',
  'response',
  '__proto__',
  'constructor',
  'prototype',
];

const jsonKey: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TANIUM_KEYS) }, { weight: 1, arbitrary: hostileText });

/** Any JSON value as text, nested a few levels, with hostile keys and values. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, jsonScalarText, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  object: fc
    .array(fc.tuple(jsonKey, tie('value')), { maxLength: 5 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
})).value;

const TANIUM_TYPES = [
  'network_accept',
  'network_connect',
  'network_disconnect',
  'file_create',
  'file_open',
  'file_delete',
  'file_move',
  'file_permission_change',
  'process_start',
  'registry_create',
  'registry_set',
  'dns_event',
  'unknown_type',
];

/** A value where the record has a string, integer or IP: mostly well-typed, often not. */
const taniumValue = (good: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ weight: 3, arbitrary: good }, { weight: 2, arbitrary: jsonScalarText }, { weight: 1, arbitrary: jsonText });

const str = (...values: string[]): fc.Arbitrary<string> => fc.constantFrom(...values.map((v) => JSON.stringify(v)));

/** Values of the `fields` members, as JSON text: realistic ones, the ones that must be left out, and edge cases. */
const FIELD_VALUES: Readonly<Record<string, fc.Arbitrary<string>>> = {
  full_path: str('/var/log/app.log', 'C:\\Windows\\System32\\svchost.exe', '/', 'C:\\', 'x', '\\\\server\\share\\a.txt'),
  process__file__full_path: str('/usr/bin/perl', 'C:\\Windows\\explorer.exe'),
  file__full_path: str('/usr/sbin/ipset', 'C:\\Program Files\\Example\\updater.exe'),
  parent__file__full_path: str('/usr/bin/perl', '\\'),
  process__pid: fc.integer({ min: -1, max: 4_194_304 }).map(String),
  parent_pid: fc.integer({ min: 0, max: 65_535 }).map(String),
  remote_port: fc.integer({ min: -1, max: 70_000 }).map(String),
  local_port: fc.constantFrom('443', '"8443"', '"abc"', '65536', '-1', '0', '443.5'),
  remote_ip: ipText.map((s) => JSON.stringify(s)),
  local_ip: ipText.map((s) => JSON.stringify(s)),
  process__login__user_id: fc.constantFrom('4294967295', '0', '"S-1-5-18"', '18446744073709551616', '9007199254740993'),
  process__login__user_name: fc.constantFrom('"root"', 'null', '"NT AUTHORITY\\\\SYSTEM"'),
  process__user__group: str('root', 'NT AUTHORITY'),
  file__md5: str('d41d8cd98f00b204e9800998ecf8427e', ''),
  create_time: str('2021-07-15T13:47:13.084000+00:00', '2021-02-31T00:00:00Z', '0050-01-01T00:00:00Z', '2021-07-15 13:47:13', 'yesterday'),
  command_line: str('ipset save', 'cmd.exe /c whoami'),
  parent__command_line: str('pve-firewall'),
  key: str('HKLM\\Software\\Example\\Run'),
  value_name: str('Updater', '__proto__'),
  query: str('www.example.com', 'a..b', 'xn--80ak6aa92e.com'),
  response: ipText.map((s) => JSON.stringify(s)),
};

/** One member of a JSON object as text, maybe repeated (JSON.parse keeps the last). */
const member = (key: string, value: fc.Arbitrary<string>): fc.Arbitrary<string[]> =>
  fc.array(value, { minLength: 0, maxLength: 2 }).map((values) => values.map((v) => `${JSON.stringify(key)}:${v}`));

/**
 * A Tanium record shaped like the real ones (`{"event", "hostname", "host", "fields"}`)
 * with any member missing, repeated or of the wrong type, `__proto__`, `constructor` and
 * `prototype` keys at both levels, and hostile values.
 */
export const taniumRecord: fc.Arbitrary<string> = fc
  .tuple(
    member('event', taniumValue(fc.constantFrom(...TANIUM_TYPES).map((t) => JSON.stringify(t)))),
    member('hostname', taniumValue(fc.constantFrom('"host01.example.com"', '"2256269043"'))),
    member('host', taniumValue(ipText.map((s) => JSON.stringify(s)))),
    member('timestamp', taniumValue(fc.constantFrom('"2024-05-06T07:08:09.123Z"', '1715000000000', '"2024-13-01T00:00:00Z"'))),
    fc.array(
      fc.oneof(
        ...Object.entries(FIELD_VALUES).map(([key, value]) => member(key, taniumValue(value))),
        member('__proto__', taniumValue(fc.constant('{"full_path":"/polluted","process__pid":1}'))),
        member('constructor', taniumValue(fc.constant('{"prototype":{"polluted":true}}'))),
        member('prototype', jsonText),
      ),
      { maxLength: 12 },
    ),
    fc.oneof(
      member('__proto__', fc.constant('{"polluted":true,"event":"file_open"}')),
      member('constructor', fc.constant('{"prototype":{"polluted":true}}')),
      fc.constant([] as string[]),
    ),
    fc.boolean(),
  )
  .chain(([event, hostname, host, timestamp, fields, top, fieldsIsObject]) => {
    const members = [...event, ...hostname, ...host, ...timestamp, ...top];
    const fieldsValue: fc.Arbitrary<string | undefined> = fieldsIsObject
      ? fc.constant(`{${fields.flat().join(',')}}`)
      : fc.option(jsonScalarText, { nil: undefined });
    return fieldsValue.chain((f) => {
      const all = f === undefined ? members : [...members, `"fields":${f}`];
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    });
  })
  .map((members) => `{${members.join(',')}}`);

// ---------------------------------------------------------------------------------------
// IBM AIX audit lines.
// ---------------------------------------------------------------------------------------

/** Every event the contract maps, and a few it does not. */
export const AIX_EVENT_NAMES: readonly string[] = [
  'FILE_Link',
  'FILE_Unlink',
  'FILE_Rename',
  'FILE_Read',
  'FILE_Pipe',
  'USER_Login',
  'TCP_klisten',
  'TCP_kbind',
  'TCP_kaccept',
  'FS_Chroot',
  'FS_Rmdir',
  'FS_Mkdir',
  'PROC_Execute',
  'PROC_Kill',
  'PROC_LoadError',
  'PROC_RealGID',
  'PROC_SetUserIDs',
  'PROC_SetGroups',
  'PROC_Sysconfig',
  'PROC_Adjtime',
  'S_PASSWD_READ',
  'S_USER_WRITE',
  'SRC_Start',
  'SRC_Stop',
  'AUD_It',
  'AUD_Proc',
  'CRON_Start',
  'CRON_Finish',
  'USER_SU',
  'X1',
];

/** A tail of the layout each event's parser reads, with hostile words in it. */
const aixTail: fc.Arbitrary<string> = fc
  .tuple(hostileText, hostileText, fc.integer({ min: -1, max: 5_000_000 }), ipText)
  .chain(([a, b, n, ip]) =>
    fc.constantFrom(
      `linkname ${a} filename ${b}`,
      `filename ${a}`,
      `frompath: ${a} topath:${b}`,
      `file descriptor = ${n} filename = ${a} object read event detected ${b}`,
      `read: ${n} write: ${n}`,
      `user: ${a} tty: #0${n}`,
      `user: ${a} tty: ${b}`,
      `fd${n} ${a}`,
      `fd${n} Port ${ip} ${n} ${a}`,
      `change root directory to: ${a}`,
      `remove of directory: ${a}`,
      `mode: ${n} dir: ${a}`,
      `euid: ${n} egid: ${a} epriv: 0:0 name ${a} ${b} ${a} `,
      `euid: ${n} egid: ${n} epriv: 0:0 name ${a}`,
      `pid: ${n}, sig: ${n}`,
      `pid: ${a}`,
      `old rgid: ${n}, new gid: ${n}, which: egid`,
      `effect: ${n}, real: ${n}, saved: -1, login: -1#012`,
      `group set: ${a}`,
      `audit object read event detected ${a}`,
      `audit object write event detected ${b}`,
      `cmd: ${a} arg: ${b}`,
      `event = start cron job cmd = ${a} time = Sat Sep 17 00:00:00 2022`,
      `user = ${a} pid = ${n} time = Sun Sep 25 23:00:00 2022`,
      `${a}`,
      '',
    ),
  );

/** A header token without whitespace (columns, status). */
const token = (good: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...good) },
    { weight: 1, arbitrary: hostileText.map((s) => s.replace(/[ \t]/g, '') || 'x') },
  );

/** Separator between header columns: auditpr pads with runs of spaces; tabs happen. */
const gap = fc.oneof({ weight: 4, arbitrary: fc.constant(' ') }, { weight: 2, arbitrary: fc.stringMatching(/^ {1,30}$/) }, { weight: 1, arbitrary: fc.constantFrom('\t', ' \t ') });

/** An auditpr date `DD Mon YYYY HH:MM:SS.ffffff`, valid or not (31 Feb, year 0050, hour 24, leap second). */
const aixDate: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(fc.integer({ min: 1, max: 28 }).map(String), fc.constantFrom('0', '00', '29', '30', '31', '32', '123')),
    fc.constantFrom('jan', 'Feb', 'mar', 'APR', 'may', 'jun', 'Jul', 'aug', 'sep', 'oct', 'Nov', 'dec', 'Foo', 'Sept'),
    fc.oneof(fc.integer({ min: 1970, max: 2037 }).map(String), fc.constantFrom('0000', '0050', '0999', '1000', '9999', '10000', '22')),
    fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })).map(([h, m, s]) =>
        [h, m, s].map((v) => String(v).padStart(2, '0')).join(':'),
      ),
      fc.constantFrom('24:00:00', '23:59:60', '23:60:00', '1:02:03', '01:02'),
    ),
    fc.oneof(fc.stringMatching(/^\.\d{0,9}$/), fc.constant('')),
  )
  .map(([day, month, year, clock, fraction]) => `${day} ${month} ${year} ${clock}${fraction}`);

/** The parts of a generated AIX header, for tests that check what was read from it. */
export interface AixLineParts {
  readonly prefix: string;
  readonly event: string;
  readonly columns: readonly [string, string, string];
  readonly status: string;
  readonly date: string;
  readonly roles: boolean;
  readonly tail: string;
  readonly line: string;
}

/** An auditpr line: `[prefix] EVENT A B C STATUS DATE [No associated roles] TAIL`, every part hostile at times. */
export const aixLineParts: fc.Arbitrary<AixLineParts> = fc
  .record({
    prefix: fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('  ', 'filename /bin/ksh ', 'flags: 80, libpath: , file: /usr/lib/x ') }),
    event: token(AIX_EVENT_NAMES),
    columns: fc.tuple(token(['root', 'sh', 'cron', 'Pipin']), token(['root', 'system', 'staff']), token(['root', 'db2inst1'])),
    status: token(['OK', 'FAIL', 'FAIL_PRIV', 'FAIL_AUTH']),
    date: aixDate,
    roles: fc.boolean(),
    tail: aixTail,
    gaps: fc.array(gap, { minLength: 8, maxLength: 8 }),
  })
  .map(({ prefix, event, columns, status, date, roles, tail, gaps }) => {
    const g = (i: number): string => gaps[i]!;
    const line =
      `${prefix}${event}${g(0)}${columns[0]}${g(1)}${columns[1]}${g(2)}${columns[2]}${g(3)}${status}${g(4)}` +
      `${date}${g(5)}${roles ? `No associated roles${g(6)}` : ''}${tail}`;
    return { prefix, event, columns, status, date, roles, tail, line };
  });

/** A C `ctime` time as auditpr prints it without `-d`, the day padded with a space: `Fri Feb  8 14:03:57 2019`, valid or not. */
const aixCtime: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'wed'),
    fc.constantFrom('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'oct', 'Foo'),
    fc.oneof(fc.integer({ min: 1, max: 28 }), fc.constantFrom(0, 29, 30, 31, 32)),
    fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })).map(([h, m, s]) =>
        [h, m, s].map((v) => String(v).padStart(2, '0')).join(':'),
      ),
      fc.constantFrom('24:00:00', '23:59:60', '1:02:03'),
    ),
    fc.oneof(fc.integer({ min: 1970, max: 2037 }).map(String), fc.constantFrom('0050', '22')),
  )
  .map(([weekday, month, day, clock, year]) => `${weekday} ${month} ${String(day).padStart(2, ' ')} ${clock} ${year}`);

/** The parts of a generated record in auditpr's default layout family (`-h e,l,R,t,c[,r,p,P,T,h]`, WPAR, `-v`). */
export interface AixDefaultRecordParts {
  readonly event: string;
  readonly login: string;
  readonly status: string;
  /** `DD Mon YYYY hh:mm:ss.ffffff` (`-d`) or ctime. */
  readonly time: string;
  readonly command: string;
  readonly real: string | undefined;
  readonly ids: readonly number[];
  readonly host: string | undefined;
  readonly wpar: string | undefined;
  readonly wparOnNextLine: boolean;
  readonly tail: readonly string[];
  /** The record: the header line, then the indented `-v` lines, joined with `\n`. */
  readonly record: string;
}

/**
 * A record in the default layout family as auditpr prints it, extra columns in auditpr's
 * letter order (r p P T h), only in the combinations detection reads unambiguously: a real
 * user only before a pid, a host only with a WPAR name and, unless a CPU id, after a pid. Event, status and time hostile at
 * times; tail lines of two words or more (one word alone on the second line is a WPAR name).
 */
export const aixDefaultRecordParts: fc.Arbitrary<AixDefaultRecordParts> = fc
  .record({
    event: token(AIX_EVENT_NAMES),
    login: fc.constantFrom('root', 'alice', 'db2inst1', '0', '203'),
    status: token(['OK', 'FAIL', 'FAIL_PRIV', 'FAIL_AUTH']),
    time: fc.oneof(aixCtime, aixDate),
    command: fc.constantFrom('ksh', 'sshd', 'su', 'cron', 'ls'),
    real: fc.option(fc.constantFrom('root', 'daemon', 'bob'), { nil: undefined }),
    ids: fc.array(fc.integer({ min: 0, max: 67_108_863 }), { maxLength: 3 }),
    host: fc.option(fc.constantFrom('host-a', 'host-b.example.com', 'none', '00F84C1A4C004D00'), { nil: undefined }),
    wpar: fc.option(fc.constantFrom('Global', 'wpar01', 'db_wpar'), { nil: undefined }),
    wparOnNextLine: fc.boolean(),
    tail: fc.array(hostileText.map((text) => `name: ${text.replace(/[\r\n]/g, ' ')}`), { maxLength: 2 }),
    gaps: fc.array(gap, { minLength: 10, maxLength: 10 }),
  })
  .map(({ event, login, status, time, command, real, ids, host, wpar, wparOnNextLine, tail, gaps }) => {
    const realUser = ids.length > 0 ? real : undefined;
    // With no number, a name before the WPAR name may be the real user or the host: only a CPU id is kept.
    const hostName = ids.length > 0 || host === 'none' || host === '00F84C1A4C004D00' ? host : undefined;
    const wparName = hostName !== undefined ? (wpar ?? 'Global') : wpar;
    // Alone on the next line, a WPAR name other than Global needs a tail after it.
    const nextLine = wparName !== undefined && wparOnNextLine && (wparName === 'Global' || tail.length > 0);
    const columns = [event, login, status, time, command, realUser, ...ids.map(String), hostName, nextLine ? undefined : wparName];
    const header = columns.filter((column) => column !== undefined).map((column, i) => `${column}${gaps[i % gaps.length]}`).join('').trimEnd();
    const lines = [header, ...(nextLine ? [wparName] : []), ...tail];
    const record = lines.map((line, i) => (i === 0 ? line : `                ${line}`)).join('\n');
    return { event, login, status, time, command, real: realUser, ids, host: hostName, wpar: wparName, wparOnNextLine: nextLine, tail, record };
  });

/** An AIX line (see {@link aixLineParts}, {@link aixDefaultRecordParts} on one line) or a privileged-command message. */
export const aixRecord: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: aixLineParts.map((p) => p.line) },
  { weight: 3, arbitrary: aixDefaultRecordParts.map((p) => p.record.split('\n')[0]!) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(hostileText, hostileText, hostileText)
      .map(([host, command, id]) => `from ${host}: sudo: command ${command}, is executed by user with id ${id}`),
  },
);

// ---------------------------------------------------------------------------------------
// Mutations.
// ---------------------------------------------------------------------------------------

/** One edit of a record; positions are taken modulo the record's length. */
export type Mutation =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'swap'; readonly a: number; readonly b: number }
  | { readonly kind: 'spaces'; readonly at: number; readonly spaces: string }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly kind: 'flip'; readonly at: number; readonly mask: number }
  | { readonly kind: 'byte'; readonly at: number; readonly byte: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({
    kind: fc.constant('spaces' as const),
    at: fc.nat(),
    spaces: fc.oneof(fc.stringMatching(/^[ \t]{1,5}$/), fc.integer({ min: 1, max: 2000 }).map((n) => ' '.repeat(n))),
  }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: hostileText }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), byte: fc.constantFrom(0x00, 0x0a, 0x0d, 0x20, 0x22, 0x5c, 0x7f, 0x80, 0xc0, 0xed, 0xef, 0xfe, 0xff) }),
);

/** Splits a record into the parts a "fields swapped" mutation exchanges: words, or JSON members and values. */
function parts(record: string): string[] {
  return record.split(/(\s+|[,:{}[\]])/);
}

/**
 * Applies mutations to a record's bytes. Text edits work on the UTF-8 text; `flip` and
 * `byte` change raw bytes, so the result may not be valid UTF-8.
 */
export function mutate(record: string | Uint8Array, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(record);
  for (const m of mutations) {
    const n = bytes.length;
    const at = (p: number, extra = 0): number => (n + extra === 0 ? 0 : p % (n + extra));
    switch (m.kind) {
      case 'truncate':
        bytes = bytes.subarray(0, at(m.at));
        break;
      case 'swap': {
        const pieces = parts(bytes.toString('latin1'));
        if (pieces.length < 2) break;
        const a = m.a % pieces.length;
        const b = m.b % pieces.length;
        [pieces[a], pieces[b]] = [pieces[b]!, pieces[a]!];
        bytes = Buffer.from(pieces.join(''), 'latin1');
        break;
      }
      case 'spaces':
      case 'insert': {
        const i = at(m.at, 1);
        const text = Buffer.from(m.kind === 'spaces' ? m.spaces : m.text);
        bytes = Buffer.concat([bytes.subarray(0, i), text, bytes.subarray(i)]);
        break;
      }
      case 'delete': {
        const i = at(m.at);
        bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + m.length)]);
        break;
      }
      case 'duplicate': {
        const i = at(m.at);
        bytes = Buffer.concat([bytes.subarray(0, i + m.length), bytes.subarray(i)]);
        break;
      }
      case 'flip':
      case 'byte': {
        if (n === 0) break;
        const copy = Buffer.from(bytes);
        const i = at(m.at);
        copy[i] = m.kind === 'flip' ? copy[i]! ^ m.mask : m.byte;
        bytes = copy;
        break;
      }
    }
  }
  return bytes;
}

/** A fixture record of the integration with 1 to 3 mutations, as bytes. */
export function mutatedFixture(integration: string): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.constantFrom(...fixtureMessages(integration)), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([message, mutations]) => mutate(message, mutations));
}

/** A record from the benchmark corpus generator of the integration (realistic, varied). */
export function corpusRecord(integration: string): fc.Arbitrary<string> {
  const generate = integration === 'tanium' ? taniumLine : aixLine;
  return fc.integer().map((seed) => generate(random(seed)));
}

/** A record shaped like the integration's, with hostile values. */
export function shapedRecord(integration: string): fc.Arbitrary<string> {
  return integration === 'tanium' ? taniumRecord : aixRecord;
}

/** Records without a newline: whatever can reach a normalizer, as text. */
export function recordText(integration: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: shapedRecord(integration) },
    { weight: 3, arbitrary: mutatedFixture(integration).map((b) => b.toString('utf8')) },
    { weight: 1, arbitrary: fc.constantFrom(...fixtureMessages(integration)) },
    { weight: 1, arbitrary: corpusRecord(integration) },
    { weight: 1, arbitrary: fc.tuple(corpusRecord(integration), fc.array(mutation, { minLength: 1, maxLength: 2 })).map(([r, m]) => mutate(r, m).toString('utf8')) },
    { weight: 1, arbitrary: hostileText },
    { weight: 1, arbitrary: jsonText },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

/** One line of input as bytes, without LF: valid UTF-8 mostly, any bytes at times. */
export function lineBytes(integration: string): fc.Arbitrary<Buffer> {
  return fc
    .oneof(
      { weight: 6, arbitrary: recordText(integration).map((t) => Buffer.from(t, 'utf8')) },
      { weight: 3, arbitrary: mutatedFixture(integration) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '\r', '  \t  ', '\v\f').map((t) => Buffer.from(t)) },
    )
    .map((b) => (b.includes(0x0a) ? Buffer.from(b.toString('latin1').replace(/\n/g, ''), 'latin1') : b));
}

/** Lines joined into one input: LF or CRLF endings, a BOM at times, a last newline or not. */
export interface LinesInput {
  readonly lines: readonly Buffer[];
  readonly bytes: Buffer;
}

export function joinedLines(line: fc.Arbitrary<Buffer>, options: { readonly minLength?: number; readonly maxLength: number }): fc.Arbitrary<LinesInput> {
  return fc
    .record({
      lines: fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { minLength: options.minLength ?? 0, maxLength: options.maxLength }),
      bom: fc.boolean(),
      last: fc.boolean(),
    })
    .map(({ lines, bom, last }) => {
      const chunks: Buffer[] = bom ? [Buffer.from([0xef, 0xbb, 0xbf])] : [];
      lines.forEach(([bytes, eol], i) => {
        chunks.push(bytes);
        if (i < lines.length - 1 || last) chunks.push(Buffer.from(eol));
      });
      return { lines: lines.map(([bytes]) => bytes), bytes: Buffer.concat(chunks) };
    });
}

// ---------------------------------------------------------------------------------------
// Oracles: what a raw line must become, computed without the code under test.
// ---------------------------------------------------------------------------------------

/** True when the bytes hold only spaces, tabs, CR, LF, VT or FF: a blank line, skipped. */
export function isBlankBytes(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0x20 || (b >= 0x09 && b <= 0x0d));
}

/**
 * The lines a reader must see in `bytes`: split on LF, one CR before it dropped, a BOM at
 * the very start dropped, a last line without LF kept, nothing after a final LF.
 */
export function expectedLines(bytes: Buffer): Buffer[] {
  const withoutCr = (line: Buffer): Buffer => (line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line);
  const lines: Buffer[] = [];
  let start = 0;
  for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
    lines.push(withoutCr(bytes.subarray(start, end)));
    start = end + 1;
  }
  if (start < bytes.length) lines.push(withoutCr(bytes.subarray(start)));
  const first = lines[0];
  if (first && first.length >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) lines[0] = first.subarray(3);
  return lines;
}

/** A record a reader must make of lines: the number of its first line and its lines joined with LF. */
export interface ExpectedRecord {
  readonly number: number;
  readonly bytes: Buffer;
}

/**
 * The records a reader must make of `lines` (from {@link expectedLines}) and how many lines
 * it must skip, with the integration's framing (or one record per non-blank line without
 * one): a record is a start line and the continuation lines after it; a blank line ends a
 * record; a continuation with no record before it is a record alone; a heading is skipped,
 * and so is a valid one-line record right before it that the framing calls its preamble. A
 * line that is not valid UTF-8 is never skipped as a heading or preamble.
 */
export function expectedRecords(integration: string, lines: readonly Buffer[]): { records: ExpectedRecord[]; skipped: number } {
  const framing = getIntegration(integration).framing;
  const groups: number[][] = [];
  let open: number[] | undefined;
  let skipped = 0;
  lines.forEach((line, i) => {
    if (isBlankBytes(line)) {
      open = undefined;
      skipped += 1;
      return;
    }
    const valid = isUtf8(line) && line.length <= MAX_RECORD_BYTES;
    let kind = framing ? framing.classify(line.subarray(0, MAX_RECORD_BYTES + 1).toString('utf8')) : 'start';
    if (kind === 'heading' && !valid) kind = 'start';
    if (kind === 'heading') {
      const previous = open?.length === 1 ? lines[open[0]!]! : undefined;
      if (previous && isUtf8(previous) && previous.length <= MAX_RECORD_BYTES && framing!.isPreamble?.(previous.toString('utf8'), line.toString('utf8'))) {
        groups.pop();
        skipped += 1;
      }
      open = undefined;
      skipped += 1;
    } else if (kind === 'continuation' && open) {
      open.push(i);
    } else {
      open = [i];
      groups.push(open);
      if (kind === 'continuation') open = undefined;
    }
  });
  const records = groups.map((group) => ({
    number: group[0]! + 1,
    bytes: Buffer.concat(group.flatMap((i, at) => (at === 0 ? [lines[i]!] : [Buffer.from('\n'), lines[i]!]))),
  }));
  return { records, skipped };
}

/** Why a raw record (valid UTF-8, within the size limit) must be rejected, or undefined when it must become an event. */
export function expectedRejection(integration: string, text: string): string | undefined {
  if (integration !== 'tanium') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `record is not valid JSON: ${(error as Error).message}`;
  }
  if (parsed === null) return 'record is not a JSON object but null';
  if (Array.isArray(parsed)) return 'record is not a JSON object but an array';
  if (typeof parsed !== 'object') return `record is not a JSON object but a ${typeof parsed}`;
  return undefined;
}

/** The data of one Firehose record: one raw record, or several joined by LF or CRLF; blank at times. */
export function firehoseData(integration: string): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 8, arbitrary: joinedLines(lineBytes(integration), { minLength: 1, maxLength: 4 }).map((input) => input.bytes) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', '\r\n', ' \t\n\n').map((t) => Buffer.from(t)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)) },
  );
}

/** Epoch ms of a Firehose record's arrival (any time a stream could report). */
export const arrival = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2040, 0, 1) });

/** How PutRecordBatch answers successive calls: accepted, partly failing, throttled, unavailable, connection reset. */
export const callFaults = fc.array(fc.constantFrom('ok', 'partial', 'throttled', 'unavailable', 'hang-up') as fc.Arbitrary<'ok' | 'partial' | 'throttled' | 'unavailable' | 'hang-up'>, {
  minLength: 1,
  maxLength: 8,
});

/** The content of an S3 log drop: lines of the integration's records, blank lines, CRLF, a BOM, stored plain or gzip. */
export function objectContent(integration: string, maxLines: number): fc.Arbitrary<{ readonly content: Buffer; readonly gzip: boolean }> {
  return fc.record({
    content: fc.oneof(
      { weight: 8, arbitrary: joinedLines(lineBytes(integration), { maxLength: maxLines }).map((input) => input.bytes) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
      // A corrupt or truncated gzip stream, stored as is: it starts with the magic bytes.
      {
        weight: 1,
        arbitrary: fc
          .tuple(joinedLines(lineBytes(integration), { maxLength: maxLines }), fc.nat())
          .map(([input, cut]) => {
            const gzip = gzipSync(input.bytes);
            return gzip.subarray(0, 2 + (cut % (gzip.length - 2)));
          }),
      },
    ),
    gzip: fc.boolean(),
  });
}

/**
 * A Firehose batch past its response budget, with PutRecordBatch failing: up to
 * `maxRecords` records' data, their arrival, up to `maxExtraBudget` bytes of budget over
 * their original data, the answer to each call and, for `partial` answers, which entries fail.
 */
export function firehoseFaultCase(integration: string, maxRecords: number, maxExtraBudget: number) {
  return fc.record({
    data: fc.array(firehoseData(integration), { minLength: 1, maxLength: maxRecords }),
    arrival,
    timezone: fc.constant('UTC'),
    extraBudget: fc.integer({ min: 0, max: maxExtraBudget }),
    faults: callFaults,
    failures: fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }),
  });
}
