import { describe, expect, it } from 'vitest';
import { RecordRejectedError } from '../../../lib/errors.ts';
import { decodeRecord, MAX_RECORD_BYTES, normalizeRecord } from '../../../lib/records/record.ts';
import type { Integration } from '../../../lib/integration.ts';
import { ibmAix } from '../../../functions/ibm-aix/integration.ts';
import { tanium } from '../../../functions/tanium/integration.ts';

const CONTEXT = { timezone: 'UTC', receivedAt: '2026-01-02T03:04:05.678000Z' };

describe('Record: decodeRecord', () => {
  it.each([
    ['ASCII', Buffer.from('FILE_Pipe alice root admin OK'), 'FILE_Pipe alice root admin OK'],
    ['multi-byte UTF-8', Buffer.from('café ✓ 🎉'), 'café ✓ 🎉'],
    ['an empty record', Buffer.alloc(0), ''],
    ['a Uint8Array view into a larger buffer', new Uint8Array(Buffer.from('xxhelloxx').buffer, Buffer.from('xxhelloxx').byteOffset + 2, 5), 'hello'],
    ['exactly MAX_RECORD_BYTES', Buffer.alloc(MAX_RECORD_BYTES, 0x61), 'a'.repeat(MAX_RECORD_BYTES)],
  ])('decodes %s', (_name, bytes, text) => {
    expect(decodeRecord(bytes)).toStrictEqual({ text });
  });

  it.each([
    ['a lone 0xff byte', [0xff]],
    ['a truncated 3-byte sequence', [0x61, 0xe2, 0x82]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['an encoded UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['Latin-1 text', [0x63, 0x61, 0x66, 0xe9]],
  ])('rejects %s as invalid UTF-8', (_name, bytes) => {
    expect(decodeRecord(new Uint8Array(bytes))).toStrictEqual({ reason: 'record is not valid UTF-8' });
  });

  it('rejects a record over MAX_RECORD_BYTES with its size', () => {
    expect(decodeRecord(Buffer.alloc(MAX_RECORD_BYTES + 1, 0x61))).toStrictEqual({ reason: 'record is 1048577 bytes, over the 1048576-byte limit' });
  });
});

describe('Record: normalizeRecord', () => {
  it('returns the event of a record within the limit', () => {
    const outcome = normalizeRecord(tanium, '{"event":"unknown","hostname":"host01.example.com"}', CONTEXT);
    expect(outcome).toStrictEqual({
      event: {
        message: '{"event":"unknown","hostname":"host01.example.com"}',
        '@timestamp': '2026-01-02T03:04:05.678000Z',
        event: { kind: 'event', type: ['info'], module: 'tanium', dataset: 'tanium.threat_response' },
        ecs: { version: '9.0.0' },
        host: { hostname: 'host01.example.com', name: 'host01.example.com' },
        observer: { name: 'host01.example.com', product: 'XEM', type: 'sensor', vendor: 'Tanium' },
        related: { hosts: ['host01.example.com'] },
      },
    });
  });

  it.each([
    ['one byte over, in ASCII', 'a'.repeat(MAX_RECORD_BYTES + 1), 'record is 1048577 bytes, over the 1048576-byte limit'],
    ['over in bytes but not in characters (2-byte é)', 'é'.repeat(MAX_RECORD_BYTES / 2 + 1), 'record is 1048578 bytes, over the 1048576-byte limit'],
  ])('rejects a record %s, naming its size', (_name, record, reason) => {
    expect(normalizeRecord(ibmAix, record, CONTEXT)).toStrictEqual({ reason });
  });

  it('accepts a record of exactly MAX_RECORD_BYTES', () => {
    const record = 'b'.repeat(MAX_RECORD_BYTES);
    expect(normalizeRecord(ibmAix, record, CONTEXT).event?.message).toBe(record);
  });

  it('turns a RecordRejectedError into its reason', () => {
    expect(normalizeRecord(tanium, '[1,2]', CONTEXT)).toStrictEqual({ reason: 'record is not a JSON object but an array' });
  });

  it('turns any other error (a normalizer bug) into a rejection of that record only', () => {
    const broken: Integration = {
      name: 'broken',
      title: 'Broken',
      normalize: () => {
        throw new TypeError('bug');
      },
    };
    expect(normalizeRecord(broken, 'x', CONTEXT)).toStrictEqual({ reason: 'unexpected error: bug' });
  });

  it('keeps the integration name out of the reason, and in the error message', () => {
    const error = new RecordRejectedError('tanium', 'record is not a JSON object but null');
    expect(error.reason).toBe('record is not a JSON object but null');
    expect(error.message).toBe('tanium: record is not a JSON object but null');
    expect(error.name).toBe('RecordRejectedError');
  });
});
