import { describe, expect, it } from 'vitest';
import { LAYOUT_ERRORS } from '../../../functions/ibm-aix/layout.ts';
import type { NormalizeContext } from '../../../lib/integration.ts';
import { expectAixCases as expectCases, FRAGMENT, normalizeAix as normalize, unparsed } from '../../helpers/aix.ts';
import { aixEvent, CONTEXT, RECEIVED_AT } from '../../helpers/expected.ts';
import type { Flat } from '../../helpers/expected.ts';

/**
 * auditpr layouts other than the reference's, found per record from its shape: the
 * default `-h e,l,R,t,c`, with more columns (`-helRtcp` as the DISA STIG has it, `r`, `P`,
 * `T`, `h`), with or without `-d`, the WPAR name on the header line or the next, `-r`
 * numeric ids, `-v` tails on the following lines. Records written from IBM's auditpr
 * documentation, with auditpr's column padding.
 */

/** A `-v` record: the header line, then each continuation line indented as auditpr indents them. */
function record(header: string, ...continuation: string[]): string {
  return [header, ...continuation.map((line) => `                ${line}`)].join('\n');
}

const SU_FIELDS: Flat = {
  'event.action': 'USER_SU',
  'action.status': 'OK',
  'event.outcome': 'success',
  'event.type': ['start'],
  'user.name': 'alice',
  'process.name': 'su',
  'related.user': ['alice'],
  '@timestamp': '2018-10-31T23:01:44.000000Z',
};

/** The fields of a `<13>... host-a auditpr: ` syslog header. */
const SYSLOG_HOST_A: Flat = {
  'log.syslog.priority': 13,
  'log.syslog.facility.code': 1,
  'log.syslog.severity.code': 5,
  'log.syslog.hostname': 'host-a',
  'log.syslog.appname': 'auditpr',
  'host.hostname': 'host-a',
  'host.name': 'host-a',
  'related.hosts': ['host-a'],
};

/** PROC_Create by alice from ksh; the pid is the forked child's, from the tail. */
const CREATE_FIELDS: Flat = {
  'event.action': 'PROC_Create',
  'action.status': 'OK',
  'event.outcome': 'success',
  'event.type': ['start'],
  'user.name': 'alice',
  'process.name': 'ksh',
  'process.pid': 4587522,
  'related.user': ['alice'],
  '@timestamp': '2018-10-31T23:01:44.000000Z',
};

