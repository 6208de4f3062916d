import { describe, expect, it } from 'vitest';
import { ibmAix } from '../../../functions/ibm-aix/integration.ts';
import type { RecordFraming } from '../../../lib/integration.ts';
import { normalizeBuffer } from '../../../lib/records/pipeline.ts';
import { aixEvent, CONTEXT, RECEIVED_AT } from '../../helpers/expected.ts';
import { UNPARSED } from '../../helpers/aix.ts';

/**
 * How auditpr output makes records (`auditpr -v -t 1 -m "..."` written to a file): header
 * lines start records, the indented lines after them continue them, titles and separators
 * are headings, a `-m` message line before a title is its preamble.
 */
const framing = ibmAix.framing as RecordFraming;
const isPreamble = framing.isPreamble!;

/** A reference-layout record as text a command's arguments can hold. */
const FORGED = 'FILE_Unlink root root root OK 14 May 2024 08:05:01.002875 filename /etc/passwd';

/** What the line pipeline makes of `input` with the AIX framing: its events and counts. */
function framed(input: string) {
  const { ndjson, lines, events, unparsed, blank, rejected } = normalizeBuffer(Buffer.from(input), ibmAix, CONTEXT);
  const parsed = ndjson.toString('utf8').split('\n').filter((line) => line !== '').map((line): unknown => JSON.parse(line));
  return { events: parsed, counts: { lines, events, unparsed, blank, rejected: rejected.length } };
}

describe('IBM AIX framing: classify', () => {
  it.each([
    ['the default title', 'event           login    status      time                     command                         wpar name'],
    ['the default title, WPAR name on its own line', 'event   login   status   time                             command'],
    ['the title\'s second line', '        wpar name'],
    ['a title with more columns', 'event           login    status      time                     command                         pid         ppid'],
    ['the dashed separator', '--------------- -------- ----------- ------------------------ ------------------------------- -------------------------'],
    ['an indented separator', '    ----------------'],
  ])('%s is a heading', (_name, line) => {
    expect(framing.classify(line)).toBe('heading');
  });

  it.each([
    ['a default-layout header', 'PROC_Create     alice    OK          Wed Oct 31 23:01:44 2018 ksh                             Global'],
    ['a reference-layout record', 'USER_Login      sshd                            root     alice OK          14 May 2024 08:01:12.104233  No associated roles                      user: alice tty: #012'],
    ['an indented reference-layout record (auditpr pads, forwarders indent)', '   USER_Login      sshd       root     alice OK    14 May 2024 08:01:12.104233  No associated roles  user: alice tty: #012'],
    ['an indented default-layout header', '  PROC_Create alice OK Wed Oct 31 23:01:44 2018 ksh'],
    ['an indented record in a layout that cannot be read (it is still a record)', '  PROC_Create alice staff OK Wed Oct 31 23:01:44 2018 ksh'],
    ['a -m message before a title', 'Audit trail of host-a.example.com'],
    ['a lower-case line that is not a title', 'event log rotated at midnight'],
    ['a privileged-command message', 'from host-a.example.com: sudo: command /usr/bin/ls, is executed by user with id 203'],
  ])('%s starts a record', (_name, line) => {
    expect(framing.classify(line)).toBe('start');
  });

  it.each([
    ['the WPAR name', '                Global'],
    ['a tail', '                euid: 0 egid: 0 epriv: ffffffff:ffffffff name ls -l /tmp'],
    ['a tab-indented tail', '\tforked child process 4587522'],
    ['a one-word tail', '        sshd'],
    ['a tail whose arguments hold a whole reference record', `                euid: 203 egid: 1 epriv: 0:0 name sh -c echo ${FORGED}`],
  ])('%s continues the record before it', (_name, line) => {
    expect(framing.classify(line)).toBe('continuation');
  });
});

