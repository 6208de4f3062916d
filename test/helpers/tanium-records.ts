import type { Flat } from './expected.ts';

/**
 * Example Tanium records of the shapes beyond the recorder event, written as Tanium Connect
 * and Threat Response print them (column names, nesting, JSON text inside JSON), with
 * documentation IPs and example host names; and what each normalizes to.
 */

export const FILE_MD5 = 'e5f96ae00443877315fbb64fd3d90005';
export const FILE_SHA1 = 'baeba7e7b9ec453e23b5bac313219285d6292358';
export const FILE_SHA256 = '52d6e3de4fa0dcc29946695f93940c3e7f26f30e1e39f4b1a49ad98839112786';

/** A Threat Response alert from a Tanium Connect JSON destination: an intel matched a file at rest. */
export const CONNECT_FILE_ALERT = {
  'Alert Id': '0f6c1f5e-3b1d-4c1e-9a8b-2d7e4f5a6b7c',
  Timestamp: '2026-03-04T10:20:30.456Z',
  'Computer Name': 'host-a.example.com',
  'Computer IP': '192.0.2.21',
  'Intel Id': 1042,
  'Intel Type': 'openioc',
  'Intel Name': 'Dropper written to a temporary folder',
  'Intel Labels': 'malware, dropper',
  Priority: 'high',
  Severity: 'critical',
  'Match Details': {
    match: {
      hash: '7310955824302458872',
      type: 'file',
      source: 'at_rest',
      version: 1,
      properties: {
        md5: FILE_MD5,
        sha1: FILE_SHA1,
        sha256: FILE_SHA256,
        size: '73802',
        fullpath: 'C:\\Users\\alice\\AppData\\Local\\Temp\\invoice.exe',
      },
    },
    finding: {
      domain: 'threatresponse',
      hunt_id: 'hunt:1000042',
      intel_id: '1042:3:8c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e',
      first_seen: '2026-03-04T10:15:00.000Z',
      last_seen: '2026-03-04T10:19:59.000Z',
      finding_id: '5512345678901234567',
      source_name: 'at_rest',
      system_info: { os: 'Microsoft Windows 11 Enterprise', bits: 64, platform: 'Windows' },
    },
    intel_id: 1042,
    config_id: 7,
    config_rev_id: 2,
  },
  'MITRE Techniques': '["T1204.002","T1105"]',
  'Impact Score': 7,
  Link: 'https://tanium.example.com/#/threatresponse/alerts?guid=0f6c1f5e-3b1d-4c1e-9a8b-2d7e4f5a6b7c',
};

/** What every alert has beyond the constant fields of every Tanium event (taniumEvent adds those). */
export const ALERT_COMMON: Flat = { 'event.kind': 'alert', 'event.type': ['info'] };

/** Everything CONNECT_FILE_ALERT normalizes to beyond the constant fields and message. */
export const CONNECT_FILE_ALERT_FIELDS: Flat = {
  ...ALERT_COMMON,
  '@timestamp': '2026-03-04T10:20:30.456000Z',
  'event.category': ['intrusion_detection', 'file'],
  'event.id': '0f6c1f5e-3b1d-4c1e-9a8b-2d7e4f5a6b7c',
  'event.severity': 5,
  'event.risk_score': 7,
  'event.url': 'https://tanium.example.com/#/threatresponse/alerts?guid=0f6c1f5e-3b1d-4c1e-9a8b-2d7e4f5a6b7c',
  'event.start': '2026-03-04T10:15:00.000000Z',
  'event.end': '2026-03-04T10:19:59.000000Z',
  'rule.id': '1042',
  'rule.name': 'Dropper written to a temporary folder',
  'rule.ruleset': 'openioc',
  tags: ['malware', 'dropper'],
  'host.hostname': 'host-a.example.com',
  'host.name': 'host-a.example.com',
  'host.ip': ['192.0.2.21'],
  'host.os.full': 'Microsoft Windows 11 Enterprise',
  'host.os.type': 'windows',
  'observer.name': 'host-a.example.com',
  'file.path': 'C:\\Users\\alice\\AppData\\Local\\Temp\\invoice.exe',
  'file.name': 'invoice.exe',
  'file.directory': 'C:\\Users\\alice\\AppData\\Local\\Temp',
  'file.size': 73802,
  'file.hash.md5': FILE_MD5,
  'file.hash.sha1': FILE_SHA1,
  'file.hash.sha256': FILE_SHA256,
  'threat.framework': 'MITRE ATT&CK',
  'threat.technique.id': ['T1204', 'T1105'],
  'threat.technique.subtechnique.id': ['T1204.002'],
  'related.hash': [FILE_MD5, FILE_SHA1, FILE_SHA256],
  'related.hosts': ['host-a.example.com'],
  'related.ip': ['192.0.2.21'],
};

/** A Threat Response audit record: an analyst opened a live connection to an endpoint. */
export const AUDIT_LIVE_CONNECTION = {
  id: 2048,
  table: 'LiveConnection',
  rowId: null,
  revision: null,
  state: JSON.stringify({ connectionId: 'remote:tr-server-1:3520016871:7', target: { hostname: 'host-b.example.com', eid: '42' }, sessionId: 'c5a1e0d2-6b7f-4e3a-9c8d-1f2e3d4c5b6a' }),
  userId: 3,
  userName: 'analyst',
  action: 'create',
  createdAt: '2026-03-04T09:00:01.002Z',
  updatedAt: '2026-03-04T09:00:01.002Z',
};

export const AUDIT_LIVE_CONNECTION_FIELDS: Flat = {
  '@timestamp': '2026-03-04T09:00:01.002000Z',
  'event.category': ['session'],
  'event.type': ['start'],
  'event.action': 'create',
  'event.id': '2048',
  'user.name': 'analyst',
  'user.id': '3',
  'host.hostname': 'host-b.example.com',
  'host.name': 'host-b.example.com',
  'related.hosts': ['host-b.example.com'],
  'related.user': ['analyst'],
};

/** An object of no known shape (an intel document where alerts were expected). */
export const UNKNOWN_SHAPE_RECORD = { id: 7, name: 'Windows Defender exclusions', type: 'tanium-signal' };

/** What every object of no known shape gets beyond the constant fields, message and @timestamp. */
export const UNPARSED_FIELDS: Flat = {
  'error.message': 'record is a JSON object but not a Tanium recorder event, Threat Response alert or audit record: it has none of their keys',
  tags: ['tanium_unknown_shape'],
};
