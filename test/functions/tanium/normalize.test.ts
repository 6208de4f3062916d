import { describe, expect, it } from 'vitest';
import { tanium } from '../../../functions/tanium/integration.ts';
import { RecordRejectedError } from '../../../lib/errors.ts';
import { MAX_RECORD_BYTES, normalizeRecord } from '../../../lib/records/record.ts';
import { CONTEXT, jsonParseMessage, RECEIVED_AT, taniumEvent } from '../../helpers/expected.ts';
import type { Flat } from '../../helpers/expected.ts';
import { expectTaniumCases as expectCases, normalizeTanium as normalize } from '../../helpers/tanium-cases.ts';

const HOST = { hostname: 'host01.example.com', host: '192.0.2.10' };

/** The fields a record from HOST always gives. */
const HOST_FIELDS: Flat = {
  'host.hostname': 'host01.example.com',
  'host.name': 'host01.example.com',
  'host.ip': ['192.0.2.10'],
  'observer.name': 'host01.example.com',
  'related.hosts': ['host01.example.com'],
  'related.ip': ['192.0.2.10'],
  '@timestamp': RECEIVED_AT,
};

/** What every dns_event gets beyond the reference: its ECS categorization. */
const DNS_FIELDS: Flat = {
  'event.category': ['network'],
  'event.type': ['protocol'],
  'network.protocol': 'dns',
};

/** What a type the reference does not map gets beyond the common fields. */
const UNKNOWN_FIELDS: Flat = { 'event.type': ['info'] };

/** What a recorder event gets when its `fields` cannot be read: it is unparsed. */
const FIELDS_UNPARSED: Flat = {
  'error.message': 'fields is neither a JSON object nor JSON text of one: the fields of the event are left out',
  tags: ['tanium_fields_unparsed'],
};

/** A Windows process block and what it maps to. */
const WINDOWS_PROCESS = {
  process__pid: 2540,
  process__file__full_path: 'C:\\Windows\\System32\\svchost.exe',
  process__login__user_id: 'S-1-5-21-1004336348-1177238915-682003330-1001',
  process__login__user_name: 'alice',
  process__user__group: 'EXAMPLE\\Domain Users',
  process__user__name: 'alice',
  tanium_process_id: '-4314545011392247632',
};
const WINDOWS_PROCESS_FIELDS: Flat = {
  'process.pid': 2540,
  'process.executable': 'C:\\Windows\\System32\\svchost.exe',
  'process.name': 'svchost.exe',
  'user.id': 'S-1-5-21-1004336348-1177238915-682003330-1001',
  'user.name': 'alice',
  'group.name': 'EXAMPLE\\Domain Users',
  'process.user.name': 'alice',
  'related.user': ['alice'],
};

/** A Linux process block and what it maps to. */
const LINUX_PROCESS = {
  process__pid: 1685,
  process__file__full_path: '/usr/bin/rsync',
  process__login__user_id: 1000,
  process__login__user_name: 'alice',
  process__user__group: 'staff',
};
const LINUX_PROCESS_FIELDS: Flat = {
  'process.pid': 1685,
  'process.executable': '/usr/bin/rsync',
  'process.name': 'rsync',
  'user.id': '1000',
  'user.name': 'alice',
  'group.name': 'staff',
  'related.user': ['alice'],
};

