import { describe, expect, it } from 'vitest';
import { TANIUM_EVENTS } from '../../../functions/tanium/events.ts';
import { taniumEvent, type Flat } from '../../helpers/expected.ts';
import { expectTaniumCases as expectCases, normalizeTanium as normalize, type TaniumCase as Case } from '../../helpers/tanium-cases.ts';
import { FILE_MD5, FILE_SHA1, FILE_SHA256 } from '../../helpers/tanium-records.ts';

/** Recorder event types beyond the reference's 12: each with its exact event. */

/** The 12 types of the reference: their output is pinned by test/functions/tanium/normalize.test.ts and the fixtures. */
const REFERENCE_TYPES = [
  'network_accept', 'network_connect', 'network_disconnect', 'file_create', 'file_open', 'file_delete', 'file_move',
  'file_permission_change', 'process_start', 'registry_create', 'registry_set', 'dns_event',
];

const HOST = { hostname: 'host-h.example.com', host: '192.0.2.50', timestamp: '2026-03-08T07:00:00.250000+00:00' };
const HOST_FIELDS: Flat = {
  'host.hostname': 'host-h.example.com',
  'host.name': 'host-h.example.com',
  'host.ip': ['192.0.2.50'],
  'observer.name': 'host-h.example.com',
  'related.hosts': ['host-h.example.com'],
  'related.ip': ['192.0.2.50'],
  '@timestamp': '2026-03-08T07:00:00.250000Z',
};

const IDS = { tanium_computer_id: '2256269043', tanium_process_id: '-4314545011392247632', tanium_parent_process_id: '-6966498655612172786' };
const IDS_FIELDS: Flat = {
  'host.id': '2256269043',
  'process.entity_id': '-4314545011392247632',
  'process.parent.entity_id': '-6966498655612172786',
};

const SVC_MD5 = '961e38b5146c0b07d078f53dec9b699a';
const LIB_MD5 = 'e8acc63b1e238f3255c900eed37254b8';
const LIB_SHA256 = '76b5a357391276b282a516f54f48ef3c207f46d8192dc58c208d5183d38415f8';

/** A Windows process block with its file's hash, and what it maps to. */
const WINDOWS_PROCESS = {
  process__pid: 2540,
  process__file__full_path: 'C:\\Windows\\System32\\svchost.exe',
  process__file__md5: SVC_MD5,
  process__login__user_id: 'S-1-5-18',
  process__login__user_name: 'SYSTEM',
  process__user__group: 'BUILTIN\\Administrators',
  process__user__name: 'SYSTEM',
};
const WINDOWS_PROCESS_FIELDS: Flat = {
  'process.pid': 2540,
  'process.executable': 'C:\\Windows\\System32\\svchost.exe',
  'process.name': 'svchost.exe',
  'process.hash.md5': SVC_MD5,
  'process.user.name': 'SYSTEM',
  'user.id': 'S-1-5-18',
  'user.name': 'SYSTEM',
  'group.name': 'BUILTIN\\Administrators',
  'related.user': ['SYSTEM'],
};

/** A Linux process block without hashes, and what it maps to. */
const LINUX_PROCESS = {
  process__pid: 1685,
  process__file__full_path: '/usr/bin/cat',
  process__login__user_id: 1000,
  process__login__user_name: 'alice',
  process__user__group: 'staff',
  process__user__name: 'alice',
};
const LINUX_PROCESS_FIELDS: Flat = {
  'process.pid': 1685,
  'process.executable': '/usr/bin/cat',
  'process.name': 'cat',
  'process.user.name': 'alice',
  'user.id': '1000',
  'user.name': 'alice',
  'group.name': 'staff',
  'related.user': ['alice'],
};

