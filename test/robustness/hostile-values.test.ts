import { describe, expect, it } from 'vitest';
import { toId, toIp, toKeyword } from '../../lib/ecs/coerce.ts';
import { getIntegration } from '../../functions/registry.ts';
import { epochMsToEcs, isoToEcs, zonedToEcs } from '../../lib/ecs/time.ts';
import { flatten } from '../helpers/conformance.ts';
import { assertValidEvent } from './properties.ts';

/**
 * Values of the wrong type or out of range where the contract expects strings, integers,
 * IPs or dates, each with its exact outcome: the one field is left out (or kept when it
 * is exact), the event is still produced, and it stays indexable. Only the fields under
 * test are asserted, so fields added by enrichment do not break these tests.
 */

const RECEIVED_AT = '2026-01-02T03:04:05.678000Z';
const UTC = { timezone: 'UTC', receivedAt: RECEIVED_AT };
const tanium = getIntegration('tanium');
const aix = getIntegration('ibm-aix');

/** Normalizes a Tanium record written as JSON text; returns its flat fields (after checking the event is valid). */
function taniumFields(json: string): Map<string, unknown> {
  const event = tanium.normalize(json, UTC);
  assertValidEvent('tanium', json, event);
  return flatten(event);
}

function aixFields(line: string, context = UTC): Map<string, unknown> {
  const event = aix.normalize(line, context);
  assertValidEvent('ibm-aix', line, event);
  return flatten(event);
}

const network = (fields: string): string => `{"event":"network_connect","hostname":"host01.example.com","host":"192.0.2.10","fields":{${fields}}}`;

describe('Robustness: huge numbers (2^64) where strings or integers are expected', () => {
  it.each([
    ['an id as a number past 2^53: its digits are lost, so it is left out', '18446744073709551616', undefined],
    ['an id of 2^53 + 1 (read as 2^53)', '9007199254740993', undefined],
    ['an id as a string of 2^64: kept digit for digit', '"18446744073709551616"', '18446744073709551616'],
    ['an id of 2^32 - 1: kept', '4294967295', '4294967295'],
    ['a negative id past -2^53', '-18446744073709551616', undefined],
    ['an id written 1e21', '1e21', undefined],
    ['an id out of double range (1e400 reads as Infinity)', '1e400', undefined],
  ])('user.id from %s', (_name, value, expected) => {
    expect(taniumFields(network(`"process__login__user_id":${value}`)).get('user.id')).toBe(expected);
  });

  it.each([
    ['2^64', '18446744073709551616'],
    ['"2^64"', '"18446744073709551616"'],
    ['2^53 + 1', '9007199254740993'],
    ['1e400', '1e400'],
    ['1.5', '1.5'],
  ])('process.pid and ports from %s are left out', (_name, value) => {
    const fields = taniumFields(network(`"process__pid":${value},"remote_port":${value},"local_port":${value}`));
    expect(fields.get('process.pid')).toBeUndefined();
    expect(fields.get('destination.port')).toBeUndefined();
    expect(fields.get('source.port')).toBeUndefined();
    expect(fields.get('event.category')).toStrictEqual(['network']);
  });

  it('keeps a hostname given as a safe number and leaves out one past 2^53', () => {
    expect(taniumFields('{"event":"dns_event","hostname":2256269043}').get('host.hostname')).toBe('2256269043');
    const huge = taniumFields('{"event":"dns_event","hostname":18446744073709551616}');
    expect(huge.get('host.hostname')).toBeUndefined();
    expect(huge.get('observer.name')).toBeUndefined();
    expect(huge.get('related.hosts')).toBeUndefined();
  });

  it('toId and toKeyword: a number past 2^53 has no exact text; a bigint or a string keeps its digits', () => {
    expect(toId(2 ** 64)).toBeUndefined();
    expect(toKeyword(2 ** 64)).toBeUndefined();
    expect(toId(-(2 ** 53))).toBeUndefined();
    expect(toId(2 ** 53 - 1)).toBe('9007199254740991');
    expect(toKeyword(0.1)).toBe('0.1');
    expect(toId(18446744073709551616n)).toBe('18446744073709551616');
    expect(toKeyword('18446744073709551616')).toBe('18446744073709551616');
  });
});