describe('Tanium: file events', () => {
  expectCases([
    ['file_create with a Windows path', { event: 'file_create', ...HOST, fields: { full_path: 'C:\\Users\\alice\\Documents\\report.docx', ...WINDOWS_PROCESS } }, {
      ...HOST_FIELDS,
      ...WINDOWS_PROCESS_FIELDS,
      'event.category': ['file'],
      'event.type': ['creation'],
      'file.path': 'C:\\Users\\alice\\Documents\\report.docx',
      'file.name': 'report.docx',
      'file.directory': 'C:\\Users\\alice\\Documents',
    }],
    ['file_delete with a Linux path', { event: 'file_delete', ...HOST, fields: { full_path: '/home/alice/old.log', ...LINUX_PROCESS } }, {
      ...HOST_FIELDS,
      ...LINUX_PROCESS_FIELDS,
      'event.category': ['file'],
      'event.type': ['deletion'],
      'file.path': '/home/alice/old.log',
      'file.name': 'old.log',
      'file.directory': '/home/alice',
    }],
    ['file_move', { event: 'file_move', ...HOST, fields: { full_path: '/home/alice/new.log', ...LINUX_PROCESS } }, {
      ...HOST_FIELDS,
      ...LINUX_PROCESS_FIELDS,
      'event.category': ['file'],
      'event.type': ['change'],
      'event.action': 'file-move',
      'file.path': '/home/alice/new.log',
      'file.name': 'new.log',
      'file.directory': '/home/alice',
    }],
    ['file_permission_change at a drive root', { event: 'file_permission_change', ...HOST, fields: { full_path: 'C:\\boot.ini', ...WINDOWS_PROCESS } }, {
      ...HOST_FIELDS,
      ...WINDOWS_PROCESS_FIELDS,
      'event.category': ['file'],
      'event.type': ['change'],
      'event.action': 'file-permission-change',
      'file.path': 'C:\\boot.ini',
      'file.name': 'boot.ini',
      'file.directory': 'C:\\',
    }],
    ['file_open with null and missing fields (left out)', { event: 'file_open', ...HOST, fields: { full_path: null, process__pid: null, process__file__full_path: '/usr/bin/cat', process__login__user_name: null } }, {
      ...HOST_FIELDS,
      'event.category': ['file'],
      'event.type': ['info'],
      'event.action': 'file-open',
      'process.executable': '/usr/bin/cat',
      'process.name': 'cat',
    }],
  ]);
});

describe('Tanium: network events', () => {
  const fields = { remote_ip: '203.0.113.5', remote_port: 443, local_ip: '192.0.2.10', local_port: 53671, ...WINDOWS_PROCESS };
  const mapped: Flat = {
    ...HOST_FIELDS,
    ...WINDOWS_PROCESS_FIELDS,
    'event.category': ['network'],
    'destination.ip': '203.0.113.5',
    'destination.address': '203.0.113.5',
    'destination.port': 443,
    'source.ip': '192.0.2.10',
    'source.address': '192.0.2.10',
    'source.port': 53671,
    'related.ip': ['192.0.2.10', '203.0.113.5'],
  };
  expectCases([
    ['network_accept', { event: 'network_accept', ...HOST, fields }, { ...mapped, 'event.type': ['allowed'] }],
    ['network_connect', { event: 'network_connect', ...HOST, fields }, { ...mapped, 'event.type': ['start'] }],
    ['network_disconnect', { event: 'network_disconnect', ...HOST, fields }, { ...mapped, 'event.type': ['end'] }],
    ['network_connect over IPv6', { event: 'network_connect', ...HOST, fields: { remote_ip: '2001:db8::53', remote_port: 53, local_ip: '2001:db8::10', local_port: 40000 } }, {
      ...HOST_FIELDS,
      'event.category': ['network'],
      'event.type': ['start'],
      'destination.ip': '2001:db8::53',
      'destination.address': '2001:db8::53',
      'destination.port': 53,
      'source.ip': '2001:db8::10',
      'source.address': '2001:db8::10',
      'source.port': 40000,
      'related.ip': ['192.0.2.10', '2001:db8::10', '2001:db8::53'],
    }],
    ['numbers given as strings', { event: 'network_accept', ...HOST, fields: { remote_ip: '198.51.100.7', remote_port: '443', local_port: '8443', process__pid: '1685', process__login__user_id: 0 } }, {
      ...HOST_FIELDS,
      'event.category': ['network'],
      'event.type': ['allowed'],
      'destination.ip': '198.51.100.7',
      'destination.address': '198.51.100.7',
      'destination.port': 443,
      'source.port': 8443,
      'process.pid': 1685,
      'user.id': '0',
      'related.ip': ['192.0.2.10', '198.51.100.7'],
    }],
    ['ports that are not ports (left out)', { event: 'network_disconnect', ...HOST, fields: { remote_ip: '198.51.100.7', remote_port: 'abc', local_ip: '192.0.2.10', local_port: 70000 } }, {
      ...HOST_FIELDS,
      'event.category': ['network'],
      'event.type': ['end'],
      'destination.ip': '198.51.100.7',
      'destination.address': '198.51.100.7',
      'source.ip': '192.0.2.10',
      'source.address': '192.0.2.10',
      'related.ip': ['192.0.2.10', '198.51.100.7'],
    }],
    ['IP fields holding host names (left out)', { event: 'network_connect', hostname: 'host01.example.com', host: 'host01.example.com', fields: { remote_ip: 'www.example.com', remote_port: 80, local_ip: 'host01', local_port: 50000 } }, {
      'host.hostname': 'host01.example.com',
      'host.name': 'host01.example.com',
      'observer.name': 'host01.example.com',
      'related.hosts': ['host01.example.com'],
      '@timestamp': RECEIVED_AT,
      'event.category': ['network'],
      'event.type': ['start'],
      'destination.port': 80,
      'source.port': 50000,
    }],
    ['a pid that is not an integer (left out)', { event: 'network_connect', ...HOST, fields: { process__pid: 12.5, process__login__user_id: 4294967295 } }, {
      ...HOST_FIELDS,
      'event.category': ['network'],
      'event.type': ['start'],
      'user.id': '4294967295',
    }],
  ]);
});

