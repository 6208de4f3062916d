import { Upload } from '@aws-sdk/lib-storage';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../lib/lambda/config.ts';
import { createHandler } from '../../../lib/lambda/handler.ts';
import { logger } from '../../../lib/lambda/observability.ts';
import { getIntegration } from '../../../functions/registry.ts';
import { s3Notification } from '../../../dev/s3-notifications.ts';
import { READ_AHEAD_BYTES } from '../../../lib/s3/log-drop.ts';
import type { S3NotificationResult } from '../../../lib/s3/process-notification.ts';
import type { Integration } from '../../../lib/integration.ts';
import { countingS3Client, startTestS3, type TestS3 } from '../../helpers/s3-server.ts';

const RAW = 'raw-logs';
const OUT = 'normalized-logs';
const KEY = 'ibm-aix/aixprod01/large.log';
const OBJECT_BYTES = 50 * 1024 * 1024;

/** AIX audit lines, every 1,000th one blank, up to `bytes`: generated, never held whole. */
function* aixLines(bytes: number): Generator<Buffer> {
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const second = String(i % 60).padStart(2, '0');
    const line =
      i % 1000 === 999
        ? '\n'
        : `PROC_Execute    ksh                             root     jdoe OK            14 May 2024 08:01:${second}.${String(i % 1e6).padStart(6, '0')}  ` +
          `No associated roles                      euid: 204 egid: 1 epriv: 0:0 name ls -l /home/jdoe/${i} \n`;
    written += line.length;
    yield Buffer.from(line);
  }
}

/** The lines in 64 KiB chunks, as a file read would give them. */
function* chunks(bytes: number): Generator<Buffer> {
  let batch: Buffer[] = [];
  let size = 0;
  for (const line of aixLines(bytes)) {
    batch.push(line);
    size += line.length;
    if (size >= 64 * 1024) {
      yield Buffer.concat(batch);
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield Buffer.concat(batch);
}

let s3: TestS3;

beforeAll(async () => {
  s3 = await startTestS3([RAW, OUT]);
});

afterAll(async () => {
  await s3.close();
});

describe('S3 log drops: large objects', () => {
  it('streams a 50 MB object, never holding more than the read-ahead of it', async () => {
    let lines = 0;
    let blank = 0;
    let bytes = 0;
    for (const line of aixLines(OBJECT_BYTES)) {
      lines += 1;
      bytes += line.length;
      if (line.length === 1) blank += 1;
    }
    const upload = await new Upload({ client: s3.client, params: { Bucket: RAW, Key: KEY, Body: Readable.from(chunks(OBJECT_BYTES)) } }).done();
    const eTag = upload.ETag!.replace(/"/g, '');
    vi.spyOn(logger, 'info').mockImplementation(() => {});
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const firehose = new FirehoseClient({ region: 'us-east-1' });

    // What the handler holds of the object: the bytes it has taken from S3 minus the bytes
    // of the lines it has normalized (every line is ASCII; blank lines, 1 byte each, are
    // never normalized and count as held). Measured, unlike process memory, exactly and
    // whatever the garbage collector does.
    const { client: reader, pulled: pulledBytes } = countingS3Client(s3.endpoint);
    const aix = getIntegration('ibm-aix');
    let normalized = 0;
    let held = 0;
    const counted: Integration = {
      ...aix,
      normalize: (record, context) => {
        normalized += record.length + 1;
        held = Math.max(held, pulledBytes() - normalized);
        return aix.normalize(record, context);
      },
    };
    const handler = createHandler(counted, { config: loadConfig({ OUTPUT_BUCKET: OUT }), s3: reader, firehose });

    const started = performance.now();
    const result = (await handler(s3Notification([{ bucket: RAW, key: KEY, size: bytes, eTag }]))) as S3NotificationResult;
    const seconds = (performance.now() - started) / 1000;
    firehose.destroy();
    reader.destroy();
    vi.restoreAllMocks();

    expect(result.objects[0]).toMatchObject({ lines, events: lines - blank, blank, rejected: 0, bytesIn: bytes });
    expect(pulledBytes()).toBe(bytes);
    expect(normalized).toBe(bytes - blank);
    // Read ahead on each side of gunzip (READ_AHEAD_BYTES each, plus a chunk past each
    // bound), a batch of lines and the streams' buffers: a fifth of the object, never all of it.
    expect(held).toBeLessThan(2 * READ_AHEAD_BYTES + 2 * 1024 * 1024);
    const output = (await s3.gunzip(OUT, result.objects[0]!.output.slice(`s3://${OUT}/`.length))).split('\n');
    expect(output).toHaveLength(lines - blank + 1);
    expect(JSON.parse(output[0]!)).toMatchObject({ event: { action: 'PROC_Execute' }, '@timestamp': '2024-05-14T08:01:00.000000Z' });
    console.log(`50 MB object: ${lines} lines in ${seconds.toFixed(1)} s; at most ${(held / 2 ** 20).toFixed(1)} MiB of it held`);
  }, 120_000);
});
