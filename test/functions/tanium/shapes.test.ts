import { describe, expect, it } from 'vitest';
import type { EcsEvent } from '../../../lib/ecs/event.ts';
import { RECEIVED_AT } from '../../helpers/expected.ts';
import { expectTaniumCases, normalizeTanium as normalize, type TaniumCase as Case } from '../../helpers/tanium-cases.ts';
import {
  ALERT_COMMON,
  AUDIT_LIVE_CONNECTION,
  AUDIT_LIVE_CONNECTION_FIELDS,
  CONNECT_FILE_ALERT,
  CONNECT_FILE_ALERT_FIELDS,
  FILE_MD5,
  FILE_SHA1,
  FILE_SHA256,
  UNKNOWN_SHAPE_RECORD,
  UNPARSED_FIELDS,
} from '../../helpers/tanium-records.ts';

/** The cases of this file: a record without a time of its own is stamped with the reception time. */
function expectCases(cases: Case[]): void {
  expectTaniumCases(cases.map(([name, record, fields]) => [name, record, { '@timestamp': RECEIVED_AT, ...fields }]));
}

const PROCESS_MD5 = '961e38b5146c0b07d078f53dec9b699a';
const PARENT_MD5 = 'd0e45878043844ffc41aac437e86b602';

/** A Connect alert whose intel matched a running process (Tanium Signals on the recorder). */
const PROCESS_ALERT = {
  'Alert Id': '6a0c2b9e-8f1d-4e7a-b3c5-0d9e8f7a6b5c',
  Timestamp: '2026-03-05T08:00:02.125Z',
  'Computer Name': 'host-c.example.com',
  'Computer IP': '198.51.100.30',
  'Intel Id': 88,
  'Intel Type': 'tanium-signal',
  'Intel Name': 'Encoded PowerShell command',
  'Intel Labels': ['execution', 'powershell', 'execution'],
  Priority: 'medium',
  Severity: 'High',
  'Match Details': {
    match: {
      hash: '4001450517794370320',
      type: 'process',
      source: 'recorder',
      version: 1,
      properties: {
        pid: 4112,
        args: 'powershell.exe -NoProfile -EncodedCommand SQBFAFgA',
        recorder_unique_id: '14156042576993495213',
        start_time: '2026-03-05T07:59:58.000Z',
        ppid: 3020,
        user: 'EXAMPLE\\alice',
        file: { fullpath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', md5: PROCESS_MD5 },
        name: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        parent: {
          pid: 3020,
          args: 'C:\\Windows\\Explorer.EXE',
          recorder_unique_id: '11529864329159510026',
          start_time: '2026-03-05T07:00:00.000Z',
          ppid: 2900,
          user: 'EXAMPLE\\alice',
          file: { fullpath: 'C:\\Windows\\explorer.exe', md5: PARENT_MD5 },
          name: 'C:\\Windows\\explorer.exe',
          parent: { pid: 2900, file: { fullpath: 'C:\\Windows\\System32\\userinit.exe' }, name: 'C:\\Windows\\System32\\userinit.exe' },
        },
      },
    },
    finding: {
      first_seen: '2026-03-05T08:00:00.000Z',
      last_seen: '2026-03-05T08:00:00.000Z',
      system_info: { os: 'Microsoft Windows Server 2022 Datacenter', bits: 64, platform: 'Windows', build_number: '20348' },
    },
  },
  'MITRE Techniques': '[{"id":"T1059.001","name":"PowerShell"},{"id":"T1027","name":"Obfuscated Files or Information"}]',
  'Impact Score': '',
  Link: 'https://tanium.example.com/#/threatresponse/alerts?guid=6a0c2b9e-8f1d-4e7a-b3c5-0d9e8f7a6b5c',
};

/** A Connect alert on a connection (`port`) to a known bad address. */
const PORT_ALERT = {
  'Alert Id': '2b7d9c4e-1a3f-4b5c-8d6e-7f8091a2b3c4',
  Timestamp: '2026-03-06T12:30:00.000Z',
  'Computer Name': 'host-d.example.com',
  'Computer IP': '192.0.2.40',
  'Intel Id': 731,
  'Intel Type': 'openioc',
  'Intel Name': 'Connection to a known C2 address',
  'Intel Labels': '',
  Priority: 'low',
  'Match Details': {
    match: {
      hash: '61234567890123456789',
      type: 'port',
      source: 'threatresponse_database',
      version: 1,
      properties: {
        process: {
          pid: 6460,
          args: '/usr/bin/curl -s https://www.example.com/update',
          file: { fullpath: '/usr/bin/curl' },
          name: 'curl',
          ppid: 2536,
          user: 'root',
          start_time: '2026-03-06T12:29:58.000Z',
          recorder_table_id: '41234567890123456',
        },
        local_ip: '192.0.2.40',
        remote_ip: '203.0.113.80',
        local_port: 51234,
        remote_port: 443,
      },
    },
    finding: { system_info: { os: 'Ubuntu 24.04 LTS', bits: 64, platform: 'Linux' } },
  },
  'MITRE Techniques': '[]',
  'Impact Score': 4,
  Link: 'https://tanium.example.com/#/threatresponse/alerts?guid=2b7d9c4e-1a3f-4b5c-8d6e-7f8091a2b3c4',
};

/** The match an older Connect source sends base64-encoded as the `payload` of `Other Parameters`. */
const LEGACY_PAYLOAD = {
  intel_id: 135,
  config_id: 3,
  match: {
    version: 1,
    type: 'file',
    source: 'recorder',
    properties: { fullpath: '/etc/cron.d/updater', md5: FILE_MD5, size: 79 },
  },
  finding: { first_seen: '2026-03-07T06:00:00.000Z', last_seen: '2026-03-07T06:05:00.000Z', system_info: { os: 'Red Hat Enterprise Linux 9.5', platform: 'Linux' } },
};

const LEGACY_ALERT = {
  'Computer IP': '198.51.100.55',
  'Computer Name': 'host-e.example.com',
  'Event Id': '00000000-0000-0000-5370-4a274d06f4ec',
  'Event Name': 'detect.match',
  'Other Parameters': `name=Cron job written by a web server|source=Tanium Signals|type=tanium-signal 1.0|payload=${Buffer.from(JSON.stringify(LEGACY_PAYLOAD)).toString('base64')}`,
  Priority: 'high',
  Severity: 'info',
  Timestamp: '2026-03-07T06:05:12.000Z',
  'User Domain': 'EXAMPLE',
  'User Id': '',
  'User Name': '',
};

describe('Tanium: Threat Response alerts from Tanium Connect', () => {
  expectCases([
    ['an alert on a file at rest (hashes, size, MITRE sub-technique, labels)', CONNECT_FILE_ALERT, CONNECT_FILE_ALERT_FIELDS],
    ['an alert on a process, its user and its parent', PROCESS_ALERT, {
      ...ALERT_COMMON,
      '@timestamp': '2026-03-05T08:00:02.125000Z',
      'event.category': ['intrusion_detection', 'process'],
      'event.id': '6a0c2b9e-8f1d-4e7a-b3c5-0d9e8f7a6b5c',
      'event.severity': 4,
      'event.url': 'https://tanium.example.com/#/threatresponse/alerts?guid=6a0c2b9e-8f1d-4e7a-b3c5-0d9e8f7a6b5c',
      'event.start': '2026-03-05T08:00:00.000000Z',
      'event.end': '2026-03-05T08:00:00.000000Z',
      'rule.id': '88',
      'rule.name': 'Encoded PowerShell command',
      'rule.ruleset': 'tanium-signal',
      tags: ['execution', 'powershell'],
      'host.hostname': 'host-c.example.com',
      'host.name': 'host-c.example.com',
      'host.ip': ['198.51.100.30'],
      'host.os.full': 'Microsoft Windows Server 2022 Datacenter',
      'host.os.type': 'windows',
      'observer.name': 'host-c.example.com',
      'process.pid': 4112,
      'process.command_line': 'powershell.exe -NoProfile -EncodedCommand SQBFAFgA',
      'process.name': 'powershell.exe',
      'process.executable': 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      'process.hash.md5': PROCESS_MD5,
      'process.start': '2026-03-05T07:59:58.000000Z',
      'process.entity_id': '14156042576993495213',
      'process.parent.pid': 3020,
      'process.parent.command_line': 'C:\\Windows\\Explorer.EXE',
      'process.parent.name': 'explorer.exe',
      'process.parent.executable': 'C:\\Windows\\explorer.exe',
      'process.parent.hash.md5': PARENT_MD5,
      'process.parent.start': '2026-03-05T07:00:00.000000Z',
      'process.parent.entity_id': '11529864329159510026',
      'user.name': 'alice',
      'user.domain': 'EXAMPLE',
      'threat.framework': 'MITRE ATT&CK',
      'threat.technique.id': ['T1059', 'T1027'],
      'threat.technique.subtechnique.id': ['T1059.001'],
      'related.hash': [PROCESS_MD5, PARENT_MD5],
      'related.hosts': ['host-c.example.com'],
      'related.ip': ['198.51.100.30'],
      'related.user': ['alice'],
    }],
    ['an alert on a connection: local end as source, remote end as destination, and its process', PORT_ALERT, {
      ...ALERT_COMMON,
      '@timestamp': '2026-03-06T12:30:00.000000Z',
      'event.category': ['intrusion_detection', 'network'],
      'event.id': '2b7d9c4e-1a3f-4b5c-8d6e-7f8091a2b3c4',
      'event.severity': 2,
      'event.risk_score': 4,
      'event.url': 'https://tanium.example.com/#/threatresponse/alerts?guid=2b7d9c4e-1a3f-4b5c-8d6e-7f8091a2b3c4',
      'rule.id': '731',
      'rule.name': 'Connection to a known C2 address',
      'rule.ruleset': 'openioc',
      'host.hostname': 'host-d.example.com',
      'host.name': 'host-d.example.com',
      'host.ip': ['192.0.2.40'],
      'host.os.full': 'Ubuntu 24.04 LTS',
      'host.os.type': 'linux',
      'observer.name': 'host-d.example.com',
      'source.ip': '192.0.2.40',
      'source.address': '192.0.2.40',
      'source.port': 51234,
      'destination.ip': '203.0.113.80',
      'destination.address': '203.0.113.80',
      'destination.port': 443,
      'process.pid': 6460,
      'process.command_line': '/usr/bin/curl -s https://www.example.com/update',
      'process.name': 'curl',
      'process.executable': '/usr/bin/curl',
      'process.start': '2026-03-06T12:29:58.000000Z',
      'process.parent.pid': 2536,
      'user.name': 'root',
      'related.hosts': ['host-d.example.com'],
      'related.ip': ['192.0.2.40', '203.0.113.80'],
      'related.user': ['root'],
    }],
    ['an older Connect alert: Event Id, Event Name, the match in the base64 payload of Other Parameters', LEGACY_ALERT, {
      ...ALERT_COMMON,
      '@timestamp': '2026-03-07T06:05:12.000000Z',
      'event.category': ['intrusion_detection', 'file'],
      'event.id': '00000000-0000-0000-5370-4a274d06f4ec',
      'event.action': 'detect.match',
      'event.severity': 1,
      'event.start': '2026-03-07T06:00:00.000000Z',
      'event.end': '2026-03-07T06:05:00.000000Z',
      'rule.name': 'Cron job written by a web server',
      'rule.ruleset': 'tanium-signal 1.0',
      'host.hostname': 'host-e.example.com',
      'host.name': 'host-e.example.com',
      'host.ip': ['198.51.100.55'],
      'host.os.full': 'Red Hat Enterprise Linux 9.5',
      'host.os.type': 'linux',
      'observer.name': 'host-e.example.com',
      'user.domain': 'EXAMPLE',
      'file.path': '/etc/cron.d/updater',
      'file.name': 'updater',
      'file.directory': '/etc/cron.d',
      'file.size': 79,
      'file.hash.md5': FILE_MD5,
      'related.hash': [FILE_MD5],
      'related.hosts': ['host-e.example.com'],
      'related.ip': ['198.51.100.55'],
    }],
    ['Match Details as JSON text, and values that cannot take their fields (left out)', {
      'Alert Id': 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
      Timestamp: 'yesterday',
      'Computer Name': 'host-f.example.com',
      'Computer IP': 'N/A',
      'Intel Id': '',
      'Intel Name': 'Run key written',
      'Intel Labels': ' persistence ,, ',
      Severity: 'severe',
      'Impact Score': '4.5',
      'MITRE Techniques': 'T1547.001',
      'Match Details': JSON.stringify({
        match: { type: 'registry', properties: { key: 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run' } },
        finding: { first_seen: 'soon', system_info: { os: 'Microsoft Windows 10 Pro', platform: 'Solaris' } },
      }),
    }, {
      ...ALERT_COMMON,
      'event.category': ['intrusion_detection'],
      'event.id': 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
      'event.risk_score': 4.5,
      'rule.name': 'Run key written',
      tags: ['persistence'],
      'host.hostname': 'host-f.example.com',
      'host.name': 'host-f.example.com',
      'host.os.full': 'Microsoft Windows 10 Pro',
      'observer.name': 'host-f.example.com',
      'related.hosts': ['host-f.example.com'],
    }],
    ['MITRE Techniques as an array, with items that are not technique ids (left out)', {
      'Alert Id': 'c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f',
      'MITRE Techniques': ['T1003.001', 'T1003.002', 'credential dumping', { id: 'TA0006' }, 1003, { name: 'no id' }],
    }, {
      ...ALERT_COMMON,
      'event.category': ['intrusion_detection'],
      'event.id': 'c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f',
      'threat.framework': 'MITRE ATT&CK',
      'threat.technique.id': ['T1003'],
      'threat.technique.subtechnique.id': ['T1003.001', 'T1003.002'],
    }],
    ['an alert whose Timestamp is epoch milliseconds', { 'Alert Id': 'd9e0f1a2-b3c4-4d5e-8f6a-7b8c9d0e1f2a', Timestamp: 1_715_673_673_084 }, {
      ...ALERT_COMMON,
      '@timestamp': '2024-05-14T08:01:13.084000Z',
      'event.category': ['intrusion_detection'],
      'event.id': 'd9e0f1a2-b3c4-4d5e-8f6a-7b8c9d0e1f2a',
    }],
    ['an alert with only an Alert Id', { 'Alert Id': 'd3e4f5a6-b7c8-4d9e-8f0a-1b2c3d4e5f6a' }, {
      ...ALERT_COMMON,
      'event.category': ['intrusion_detection'],
      'event.id': 'd3e4f5a6-b7c8-4d9e-8f0a-1b2c3d4e5f6a',
    }],
    ['an alert whose payload is not base64 JSON and whose Match Details is a number', {
      'Computer Name': 'host-g.example.com',
      'Other Parameters': 'name=Suspicious service|payload=bm90IGpzb24=|broken',
      'Match Details': 42,
    }, {
      ...ALERT_COMMON,
      'event.category': ['intrusion_detection'],
      'rule.name': 'Suspicious service',
      'host.hostname': 'host-g.example.com',
      'host.name': 'host-g.example.com',
      'observer.name': 'host-g.example.com',
      'related.hosts': ['host-g.example.com'],
    }],
    ['Other Parameters whose name holds a |: only a | before a key and its = splits the pairs, a key not read too', {
      'Event Id': 'b7c8d9e0-f1a2-4b3c-8d4e-5f6a7b8c9d0e',
      'Computer IP': '203.0.113.7',
      'Other Parameters': 'name=Cobalt Strike | Beacon|severity=high|source=Tanium Signals|type=tanium-signal 1.0|payload=e30=',
    }, {
      ...ALERT_COMMON,
      'event.category': ['intrusion_detection'],
      'event.id': 'b7c8d9e0-f1a2-4b3c-8d4e-5f6a7b8c9d0e',
      'rule.name': 'Cobalt Strike | Beacon',
      'rule.ruleset': 'tanium-signal 1.0',
      'host.ip': ['203.0.113.7'],
      'related.ip': ['203.0.113.7'],
    }],
    ['Intel Labels as JSON text of an array (trimmed, distinct)', {
      'Alert Id': 'f5a6b7c8-d9e0-4f1a-8b2c-3d4e5f6a7b8c',
      'Intel Labels': '["malware"," dropper ","malware"]',
    }, {
      ...ALERT_COMMON,
      'event.category': ['intrusion_detection'],
      'event.id': 'f5a6b7c8-d9e0-4f1a-8b2c-3d4e5f6a7b8c',
      tags: ['malware', 'dropper'],
    }],
    ['Intel Labels as text that opens with [ but is not JSON: comma-separated', {
      'Alert Id': 'a6b7c8d9-e0f1-4a2b-9c3d-4e5f6a7b8c9d',
      'Intel Labels': '[TLP:AMBER], ransomware',
    }, {
      ...ALERT_COMMON,
      'event.category': ['intrusion_detection'],
      'event.id': 'a6b7c8d9-e0f1-4a2b-9c3d-4e5f6a7b8c9d',
      tags: ['[TLP:AMBER]', 'ransomware'],
    }],
    ["an alert's own User Domain, without User Name: the matched process's user name, not its domain", {
      'Alert Id': 'e4f5a6b7-c8d9-4e0f-9a1b-2c3d4e5f6a7b',
      'User Domain': 'EXAMPLE',
      'User Name': '',
      'Match Details': { match: { type: 'process', properties: { pid: 4112, user: 'WORKGROUP\\bob' } } },
    }, {
      ...ALERT_COMMON,
      'event.category': ['intrusion_detection', 'process'],
      'event.id': 'e4f5a6b7-c8d9-4e0f-9a1b-2c3d4e5f6a7b',
      'process.pid': 4112,
      'user.name': 'bob',
      'user.domain': 'EXAMPLE',
      'related.user': ['bob'],
    }],
  ]);

  it('keeps the whole alert in message, byte for byte', () => {
    const message = JSON.stringify(CONNECT_FILE_ALERT, null, 0);
    expect(normalize(message).message).toBe(message);
  });

  it('reads the hashes of a file match into related.hash', () => {
    const event = normalize(JSON.stringify(CONNECT_FILE_ALERT));
    expect((event.related as EcsEvent).hash).toStrictEqual([FILE_MD5, FILE_SHA1, FILE_SHA256]);
  });
});

describe('Tanium: Threat Response audit records', () => {
  expectCases([
    ['a live connection opened: a session start on the endpoint named in state', AUDIT_LIVE_CONNECTION, AUDIT_LIVE_CONNECTION_FIELDS],
    ['a live connection closed: a session end', { ...AUDIT_LIVE_CONNECTION, id: 2049, action: 'delete', createdAt: '2026-03-04T09:30:00.000Z' }, {
      ...AUDIT_LIVE_CONNECTION_FIELDS,
      '@timestamp': '2026-03-04T09:30:00.000000Z',
      'event.type': ['end'],
      'event.action': 'delete',
      'event.id': '2049',
    }],
    ['an intel document updated: a configuration change', {
      id: 2051,
      table: 'Intel',
      rowId: 1042,
      revision: 3,
      state: '{"name":"Dropper written to a temporary folder","type":"openioc"}',
      userId: 5,
      userName: 'tr-admin',
      action: 'update',
      createdAt: '2026-03-04T11:00:00.500+01:00',
      updatedAt: '2026-03-04T11:00:00.500+01:00',
    }, {
      '@timestamp': '2026-03-04T10:00:00.500000Z',
      'event.category': ['configuration'],
      'event.type': ['change'],
      'event.action': 'update',
      'event.id': '2051',
      'user.name': 'tr-admin',
      'user.id': '5',
      'related.user': ['tr-admin'],
    }],
    ['a label created, its state an object', {
      id: 2052, table: 'Label', action: 'create', userName: 'tr-admin', createdAt: '2026-03-04T12:00:00Z', state: { name: 'triage', target: 'not an object' },
    }, {
      '@timestamp': '2026-03-04T12:00:00.000000Z',
      'event.category': ['configuration'],
      'event.type': ['creation'],
      'event.action': 'create',
      'event.id': '2052',
      'user.name': 'tr-admin',
      'related.user': ['tr-admin'],
    }],
    ['a createdAt in epoch seconds', { id: 2054, table: 'Alert', action: 'update', createdAt: 1_715_673_673 }, {
      '@timestamp': '2024-05-14T08:01:13.000000Z',
      'event.category': ['configuration'],
      'event.type': ['change'],
      'event.action': 'update',
      'event.id': '2054',
    }],
    ['an alert deleted', { id: 2053, table: 'Alert', action: 'delete', userName: 'tr-admin', createdAt: '2026-03-04T12:01:00Z' }, {
      '@timestamp': '2026-03-04T12:01:00.000000Z',
      'event.category': ['configuration'],
      'event.type': ['deletion'],
      'event.action': 'delete',
      'event.id': '2053',
      'user.name': 'tr-admin',
      'related.user': ['tr-admin'],
    }],
    ['an action the table does not name (info), a state that is not JSON, no createdAt (received time)', {
      table: 'LiveConnection', action: 'export', state: '{"target":', userName: null,
    }, {
      'event.category': ['session'],
      'event.type': ['info'],
      'event.action': 'export',
    }],
  ]);
});

describe('Tanium: a JSON object of no known shape', () => {
  const UNPARSED = UNPARSED_FIELDS;
  expectCases([
    ['an intel document instead of an alert', UNKNOWN_SHAPE_RECORD, UNPARSED],
    ['nested objects', { a: { a: { a: 1 } } }, UNPARSED],
    ['column names in another case', { 'computer name': 'host-a.example.com', 'alert id': 'x' }, UNPARSED],
    ['an audit-like record without action', { table: 'Intel', userName: 'tr-admin' }, UNPARSED],
    ["a log forwarder's wrapper: host, timestamp and the alert in message", {
      host: 'fwd01.example.com',
      timestamp: '2026-03-04T10:20:31Z',
      message: JSON.stringify({ 'Alert Id': 'c8d9e0f1-a2b3-4c4d-9e5f-6a7b8c9d0e1f', 'Computer Name': 'host-a.example.com' }),
    }, UNPARSED],
    ['hostname and host without event or fields', { hostname: 'host-a.example.com', host: '192.0.2.21' }, UNPARSED],
  ]);

  it('carries no observer name; the known shapes carry neither error.* nor its tag', () => {
    const event = normalize('{"name":"x"}');
    expect(event.observer).toStrictEqual({ vendor: 'Tanium', product: 'XEM', type: 'sensor' });
    for (const record of [CONNECT_FILE_ALERT, AUDIT_LIVE_CONNECTION, { event: 'file_write', hostname: 'host-a.example.com' }, {}]) {
      const parsed = normalize(JSON.stringify(record));
      expect(parsed.error).toBeUndefined();
      expect(parsed.tags ?? []).not.toContain('tanium_unknown_shape');
    }
  });
});