describe('Tanium: process_start', () => {
  const record = (createTime: string) => ({
    event: 'process_start',
    ...HOST,
    fields: {
      file__md5: '8ed54b7dcf043252441bca716b8c461f',
      create_time: createTime,
      parent__command_line: 'C:\\Windows\\explorer.exe',
      file__full_path: 'C:\\Program Files\\Vendor\\agent.exe',
      pid: 14664,
      command_line: '"C:\\Program Files\\Vendor\\agent.exe" --run',
      parent__file__full_path: 'C:\\Windows\\explorer.exe',
      parent_pid: 1550,
      process__login__user_name: 'alice',
    },
  });
  const mapped = (start?: string): Flat => ({
    ...HOST_FIELDS,
    ...(start === undefined ? {} : { 'process.start': start }),
    'event.category': ['process'],
    'event.type': ['start'],
    'process.hash.md5': '8ed54b7dcf043252441bca716b8c461f',
    'process.parent.executable': 'C:\\Windows\\explorer.exe',
    'process.parent.name': 'explorer.exe',
    'process.parent.command_line': 'C:\\Windows\\explorer.exe',
    'process.parent.pid': 1550,
    'process.executable': 'C:\\Program Files\\Vendor\\agent.exe',
    'process.command_line': '"C:\\Program Files\\Vendor\\agent.exe" --run',
    'file.path': 'C:\\Program Files\\Vendor\\agent.exe',
    'file.name': 'agent.exe',
    'file.directory': 'C:\\Program Files\\Vendor',
    'user.name': 'alice',
    'related.user': ['alice'],
    'related.hash': ['8ed54b7dcf043252441bca716b8c461f'],
    // Beyond the reference: the started process's name and pid from file__full_path and pid.
    'process.name': 'agent.exe',
    'process.pid': 14664,
  });
  expectCases([
    ['a create_time with +00:00', record('2021-07-15T13:47:13.084000+00:00'), mapped('2021-07-15T13:47:13.084000Z')],
    ['a create_time with +02:00', record('2021-07-15T13:47:13.084000+02:00'), mapped('2021-07-15T11:47:13.084000Z')],
    ['a create_time with -05:30', record('2021-07-15T23:47:13.084000-05:30'), mapped('2021-07-16T05:17:13.084000Z')],
    ['a create_time with Z', record('2021-07-15T13:47:13.084Z'), mapped('2021-07-15T13:47:13.084000Z')],
    ['a create_time without fraction', record('2021-07-15T13:47:13Z'), mapped('2021-07-15T13:47:13.000000Z')],
    ['a create_time with a 9-digit fraction', record('2021-07-15T13:47:13.123456789+00:00'), mapped('2021-07-15T13:47:13.123456Z')],
    ['a create_time that is not a date (left out)', record('yesterday'), mapped()],
    ['a create_time of 31 February (left out)', record('2021-02-31T13:47:13Z'), mapped()],
    ['a process_start with a process__ block', {
      event: 'process_start',
      ...HOST,
      fields: { file__full_path: '/usr/sbin/ipset', process__file__full_path: '/usr/sbin/ipset', process__pid: '14664', parent_pid: '1550' },
    }, {
      ...HOST_FIELDS,
      'event.category': ['process'],
      'event.type': ['start'],
      'process.executable': '/usr/sbin/ipset',
      'process.name': 'ipset',
      'process.pid': 14664,
      'process.parent.pid': 1550,
      'file.path': '/usr/sbin/ipset',
      'file.name': 'ipset',
      'file.directory': '/usr/sbin',
    }],
  ]);
});

