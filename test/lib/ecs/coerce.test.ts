import { describe, expect, it } from 'vitest';
import { toId, toInteger, toIp, toKeyword, toPort } from '../../../lib/ecs/coerce.ts';

describe('Coerce: toInteger', () => {
  it.each([
    [1685, 1685],
    [0, 0],
    [-1, -1],
    ['1685', 1685],
    ['012', 12],
    ['+7', 7],
    ['-1', -1],
    ['9007199254740991', 9007199254740991],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ])('turns %j into %j', (value, expected) => {
    expect(toInteger(value)).toBe(expected);
  });

  it.each([
    ['1.5', '1.5'],
    ['number 1.5', 1.5],
    ['an empty string', ''],
    ['a word', 'abc'],
    ['digits with spaces', ' 12 '],
    ['hex', '0x10'],
    ['an exponent', '1e3'],
    ['a `#` prefix', '#012'],
    ['more than 16 digits', '12345678901234567'],
    ['an unsafe integer string', '9007199254740993'],
    ['an unsafe integer', 2 ** 53],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a boolean', true],
    ['null', null],
    ['undefined', undefined],
    ['an object', { pid: 1 }],
    ['an array', [1]],
  ])('leaves out %s', (_name, value) => {
    expect(toInteger(value)).toBeUndefined();
  });
});

describe('Coerce: toPort', () => {
  it.each([
    [0, 0],
    [443, 443],
    ['443', 443],
    [65535, 65535],
    ['65535', 65535],
  ])('turns %j into %j', (value, expected) => {
    expect(toPort(value)).toBe(expected);
  });

  it.each([['abc'], [70000], ['70000'], [65536], [-1], ['-1'], [80.5], [''], [null]])('leaves out %j', (value) => {
    expect(toPort(value)).toBeUndefined();
  });
});

describe('Coerce: toId', () => {
  it.each([
    [4294967295, '4294967295'],
    [0, '0'],
    [-1, '-1'],
    ['503', '503'],
    ['S-1-5-18', 'S-1-5-18'],
  ])('turns %j into %j', (value, expected) => {
    expect(toId(value)).toBe(expected);
  });

  it('turns a bigint into its digits', () => {
    expect(toId(12345678901234567890n)).toBe('12345678901234567890');
  });

  it.each([[''], [null], [undefined], [Number.NaN], [Number.POSITIVE_INFINITY], [true], [{ id: 1 }], [[1]]])('leaves out %j', (value) => {
    expect(toId(value)).toBeUndefined();
  });
});

describe('Coerce: toKeyword', () => {
  it.each([
    ['root', 'root'],
    [' leading space kept', ' leading space kept'],
    [2256269043, '2256269043'],
    [0, '0'],
    [true, 'true'],
    [false, 'false'],
  ])('turns %j into %j', (value, expected) => {
    expect(toKeyword(value)).toBe(expected);
  });

  it.each([[''], [null], [undefined], [Number.NaN], [{ name: 'x' }], [['x']]])('leaves out %j', (value) => {
    expect(toKeyword(value)).toBeUndefined();
  });
});

describe('Coerce: toIp', () => {
  it.each([['192.0.2.1'], ['203.0.113.255'], ['2001:db8::1'], ['::1'], ['::ffff:198.51.100.7']])('keeps %j', (value) => {
    expect(toIp(value)).toBe(value);
  });

  it.each([
    ['a host name', 'host01.example.com'],
    ['an empty string', ''],
    ['an IP with a port', '192.0.2.1:443'],
    ['an IP with spaces', ' 192.0.2.1 '],
    ['an out-of-range octet', '192.0.2.256'],
    ['a CIDR block', '192.0.2.0/24'],
    ['a number', 3221225985],
    ['null', null],
    ['an array', ['192.0.2.1']],
  ])('leaves out %s', (_name, value) => {
    expect(toIp(value)).toBeUndefined();
  });
});
