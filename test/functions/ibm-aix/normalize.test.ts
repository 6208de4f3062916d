import { describe, expect, it } from 'vitest';
import { expectAixCases as expectCases, FRAGMENT, normalizeAix as normalize, UNPARSED } from '../../helpers/aix.ts';
import { aixEvent, CONTEXT, RECEIVED_AT } from '../../helpers/expected.ts';
import type { Flat } from '../../helpers/expected.ts';

describe('IBM AIX: SRC_Stop', () => {
  expectCases([
    ['a subsystem stop', 'SRC_Stop srcmstr root system OK 21 sep 2022 00:05:08.467005 No associated roles syslog_ng', {
      'event.action': 'SRC_Stop',
      'action.status': 'OK',
      'process.name': 'srcmstr',
      'process.user.name': 'root',
      'group.name': 'system',
      'file.name': 'syslog_ng',
      'service.name': 'syslog_ng',
      'user.name': 'root',
      'process.real_user.name': 'system',
      'event.type': ['end'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-21T00:05:08.467005Z',
      'related.user': ['root'],
    }],
    ['a failed subsystem stop', 'SRC_Stop srcmstr alice staff FAIL 21 sep 2022 00:05:08.467005 No associated roles sshd', {
      'event.action': 'SRC_Stop',
      'action.status': 'FAIL',
      'process.name': 'srcmstr',
      'process.user.name': 'alice',
      'group.name': 'staff',
      'file.name': 'sshd',
      'service.name': 'sshd',
      'user.name': 'alice',
      'process.real_user.name': 'staff',
      'event.type': ['end'],
      'event.outcome': 'failure',
      '@timestamp': '2022-09-21T00:05:08.467005Z',
      'related.user': ['alice'],
    }],
  ]);
});

describe('IBM AIX: CRON_Start and CRON_Finish', () => {
  expectCases([
    ['CRON_Finish with a pid', 'CRON_Finish cron alice staff OK 25 sep 2022 23:00:00.861158 No associated roles user = alice pid = 3932756 time = Sun Sep 25 23:00:00 2022', {
      'event.action': 'CRON_Finish',
      'action.status': 'OK',
      'process.name': 'cron',
      'process.user.name': 'alice',
      'group.name': 'staff',
      'process.pid': 3932756,
      'user.name': 'alice',
      'process.real_user.name': 'staff',
      'event.type': ['end'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-25T23:00:00.861158Z',
      'related.user': ['alice'],
    }],
    ['CRON_Finish with a command', 'CRON_Finish cron root system OK 17 sep 2022 00:00:01.139458 No associated roles event = start cron job cmd = /usr/local/bin/backup.sh >/dev/null 2>&1 time = Sat Sep 17 00:00:01 2022', {
      'event.action': 'CRON_Finish',
      'action.status': 'OK',
      'process.name': 'cron',
      'process.user.name': 'root',
      'group.name': 'system',
      'process.command_line': 'cron /usr/local/bin/backup.sh >/dev/null 2>&1',
      'user.name': 'root',
      'process.real_user.name': 'system',
      'event.type': ['end'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-17T00:00:01.139458Z',
      'related.user': ['root'],
    }],
    ['CRON_Start with a command', 'CRON_Start cron alice staff OK 17 sep 2022 00:00:00.139458 No associated roles event = start cron job cmd = /home/alice/bin/report.sh time = Sat Sep 17 00:00:00 2022', {
      'event.action': 'CRON_Start',
      'action.status': 'OK',
      'process.name': 'cron',
      'process.user.name': 'alice',
      'group.name': 'staff',
      'process.command_line': 'cron /home/alice/bin/report.sh',
      'user.name': 'alice',
      'process.real_user.name': 'staff',
      'event.type': ['start'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-17T00:00:00.139458Z',
      'related.user': ['alice'],
    }],
    ['CRON_Start with a pid', 'CRON_Start cron root system OK 17 sep 2022 00:00:00.139458 No associated roles user = root pid = 42 time = Sat Sep 17 00:00:00 2022', {
      'event.action': 'CRON_Start',
      'action.status': 'OK',
      'process.name': 'cron',
      'process.user.name': 'root',
      'group.name': 'system',
      'process.pid': 42,
      'user.name': 'root',
      'process.real_user.name': 'system',
      'event.type': ['start'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-17T00:00:00.139458Z',
      'related.user': ['root'],
    }],
    ['CRON_Start with a pid that is not a number', 'CRON_Start cron root system OK 17 sep 2022 00:00:00.139458 No associated roles user = root pid = none time = Sat Sep 17 00:00:00 2022', {
      'event.action': 'CRON_Start',
      'action.status': 'OK',
      'process.name': 'cron',
      'process.user.name': 'root',
      'group.name': 'system',
      'user.name': 'root',
      'process.real_user.name': 'system',
      'event.type': ['start'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-17T00:00:00.139458Z',
      'related.user': ['root'],
    }],
  ]);
});

describe('IBM AIX: TCP_kbind', () => {
  expectCases([
    ['a bind to a socket file', 'TCP_kbind alice staff root OK 25 sep 2022 23:14:20.826159 No associated roles fd11 /dev/.SRC-unix/SRC0006292046YEya', {
      'event.action': 'TCP_kbind',
      'action.status': 'OK',
      'user.name': 'alice',
      'group.name': 'staff',
      'process.user.name': 'root',
      'file.name': '/dev/.SRC-unix/SRC0006292046YEya',
      'process.name': 'alice',
      'process.real_user.name': 'root',
      'event.type': ['info'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-25T23:14:20.826159Z',
      'related.user': ['alice'],
    }],
    ['a bind with only a descriptor', 'TCP_kbind alice staff root OK 25 sep 2022 23:14:20.826159 No associated roles fd11', {
      'event.action': 'TCP_kbind',
      'action.status': 'OK',
      'user.name': 'alice',
      'group.name': 'staff',
      'process.user.name': 'root',
      'process.name': 'alice',
      'process.real_user.name': 'root',
      'event.type': ['info'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-25T23:14:20.826159Z',
      'related.user': ['alice'],
    }],
  ]);
});

describe('IBM AIX: TCP_kaccept', () => {
  const common: Flat = {
    'event.action': 'TCP_kaccept',
    'action.status': 'OK',
    'user.name': 'alice',
    'group.name': 'staff',
    'process.user.name': 'root',
    'process.name': 'alice',
    'process.real_user.name': 'root',
    'event.type': ['connection', 'start'],
    'event.outcome': 'success',
    '@timestamp': '2022-09-25T23:09:25.544152Z',
    'related.user': ['alice'],
  };
  const line = (tail: string) => `TCP_kaccept alice staff root OK 25 sep 2022 23:09:25.544152 No associated roles ${tail}`;
  expectCases([
    ['an accept from an IPv4 address', line('fd14 Port 192.0.2.10 1022 host01 nimaux'), {
      ...common,
      'source.ip': '192.0.2.10',
      'source.address': '192.0.2.10',
      'source.port': 1022,
      'related.ip': ['192.0.2.10'],
    }],
    ['an accept from an IPv6 address', line('fd14 Port 2001:db8::5 22 host01 nimaux'), {
      ...common,
      'source.ip': '2001:db8::5',
      'source.address': '2001:db8::5',
      'source.port': 22,
      'related.ip': ['2001:db8::5'],
    }],
    ['an accept without the Port part', line('fd14'), common],
    ['an accept without the Port part but with text', line('fd14 host01 nimaux'), common],
    ['an accept from a host name instead of an IP (source.ip left out)', line('fd14 Port host01.example.com 1022 nimaux'), { ...common, 'source.port': 1022 }],
    ['an accept with a port that is not a number (source.port left out)', line('fd14 Port 198.51.100.7 abc nimaux'), {
      ...common,
      'source.ip': '198.51.100.7',
      'source.address': '198.51.100.7',
      'related.ip': ['198.51.100.7'],
    }],
    ['an accept with a port over 65535 (source.port left out)', line('fd14 Port 198.51.100.7 70000 nimaux'), {
      ...common,
      'source.ip': '198.51.100.7',
      'source.address': '198.51.100.7',
      'related.ip': ['198.51.100.7'],
    }],
  ]);
});

describe('IBM AIX: FILE_Link', () => {
  const common: Flat = {
    'event.action': 'FILE_Link',
    'action.status': 'OK',
    'user.name': 'alice',
    'group.name': 'staff',
    'process.user.name': 'root',
    'process.name': 'alice',
    'process.real_user.name': 'root',
    'event.type': ['creation'],
    'event.outcome': 'success',
    '@timestamp': '2022-07-31T14:02:33.696402Z',
    'related.user': ['alice'],
  };
  expectCases([
    ['a link without tail', 'FILE_Link alice staff root OK 31 jul 2022 14:02:33.696402 No associated roles', common],
    ['a link with only a linkname', 'FILE_Link alice staff root OK 31 jul 2022 14:02:33.696402 No associated roles linkname /usr/bin/vi', {
      ...common,
      'file.target_path': '/usr/bin/vi',
    }],
    ['a link with a linkname and a filename', 'FILE_Link alice staff root OK 31 jul 2022 14:02:33.696402 No associated roles linkname /usr/bin/vi filename /usr/bin/vim', {
      ...common,
      'file.target_path': '/usr/bin/vi',
      'file.name': '/usr/bin/vim',
    }],
    ['a link with the filename before the event', 'filename /home/alice/ksh FILE_Link alice staff root OK 31 jul 2022 14:02:33.696402 No associated roles', {
      ...common,
      'file.name': '/home/alice/ksh',
    }],
  ]);
});

describe('IBM AIX: FILE_Read', () => {
  expectCases([
    ['a read with another descriptor number', 'FILE_Read cat staff alice OK 10 Nov 2022 09:30:12.229710 No associated roles file descriptor = 3 filename = /etc/hosts object read event detected /etc/hosts', {
      'event.action': 'FILE_Read',
      'action.status': 'OK',
      'process.name': 'cat',
      'group.name': 'staff',
      'process.user.name': 'alice',
      'file.name': '/etc/hosts',
      'user.name': 'staff',
      'process.real_user.name': 'alice',
      'event.type': ['access'],
      'event.outcome': 'success',
      '@timestamp': '2022-11-10T09:30:12.229710Z',
      'related.user': ['staff'],
    }],
  ]);
});

describe('IBM AIX: FILE_Rename', () => {
  const common: Flat = {
    'event.action': 'FILE_Rename',
    'action.status': 'OK',
    'user.name': 'alice',
    'group.name': 'staff',
    'process.user.name': 'root',
    'process.name': 'alice',
    'process.real_user.name': 'root',
    'event.type': ['change'],
    'event.outcome': 'success',
    '@timestamp': '2022-09-25T22:33:21.081155Z',
    'related.user': ['alice'],
  };
  expectCases([
    ['a rename, keeping the leading space of the new name', 'FILE_Rename alice staff root OK 25 sep 2022 22:33:21.081155 No associated roles frompath: /home/alice/a.txt topath: /home/alice/b.txt', {
      ...common,
      'file.path': '/home/alice/a.txt',
      'file.name': ' /home/alice/b.txt',
    }],
    ['a rename without a space after topath:', 'FILE_Rename alice staff root OK 25 sep 2022 22:33:21.081155 No associated roles frompath: /home/alice/a.txt topath:/home/alice/b.txt', {
      ...common,
      'file.path': '/home/alice/a.txt',
      'file.name': '/home/alice/b.txt',
    }],
    // Without topath, file.name is not set by the mapping, so the inference rule fills it.
    ['a rename without topath', 'FILE_Rename alice staff root OK 25 sep 2022 22:33:21.081155 No associated roles frompath: /home/alice/a.txt', {
      ...common,
      'file.path': '/home/alice/a.txt',
      'file.name': 'a.txt',
      'file.directory': '/home/alice',
    }],
  ]);
});

describe('IBM AIX: PROC_Execute', () => {
  const common: Flat = {
    'event.action': 'PROC_Execute',
    'action.status': 'OK',
    'group.name': 'staff',
    'process.user.name': 'alice',
    'user.id': '203',
    'group.id': '1',
    'user.name': 'staff',
    'process.real_user.name': 'alice',
    'event.type': ['start'],
    'event.outcome': 'success',
    '@timestamp': '2022-11-22T10:20:32.056053Z',
    'related.user': ['staff'],
  };
  const line = (command: string) => `PROC_Execute ksh staff alice OK 22 Nov 2022 10:20:32.056053 No associated roles euid: 203 egid: 1 epriv: ffffffff:ffffffff name ${command}`;
  expectCases([
    // The tail's program wins over column A (the command that called exec).
    ['a program with no argument', line('ls'), { ...common, 'process.name': 'ls', 'process.command_line': 'ls' }],
    // Ambiguity: with no argument the formula's joining spaces are dropped, with or without auditpr's trailing space.
    ['a program with no argument and a trailing space', line('ls '), { ...common, 'process.name': 'ls', 'process.command_line': 'ls' }],
    // Ambiguity: with one argument the formula prog + " " + arg1 + " " + rest is kept literally, as the reference's parser builds it.
    ['a program with one argument only', line('ls -l'), { ...common, 'process.name': 'ls', 'file.name': '-l', 'process.command_line': 'ls -l ' }],
    ['a program with one argument and a trailing space', line('ls -l '), { ...common, 'process.name': 'ls', 'file.name': '-l', 'process.command_line': 'ls -l  ' }],
    ['a program with several arguments', line('/usr/bin/sh -c /usr/bin/echo hello 2>&1 '), {
      ...common,
      'process.name': '/usr/bin/sh',
      'file.name': '-c',
      'process.command_line': '/usr/bin/sh -c  /usr/bin/echo hello 2>&1 ',
    }],
    ['a tail without the name part (column A stays the process name)', 'PROC_Execute ksh staff alice OK 22 Nov 2022 10:20:32.056053 No associated roles euid: 203', {
      'event.action': 'PROC_Execute',
      'action.status': 'OK',
      'process.name': 'ksh',
      'group.name': 'staff',
      'process.user.name': 'alice',
      'user.name': 'staff',
      'process.real_user.name': 'alice',
      'event.type': ['start'],
      'event.outcome': 'success',
      '@timestamp': '2022-11-22T10:20:32.056053Z',
      'related.user': ['staff'],
    }],
  ]);
});

describe('IBM AIX: USER_Login', () => {
  const common: Flat = {
    'event.action': 'USER_Login',
    'action.status': 'OK',
    'process.name': 'sshd',
    'group.name': 'staff',
    'process.user.name': 'root',
    'user.name': 'alice',
    'process.real_user.name': 'root',
    'event.type': ['start'],
    'event.outcome': 'success',
    '@timestamp': '2022-11-22T13:41:34.586022Z',
    'related.user': ['alice'],
  };
  const line = (tail: string) => `USER_Login sshd staff root OK 22 Nov 2022 13:41:34.586022 No associated roles ${tail}`;
  expectCases([
    ['a tty with # and leading zeros', line('user: alice tty: #012'), { ...common, 'process.tty.char_device.major': 12 }],
    ['a tty without #', line('user: alice tty: 12'), { ...common, 'process.tty.char_device.major': 12 }],
    ['a tty of zero', line('user: alice tty: #0'), { ...common, 'process.tty.char_device.major': 0 }],
    ['a tty that is a name (field left out)', line('user: alice tty: ssh'), common],
    ['a tty that is a device path (field left out)', line('user: alice tty: /dev/pts/3'), common],
    ['a tty of only # (field left out)', line('user: alice tty: #'), common],
    ['a user without tty', line('user: alice'), common],
    ['a login without tail', 'USER_Login sshd staff root OK 22 Nov 2022 13:41:34.586022 No associated roles', {
      'event.action': 'USER_Login',
      'action.status': 'OK',
      'process.name': 'sshd',
      'group.name': 'staff',
      'process.user.name': 'root',
      'process.real_user.name': 'root',
      'event.type': ['start'],
      'event.outcome': 'success',
      '@timestamp': '2022-11-22T13:41:34.586022Z',
    }],
    ['a login prefixed with the load module', 'flags: 80, libpath: , file: /usr/lib/security/LDAP USER_Login sshd staff root OK 22 Nov 2022 13:41:34.586022 No associated roles user: alice tty: 7', {
      ...common,
      'file.name': '/usr/lib/security/LDAP',
      'process.tty.char_device.major': 7,
    }],
  ]);
});

describe('IBM AIX: privileged command', () => {
  expectCases([
    ['a privileged command', 'from host01.example.com: unix: The privilege command /usr/sbin/lspath, is executed by user with id 111', {
      'host.name': 'host01.example.com',
      'process.command_line': '/usr/sbin/lspath',
      'user.id': '111',
      '@timestamp': RECEIVED_AT,
    }],
    ['a privileged command with arguments and commas', 'from host01.example.com: sudo: alice : The privilege command /usr/bin/chown alice,staff /tmp/report, is executed by user with id 0', {
      'host.name': 'host01.example.com',
      'process.command_line': '/usr/bin/chown alice,staff /tmp/report',
      'user.id': '0',
      '@timestamp': RECEIVED_AT,
    }],
    ['a privileged command from an IP address', 'from 192.0.2.10: unix: The privilege command /usr/sbin/lsdev -Cc disk, is executed by user with id 203', {
      'host.name': '192.0.2.10',
      'process.command_line': '/usr/sbin/lsdev -Cc disk',
      'user.id': '203',
      '@timestamp': RECEIVED_AT,
    }],
  ]);
});

describe('IBM AIX: events outside the table', () => {
  // Events the table does not know take auditpr's own columns (command, login user, real
  // user), the status's outcome and no event.type; their tail is not read.
  expectCases([
    ['a site-defined event', 'APP_Export exportd alice root OK 22 Nov 2022 13:41:34.586022 No associated roles /srv/export/a.csv', {
      'event.action': 'APP_Export',
      'action.status': 'OK',
      'event.outcome': 'success',
      'process.name': 'exportd',
      'user.name': 'alice',
      'process.real_user.name': 'root',
      '@timestamp': '2022-11-22T13:41:34.586022Z',
      'related.user': ['alice'],
    }],
    ['a site-defined event with a FAIL_ status', 'APP_Export exportd alice bob FAIL_PRIV 22 Nov 2022 13:41:34.586022 No associated roles user: alice', {
      'event.action': 'APP_Export',
      'action.status': 'FAIL_PRIV',
      'event.outcome': 'failure',
      'process.name': 'exportd',
      'user.name': 'alice',
      'process.real_user.name': 'bob',
      '@timestamp': '2022-11-22T13:41:34.586022Z',
      'related.user': ['alice'],
    }],
  ]);
});

describe('IBM AIX: lines without a header', () => {
  // The common fields, the message and the time the record was received, tagged and with
  // the reason (never an event that looks parsed but is empty); leading spaces: a fragment.
  expectCases([
    ['free text', 'some text that is not an audit record', { '@timestamp': RECEIVED_AT, ...UNPARSED }],
    ['a record truncated before its clock', 'PROC_Execute sh root alice OK 22 Nov 2022', { '@timestamp': RECEIVED_AT, ...UNPARSED }],
    // A syslog header is parsed (see ibm-aix-syslog.test.ts); the text after it has no audit header.
    ['a syslog line', 'Nov 22 10:20:32 host01 auditd[123]: audit started', {
      message: 'audit started',
      'event.original': 'Nov 22 10:20:32 host01 auditd[123]: audit started',
      'log.syslog.hostname': 'host01',
      'log.syslog.appname': 'auditd',
      'log.syslog.procid': '123',
      'host.hostname': 'host01',
      'host.name': 'host01',
      'related.hosts': ['host01'],
      ...UNPARSED,
      // No year in the header: the one that puts it closest before the reception (2026-01-02).
      '@timestamp': '2025-11-22T10:20:32.000000Z',
    }],
    ['a record with an unknown month', 'FILE_Pipe alice root admin OK 10 Sept 2022 09:21:53.955363 No associated roles read: 7 write: 8', { '@timestamp': RECEIVED_AT, ...UNPARSED }],
    ['a line with leading spaces (kept in message)', '   free text', { '@timestamp': RECEIVED_AT, ...FRAGMENT }],
    ['a from line that is not a privileged command', 'from host01.example.com: something else happened', { '@timestamp': RECEIVED_AT, ...UNPARSED }],
  ]);
});

describe('IBM AIX: column padding and separators', () => {
  expectCases([
    ['FILE_Unlink padded to auditpr columns', 'FILE_Unlink     alice                           staff    root  OK          25 sep 2022 23:14:20.756159  No associated roles                      filename /var/adm/nim/glock', {
      'event.action': 'FILE_Unlink',
      'action.status': 'OK',
      'user.name': 'alice',
      'group.name': 'staff',
      'process.user.name': 'root',
      'file.name': '/var/adm/nim/glock',
      'process.name': 'alice',
      'process.real_user.name': 'root',
      'event.type': ['deletion'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-25T23:14:20.756159Z',
      'related.user': ['alice'],
    }],
    ['CRON_Finish padded to auditpr columns', 'CRON_Finish     cron                            root     system OK          25 sep 2022 23:00:00.861158  No associated roles                      user = root pid = 3932756 time = Sun Sep 25 23:00:00 2022', {
      'event.action': 'CRON_Finish',
      'action.status': 'OK',
      'process.name': 'cron',
      'process.user.name': 'root',
      'group.name': 'system',
      'process.pid': 3932756,
      'user.name': 'root',
      'process.real_user.name': 'system',
      'event.type': ['end'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-25T23:00:00.861158Z',
      'related.user': ['root'],
    }],
    ['TCP_kaccept padded, with leading spaces', '  TCP_kaccept     alice                           staff    root  OK          25 sep 2022 23:09:25.544152  No associated roles                      fd14 Port 203.0.113.9 1022 host01', {
      'event.action': 'TCP_kaccept',
      'action.status': 'OK',
      'user.name': 'alice',
      'group.name': 'staff',
      'process.user.name': 'root',
      'source.ip': '203.0.113.9',
      'source.address': '203.0.113.9',
      'source.port': 1022,
      'process.name': 'alice',
      'process.real_user.name': 'root',
      'event.type': ['connection', 'start'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-25T23:09:25.544152Z',
      'related.ip': ['203.0.113.9'],
      'related.user': ['alice'],
    }],
    ['PROC_Kill padded to auditpr columns', 'PROC_Kill       kill                            alice    staff OK          25 sep 2022 23:14:20.816166  No associated roles                      pid: 3605020, sig: 15', {
      'event.action': 'PROC_Kill',
      'action.status': 'OK',
      'process.name': 'kill',
      'process.user.name': 'alice',
      'group.name': 'staff',
      'process.pid': 3605020,
      'user.name': 'alice',
      'process.real_user.name': 'staff',
      'event.type': ['info'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-25T23:14:20.816166Z',
      'related.user': ['alice'],
    }],
    ['a header separated by tabs', 'FILE_Unlink\talice\tstaff\troot\tOK\t25\tsep\t2022\t23:14:20.756159\tNo associated roles\tfilename /tmp/x', {
      'event.action': 'FILE_Unlink',
      'action.status': 'OK',
      'user.name': 'alice',
      'group.name': 'staff',
      'process.user.name': 'root',
      'file.name': '/tmp/x',
      'process.name': 'alice',
      'process.real_user.name': 'root',
      'event.type': ['deletion'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-25T23:14:20.756159Z',
      'related.user': ['alice'],
    }],
    ['a header separated by tabs and spaces', 'USER_Login \t sshd\t \tstaff  \troot OK\t22 Nov 2022 13:41:34.586022 \tNo associated roles \t user: alice tty: #012', {
      'event.action': 'USER_Login',
      'action.status': 'OK',
      'process.name': 'sshd',
      'group.name': 'staff',
      'process.user.name': 'root',
      'user.name': 'alice',
      'process.tty.char_device.major': 12,
      'process.real_user.name': 'root',
      'event.type': ['start'],
      'event.outcome': 'success',
      '@timestamp': '2022-11-22T13:41:34.586022Z',
      'related.user': ['alice'],
    }],
    ['a header without the roles column', 'TCP_klisten alice staff root OK 31 jul 2022 10:21:24.798402 0 fd15 qlimit 1', {
      'event.action': 'TCP_klisten',
      'action.status': 'OK',
      'user.name': 'alice',
      'group.name': 'staff',
      'process.user.name': 'root',
      'process.name': 'alice',
      'process.real_user.name': 'root',
      'event.type': ['info'],
      'event.outcome': 'success',
      '@timestamp': '2022-07-31T10:21:24.798402Z',
      'related.user': ['alice'],
    }],
    ['a clock without fraction', 'PROC_Sysconfig exportfs root system OK 25 sep 2022 23:14:20 No associated roles 3', {
      'event.action': 'PROC_Sysconfig',
      'action.status': 'OK',
      'process.name': 'exportfs',
      'process.user.name': 'root',
      'group.name': 'system',
      'user.name': 'root',
      'process.real_user.name': 'system',
      'event.type': ['change'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-25T23:14:20.000000Z',
      'related.user': ['root'],
    }],
    ['a one-digit day', 'PROC_Sysconfig exportfs root system OK 5 sep 2022 23:14:20.836155 No associated roles 3', {
      'event.action': 'PROC_Sysconfig',
      'action.status': 'OK',
      'process.name': 'exportfs',
      'process.user.name': 'root',
      'group.name': 'system',
      'user.name': 'root',
      'process.real_user.name': 'system',
      'event.type': ['change'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-05T23:14:20.836155Z',
      'related.user': ['root'],
    }],
  ]);
});

describe('IBM AIX: month names', () => {
  it.each([
    ['jan', '01'], ['FEB', '02'], ['Mar', '03'], ['apr', '04'], ['MAY', '05'], ['Jun', '06'],
    ['jul', '07'], ['AUG', '08'], ['sep', '09'], ['Sep', '09'], ['SEP', '09'], ['sEP', '09'],
    ['oct', '10'], ['Nov', '11'], ['DEC', '12'],
  ])('reads the month %s as %s', (month, number) => {
    const message = `PROC_Sysconfig exportfs root system OK 05 ${month} 2022 23:14:20.836155 No associated roles 3`;
    expect(normalize(message)).toStrictEqual(aixEvent({
      message,
      'event.action': 'PROC_Sysconfig',
      'action.status': 'OK',
      'process.name': 'exportfs',
      'process.user.name': 'root',
      'group.name': 'system',
      'user.name': 'root',
      'process.real_user.name': 'system',
      'event.type': ['change'],
      'event.outcome': 'success',
      '@timestamp': `2022-${number}-05T23:14:20.836155Z`,
      'related.user': ['root'],
    }));
  });
});

describe('IBM AIX: header time and timezone', () => {
  const event = (message: string, timestamp: string) => aixEvent({
    message,
    'event.action': 'PROC_Sysconfig',
    'action.status': 'OK',
    'process.name': 'exportfs',
    'process.user.name': 'root',
    'group.name': 'system',
    'user.name': 'root',
    'process.real_user.name': 'system',
    'event.type': ['change'],
    'event.outcome': 'success',
    '@timestamp': timestamp,
    'related.user': ['root'],
  });
  const line = (date: string) => `PROC_Sysconfig exportfs root system OK ${date} No associated roles 3`;

  it.each([
    ['UTC', '31 jul 2022 14:02:33.696402', '2022-07-31T14:02:33.696402Z'],
    ['Europe/Paris', '31 jul 2022 14:02:33.696402', '2022-07-31T12:02:33.696402Z'],
    ['Europe/Paris', '22 Nov 2022 10:20:32.056053', '2022-11-22T09:20:32.056053Z'],
    ['Europe/Paris', '01 jan 2023 00:30:00.5', '2022-12-31T23:30:00.500000Z'],
    ['Europe/Paris', '30 oct 2022 02:30:00.000001', '2022-10-30T00:30:00.000001Z'],
    ['America/New_York', '31 jul 2022 14:02:33.696402', '2022-07-31T18:02:33.696402Z'],
    ['America/New_York', '22 Nov 2022 10:20:32.056053', '2022-11-22T15:20:32.056053Z'],
    ['America/New_York', '31 dec 2022 22:30:00.123456789', '2023-01-01T03:30:00.123456Z'],
  ])('reads the header time in %s: %s is %s', (timezone, date, timestamp) => {
    const message = line(date);
    expect(normalize(message, { ...CONTEXT, timezone })).toStrictEqual(event(message, timestamp));
  });

  it.each([
    ['31 February', '31 feb 2023 10:00:00.000001'],
    ['29 February of a common year', '29 feb 2023 10:00:00.000001'],
    ['day 0', '0 mar 2023 10:00:00.000001'],
    ['hour 24', '01 mar 2023 24:00:00.000001'],
  ])('falls back to the received time for an invalid date: %s', (_name, date) => {
    const message = line(date);
    expect(normalize(message)).toStrictEqual(event(message, RECEIVED_AT));
    expect(normalize(message, { ...CONTEXT, timezone: 'Europe/Paris' })).toStrictEqual(event(message, RECEIVED_AT));
  });

  it('takes the first date of the line, not one in the tail', () => {
    const message = 'PROC_Adjtime xntpd root system OK 25 sep 2022 21:57:37.226128 No associated roles old time: 01 jan 1970 01:00:00.1664135, delta: 226172812:0';
    expect(normalize(message)).toStrictEqual(aixEvent({
      message,
      'event.action': 'PROC_Adjtime',
      'action.status': 'OK',
      'process.name': 'xntpd',
      'group.name': 'root',
      'process.user.name': 'system',
      'user.name': 'root',
      'process.real_user.name': 'system',
      'event.type': ['change'],
      'event.outcome': 'success',
      '@timestamp': '2022-09-25T21:57:37.226128Z',
      'related.user': ['root'],
    }));
  });
});
