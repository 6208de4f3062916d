import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_OBJECT_BYTES, DEFAULT_MAX_REJECTED_LINES, loadConfig } from '../../../lib/lambda/config.ts';
import { ConfigurationError, ObjectTooLargeError } from '../../../lib/errors.ts';
import { createHandler } from '../../../lib/lambda/handler.ts';
import { logger } from '../../../lib/lambda/observability.ts';
import { getIntegration } from '../../../functions/registry.ts';
import { s3Notification } from '../../../dev/s3-notifications.ts';
import { READ_AHEAD_BYTES } from '../../../lib/s3/log-drop.ts';
import type { S3NotificationResult } from '../../../lib/s3/process-notification.ts';
import { quietObservability } from '../../helpers/quiet.ts';
import { countingS3Client } from '../../helpers/s3-server.ts';
import { useTestS3 } from '../../helpers/use-s3.ts';

/**
 * Bounded work per S3 object: 10 MiB of junk lines took 55 s and stored 5,242,880 rejected
 * lines; 150 KB of gzipped junk ran into the 15-minute timeout, three times. An object whose
 * decompressed bytes pass MAX_OBJECT_BYTES fails at once, naming the object and the limit
 * (Lambda retries it, then it is in the dead-letter queue); past MAX_REJECTED_LINES rejected
 * lines are counted in a summary record instead of stored.
 */

const RAW = 'raw-logs';
const OUT = 'normalized-logs';
const EVENT_TIME = '2024-05-14T08:00:00.000Z';
const TANIUM = '{"event":"process_start","hostname":"host-a.example.com","host":"192.0.2.10","fields":{"process__pid":4242}}';

const rig = useTestS3([RAW, OUT]);
quietObservability();

function tanium(env: Record<string, string>, client = rig.s3().client) {
  return createHandler(getIntegration('tanium'), { config: loadConfig({ OUTPUT_BUCKET: OUT, ...env }), s3: client, firehose: rig.firehose });
}

async function drop(key: string, body: Buffer | string) {
  const s3 = rig.s3();
  const { eTag, size } = await s3.put(RAW, key, body);
  return s3Notification([{ bucket: RAW, key, size, eTag, eventTime: EVENT_TIME }]);
}

describe('S3 log drops: MAX_OBJECT_BYTES', () => {
  it('fails a gzip object whose decompressed bytes pass the limit, naming it and the limit, leaving nothing', async () => {
    const handler = tanium({ MAX_OBJECT_BYTES: '100000' });
    // 1 MB of junk lines in a 1 KB gzip object.
    const notification = await drop('tanium/bomb.json.gz', gzipSync('x\n'.repeat(500_000)));

    const error = await handler(notification).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ObjectTooLargeError);
    expect((error as Error).message).toBe(
      `s3://${RAW}/tanium/bomb.json.gz: object is over the limit of 100000 decompressed bytes (MAX_OBJECT_BYTES): not normalized`,
    );
    expect((await rig.s3().keys(OUT)).filter((k) => k.includes('/tanium/bomb.json.gz.'))).toEqual([]);
    expect(await rig.s3().openUploads(OUT)).toEqual([]);
  });

  it('stops reading a plain object at the limit instead of reading it to the end', async () => {
    const reader = countingS3Client(rig.s3().endpoint);
    const handler = tanium({ MAX_OBJECT_BYTES: String(1024 * 1024) }, reader.client);
    const body = `${TANIUM}\n`.repeat(200_000);
    const notification = await drop('tanium/large.json', body);

    await expect(handler(notification)).rejects.toBeInstanceOf(ObjectTooLargeError);
    reader.client.destroy();

    // The limit, the read-ahead on each side of gunzip and a chunk past each: not the 23 MB.
    expect(body.length).toBeGreaterThan(20_000_000);
    expect(reader.pulled()).toBeLessThan(1024 * 1024 + 2 * READ_AHEAD_BYTES + 2 * 1024 * 1024);
    expect((await rig.s3().keys(OUT)).filter((k) => k.includes('/tanium/large.json.'))).toEqual([]);
  });

  it('normalizes an object of exactly the limit', async () => {
    const body = `${TANIUM}\n${TANIUM}\n`;
    const handler = tanium({ MAX_OBJECT_BYTES: String(body.length) });
    const result = (await handler(await drop('tanium/exact.json', gzipSync(body)))) as S3NotificationResult;
    expect(result.objects[0]).toMatchObject({ lines: 2, events: 2, rejected: 0 });
  });
});

describe('S3 log drops: MAX_REJECTED_LINES', () => {
  it('stores the first rejected lines with their raw text, then counts the others in a summary record', async () => {
    const handler = tanium({ MAX_REJECTED_LINES: '3' });
    const key = 'tanium/junk.json';
    const lines = [TANIUM, 'junk 2', '[3]', 'junk 4', '5', '', 'junk 7', TANIUM, 'junk 9'];
    const result = (await handler(await drop(key, `${lines.join('\n')}\n`))) as S3NotificationResult;

    const summary = result.objects[0]!;
    expect(summary).toMatchObject({ lines: 9, events: 2, rejected: 6, blank: 1 });
    const errors = (await rig.s3().gunzip(OUT, summary.errors!.slice(`s3://${OUT}/`.length))).split('\n').slice(0, -1).map((l) => JSON.parse(l));
    expect(errors.map((e) => [e.line, e.raw])).toEqual([
      [2, 'junk 2'],
      [3, '[3]'],
      [4, 'junk 4'],
      [undefined, undefined],
    ]);
    expect(errors[3]).toEqual({
      bucket: RAW,
      key,
      notStored: 3,
      firstLine: 5,
      lastLine: 9,
      reason: '3 more rejected lines, not stored: over the limit of 3 stored per object (MAX_REJECTED_LINES)',
    });
    expect(vi.mocked(logger.warn).mock.calls).toEqual([
      ['Rejected lines over the limit were counted, not stored', { integration: 'tanium', bucket: RAW, key, rejected: 6, notStored: 3, limit: 3 }],
    ]);
  });

  it('stores every rejected line up to the limit, with no summary record', async () => {
    const handler = tanium({ MAX_REJECTED_LINES: '2' });
    const result = (await handler(await drop('tanium/two.json', 'junk 1\njunk 2\n'))) as S3NotificationResult;
    const errors = (await rig.s3().gunzip(OUT, result.objects[0]!.errors!.slice(`s3://${OUT}/`.length))).split('\n').slice(0, -1).map((l) => JSON.parse(l));
    expect(errors.map((e) => e.line)).toEqual([1, 2]);
    expect(logger.warn).not.toHaveBeenCalled();
  });
});

describe('the limits in the configuration', () => {
  it('default to 1 GiB and 10,000 lines', () => {
    expect(loadConfig({})).toMatchObject({ maxObjectBytes: DEFAULT_MAX_OBJECT_BYTES, maxRejectedLines: DEFAULT_MAX_REJECTED_LINES });
    expect([DEFAULT_MAX_OBJECT_BYTES, DEFAULT_MAX_REJECTED_LINES]).toEqual([1_073_741_824, 10_000]);
  });

  it.each(['0', '-5', '1.5', '1e6', 'lots', '9007199254740993'])('refuse %j, naming the variable', (value) => {
    for (const variable of ['MAX_OBJECT_BYTES', 'MAX_REJECTED_LINES']) {
      const attempt = () => loadConfig({ [variable]: value });
      expect(attempt).toThrow(ConfigurationError);
      expect(attempt).toThrow(`${variable}: "${value}" is not a whole number of at least 1`);
    }
  });
});