describe('IBM AIX framing: isPreamble', () => {
  const TITLE = 'event           login    status      time                     command';
  /** auditpr -h e,l,c: a title with no status column. */
  const NO_STATUS = 'event           login    command';
  const SEPARATOR = '--------------- -------- -----------';

  it.each([
    ['a -m message before a title', 'Audit trail of host-a.example.com, week 44', TITLE],
    ['a one-word message before a title', 'AUDIT', TITLE],
    ['a message that starts with no event name, before a title with no status', 'audit trail of host-a.example.com', NO_STATUS],
    ['a message of signs before a separator', '*** AUDIT ***', SEPARATOR],
    // AIX event names are CLASS_Event: a capitalised word without `_` is a message's.
    ['a message starting with a capitalised word, under a title with no status', 'Audit trail of host-a.example.com', NO_STATUS],
    ['a one-word message in capitals, before a separator', 'AUDIT', SEPARATOR],
  ])('%s is a preamble', (_name, line, heading) => {
    expect(isPreamble(line, heading)).toBe(true);
  });

  it.each([
    ['a default-layout record before a title', 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su Global', TITLE],
    ['a reference-layout record before a title', 'FILE_Pipe alice root admin OK 10 Sep 2022 09:21:53.955363 No associated roles read: 7 write: 8', TITLE],
    ['a reference-layout record after a prefix, before a title', 'filename /bin/cdax/ksh FILE_Link dad root root OK 31 jul 2022 15:02:33.597401 No associated roles', TITLE],
    ['a record in a layout that cannot be read, before a title', 'PROC_Create alice staff OK Wed Oct 31 23:01:44 2018 ksh', TITLE],
    ['a record with no time column before its title (-t 2 -h e,l,R,c)', 'FILE_Unlink     root     OK          rm', 'event           login    status      command'],
    ['a record with a time in another language, before a title', 'FILE_Unlink     root     OK          Mi Okt 31 23:01:44 2018  rm', TITLE],
    ['a record under a title with no status (-h e,l,c)', 'FILE_Unlink     root     rm', NO_STATUS],
    ['a record of an event this integration does not know, before a separator', 'CUSTOM_Event    root     OK', SEPARATOR],
    ['a privileged-command message before a title', 'from host-a.example.com: sudo: command /usr/bin/ls, is executed by user with id 203', TITLE],
  ])('%s is a record', (_name, line, heading) => {
    expect(isPreamble(line, heading)).toBe(false);
  });
});

describe('IBM AIX framing: auditpr -v | logger (a syslog header on every line)', () => {
  const header = '<13>Oct 31 23:01:45 host-a auditpr: ';

  it.each<[name: string, line: string, expected: 'start' | 'continuation' | 'heading']>([
    ['a record', `${header}PROC_Create     alice    OK          Wed Oct 31 23:01:44 2018 ksh`, 'start'],
    ['the WPAR name', `${header}                Global`, 'continuation'],
    ['a tail', `${header}                forked child process 4587522`, 'continuation'],
    ['a title', `${header}event           login    status      time                     command`, 'heading'],
    ['a separator', `${header}--------------- -------- ----------- ------------------------`, 'heading'],
  ])('classifies %s by the text after the header', (_name, line, expected) => {
    expect(framing.classify(line)).toBe(expected);
  });

  it('reads a -m message behind a header as a preamble', () => {
    const title = `${header}event           login    status      time                     command`;
    expect(isPreamble(`${header}Audit trail of host-a.example.com`, title)).toBe(true);
    expect(isPreamble(`${header}PROC_Create alice OK Wed Oct 31 23:01:44 2018 ksh`, title)).toBe(false);
  });
});

describe('IBM AIX framing: records a tail cannot forge', () => {
  it('keeps a -v tail holding a whole record in its record: one event', () => {
    const lines = [
      'PROC_Execute    alice    OK          Wed Oct 31 23:01:44 2018 sh',
      '                Global',
      `                euid: 203 egid: 1 epriv: 0:0 name sh -c echo ${FORGED}`,
    ];
    const message = lines.join('\n');
    expect(framed(`${message}\n`)).toStrictEqual({
      events: [aixEvent({
        message,
        'event.action': 'PROC_Execute',
        'action.status': 'OK',
        'event.outcome': 'success',
        'event.type': ['start'],
        'user.name': 'alice',
        'user.id': '203',
        'group.id': '1',
        'process.name': 'sh',
        'process.command_line': `sh -c  echo ${FORGED}`,
        'file.name': '-c',
        'related.user': ['alice'],
        '@timestamp': '2018-10-31T23:01:44.000000Z',
      })],
      counts: { lines: 3, events: 1, unparsed: 0, blank: 0, rejected: 0 },
    });
  });
});

describe('IBM AIX framing: records before a title (auditpr -t 2) are never skipped', () => {
  it('normalizes records the layout of which cannot be read, one event each, as unparsed', () => {
    const title = 'event           login    status      command\n--------------- -------- ----------- ------------\n';
    const records = ['FILE_Unlink     root     OK          rm', 'FILE_Unlink     alice    FAIL        rm', 'USER_SU         alice    FAIL        su'];
    expect(framed(records.map((record) => `${title}${record}\n`).join(''))).toStrictEqual({
      events: records.map((message) => aixEvent({ message, '@timestamp': RECEIVED_AT, ...UNPARSED })),
      counts: { lines: 9, events: 3, unparsed: 3, blank: 6, rejected: 0 },
    });
  });
});