const ADDED_CASES: Case[] = [
  ['file_write with the file hashes and the ids', {
    event: 'file_write',
    ...HOST,
    fields: { full_path: 'C:\\ProgramData\\Vendor\\update.dll', file__md5: FILE_MD5, file__sha1: FILE_SHA1, file__sha256: FILE_SHA256, ...WINDOWS_PROCESS, ...IDS },
  }, {
    ...HOST_FIELDS,
    ...WINDOWS_PROCESS_FIELDS,
    ...IDS_FIELDS,
    'event.category': ['file'],
    'event.type': ['change'],
    'event.action': 'file-write',
    'file.path': 'C:\\ProgramData\\Vendor\\update.dll',
    'file.name': 'update.dll',
    'file.directory': 'C:\\ProgramData\\Vendor',
    'file.hash.md5': FILE_MD5,
    'file.hash.sha1': FILE_SHA1,
    'file.hash.sha256': FILE_SHA256,
    'related.hash': [SVC_MD5, FILE_MD5, FILE_SHA1, FILE_SHA256],
  }],
  ['file_read', { event: 'file_read', ...HOST, fields: { full_path: '/etc/shadow', ...LINUX_PROCESS, ...IDS } }, {
    ...HOST_FIELDS,
    ...LINUX_PROCESS_FIELDS,
    ...IDS_FIELDS,
    'event.category': ['file'],
    'event.type': ['access'],
    'event.action': 'file-read',
    'file.path': '/etc/shadow',
    'file.name': 'shadow',
    'file.directory': '/etc',
  }],
  ['process_end, read like process_start, with its exit code', {
    event: 'process_end',
    ...HOST,
    fields: {
      file__full_path: '/usr/sbin/ipset',
      file__md5: FILE_MD5,
      pid: 14664,
      parent_pid: 1550,
      command_line: 'ipset save',
      create_time: '2026-03-08T06:59:59.500000+00:00',
      exit_code: 0,
      user__name: 'root',
      user__group: 'root',
      ...IDS,
    },
  }, {
    ...HOST_FIELDS,
    ...IDS_FIELDS,
    'event.category': ['process'],
    'event.type': ['end'],
    'event.action': 'process-end',
    'process.executable': '/usr/sbin/ipset',
    'process.name': 'ipset',
    'process.pid': 14664,
    'process.parent.pid': 1550,
    'process.command_line': 'ipset save',
    'process.start': '2026-03-08T06:59:59.500000Z',
    'process.exit_code': 0,
    'process.hash.md5': FILE_MD5,
    'user.name': 'root',
    'group.name': 'root',
    'related.user': ['root'],
    'related.hash': [FILE_MD5],
  }],
  ['process_stop with the process block only', { event: 'process_stop', ...HOST, fields: { ...LINUX_PROCESS, exit_code: '137' } }, {
    ...HOST_FIELDS,
    ...LINUX_PROCESS_FIELDS,
    'event.category': ['process'],
    'event.type': ['end'],
    'event.action': 'process-stop',
    'process.exit_code': 137,
  }],
  ['image_load: the library as dll.*, with its hashes, and the loading process', {
    event: 'image_load',
    ...HOST,
    fields: { full_path: 'C:\\Windows\\System32\\wininet.dll', file__md5: LIB_MD5, file__sha256: LIB_SHA256, ...WINDOWS_PROCESS, ...IDS },
  }, {
    ...HOST_FIELDS,
    ...WINDOWS_PROCESS_FIELDS,
    ...IDS_FIELDS,
    'event.category': ['library'],
    'event.type': ['start'],
    'event.action': 'image-load',
    'dll.path': 'C:\\Windows\\System32\\wininet.dll',
    'dll.name': 'wininet.dll',
    'dll.hash.md5': LIB_MD5,
    'dll.hash.sha256': LIB_SHA256,
    'related.hash': [SVC_MD5, LIB_MD5, LIB_SHA256],
  }],
  ['image_load of a library named by file__full_path', { event: 'image_load', ...HOST, fields: { file__full_path: '/usr/lib/x86_64-linux-gnu/libssl.so.3' } }, {
    ...HOST_FIELDS,
    'event.category': ['library'],
    'event.type': ['start'],
    'event.action': 'image-load',
    'dll.path': '/usr/lib/x86_64-linux-gnu/libssl.so.3',
    'dll.name': 'libssl.so.3',
  }],
  ['dns_query, as dns_event, with the asking process and the ids', {
    event: 'dns_query',
    ...HOST,
    fields: { query: 'www.example.com', response: '203.0.113.5', ...WINDOWS_PROCESS, ...IDS },
  }, {
    ...HOST_FIELDS,
    ...WINDOWS_PROCESS_FIELDS,
    ...IDS_FIELDS,
    'event.category': ['network'],
    'event.type': ['protocol'],
    'event.action': 'dns-query',
    'network.protocol': 'dns',
    'dns.question.name': 'www.example.com',
    'dns.answers': [{ name: '203.0.113.5' }],
    'dns.resolved_ip': ['203.0.113.5'],
    'related.hash': [SVC_MD5],
  }],
  ['logon: the account, the remote end, the logon process', {
    event: 'logon',
    ...HOST,
    fields: {
      user__name: 'alice',
      user__domain: 'EXAMPLE',
      remote_ip: '203.0.113.9',
      remote_port: 50123,
      process__pid: 700,
      process__file__full_path: 'C:\\Windows\\System32\\lsass.exe',
      process__login__user_name: 'SYSTEM',
      ...IDS,
    },
  }, {
    ...HOST_FIELDS,
    ...IDS_FIELDS,
    'event.category': ['authentication'],
    'event.type': ['start'],
    'event.action': 'logon',
    'user.name': 'alice',
    'user.domain': 'EXAMPLE',
    'source.ip': '203.0.113.9',
    'source.address': '203.0.113.9',
    'source.port': 50123,
    'process.pid': 700,
    'process.executable': 'C:\\Windows\\System32\\lsass.exe',
    'process.name': 'lsass.exe',
    'related.user': ['alice'],
    'related.ip': ['192.0.2.50', '203.0.113.9'],
  }],
  ['logoff', { event: 'logoff', ...HOST, fields: { user__name: 'alice', user__domain: 'EXAMPLE', remote_ip: 'host-z' } }, {
    ...HOST_FIELDS,
    'event.category': ['authentication'],
    'event.type': ['end'],
    'event.action': 'logoff',
    'user.name': 'alice',
    'user.domain': 'EXAMPLE',
    'related.user': ['alice'],
  }],
];