describe('IBM AIX layouts: the default -h e,l,R,t,c', () => {
  expectCases([
    ['a ctime time, no WPAR column', 'USER_SU         alice    OK          Wed Oct 31 23:01:44 2018 su', SU_FIELDS],
    ['a ctime time and the WPAR name on the line', 'USER_SU         alice    OK          Wed Oct 31 23:01:44 2018 su                              Global', SU_FIELDS],
    ['a -v tail on the next line', record('USER_SU         alice    OK          Wed Oct 31 23:01:44 2018 su                              Global', 'root'), {
      ...SU_FIELDS,
      'user.target.name': 'root',
    }],
    ['a day of month padded with a space', record('PROC_Create     alice    OK          Fri Feb  8 14:03:57 2019 ksh                             Global', 'forked child process 4587522'), { ...CREATE_FIELDS, '@timestamp': '2019-02-08T14:03:57.000000Z' }],
    ['the WPAR name on the next line, then the tail', record('PROC_Create     alice    OK          Wed Oct 31 23:01:44 2018 ksh', 'Global', 'forked child process 4587522'), CREATE_FIELDS],
    ['a WPAR other than the global environment (container.*)', record('PROC_Delete     alice    OK          Wed Oct 31 23:01:44 2018 ksh                             wpar01', 'exited child process 4587522'), {
      'event.action': 'PROC_Delete',
      'action.status': 'OK',
      'event.outcome': 'success',
      'event.type': ['end'],
      'user.name': 'alice',
      'process.name': 'ksh',
      'process.pid': 4587522,
      'container.name': 'wpar01',
      'container.runtime': 'wpar',
      'related.user': ['alice'],
      '@timestamp': '2018-10-31T23:01:44.000000Z',
    }],
    ['-d time with a lower-case month and a tail of the reference events', record('FILE_Unlink     bob      OK          08 feb 2019 14:03:57.120034 rm', 'filename /home/bob/old.txt'), {
      'event.action': 'FILE_Unlink',
      'action.status': 'OK',
      'event.outcome': 'success',
      'event.type': ['deletion'],
      'user.name': 'bob',
      'process.name': 'rm',
      'file.name': '/home/bob/old.txt',
      'related.user': ['bob'],
      '@timestamp': '2019-02-08T14:03:57.120034Z',
    }],
    ['-d time with the WPAR name', 'FILE_Unlink     bob      FAIL_DAC    08 Feb 2019 14:03:57.120034 rm                              Global', {
      'event.action': 'FILE_Unlink',
      'action.status': 'FAIL_DAC',
      'event.outcome': 'failure',
      'event.type': ['deletion'],
      'user.name': 'bob',
      'process.name': 'rm',
      'related.user': ['bob'],
      '@timestamp': '2019-02-08T14:03:57.120034Z',
    }],
    ['-r: the login user as a numeric id', 'USER_SU         203      FAIL        Wed Oct 31 23:01:44 2018 su                              Global', {
      'event.action': 'USER_SU',
      'action.status': 'FAIL',
      'event.outcome': 'failure',
      'event.type': ['start'],
      'user.id': '203',
      'process.name': 'su',
      '@timestamp': '2018-10-31T23:01:44.000000Z',
    }],
    ['USER_Login: the user from the tail, not the login column (the daemon\'s)', record('USER_Login      root     OK          Wed Oct 31 23:01:44 2018 sshd                            Global', 'user: alice tty: /dev/pts/0'), {
      'event.action': 'USER_Login',
      'action.status': 'OK',
      'event.outcome': 'success',
      'event.type': ['start'],
      'user.name': 'alice',
      'process.name': 'sshd',
      'related.user': ['alice'],
      '@timestamp': '2018-10-31T23:01:44.000000Z',
    }],
    ['rsyslog\'s escaped newlines (the whole -v record on one line)', 'PROC_Create alice OK Wed Oct 31 23:01:44 2018 ksh Global#012 forked child process 4587522#012', CREATE_FIELDS],
  ]);

  it('reads a ctime time in the configured timezone, to whole seconds', () => {
    const message = 'USER_SU         alice    OK          Wed Oct 31 23:01:44 2018 su';
    const event = normalize(message, { timezone: 'America/New_York', receivedAt: RECEIVED_AT });
    expect(event['@timestamp']).toBe('2018-11-01T03:01:44.000000Z');
  });

  it('keeps the syslog header\'s host over the record\'s host column', () => {
    const message = 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su 5374106 host-b Global';
    const line = `<13>Oct 31 23:01:45 host-a auditpr: ${message}`;
    expect(normalize(line)).toStrictEqual(aixEvent({
      ...SU_FIELDS,
      'process.pid': 5374106,
      message,
      'event.original': line,
      ...SYSLOG_HOST_A,
    }));
  });

  it('reads a syslog header in front of the record', () => {
    const message = 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su Global';
    const line = `<13>Oct 31 23:01:45 host-a auditpr: ${message}`;
    expect(normalize(line)).toStrictEqual(aixEvent({
      ...SU_FIELDS,
      message,
      'event.original': line,
      ...SYSLOG_HOST_A,
    }));
  });
});

