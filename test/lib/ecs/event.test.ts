import { describe, expect, it } from 'vitest';
import { EventBuilder } from '../../../lib/ecs/event.ts';
import type { FieldValue } from '../../../lib/ecs/event.ts';

/** Builds an event from flat fields set in order. */
function build(fields: [string, FieldValue][]): ReturnType<EventBuilder['build']> {
  const event = new EventBuilder();
  for (const [path, value] of fields) event.set(path, value);
  return event.build();
}

describe('Event builder: fields', () => {
  it.each([
    ['an empty string', ''],
    ['null', null],
    ['undefined', undefined],
    ['an empty array', []],
  ])('leaves out %s', (_name, value) => {
    expect(build([['user.name', value]])).toStrictEqual({});
  });

  it.each([
    ['zero', 0],
    ['false', false],
    ['a single space', ' '],
    ['an array', ['process']],
    ['an array of objects', [{ name: 'host01.example.com' }]],
  ])('keeps %s', (_name, value) => {
    expect(build([['x.y', value]])).toStrictEqual({ x: { y: value } });
  });

  it('nests dotted paths, sharing their parents', () => {
    expect(
      build([
        ['process.name', 'sh'],
        ['process.user.name', 'alice'],
        ['process.tty.char_device.major', 12],
        ['message', 'raw'],
      ]),
    ).toStrictEqual({ message: 'raw', process: { name: 'sh', user: { name: 'alice' }, tty: { char_device: { major: 12 } } } });
  });

  it('lets a later set win, and ignores a later empty one', () => {
    expect(
      build([
        ['file.name', 'first'],
        ['file.name', 'second'],
        ['file.name', ''],
        ['file.name', undefined],
      ]),
    ).toStrictEqual({ file: { name: 'second' } });
  });

  it('sets a default only when the field has no value', () => {
    const event = new EventBuilder().set('host.name', 'set').setDefault('host.name', 'default').setDefault('user.name', 'alice').setDefault('group.name', '');
    expect(event.build()).toStrictEqual({ host: { name: 'set' }, user: { name: 'alice' }, related: { user: ['alice'] } });
  });

  it('reads back what was set, and nothing for unset or left-out fields', () => {
    const event = new EventBuilder().set('process.pid', 0).set('process.name', '');
    expect(event.get('process.pid')).toBe(0);
    expect(event.has('process.pid')).toBe(true);
    expect(event.get('process.name')).toBeUndefined();
    expect(event.has('process.name')).toBe(false);
    expect(event.get('process.pid.deeper')).toBeUndefined();
    expect(event.has('user.name')).toBe(false);
  });
});

describe('Event builder: inference', () => {
  it.each([
    ['host.name from host.hostname', [['host.hostname', 'host01.example.com']], { host: { hostname: 'host01.example.com', name: 'host01.example.com' }, related: { hosts: ['host01.example.com'] } }],
    ['no host.name over a set one, and related.hosts from host.hostname only', [['host.name', 'host02'], ['host.hostname', 'host01.example.com']], { host: { hostname: 'host01.example.com', name: 'host02' }, related: { hosts: ['host01.example.com'] } }],
    ['no related.hosts from host.name', [['host.name', 'host02']], { host: { name: 'host02' } }],
    ['source.address and destination.address from their ip', [['source.ip', '192.0.2.1'], ['destination.ip', '2001:db8::1']], {
      source: { ip: '192.0.2.1', address: '192.0.2.1' },
      destination: { ip: '2001:db8::1', address: '2001:db8::1' },
      related: { ip: ['192.0.2.1', '2001:db8::1'] },
    }],
    ['no address over a set one', [['source.ip', '192.0.2.1'], ['source.address', 'host01.example.com']], { source: { ip: '192.0.2.1', address: 'host01.example.com' }, related: { ip: ['192.0.2.1'] } }],
    ['no address without an ip', [['source.port', 22]], { source: { port: 22 } }],
    ['file.name and file.directory from file.path', [['file.path', '/var/log/messages']], { file: { path: '/var/log/messages', name: 'messages', directory: '/var/log' } }],
    ['file.name and file.directory from a Windows file.path', [['file.path', 'C:\\Windows\\System32\\svchost.exe']], {
      file: { path: 'C:\\Windows\\System32\\svchost.exe', name: 'svchost.exe', directory: 'C:\\Windows\\System32' },
    }],
    ['neither file.name nor file.directory when file.name is set', [['file.path', '/var/opt/a.tmp'], ['file.name', ' /var/opt/a']], { file: { path: '/var/opt/a.tmp', name: ' /var/opt/a' } }],
    ['file.name but not over a set file.directory', [['file.path', '/var/log/messages'], ['file.directory', '/elsewhere']], { file: { path: '/var/log/messages', name: 'messages', directory: '/elsewhere' } }],
    ['file.directory alone from a path ending in a separator', [['file.path', '/var/log/']], { file: { path: '/var/log/', directory: '/var/log' } }],
    ['no file.directory from a bare file name', [['file.path', 'notes.txt']], { file: { path: 'notes.txt', name: 'notes.txt' } }],
    ['related.ip from host.ip[], source.ip and destination.ip, distinct', [['host.ip', ['192.0.2.1', '198.51.100.2']], ['source.ip', '198.51.100.2'], ['destination.ip', '203.0.113.3']], {
      host: { ip: ['192.0.2.1', '198.51.100.2'] },
      source: { ip: '198.51.100.2', address: '198.51.100.2' },
      destination: { ip: '203.0.113.3', address: '203.0.113.3' },
      related: { ip: ['192.0.2.1', '198.51.100.2', '203.0.113.3'] },
    }],
    ['related.user from user.name only', [['user.name', 'alice'], ['process.user.name', 'root'], ['process.real_user.name', 'bob']], {
      user: { name: 'alice' },
      process: { user: { name: 'root' }, real_user: { name: 'bob' } },
      related: { user: ['alice'] },
    }],
    ['no related.user from process.user.name', [['process.user.name', 'root']], { process: { user: { name: 'root' } } }],
    ['related.hash from every hash, distinct', [['process.hash.md5', '8ed54b7dcf043252441bca716b8c461f'], ['file.hash.md5', '8ed54b7dcf043252441bca716b8c461f'], ['file.hash.sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']], {
      process: { hash: { md5: '8ed54b7dcf043252441bca716b8c461f' } },
      file: { hash: { md5: '8ed54b7dcf043252441bca716b8c461f', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } },
      related: { hash: ['8ed54b7dcf043252441bca716b8c461f', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'] },
    }],
    ['no related.* at all for an event without those fields', [['event.kind', 'event'], ['group.name', 'root']], { event: { kind: 'event' }, group: { name: 'root' } }],
  ])('infers %s', (_name, fields, expected) => {
    expect(build(fields as [string, FieldValue][])).toStrictEqual(expected);
  });
});