/** The registry key and value types: one mapping, their own categorization. */
const REGISTRY_TYPES: [type: string, eventType: string][] = [
  ['registry_key_create', 'creation'],
  ['registry_key_delete', 'deletion'],
  ['registry_value_create', 'creation'],
  ['registry_value_set', 'change'],
  ['registry_value_delete', 'deletion'],
  ['registry_delete', 'deletion'],
];
const REGISTRY_CASES: Case[] = REGISTRY_TYPES.map(([type, eventType]) => [
  type,
  { event: type, ...HOST, fields: { key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', value_name: 'Updater', ...WINDOWS_PROCESS, ...IDS } },
  {
    ...HOST_FIELDS,
    ...WINDOWS_PROCESS_FIELDS,
    ...IDS_FIELDS,
    'event.category': ['registry'],
    'event.type': [eventType],
    'event.action': type.replaceAll('_', '-'),
    'registry.path': 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
    'registry.value': 'Updater',
    'related.hash': [SVC_MD5],
  },
]);

describe('Tanium: recorder types beyond the reference', () => {
  expectCases([...ADDED_CASES, ...REGISTRY_CASES]);

  it('has a row for the 12 reference types and for each type tested here, nothing else', () => {
    const tested = new Set([...ADDED_CASES, ...REGISTRY_CASES].map(([, record]) => (record as { event: string }).event));
    expect([...TANIUM_EVENTS.keys()].sort()).toStrictEqual([...REFERENCE_TYPES, ...tested].sort());
  });

  it('an added type without fields gets its categorization only', () => {
    const message = JSON.stringify({ event: 'registry_value_set', ...HOST });
    expect(normalize(message)).toStrictEqual(taniumEvent({
      message,
      ...HOST_FIELDS,
      'event.category': ['registry'],
      'event.type': ['change'],
      'event.action': 'registry-value-set',
    }));
  });

  it('a reference type keeps its pinned output: no ids or hashes are added to it', () => {
    const message = JSON.stringify({ event: 'file_create', ...HOST, fields: { full_path: '/tmp/x', file__md5: FILE_MD5, ...IDS } });
    expect(normalize(message)).toStrictEqual(taniumEvent({
      message,
      ...HOST_FIELDS,
      'event.category': ['file'],
      'event.type': ['creation'],
      'file.path': '/tmp/x',
      'file.name': 'x',
      'file.directory': '/tmp',
    }));
  });
});