describe('IBM AIX layouts: the default plus p, P, T, r, h', () => {
  expectCases([
    ['-helRtcp (the DISA STIG\'s) with a PROC_Execute tail: the pid column wins', record('PROC_Execute    root     OK          Wed Oct 31 23:01:44 2018 ls                              5374106     Global', 'euid: 0 egid: 0 epriv: ffffffff:ffffffff name ls -l /tmp'), {
      'event.action': 'PROC_Execute',
      'action.status': 'OK',
      'event.outcome': 'success',
      'event.type': ['start'],
      'user.name': 'root',
      'user.id': '0',
      'group.id': '0',
      'process.name': 'ls',
      'process.pid': 5374106,
      'process.command_line': 'ls -l  /tmp',
      'file.name': '-l',
      'related.user': ['root'],
      '@timestamp': '2018-10-31T23:01:44.000000Z',
    }],
    ['-helRtcp: a forked child\'s pid in the tail does not replace the process\'s', record('PROC_Create     alice    OK          Wed Oct 31 23:01:44 2018 ksh                             5374106     Global', 'forked child process 4587522'), { ...CREATE_FIELDS, 'process.pid': 5374106 }],
    ['-helRtcrpPTh: real user, pid, ppid, thread id, host', record('CRON_Start      root     OK          Wed Oct 31 23:00:00 2018 cron                            daemon   3932756     1           12583       host-a       Global', 'event = start cron job cmd = /usr/local/bin/backup.sh time = Wed Oct 31 23:00:00 2018'), {
      'event.action': 'CRON_Start',
      'action.status': 'OK',
      'event.outcome': 'success',
      'event.type': ['start'],
      'user.name': 'root',
      'process.name': 'cron',
      'process.command_line': 'cron /usr/local/bin/backup.sh',
      'process.real_user.name': 'daemon',
      'process.pid': 3932756,
      'process.parent.pid': 1,
      'process.thread.id': 12583,
      'host.hostname': 'host-a',
      'host.name': 'host-a',
      'related.user': ['root'],
      'related.hosts': ['host-a'],
      '@timestamp': '2018-10-31T23:00:00.000000Z',
    }],
    ['-helRtcph with the host none (no CPU id in the record)', 'USER_SU         alice    OK          Wed Oct 31 23:01:44 2018 su                              5374106     none         Global', {
      ...SU_FIELDS,
      'process.pid': 5374106,
    }],
    ['-helRtcph with a CPU id for the host (no host name matched it)', 'USER_SU         alice    OK          Wed Oct 31 23:01:44 2018 su                              5374106     00F84C5B4C00ABCD  Global', {
      ...SU_FIELDS,
      'process.pid': 5374106,
    }],
    ['-helRtcph with the WPAR name on the next line', record('USER_SU         alice    OK          Wed Oct 31 23:01:44 2018 su                              5374106     host-a', 'Global', 'root'), {
      ...SU_FIELDS,
      'process.pid': 5374106,
      'user.target.name': 'root',
      'host.hostname': 'host-a',
      'host.name': 'host-a',
      'related.hosts': ['host-a'],
    }],
    ['-r: numeric ids, then the pid', 'USER_SU         0        OK          Wed Oct 31 23:01:44 2018 su                              5374106     Global', {
      'event.action': 'USER_SU',
      'action.status': 'OK',
      'event.outcome': 'success',
      'event.type': ['start'],
      'user.id': '0',
      'process.name': 'su',
      'process.pid': 5374106,
      '@timestamp': '2018-10-31T23:01:44.000000Z',
    }],
  ]);
});

