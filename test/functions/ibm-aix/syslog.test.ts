import { describe, expect, it } from 'vitest';
import { ibmAix } from '../../../functions/ibm-aix/integration.ts';
import type { NormalizeContext } from '../../../lib/integration.ts';
import type { EcsEvent } from '../../../lib/ecs/event.ts';
import { conformanceProblems } from '../../helpers/conformance.ts';
import { aixEvent, CONTEXT, RECEIVED_AT } from '../../helpers/expected.ts';
import type { Flat } from '../../helpers/expected.ts';
import { UNPARSED } from '../../helpers/aix.ts';
import { fixtureContext, loadFixtures } from '../../helpers/fixtures.ts';

/**
 * AIX audit records as they reach a log drop: `auditstream | auditpr -v | logger`, so each
 * line starts with a syslog header (RFC 3164 or RFC 5424) and rsyslog may have escaped
 * control characters (`#012`). The record after the header normalizes as if it came bare.
 */

function normalize(line: string, context: NormalizeContext = CONTEXT): EcsEvent {
  const event = ibmAix.normalize(line, context);
  expect(conformanceProblems({}, event)).toStrictEqual([]);
  return event;
}

const SU = 'USER_SU su alice root OK 22 Nov 2022 13:41:34.586022 No associated roles root';

/** What the bare SU record gives. */
const SU_FIELDS: Flat = {
  message: SU,
  'event.action': 'USER_SU',
  'action.status': 'OK',
  'event.outcome': 'success',
  'event.type': ['start'],
  'process.name': 'su',
  'user.name': 'alice',
  'process.real_user.name': 'root',
  'user.target.name': 'root',
  '@timestamp': '2022-11-22T13:41:34.586022Z',
  'related.user': ['alice'],
};

/** What a header naming the host aixprod01 adds. */
const HOST: Flat = {
  'log.syslog.hostname': 'aixprod01',
  'host.hostname': 'aixprod01',
  'host.name': 'aixprod01',
  'related.hosts': ['aixprod01'],
};

/** The syslog framings of a record, as logger, syslogd and rsyslog write them. */
const FRAMINGS: [name: string, frame: (record: string) => string][] = [
  ['RFC 3164 with PRI', (r) => `<110>Nov 22 13:41:35 aixprod01 auditpr: ${r}`],
  ['RFC 3164 without PRI, with a pid', (r) => `Nov 22 13:41:35 aixprod01 auditpr[4063284]: ${r}`],
  ['RFC 3164 with a space-padded day', (r) => `<13>Nov  2 13:41:35 aixprod01 root: ${r}`],
  ['RFC 3164 without hostname', (r) => `<13>Nov 22 13:41:35 auditpr: ${r}`],
  ['rsyslog RFC 3339 time', (r) => `2022-11-22T13:41:35.123456+01:00 aixprod01 auditpr: ${r}`],
  ['RFC 5424', (r) => `<14>1 2022-11-22T13:41:35.123456Z aixprod01 auditpr 4063284 AUDIT - ${r}`],
  ['RFC 5424 with structured data', (r) => `<14>1 2022-11-22T13:41:35Z aixprod01 auditpr - - [timeQuality tzKnown="1" isSynced="0"][origin ip="192.0.2.10"] ${r}`],
];

describe('IBM AIX: syslog-framed records keep the reference fields', () => {
  const fixtures = loadFixtures('ibm-aix');
  for (const [framing, frame] of FRAMINGS) {
    it.each(fixtures)(`${framing}: %s`, (_name, _path, fixture) => {
      const record = fixture.input.message;
      const bare = normalize(record, fixtureContext(fixture));
      const framed = normalize(frame(record), fixtureContext(fixture));
      // Every reference field with its value, message included (the record without the header).
      expect(conformanceProblems(fixture.expected, framed)).toStrictEqual([]);
      // And every field of the bare record's event, only syslog fields added (and the
      // header time when the record carries none).
      const added = new Set(['log', 'host', 'event', 'related', '@timestamp']);
      for (const [key, value] of Object.entries(bare)) {
        if (!added.has(key)) expect(framed[key], key).toStrictEqual(value);
      }
      expect(framed.event).toStrictEqual({ ...(bare.event as EcsEvent), original: frame(record) });
      if (bare['@timestamp'] !== RECEIVED_AT) expect(framed['@timestamp']).toBe(bare['@timestamp']);
    });
  }
});