describe('Robustness: objects, arrays and booleans where strings or integers are expected', () => {
  it.each([
    ['an object', '{"a":"/etc/passwd"}'],
    ['an array', '["/etc/passwd"]'],
    ['an empty object', '{}'],
    ['an empty array', '[]'],
    ['null', 'null'],
  ])('leaves out each field given %s', (_name, value) => {
    const json =
      `{"event":"file_open","hostname":${value},"host":${value},"fields":{"full_path":${value},"process__pid":${value},` +
      `"process__file__full_path":${value},"process__login__user_id":${value},"process__login__user_name":${value},"process__user__group":${value}}}`;
    const fields = taniumFields(json);
    for (const path of ['host.hostname', 'host.ip', 'file.path', 'file.name', 'process.pid', 'process.executable', 'process.name', 'user.id', 'user.name', 'group.name']) {
      expect(fields.get(path), path).toBeUndefined();
    }
    expect(fields.get('event.action')).toBe('file-open');
    expect(fields.get('observer.vendor')).toBe('Tanium');
  });

  it('turns booleans into keywords but never into integers, ids of booleans are left out', () => {
    const fields = taniumFields(network('"process__pid":true,"remote_port":false,"process__login__user_id":true,"process__login__user_name":false'));
    expect(fields.get('process.pid')).toBeUndefined();
    expect(fields.get('destination.port')).toBeUndefined();
    expect(fields.get('user.id')).toBeUndefined();
    expect(fields.get('user.name')).toBe('false');
  });

  it.each([
    ['an object', '{"type":"file_open"}'],
    ['an array', '["file_open"]'],
    ['a number', '42'],
    ['a boolean', 'true'],
    ['null', 'null'],
  ])('treats an event type given as %s as an unknown type: the common fields only', (_name, value) => {
    const fields = taniumFields(`{"event":${value},"hostname":"h","fields":{"full_path":"/etc/passwd"}}`);
    expect(fields.get('event.category')).toBeUndefined();
    expect(fields.get('file.path')).toBeUndefined();
    expect(fields.get('host.hostname')).toBe('h');
  });

  it.each([['a string', '"fields"'], ['an array', '[{"full_path":"/etc/passwd"}]'], ['a number', '1'], ['null', 'null']])(
    'reads "fields" given as %s as no fields',
    (_name, value) => {
      const fields = taniumFields(`{"event":"file_open","hostname":"h","fields":${value}}`);
      expect(fields.get('file.path')).toBeUndefined();
      expect(fields.get('event.action')).toBe('file-open');
    },
  );
});