describe('Tanium: registry events', () => {
  const fields = {
    key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
    value_name: 'Updater',
    file__full_path: 'C:\\Windows\\regedit.exe',
    ...WINDOWS_PROCESS,
  };
  const mapped: Flat = {
    ...HOST_FIELDS,
    'event.category': ['registry'],
    'registry.path': 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
    'registry.value': 'Updater',
    'process.pid': 2540,
    'process.executable': 'C:\\Windows\\regedit.exe',
    'process.name': 'svchost.exe',
    'user.id': 'S-1-5-21-1004336348-1177238915-682003330-1001',
    'user.name': 'alice',
    'related.user': ['alice'],
    'process.user.name': 'alice',
    'group.name': 'EXAMPLE\\Domain Users',
  };
  expectCases([
    ['registry_create', { event: 'registry_create', ...HOST, fields }, { ...mapped, 'event.type': ['creation'] }],
    ['registry_set', { event: 'registry_set', ...HOST, fields }, { ...mapped, 'event.type': ['change'] }],
    ['registry_set with a numeric user id', { event: 'registry_set', ...HOST, fields: { key: 'HKCU\\Software\\Vendor', process__login__user_id: 0 } }, {
      ...HOST_FIELDS,
      'event.category': ['registry'],
      'event.type': ['change'],
      'registry.path': 'HKCU\\Software\\Vendor',
      'user.id': '0',
    }],
  ]);
});

describe('Tanium: dns_event', () => {
  expectCases([
    ['a query with a response', { event: 'dns_event', ...HOST, fields: { query: 'www.example.com', response: '203.0.113.5' } }, {
      ...HOST_FIELDS,
      ...DNS_FIELDS,
      'dns.question.name': 'www.example.com',
      'dns.answers': [{ name: '203.0.113.5' }],
      'dns.resolved_ip': ['203.0.113.5'],
    }],
    ['a query answered by a name, not an address (no resolved IP)', { event: 'dns_event', ...HOST, fields: { query: 'www.example.com', response: 'cdn.example.net' } }, {
      ...HOST_FIELDS,
      ...DNS_FIELDS,
      'dns.question.name': 'www.example.com',
      'dns.answers': [{ name: 'cdn.example.net' }],
    }],
    ['a query without response', { event: 'dns_event', ...HOST, fields: { query: 'www.example.com' } }, {
      ...HOST_FIELDS,
      ...DNS_FIELDS,
      'dns.question.name': 'www.example.com',
    }],
    ['a query with a null response', { event: 'dns_event', ...HOST, fields: { query: 'www.example.com', response: null } }, {
      ...HOST_FIELDS,
      ...DNS_FIELDS,
      'dns.question.name': 'www.example.com',
    }],
  ]);
});