describe('IBM AIX: syslog headers', () => {
  type Case = [name: string, line: string, fields: Flat];
  it.each<Case>([
    ['RFC 3164 with PRI', `<110>Nov 22 13:41:35 aixprod01 auditpr: ${SU}`, {
      ...HOST,
      'log.syslog.priority': 110,
      'log.syslog.facility.code': 13,
      'log.syslog.severity.code': 6,
      'log.syslog.appname': 'auditpr',
    }],
    ['RFC 3164 without PRI, with a pid', `Nov 22 13:41:35 aixprod01 auditpr[4063284]: ${SU}`, {
      ...HOST,
      'log.syslog.appname': 'auditpr',
      'log.syslog.procid': '4063284',
    }],
    ['RFC 3164 without hostname', `<13>Nov 22 13:41:35 auditpr: ${SU}`, {
      'log.syslog.priority': 13,
      'log.syslog.facility.code': 1,
      'log.syslog.severity.code': 5,
      'log.syslog.appname': 'auditpr',
    }],
    ['RFC 5424', `<14>1 2022-11-22T13:41:35.123456Z aixprod01 auditpr 4063284 AUDIT - ${SU}`, {
      ...HOST,
      'log.syslog.priority': 14,
      'log.syslog.facility.code': 1,
      'log.syslog.severity.code': 6,
      'log.syslog.version': '1',
      'log.syslog.appname': 'auditpr',
      'log.syslog.procid': '4063284',
      'log.syslog.msgid': 'AUDIT',
    }],
    ['RFC 5424 with nil fields and structured data', `<14>1 2022-11-22T13:41:35Z - - - - [origin ip="192.0.2.10"] ${SU}`, {
      'log.syslog.priority': 14,
      'log.syslog.facility.code': 1,
      'log.syslog.severity.code': 6,
      'log.syslog.version': '1',
    }],
  ])('reads %s', (_name, line, fields) => {
    // The auditpr header time wins over the syslog header's.
    expect(normalize(line)).toStrictEqual(aixEvent({ ...SU_FIELDS, ...fields, 'event.original': line }));
  });

  it('takes the syslog time when the record has no auditpr time (privileged command)', () => {
    const record = 'from aixprod01.example.com: unix: The privilege command /usr/sbin/lspath, is executed by user with id 111';
    const line = `<38>1 2022-11-22T13:41:35.123456+01:00 aixprod01 unix - - - ${record}`;
    expect(normalize(line)).toStrictEqual(aixEvent({
      message: record,
      'event.original': line,
      'host.name': 'aixprod01.example.com',
      'process.command_line': '/usr/sbin/lspath',
      'user.id': '111',
      'log.syslog.priority': 38,
      'log.syslog.facility.code': 4,
      'log.syslog.severity.code': 6,
      'log.syslog.version': '1',
      'log.syslog.hostname': 'aixprod01',
      'log.syslog.appname': 'unix',
      'host.hostname': 'aixprod01',
      'related.hosts': ['aixprod01'],
      '@timestamp': '2022-11-22T12:41:35.123456Z',
    }));
  });

  it('reads a BSD header time in the configured timezone, its year from the reception', () => {
    const line = 'Dec 31 23:30:00 aixprod01 auditpr: truncated record';
    const context = { timezone: 'Europe/Paris', receivedAt: '2026-01-01T00:10:00.000000Z' };
    expect(normalize(line, context)).toStrictEqual(aixEvent({
      message: 'truncated record',
      'event.original': line,
      ...HOST,
      'log.syslog.appname': 'auditpr',
      ...UNPARSED,
      '@timestamp': '2025-12-31T22:30:00.000000Z',
    }));
  });

  it('falls back to the received time when neither header has a time', () => {
    const line = '<13>1 - aixprod01 auditpr - - - truncated record';
    expect(normalize(line)).toStrictEqual(aixEvent({
      message: 'truncated record',
      'event.original': line,
      ...HOST,
      'log.syslog.priority': 13,
      'log.syslog.facility.code': 1,
      'log.syslog.severity.code': 5,
      'log.syslog.version': '1',
      'log.syslog.appname': 'auditpr',
      ...UNPARSED,
      '@timestamp': RECEIVED_AT,
    }));
  });

  it.each([
    ['a PRI over 191', `<192>Nov 22 13:41:35 aixprod01 auditpr: ${SU}`],
    ['an unknown month', `Nox 22 13:41:35 aixprod01 auditpr: ${SU}`],
  ])('leaves a line with %s as it is (no syslog header)', (_name, line) => {
    const event = normalize(line);
    expect(event.message).toBe(line);
    expect(event.log).toBeUndefined();
    expect((event.event as EcsEvent).original).toBeUndefined();
    expect(event['@timestamp']).toBe('2022-11-22T13:41:34.586022Z');
  });
});