describe('IBM AIX layouts: records that cannot be read are tagged, never mis-assigned', () => {
  expectCases([
    ['two columns between the event and the status', 'PROC_Create     alice    staff    OK          Wed Oct 31 23:01:44 2018 ksh', {
      '@timestamp': RECEIVED_AT,
      ...unparsed(LAYOUT_ERRORS.columnsBeforeStatus(2)),
    }],
    ['the reference\'s three columns with a ctime time', 'PROC_Create     ksh      alice    root OK     Wed Oct 31 23:01:44 2018', {
      '@timestamp': RECEIVED_AT,
      ...unparsed(LAYOUT_ERRORS.columnsBeforeStatus(3)),
    }],
    ['two names after the command: real user or host?', 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su root host-a', {
      '@timestamp': RECEIVED_AT,
      ...unparsed(LAYOUT_ERRORS.ambiguous('root host-a')),
    }],
    ['a word after the command and the WPAR name on the next line: a host, or a command holding a space?', record('FILE_Unlink     alice    OK          Tue Jul 21 10:33:25 2015 my tool', 'Global', 'filename /etc/passwd'), {
      '@timestamp': RECEIVED_AT,
      ...unparsed(LAYOUT_ERRORS.ambiguous('tool')),
    }],
    ['four numbers after the command', 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su 1 2 3 4', {
      '@timestamp': RECEIVED_AT,
      ...unparsed(LAYOUT_ERRORS.tooManyColumns('1 2 3 4')),
    }],
    ['a name after the global environment\'s', 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su 5374106 Global host-a', {
      '@timestamp': RECEIVED_AT,
      ...unparsed(LAYOUT_ERRORS.tooManyColumns('5374106 Global host-a')),
    }],
    ['a continuation line with no record before it', '                forked child process 4587522', {
      '@timestamp': RECEIVED_AT,
      ...FRAGMENT,
    }],
    ['an indented record in a layout that cannot be read (a record of its own, no fragment)', '  FILE_Open vi root OK 14 May 2024 08:00:01.000000 x', {
      '@timestamp': RECEIVED_AT,
      ...unparsed(LAYOUT_ERRORS.columnsBeforeStatus(2)),
    }],
    ['a WPAR line with no record before it', '                Global', {
      '@timestamp': RECEIVED_AT,
      ...FRAGMENT,
    }],
  ]);
});

describe('IBM AIX layouts: a record\'s header is on its first line, never in its tail', () => {
  /** A reference-layout record as text a command's arguments can hold. */
  const forged = 'FILE_Unlink root root root OK 14 May 2024 08:05:01.002875 filename /etc/shadow';
  const execute: Flat = {
    'event.action': 'PROC_Execute',
    'action.status': 'OK',
    'event.outcome': 'success',
    'event.type': ['start'],
    'user.name': 'alice',
    'user.id': '203',
    'group.id': '1',
    'process.name': 'sh',
    'process.command_line': `sh -c  echo ${forged}`,
    'file.name': '-c',
    'related.user': ['alice'],
    '@timestamp': '2018-10-31T23:01:44.000000Z',
  };

  expectCases([
    ['rsyslog\'s escaped newlines, a record in the tail', `PROC_Execute    alice    OK          Wed Oct 31 23:01:44 2018 sh#012                Global#012                euid: 203 egid: 1 epriv: 0:0 name sh -c echo ${forged}#012`, execute],
    ['a header line that cannot be read, a record in the tail', record('USER_SU alice OK Wed Oct 31 23:01:44 2018 su root host-a', 'Global', `name x ${forged}`), {
      '@timestamp': RECEIVED_AT,
      ...unparsed(LAYOUT_ERRORS.ambiguous('root host-a')),
    }],
  ]);
});

describe('IBM AIX layouts: the reference layout with -v tails on the next lines', () => {
  it('reads the tail from the lines after the header when the header line has none', () => {
    const header = 'FILE_Unlink     alice                           staff    root  OK          25 sep 2022 23:14:20.756159  No associated roles';
    const oneLine = normalize(`${header} filename /var/adm/nim/glock`);
    const message = record(header, 'filename /var/adm/nim/glock');
    expect(normalize(message)).toStrictEqual({ ...oneLine, message });
    expect(oneLine).toMatchObject({ file: { name: '/var/adm/nim/glock' }, user: { name: 'alice' } });
  });
});