describe('Tanium: records without a known type', () => {
  expectCases([
    ['an unknown type (common fields and event.type info)', { event: 'driver_load', ...HOST, fields: { full_path: '/lib/modules/x.ko', process__pid: 1 } }, { ...HOST_FIELDS, ...UNKNOWN_FIELDS }],
    ['a record with no event', { ...HOST, fields: { full_path: '/tmp/x' } }, { ...HOST_FIELDS, ...UNKNOWN_FIELDS }],
    ['a record with no fields', { event: 'file_create', ...HOST }, { ...HOST_FIELDS, 'event.category': ['file'], 'event.type': ['creation'] }],
    ['a record whose fields is JSON text of an object (as Connect writes nested objects)', {
      event: 'process_start',
      ...HOST,
      fields: JSON.stringify({ pid: 14664, file__full_path: '/usr/bin/bash', command_line: '-bash' }),
    }, {
      ...HOST_FIELDS,
      'event.category': ['process'],
      'event.type': ['start'],
      'process.executable': '/usr/bin/bash',
      'process.name': 'bash',
      'process.pid': 14664,
      'process.command_line': '-bash',
      'file.path': '/usr/bin/bash',
      'file.name': 'bash',
      'file.directory': '/usr/bin',
    }],
    ['a record whose fields is a string that is not JSON (unparsed)', { event: 'file_create', ...HOST, fields: 'full_path=/tmp/x' }, {
      ...HOST_FIELDS,
      ...FIELDS_UNPARSED,
      'event.category': ['file'],
      'event.type': ['creation'],
    }],
    ['a record whose fields is JSON text cut short (unparsed)', { event: 'file_create', ...HOST, fields: '{"full_path":"/tmp/x"' }, {
      ...HOST_FIELDS,
      ...FIELDS_UNPARSED,
      'event.category': ['file'],
      'event.type': ['creation'],
    }],
    ['a record whose fields is an array (unparsed)', { event: 'file_create', ...HOST, fields: [{ full_path: '/tmp/x' }] }, {
      ...HOST_FIELDS,
      ...FIELDS_UNPARSED,
      'event.category': ['file'],
      'event.type': ['creation'],
    }],
    ['a record whose fields is a number, of a type without mapping (unparsed)', { event: 'driver_load', ...HOST, fields: 42 }, { ...HOST_FIELDS, ...UNKNOWN_FIELDS, ...FIELDS_UNPARSED }],
    ['a record whose fields is null', { event: 'file_create', ...HOST, fields: null }, { ...HOST_FIELDS, 'event.category': ['file'], 'event.type': ['creation'] }],
    ['an empty object', {}, { '@timestamp': RECEIVED_AT, ...UNKNOWN_FIELDS }],
    ['a numeric hostname', { event: 'driver_load', hostname: 2256269043, host: '172.16.2.1' }, {
      'host.hostname': '2256269043',
      'host.name': '2256269043',
      'host.ip': ['172.16.2.1'],
      'observer.name': '2256269043',
      'related.hosts': ['2256269043'],
      'related.ip': ['172.16.2.1'],
      '@timestamp': RECEIVED_AT,
      ...UNKNOWN_FIELDS,
    }],
    ['own keys only (__proto__ in fields)', { event: 'file_create', ...HOST, fields: JSON.parse('{"__proto__":{"full_path":"/etc/passwd"}}') as object }, {
      ...HOST_FIELDS,
      'event.category': ['file'],
      'event.type': ['creation'],
    }],
  ]);
});