describe('IBM AIX: rsyslog escapes', () => {
  type Case = [name: string, message: string, fields: Flat];
  it.each<Case>([
    // The reference reads `tty: #012` as the tty 12: kept, syslog-framed or not.
    ['USER_Login2 framed, tty #012 kept as 12', '<13>Nov 22 13:41:35 aixprod01 auditpr: USER_Login      db2ckpw                         root     Pipin OK          22 Nov 2022 13:41:34.586022  No associated roles                      user: Pipin tty: #012', {
      message: 'USER_Login      db2ckpw                         root     Pipin OK          22 Nov 2022 13:41:34.586022  No associated roles                      user: Pipin tty: #012',
      ...HOST,
      'log.syslog.priority': 13,
      'log.syslog.facility.code': 1,
      'log.syslog.severity.code': 5,
      'log.syslog.appname': 'auditpr',
      'event.action': 'USER_Login',
      'action.status': 'OK',
      'event.outcome': 'success',
      'event.type': ['start'],
      'process.name': 'db2ckpw',
      'group.name': 'root',
      'process.user.name': 'Pipin',
      'process.real_user.name': 'Pipin',
      'user.name': 'Pipin',
      'process.tty.char_device.major': 12,
      '@timestamp': '2022-11-22T13:41:34.586022Z',
      'related.user': ['Pipin'],
    }],
    // A reference event's tail field keeps the text as it arrived, escape included (as the reference).
    ['SRC_Start with an escaped newline: file.name as the reference, service.name without it', 'SRC_Start srcmstr root system OK 21 sep 2022 00:00:08.467005 No associated roles syslogd#012', {
      'event.action': 'SRC_Start',
      'action.status': 'OK',
      'event.outcome': 'success',
      'event.type': ['start'],
      'process.name': 'srcmstr',
      'process.user.name': 'root',
      'group.name': 'system',
      'user.name': 'root',
      'process.real_user.name': 'system',
      'file.name': 'syslogd#012',
      'service.name': 'syslogd',
      '@timestamp': '2022-09-21T00:00:08.467005Z',
      'related.user': ['root'],
    }],
    ['a header whose columns are separated by escaped tabs', 'FILE_Unlink#011rm#011alice#011root#011OK#01125 sep 2022 23:14:20.756159#011No associated roles#011filename /tmp/x', {
      'event.action': 'FILE_Unlink',
      'action.status': 'OK',
      'event.outcome': 'success',
      'event.type': ['deletion'],
      'user.name': 'rm',
      'group.name': 'alice',
      'process.user.name': 'root',
      'process.name': 'rm',
      'process.real_user.name': 'root',
      'file.name': '/tmp/x',
      '@timestamp': '2022-09-25T23:14:20.756159Z',
      'related.user': ['rm'],
    }],
    ['a clock followed by an escaped newline (no roles column)', 'TCP_klisten sshd root root OK 31 jul 2022 10:21:24.798402#012#011fd15 qlimit 1', {
      'event.action': 'TCP_klisten',
      'action.status': 'OK',
      'event.outcome': 'success',
      'event.type': ['info'],
      'user.name': 'sshd',
      'group.name': 'root',
      'process.user.name': 'root',
      'process.name': 'sshd',
      'process.real_user.name': 'root',
      '@timestamp': '2022-07-31T10:21:24.798402Z',
      'related.user': ['sshd'],
    }],
    ['TCP_kaccept with ! as roles column (as the reference)', 'TCP_kaccept sshd root root OK 25 sep 2022 23:09:25.544152 ! fd14 Port 192.0.2.44 52814 host01 sshd', {
      'event.action': 'TCP_kaccept',
      'action.status': 'OK',
      'event.outcome': 'success',
      'event.type': ['connection', 'start'],
      'user.name': 'sshd',
      'group.name': 'root',
      'process.user.name': 'root',
      'process.name': 'sshd',
      'process.real_user.name': 'root',
      'source.ip': '192.0.2.44',
      'source.address': '192.0.2.44',
      'source.port': 52814,
      '@timestamp': '2022-09-25T23:09:25.544152Z',
      'related.ip': ['192.0.2.44'],
      'related.user': ['sshd'],
    }],
  ])('normalizes %s', (_name, line, fields) => {
    const original: Flat = line.startsWith('<') ? { 'event.original': line } : {};
    expect(normalize(line)).toStrictEqual(aixEvent({ message: line, ...original, ...fields }));
  });
});