describe('Robustness: IPv6 addresses', () => {
  it.each([
    ['2001:db8::1', ['2001:db8::1']],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', ['2001:0db8:0000:0000:0000:0000:0000:0001']],
    ['::', ['::']],
    ['::1', ['::1']],
    ['::ffff:192.0.2.1', ['::ffff:192.0.2.1']],
    // Elasticsearch's ip type rejects a zone, and the whole event with it.
    ['fe80::1%eth0', undefined],
    ['fe80::1%25eth0', undefined],
    ['[2001:db8::1]', undefined],
    ['2001:db8::1/64', undefined],
    ['2001:db8:::1', undefined],
  ])('host %s → host.ip %j', (host, ip) => {
    const fields = taniumFields(`{"event":"dns_event","hostname":"h","host":${JSON.stringify(host)}}`);
    expect(fields.get('host.ip')).toStrictEqual(ip);
    expect(fields.get('related.ip')).toStrictEqual(ip);
  });

  it('maps IPv6 network endpoints, and leaves out the one with a zone', () => {
    const fields = taniumFields(network('"remote_ip":"2001:db8::8","remote_port":443,"local_ip":"fe80::1%en0","local_port":51000'));
    expect(fields.get('destination.ip')).toBe('2001:db8::8');
    expect(fields.get('destination.address')).toBe('2001:db8::8');
    expect(fields.get('destination.port')).toBe(443);
    expect(fields.get('source.ip')).toBeUndefined();
    expect(fields.get('source.port')).toBe(51000);
    expect(fields.get('related.ip')).toStrictEqual(['192.0.2.10', '2001:db8::8']);
  });

  it.each([
    ['2001:db8::1', '2001:db8::1'],
    ['::ffff:10.30.134.100', '::ffff:10.30.134.100'],
    ['fe80::1%en0', undefined],
  ])('AIX TCP_kaccept from %s → source.ip %j, source.port kept', (ip, expected) => {
    const fields = aixFields(`TCP_kaccept Pipin root root OK 25 sep 2022 23:09:25.544152 No associated roles fd14 Port ${ip} 1022 kx5frsip01-a nimaux`);
    expect(fields.get('source.ip')).toBe(expected);
    expect(fields.get('source.port')).toBe(1022);
  });

  it('toIp: any address but one with a zone', () => {
    expect(toIp('2001:db8::1')).toBe('2001:db8::1');
    expect(toIp('192.0.2.1')).toBe('192.0.2.1');
    expect(toIp('fe80::1%eth0')).toBeUndefined();
    expect(toIp('192.0.2.1%1')).toBeUndefined();
  });
});

describe('Robustness: dates out of range', () => {
  it.each(['0000', '0050', '0099', '0999'])('reads no header time from the year %s (Date.UTC would make 0050 1950)', (year) => {
    for (const timezone of ['UTC', 'Europe/Paris']) {
      const fields = aixFields(`PROC_Kill rsyslogd root root OK 1 jan ${year} 00:00:00.000001 No associated roles pid: 3605020, sig: 22`, {
        timezone,
        receivedAt: RECEIVED_AT,
      });
      expect(fields.get('@timestamp'), timezone).toBe(RECEIVED_AT);
      expect(fields.get('event.action')).toBe('PROC_Kill');
      expect(fields.get('process.pid')).toBe(3605020);
    }
    expect(zonedToEcs('UTC', year, 1, '1', '00:00:00', '')).toBeUndefined();
    expect(isoToEcs(`${year}-01-01T00:00:00Z`)).toBeUndefined();
  });

  it('reads no Tanium time or process start from the year 0050', () => {
    const fields = taniumFields('{"event":"process_start","hostname":"h","timestamp":"0050-01-01T00:00:00Z","fields":{"create_time":"0050-06-01T00:00:00+02:00"}}');
    expect(fields.get('@timestamp')).toBe(RECEIVED_AT);
    expect(fields.get('process.start')).toBeUndefined();
  });

  // A Tanium record reads a number below 1e11 as epoch seconds: its time is the third column.
  it.each([
    [-5e-324, '1969-12-31T23:59:59.999000Z', '1970-01-01T00:00:00.000000Z'],
    [-1e-320, '1969-12-31T23:59:59.999000Z', '1970-01-01T00:00:00.000000Z'],
    [5e-324, '1970-01-01T00:00:00.000000Z', '1970-01-01T00:00:00.000000Z'],
    [-0.5, '1969-12-31T23:59:59.999000Z', '1969-12-31T23:59:59.500000Z'],
    [1715000000123.9, '2024-05-06T12:53:20.123000Z', '2024-05-06T12:53:20.123000Z'],
    [1e20, undefined, undefined],
  ])('reads the epoch milliseconds %s as %s (a tiny negative gave "…00.0-1000Z"), a Tanium time as %s', (ms, expected, tanium) => {
    expect(epochMsToEcs(ms)).toBe(expected);
    expect(taniumFields(`{"event":"dns_event","timestamp":${ms}}`).get('@timestamp')).toBe(tanium ?? RECEIVED_AT);
  });
});