describe('Tanium: record time', () => {
  expectCases([
    ['a top-level ISO timestamp', { event: 'dns_event', ...HOST, timestamp: '2026-03-04T05:06:07.123456Z', fields: { query: 'www.example.com' } }, {
      ...HOST_FIELDS,
      ...DNS_FIELDS,
      'dns.question.name': 'www.example.com',
      '@timestamp': '2026-03-04T05:06:07.123456Z',
    }],
    ['a top-level timestamp with an offset', { event: 'dns_event', ...HOST, timestamp: '2026-03-04T05:06:07+01:00', fields: { query: 'www.example.com' } }, {
      ...HOST_FIELDS,
      ...DNS_FIELDS,
      'dns.question.name': 'www.example.com',
      '@timestamp': '2026-03-04T04:06:07.000000Z',
    }],
    ['a top-level timestamp in epoch milliseconds', { event: 'dns_event', ...HOST, timestamp: 1_700_000_000_123, fields: { query: 'www.example.com' } }, {
      ...HOST_FIELDS,
      ...DNS_FIELDS,
      'dns.question.name': 'www.example.com',
      '@timestamp': '2023-11-14T22:13:20.123000Z',
    }],
    ['a top-level timestamp in epoch seconds (below 1e11)', { event: 'dns_event', ...HOST, timestamp: 1_715_673_673, fields: { query: 'www.example.com' } }, {
      ...HOST_FIELDS,
      ...DNS_FIELDS,
      'dns.question.name': 'www.example.com',
      '@timestamp': '2024-05-14T08:01:13.000000Z',
    }],
    ['a top-level timestamp that is not a date (received time)', { event: 'dns_event', ...HOST, timestamp: 'now', fields: { query: 'www.example.com' } }, {
      ...HOST_FIELDS,
      ...DNS_FIELDS,
      'dns.question.name': 'www.example.com',
    }],
    ['a top-level timestamp out of range (received time)', { event: 'dns_event', ...HOST, timestamp: 1e20, fields: { query: 'www.example.com' } }, {
      ...HOST_FIELDS,
      ...DNS_FIELDS,
      'dns.question.name': 'www.example.com',
    }],
    ['a top-level timestamp of another type (received time)', { event: 'dns_event', ...HOST, timestamp: true, fields: { query: 'www.example.com' } }, {
      ...HOST_FIELDS,
      ...DNS_FIELDS,
      'dns.question.name': 'www.example.com',
    }],
  ]);

  it('uses the received time of the context when the record has none', () => {
    const message = JSON.stringify({ event: 'dns_event', ...HOST, fields: { query: 'www.example.com' } });
    expect(normalize(message, { timezone: 'Europe/Paris', receivedAt: '2026-07-01T00:00:00.000000Z' })).toStrictEqual(
      taniumEvent({ message, ...HOST_FIELDS, ...DNS_FIELDS, 'dns.question.name': 'www.example.com', '@timestamp': '2026-07-01T00:00:00.000000Z' }),
    );
  });
});

describe('Tanium: JSON behind a syslog header (Connect output written to a file by a syslog relay)', () => {
  const dns = JSON.stringify({ event: 'dns_event', ...HOST, fields: { query: 'www.example.com' } });
  const timed = JSON.stringify({ event: 'dns_event', ...HOST, timestamp: '2026-03-04T05:06:07.123456Z', fields: { query: 'www.example.com' } });
  const DNS: Flat = { ...HOST_FIELDS, ...DNS_FIELDS, 'dns.question.name': 'www.example.com' };

  it.each([
    [
      'RFC 3164, as rsyslog writes it to a file: the header time (its year inferred from the reception) when the record has none',
      `Jan  1 23:59:58 relay-a.example.com tanium[4242]: ${dns}`,
      dns,
      { 'log.syslog.hostname': 'relay-a.example.com', 'log.syslog.appname': 'tanium', 'log.syslog.procid': '4242', '@timestamp': '2026-01-01T23:59:58.000000Z' },
    ],
    [
      "RFC 5424 with a priority: the record's own time",
      `<14>1 2026-03-04T05:06:09.000Z relay-a.example.com Tanium - - - ${timed}`,
      timed,
      {
        'log.syslog.priority': 14,
        'log.syslog.facility.code': 1,
        'log.syslog.severity.code': 6,
        'log.syslog.version': '1',
        'log.syslog.hostname': 'relay-a.example.com',
        'log.syslog.appname': 'Tanium',
        '@timestamp': '2026-03-04T05:06:07.123456Z',
      },
    ],
  ])('%s', (_name, line, json, syslog) => {
    // The event of the JSON alone, with the header's fields; the host stays the record's, not the relay's.
    expect(normalize(line)).toStrictEqual(taniumEvent({ message: json, ...DNS, ...syslog, 'event.original': line }));
  });

  it('rejects a header followed by something other than JSON, with the reason for what follows it', () => {
    expect(normalizeRecord(tanium, 'Mar  4 05:06:07 relay-a.example.com tanium: not json', CONTEXT)).toStrictEqual({
      reason: `record is not valid JSON: ${jsonParseMessage('not json')}`,
    });
  });
});

