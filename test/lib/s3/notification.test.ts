import { describe, expect, it } from 'vitest';
import { UnsupportedEventError } from '../../../lib/errors.ts';
import { decodeS3Key, isS3Event, isS3TestEvent, s3Sources } from '../../../lib/s3/notification.ts';
import { encodeS3Key, s3Notification } from '../../../dev/s3-notifications.ts';
import { MAX_KEY_BYTES, outputKeys } from '../../../lib/s3/output-keys.ts';

describe('S3 notifications: keys', () => {
  it.each([
    ['ibm-aix/audit.log', 'ibm-aix/audit.log'],
    ['ibm-aix/my+file.log', 'ibm-aix/my file.log'],
    ['ibm-aix/a%2Bb.log', 'ibm-aix/a+b.log'],
    ['tanium/%C3%A9t%C3%A9/%E6%97%A5%E5%BF%97.json', 'tanium/été/日志.json'],
    ['tanium/100%25+done%3F.json', 'tanium/100% done?.json'],
  ])('decodes %s as %s', (encoded, key) => {
    expect(decodeS3Key(encoded)).toBe(key);
    expect(encodeS3Key(key)).toBe(encoded);
  });

  it('rejects a key that is not valid URL encoding', () => {
    expect(() => decodeS3Key('ibm-aix/%E0%A4%A.log')).toThrow(
      new UnsupportedEventError('S3 notification key "ibm-aix/%E0%A4%A.log" is not valid URL encoding'),
    );
  });
});

describe('S3 notifications: shapes', () => {
  const notification = s3Notification([
    { bucket: 'raw-logs', key: 'ibm-aix/host 1/audit.log', size: 42, eTag: '"0123456789abcdef"', versionId: 'v2', eventTime: '2024-05-14T08:00:00.000Z' },
  ]);

  it('reads bucket, decoded key, size, ETag, version, time and name of each record', () => {
    expect(s3Sources(notification)).toEqual([
      {
        bucket: 'raw-logs',
        key: 'ibm-aix/host 1/audit.log',
        size: 42,
        eTag: '0123456789abcdef',
        versionId: 'v2',
        eventTime: '2024-05-14T08:00:00.000Z',
        eventName: 'ObjectCreated:Put',
      },
    ]);
  });

  it('tells S3 notifications and test events from other events', () => {
    expect(isS3Event(notification)).toBe(true);
    expect(isS3Event({ Records: [] })).toBe(false);
    expect(isS3Event({ Records: [{ eventSource: 'aws:sqs' }] })).toBe(false);
    expect(isS3Event({ Records: [{ eventSource: 'aws:s3', s3: { bucket: { name: 'b' } } }] })).toBe(false);
    expect(isS3TestEvent({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'raw-logs' })).toBe(true);
    expect(isS3TestEvent(notification)).toBe(false);
  });
});

describe('S3 notifications: output keys', () => {
  const prefixes = { outputPrefix: 'normalized/', errorPrefix: 'errors/' };

  it('derives both keys from the integration, the Last-Modified date, the source key and its ETag', () => {
    expect(
      outputKeys(
        { integration: 'ibm-aix', key: 'ibm-aix/host 1/audit.log', eTag: '"9d5addaf2394cade4c82baf5e89573ff"', lastModified: new Date('2024-05-14T23:59:59.999Z') },
        prefixes,
      ),
    ).toEqual({
      events: 'normalized/ibm-aix/dt=2024-05-14/ibm-aix/host 1/audit.log.9d5addaf.ndjson.gz',
      errors: 'errors/ibm-aix/dt=2024-05-14/ibm-aix/host 1/audit.log.9d5addaf.ndjson.gz',
    });
  });

  it('keeps a multipart ETag to its first 8 characters', () => {
    const keys = outputKeys({ integration: 'tanium', key: 't/a.gz', eTag: 'a1b2c3d4e5f6-12', lastModified: new Date('2024-01-01T00:00:00Z') }, prefixes);

    expect(keys.events).toBe('normalized/tanium/dt=2024-01-01/t/a.gz.a1b2c3d4.ndjson.gz');
  });

  it('shortens a source key too long for S3 with a hash, keeping keys distinct and within 1,024 bytes', () => {
    const base = { integration: 'tanium', eTag: 'abcdef0123', lastModified: new Date('2024-01-01T00:00:00Z') };
    const a = outputKeys({ ...base, key: `tanium/${'é'.repeat(600)}a` }, prefixes);
    const b = outputKeys({ ...base, key: `tanium/${'é'.repeat(600)}b` }, prefixes);

    expect(Buffer.byteLength(a.events)).toBeLessThanOrEqual(MAX_KEY_BYTES);
    expect(Buffer.byteLength(a.errors)).toBeLessThanOrEqual(MAX_KEY_BYTES);
    expect(a.events).not.toBe(b.events);
    expect(a.events).toMatch(/^normalized\/tanium\/dt=2024-01-01\/tanium\/é+~[0-9a-f]{16}\.abcdef01\.ndjson\.gz$/);
  });
});
