import { describe, expect, it } from 'vitest';
import { checkExtraField, conformanceProblems, flatten } from '../../helpers/conformance.ts';

const REFERENCE = {
  message: 'raw',
  event: { kind: 'event', category: ['network'], type: ['start'] },
  source: { ip: '192.0.2.1', port: 53671 },
  related: { ip: ['192.0.2.1', '198.51.100.2'] },
  user: { id: '0' },
};

describe('Conformance checker', () => {
  it('accepts an output equal to the reference', () => {
    expect(conformanceProblems(REFERENCE, structuredClone(REFERENCE))).toStrictEqual([]);
  });

  it('compares arrays as multisets: order is free', () => {
    const actual = { ...structuredClone(REFERENCE), related: { ip: ['198.51.100.2', '192.0.2.1'] } };
    expect(conformanceProblems(REFERENCE, actual)).toStrictEqual([]);
  });

  it.each([
    ['an array with a missing item', ['192.0.2.1'], 'related.ip: expected ["192.0.2.1","198.51.100.2"], got ["192.0.2.1"]'],
    ['an array with an extra item', ['192.0.2.1', '198.51.100.2', '203.0.113.3'], 'related.ip: expected ["192.0.2.1","198.51.100.2"], got ["192.0.2.1","198.51.100.2","203.0.113.3"]'],
    ['an array with a duplicate instead of an item', ['192.0.2.1', '192.0.2.1'], 'related.ip: expected ["192.0.2.1","198.51.100.2"], got ["192.0.2.1","192.0.2.1"]'],
    ['a scalar instead of an array', '192.0.2.1', 'related.ip: expected ["192.0.2.1","198.51.100.2"], got "192.0.2.1"'],
  ])('rejects %s', (_name, ip, problem) => {
    const actual = { ...structuredClone(REFERENCE), related: { ip } };
    expect(conformanceProblems(REFERENCE, actual)).toStrictEqual([problem]);
  });

  it('rejects a missing field', () => {
    const { user: _user, ...actual } = structuredClone(REFERENCE);
    expect(conformanceProblems(REFERENCE, actual)).toStrictEqual(['missing user.id = "0"']);
  });

  it.each([
    ['a different string', { user: { id: '1' } }, 'user.id: expected "0", got "1"'],
    ['a number instead of a string', { user: { id: 0 } }, 'user.id: expected "0", got 0'],
    ['a string instead of a number', { source: { ip: '192.0.2.1', port: '53671' } }, 'source.port: expected 53671, got "53671"'],
  ])('rejects %s', (_name, change, problem) => {
    expect(conformanceProblems(REFERENCE, { ...structuredClone(REFERENCE), ...change })).toStrictEqual([problem]);
  });

  it.each([
    ['an ECS keyword', { process: { name: 'sh' } }],
    ['an ECS long', { process: { pid: 1685 } }],
    ['an ECS date', { '@timestamp': '2026-01-02T03:04:05.678000Z' }],
    ['an ECS ip array', { host: { ip: ['192.0.2.1', '2001:db8::1'] } }],
    ['a Sekoia custom field', { action: { target: 'process', status: 'OK' } }],
    ['an ECS object array', { dns: { answers: [{ name: 'host01.example.com' }] } }],
  ])('accepts an extra field: %s', (_name, extra) => {
    expect(conformanceProblems(REFERENCE, { ...structuredClone(REFERENCE), ...extra })).toStrictEqual([]);
  });

  it.each([
    ['an unknown field', { vendor: { secret: 'x' } }, 'extra field vendor.secret is not an ECS or custom field'],
    ['a string in a long field', { process: { pid: '1685' } }, 'extra field process.pid = "1685" is not of type long'],
    ['a fraction in a long field', { process: { pid: 1.5 } }, 'extra field process.pid = 1.5 is not of type long'],
    ['a host name in an ip field', { destination: { ip: 'host01.example.com' } }, 'extra field destination.ip = "host01.example.com" is not of type ip'],
    ['a number in a keyword field', { group: { id: 403 } }, 'extra field group.id = 403 is not of type keyword'],
    ['a date without zone', { '@timestamp': '2026-01-02T03:04:05.678000' }, 'extra field @timestamp = "2026-01-02T03:04:05.678000" is not of type date'],
    ['an empty array', { host: { ip: [] } }, 'extra field host.ip is an empty array'],
    ['a wrong item in an array', { host: { ip: ['192.0.2.1', 'host01'] } }, 'extra field host.ip = "host01" is not of type ip[]'],
    ['a scalar in an object array', { dns: { answers: ['host01.example.com'] } }, 'extra field dns.answers must hold objects'],
    ['an unknown key in an object array', { dns: { answers: [{ nickname: 'x' }] } }, 'extra field dns.answers.nickname is not an ECS or custom field'],
  ])('rejects an extra field: %s', (_name, extra, problem) => {
    expect(conformanceProblems(REFERENCE, { ...structuredClone(REFERENCE), ...extra })).toStrictEqual([problem]);
  });

  // Known gap, left for the checker's owner: V8's Date.parse rolls 31 Feb over into March,
  // so an impossible date passes as a date. This test starts failing once that is fixed.
  it('rejects an extra field: an impossible date', () => {
    const extra = { process: { start: '2026-02-31T03:04:05Z' } };
    expect(conformanceProblems(REFERENCE, { ...structuredClone(REFERENCE), ...extra })).toStrictEqual([
      'extra field process.start = "2026-02-31T03:04:05Z" is not of type date',
    ]);
  });

  it('reports every problem at once', () => {
    const actual = { message: 'raw', event: { kind: 'alert', category: ['network'], type: ['start'] }, related: REFERENCE.related, user: REFERENCE.user, extra: 1 };
    expect(conformanceProblems(REFERENCE, actual)).toStrictEqual([
      'event.kind: expected "event", got "alert"',
      'missing source.ip = "192.0.2.1"',
      'missing source.port = 53671',
      'extra field extra is not an ECS or custom field',
    ]);
  });

  it('flattens objects to leaf paths, keeping arrays whole', () => {
    expect([...flatten({ a: { b: 1, c: [{ d: 2 }] }, e: 'x' })]).toStrictEqual([
      ['a.b', 1],
      ['a.c', [{ d: 2 }]],
      ['e', 'x'],
    ]);
  });

  it('checks one extra field by its declared type', () => {
    expect(checkExtraField('source.port', 70000)).toBeUndefined();
    expect(checkExtraField('source.port', '443')).toBe('source.port = "443" is not of type long');
  });
});