describe('Tanium: records that are not JSON objects', () => {
  it.each([
    // Our reason quotes V8's message, whose wording is the engine's (jsonParseMessage).
    ...[
      ['text', 'not json'],
      ['truncated JSON', '{"event":"file_open","hostname":"host01'],
      ['JSON cut after a comma', '{"event":"file_open",'],
      ['two JSON values', '{"event":"file_open"}}'],
      ['an empty record', ''],
    ].map(([name, record]) => [name!, record!, `record is not valid JSON: ${jsonParseMessage(record!)}`]),
    ['a JSON array', '[{"event":"file_open"}]', 'record is not a JSON object but an array'],
    ['a JSON string', '"file_open"', 'record is not a JSON object but a string'],
    ['a JSON number', '42', 'record is not a JSON object but a number'],
    ['JSON null', 'null', 'record is not a JSON object but null'],
    ['a JSON boolean', 'true', 'record is not a JSON object but a boolean'],
  ])('rejects %s with its reason', (_name, record, reason) => {
    let thrown: unknown;
    try {
      tanium.normalize(record, CONTEXT);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RecordRejectedError);
    const error = thrown as RecordRejectedError;
    expect(error.integration).toBe('tanium');
    expect(error.reason).toBe(reason);
    expect(error.message).toBe(`tanium: ${reason}`);
    expect(normalizeRecord(tanium, record, CONTEXT)).toStrictEqual({ reason });
  });

  it('rejects a record over MAX_RECORD_BYTES through normalizeRecord, naming its size', () => {
    const record = JSON.stringify({ event: 'file_open', ...HOST, fields: { full_path: `/tmp/${'a'.repeat(MAX_RECORD_BYTES)}` } });
    const size = Buffer.byteLength(record);
    expect(size).toBeGreaterThan(MAX_RECORD_BYTES);
    expect(normalizeRecord(tanium, record, CONTEXT)).toStrictEqual({ reason: `record is ${size} bytes, over the 1048576-byte limit` });
  });
});