describe('IBM AIX layouts: AIX_AUDITPR_FIELDS wins over detection', () => {
  const given = (auditprFields: string): NormalizeContext => ({ ...CONTEXT, auditprFields });

  it.each<[name: string, fields: string, message: string, expected: Flat]>([
    ['the DISA STIG\'s elRtcp', 'elRtcp', 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su 5374106 Global', { ...SU_FIELDS, 'process.pid': 5374106 }],
    ['auditpr\'s comma form', 'e,l,R,t,c,p', 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su 5374106 Global', { ...SU_FIELDS, 'process.pid': 5374106 }],
    ['an order detection cannot read (e,c,l,R,t)', 'eclRt', record('PROC_Create ksh alice OK Wed Oct 31 23:01:44 2018 Global', 'forked child process 4587522'), CREATE_FIELDS],
    ['the parent pid alone (detection would read a pid)', 'elRtcP', 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su 1 Global', { ...SU_FIELDS, 'process.parent.pid': 1 }],
    ['-r with a real user column', 'elRtcr', 'USER_SU 203 OK Wed Oct 31 23:01:44 2018 su 0 Global', {
      'event.action': 'USER_SU',
      'action.status': 'OK',
      'event.outcome': 'success',
      'event.type': ['start'],
      'user.id': '203',
      'process.real_user.id': '0',
      'process.name': 'su',
      '@timestamp': '2018-10-31T23:01:44.000000Z',
    }],
    ['the WPAR name as a column of its own (W)', 'eWlRtc', 'USER_SU wpar01 alice OK Wed Oct 31 23:01:44 2018 su', { ...SU_FIELDS, 'container.name': 'wpar01', 'container.runtime': 'wpar' }],
  ])('reads %s', (_name, fields, message, expected) => {
    expect(normalize(message, given(fields))).toStrictEqual(aixEvent({ message, ...expected }));
  });

  it('reads the reference layout with its letters (eclrRt), as without the setting', () => {
    const message = 'FILE_Unlink     alice                           staff    root  OK          25 sep 2022 23:14:20.756159  No associated roles                      filename /var/adm/nim/glock';
    expect(normalize(message, given('eclrRt'))).toStrictEqual(normalize(message));
  });

  it.each<[name: string, fields: string, message: string, reason: string]>([
    ['a record in another layout than the reference\'s', 'eclrRt', 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su', LAYOUT_ERRORS.notGiven('eclrRt', LAYOUT_ERRORS.noHeader)],
    ['a reference record under another setting', 'elRtc', 'FILE_Unlink alice staff root OK 25 sep 2022 23:14:20.756159 No associated roles filename /x', LAYOUT_ERRORS.notGiven('elRtc', LAYOUT_ERRORS.columnShape('R', 'staff'))],
    ['a column of the wrong shape', 'elRtcp', 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su Global', LAYOUT_ERRORS.notGiven('elRtcp', LAYOUT_ERRORS.columnShape('p', 'Global'))],
    ['a record too short', 'elRtcp', 'USER_SU alice OK Wed Oct 31 23:01:44 2018', LAYOUT_ERRORS.notGiven('elRtcp', LAYOUT_ERRORS.columnShape('c', undefined))],
    ['a word after the columns and the WPAR name on the next line', 'elRtc', record('FILE_Unlink alice OK Tue Jul 21 10:33:25 2015 my tool', 'Global', 'filename /etc/passwd'), LAYOUT_ERRORS.notGiven('elRtc', LAYOUT_ERRORS.extraColumns('tool'))],
    ['more columns than given', 'elRtcp', 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su 1 Global host-a', LAYOUT_ERRORS.notGiven('elRtcp', LAYOUT_ERRORS.extraColumns('Global host-a'))],
    ['free text', 'elRtc', 'some text', LAYOUT_ERRORS.notGiven('elRtc', LAYOUT_ERRORS.columnShape('e', 'some'))],
  ])('tags %s as unparsed', (_name, fields, message, reason) => {
    expect(normalize(message, given(fields))).toStrictEqual(aixEvent({ message, '@timestamp': RECEIVED_AT, ...unparsed(reason) }));
  });
});

describe('IBM AIX layouts: a -v record sent one line per syslog message', () => {
  it('reads the lines without their syslog headers; event.original keeps them', () => {
    const header = '<13>Oct 31 23:01:45 host-a auditpr: ';
    const lines = ['PROC_Create     alice    OK          Wed Oct 31 23:01:44 2018 ksh', '                Global', '                forked child process 4587522'];
    const original = lines.map((line) => `${header}${line}`).join('\n');
    expect(normalize(original)).toStrictEqual(aixEvent({
      ...CREATE_FIELDS,
      message: lines.join('\n'),
      'event.original': original,
      ...SYSLOG_HOST_A,
    }));
  });
});
