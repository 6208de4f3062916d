import { describe, expect, it } from 'vitest';
import { parseSyslogHeader } from '../../../lib/ecs/syslog.ts';
import type { SyslogHeader } from '../../../lib/ecs/syslog.ts';

const RECEIVED_AT = '2026-03-10T12:00:00.000000Z';

function parse(line: string, timezone = 'UTC', receivedAt = RECEIVED_AT): SyslogHeader | undefined {
  return parseSyslogHeader(line, timezone, receivedAt);
}

const NONE = { priority: undefined, version: undefined, hostname: undefined, appname: undefined, procid: undefined, msgid: undefined };

describe('Syslog: RFC 3164', () => {
  it.each<[string, string, SyslogHeader]>([
    ['PRI, host, tag and pid', '<34>Oct 11 22:14:15 mymachine su[230]: \'su root\' failed', {
      ...NONE, priority: 34, timestamp: '2025-10-11T22:14:15.000000Z', hostname: 'mymachine', appname: 'su', procid: '230', message: '\'su root\' failed',
    }],
    ['no PRI', 'Mar  9 08:01:12 aixprod01 auditpr: FS_Chroot sshd root root OK', {
      ...NONE, timestamp: '2026-03-09T08:01:12.000000Z', hostname: 'aixprod01', appname: 'auditpr', message: 'FS_Chroot sshd root root OK',
    }],
    ['no hostname (local syslogd)', '<13>Mar 10 08:01:12 auditpr: record', {
      ...NONE, priority: 13, timestamp: '2026-03-10T08:01:12.000000Z', appname: 'auditpr', message: 'record',
    }],
    ['no hostname, a tag with a pid', 'Mar 10 08:01:12 auditpr[77]: record', {
      ...NONE, timestamp: '2026-03-10T08:01:12.000000Z', appname: 'auditpr', procid: '77', message: 'record',
    }],
    ['no tag', 'Mar 10 08:01:12 aixprod01 free text: with a colon', {
      ...NONE, timestamp: '2026-03-10T08:01:12.000000Z', hostname: 'aixprod01', message: 'free text: with a colon',
    }],
    ['an IPv6 host', 'Mar 10 08:01:12 2001:db8::1 auditpr: record', {
      ...NONE, timestamp: '2026-03-10T08:01:12.000000Z', hostname: '2001:db8::1', appname: 'auditpr', message: 'record',
    }],
    ['a lower-case month and a fraction', 'mar 10 08:01:12.123 aixprod01 auditpr: record', {
      ...NONE, timestamp: '2026-03-10T08:01:12.123000Z', hostname: 'aixprod01', appname: 'auditpr', message: 'record',
    }],
    ['leading spaces of the message kept', 'Mar 10 08:01:12 aixprod01 auditpr:   FILE_Pipe x', {
      ...NONE, timestamp: '2026-03-10T08:01:12.000000Z', hostname: 'aixprod01', appname: 'auditpr', message: '  FILE_Pipe x',
    }],
    ['an rsyslog RFC 3339 time', '2026-03-10T08:01:12.123456+01:00 aixprod01 auditpr: record', {
      ...NONE, timestamp: '2026-03-10T07:01:12.123456Z', hostname: 'aixprod01', appname: 'auditpr', message: 'record',
    }],
  ])('parses %s', (_name, line, header) => {
    expect(parse(line)).toStrictEqual(header);
  });

  it('takes last year for a time more than a day after the reception (December read in January)', () => {
    expect(parse('Dec 31 23:59:59 h app: x', 'UTC', '2026-01-01T00:00:05.000000Z')?.timestamp).toBe('2025-12-31T23:59:59.000000Z');
    expect(parse('Jan  1 00:00:10 h app: x', 'UTC', '2026-01-01T00:00:05.000000Z')?.timestamp).toBe('2026-01-01T00:00:10.000000Z');
  });

  it('reads the time in the given timezone', () => {
    expect(parse('Jul 10 08:01:12 h app: x', 'Europe/Paris', '2026-07-11T00:00:00.000000Z')?.timestamp).toBe('2026-07-10T06:01:12.000000Z');
  });

  it('keeps a header whose date does not exist, without its time', () => {
    expect(parse('Feb 30 08:01:12 h app: x')).toStrictEqual({ ...NONE, timestamp: undefined, hostname: 'h', appname: 'app', message: 'x' });
  });
});

describe('Syslog: RFC 5424', () => {
  it.each<[string, string, SyslogHeader]>([
    ['every part', '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 8710 ID47 - BOMAn application event', {
      priority: 165, version: 1, timestamp: '2003-10-11T22:14:15.003000Z', hostname: 'mymachine.example.com', appname: 'evntslog',
      procid: '8710', msgid: 'ID47', message: 'BOMAn application event',
    }],
    ['nil parts', '<13>1 - - - - - - record', { ...NONE, priority: 13, version: 1, timestamp: undefined, message: 'record' }],
    ['structured data with escapes', '<13>1 2026-03-10T08:01:12Z h app - - [a x="q\\"]" y="z"][b@1 k="v"] record', {
      ...NONE, priority: 13, version: 1, timestamp: '2026-03-10T08:01:12.000000Z', hostname: 'h', appname: 'app', message: 'record',
    }],
    ['a BOM before the message', '<13>1 2026-03-10T08:01:12Z h app - - - \uFEFFrecord', {
      ...NONE, priority: 13, version: 1, timestamp: '2026-03-10T08:01:12.000000Z', hostname: 'h', appname: 'app', message: 'record',
    }],
    ['an empty message', '<13>1 2026-03-10T08:01:12Z h app - - -', {
      ...NONE, priority: 13, version: 1, timestamp: '2026-03-10T08:01:12.000000Z', hostname: 'h', appname: 'app', message: '',
    }],
  ])('parses %s', (_name, line, header) => {
    expect(parse(line)).toStrictEqual(header);
  });
});

describe('Syslog: lines without a header', () => {
  it.each([
    ['an auditpr record', 'FS_Chroot sshd root root OK 14 May 2024 08:01:12.201876 No associated roles change root directory to: /var/empty'],
    ['an auditpr record with leading spaces', '  FILE_Pipe appsvc root staff OK 14 May 2024 08:21:53.955363 No associated roles read: 7 write: 8'],
    ['a prefixed auditpr record', 'filename /bin/cdax/ksh FILE_Link dad root root OK 31 jul 2022 15:02:33.597401 No associated roles'],
    ['a privileged command', 'from host01.example.com: unix: The privilege command /usr/sbin/lspath, is executed by user with id 111'],
    ['a JSON record', '{"event":"file_open"}'],
    ['an empty line', ''],
    ['a PRI over 191', '<192>Mar 10 08:01:12 h app: x'],
    ['a PRI of four digits', '<1234>Mar 10 08:01:12 h app: x'],
    ['an unknown month', 'Abc 10 08:01:12 h app: x'],
    ['a time without host or tag', 'Mar 10 08:01:12 '],
    ['a date without time', '2026-03-10 h app: x'],
    ['a PRI alone', '<13>'],
    ['unterminated structured data', '<13>1 2026-03-10T08:01:12Z h app - - [a x="y" record'],
  ])('finds none in %s', (_name, line) => {
    expect(parse(line)).toBeUndefined();
  });
});