describe('Tanium: enrichment beyond the reference', () => {
  expectCases([
    ['file_move with source and destination only', { event: 'file_move', ...HOST, fields: { src_full_path: '/tmp/payload', dst_full_path: '/usr/local/bin/payload', ...LINUX_PROCESS } }, {
      ...HOST_FIELDS,
      ...LINUX_PROCESS_FIELDS,
      'event.category': ['file'],
      'event.type': ['change'],
      'event.action': 'file-move',
      // The moved file in file.path, its new path in file.target_path.
      'file.path': '/tmp/payload',
      'file.name': 'payload',
      'file.directory': '/tmp',
      'file.target_path': '/usr/local/bin/payload',
    }],
    ['file_move with full_path too (the reference keeps file.path)', { event: 'file_move', ...HOST, fields: { full_path: 'C:\\Users\\alice\\new.txt', src_full_path: 'C:\\Temp\\old.txt', dst_full_path: 'C:\\Users\\alice\\new.txt', ...WINDOWS_PROCESS } }, {
      ...HOST_FIELDS,
      ...WINDOWS_PROCESS_FIELDS,
      'event.category': ['file'],
      'event.type': ['change'],
      'event.action': 'file-move',
      'file.path': 'C:\\Users\\alice\\new.txt',
      'file.name': 'new.txt',
      'file.directory': 'C:\\Users\\alice',
      'file.target_path': 'C:\\Users\\alice\\new.txt',
    }],
    ['process_start with the user and group of the process', { event: 'process_start', ...HOST, fields: { file__full_path: '/usr/sbin/ipset', pid: 14664, user__name: 'root', user__group: 'system', process__user__name: 'root' } }, {
      ...HOST_FIELDS,
      'event.category': ['process'],
      'event.type': ['start'],
      'process.executable': '/usr/sbin/ipset',
      'process.name': 'ipset',
      'process.pid': 14664,
      'process.user.name': 'root',
      'file.path': '/usr/sbin/ipset',
      'file.name': 'ipset',
      'file.directory': '/usr/sbin',
      'user.name': 'root',
      'group.name': 'system',
      'related.user': ['root'],
    }],
    ['process_start: the reference user.name wins over user__name', { event: 'process_start', ...HOST, fields: { file__full_path: '/usr/bin/ksh', process__login__user_name: 'alice', user__name: 'root' } }, {
      ...HOST_FIELDS,
      'event.category': ['process'],
      'event.type': ['start'],
      'process.executable': '/usr/bin/ksh',
      'process.name': 'ksh',
      'file.path': '/usr/bin/ksh',
      'file.name': 'ksh',
      'file.directory': '/usr/bin',
      'user.name': 'alice',
      'related.user': ['alice'],
    }],
    ['process_start: the reference process.pid wins over pid', { event: 'process_start', ...HOST, fields: { file__full_path: '/usr/bin/ksh', process__pid: 7, pid: 8 } }, {
      ...HOST_FIELDS,
      'event.category': ['process'],
      'event.type': ['start'],
      'process.executable': '/usr/bin/ksh',
      'process.name': 'ksh',
      'process.pid': 7,
      'file.path': '/usr/bin/ksh',
      'file.name': 'ksh',
      'file.directory': '/usr/bin',
    }],
    ['registry_set without process__file__full_path: process.name from file__full_path', { event: 'registry_set', ...HOST, fields: { key: 'HKCU\\Software\\Vendor', file__full_path: 'C:\\Windows\\regedit.exe', process__user__group: 'EXAMPLE\\Domain Users' } }, {
      ...HOST_FIELDS,
      'event.category': ['registry'],
      'event.type': ['change'],
      'registry.path': 'HKCU\\Software\\Vendor',
      'process.executable': 'C:\\Windows\\regedit.exe',
      'process.name': 'regedit.exe',
      'group.name': 'EXAMPLE\\Domain Users',
    }],
    ['dns_event with the process that asked', { event: 'dns_event', ...HOST, fields: { query: 'www.example.com', response: '203.0.113.5', ...LINUX_PROCESS, process__user__name: 'alice' } }, {
      ...HOST_FIELDS,
      ...DNS_FIELDS,
      ...LINUX_PROCESS_FIELDS,
      'process.user.name': 'alice',
      'dns.question.name': 'www.example.com',
      'dns.answers': [{ name: '203.0.113.5' }],
      'dns.resolved_ip': ['203.0.113.5'],
    }],
    ['network_connect with the user the process runs as', { event: 'network_connect', ...HOST, fields: { remote_ip: '203.0.113.5', remote_port: 443, process__user__name: 'NETWORK SERVICE' } }, {
      ...HOST_FIELDS,
      'event.category': ['network'],
      'event.type': ['start'],
      'destination.ip': '203.0.113.5',
      'destination.address': '203.0.113.5',
      'destination.port': 443,
      'process.user.name': 'NETWORK SERVICE',
      'related.ip': ['192.0.2.10', '203.0.113.5'],
    }],
  ]);
});
