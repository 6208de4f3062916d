import { Upload } from '@aws-sdk/lib-storage';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../lib/config.ts';
import { createHandler } from '../lib/handler.ts';
import { logger } from '../lib/observability.ts';
import { getIntegration } from '../lib/registry.ts';
import { s3Notification } from '../lib/s3-event.ts';
import type { S3NotificationResult } from '../lib/s3-notification.ts';
import { startTestS3, type TestS3 } from './helpers/s3-server.ts';

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
  it('streams a 50 MB object in bounded memory', async () => {
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
    const handler = createHandler(getIntegration('ibm-aix'), { config: loadConfig({ OUTPUT_BUCKET: OUT }), s3: s3.client, firehose });

    // JS heap plus Buffers: what holding the object (or its output) whole would show in.
    const used = (): number => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const baseline = used();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, used());
    }, 10);
    const started = performance.now();
    const result = (await handler(s3Notification([{ bucket: RAW, key: KEY, size: bytes, eTag }]))) as S3NotificationResult;
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, used());
    firehose.destroy();
    vi.restoreAllMocks();

    expect(result.objects[0]).toMatchObject({ lines, events: lines - blank, blank, rejected: 0, bytesIn: bytes });
    // Never held whole: holding it would take the object, its text and its 2-4x larger
    // output (over 200 MiB). Streaming measures 20-45 MiB here: uncollected garbage and the
    // in-process s3rver count too, so the bound leaves room for a busy CI machine.
    expect(peak - baseline).toBeLessThan(OBJECT_BYTES * 1.5);
    const output = (await s3.gunzip(OUT, result.objects[0]!.output.slice(`s3://${OUT}/`.length))).split('\n');
    expect(output).toHaveLength(lines - blank + 1);
    expect(JSON.parse(output[0]!)).toMatchObject({ event: { action: 'PROC_Execute' }, '@timestamp': '2024-05-14T08:01:00.000000Z' });
    console.log(
      `50 MB object: ${lines} lines in ${seconds.toFixed(1)} s; heap + buffers ${Math.round(baseline / 2 ** 20)} MiB -> peak ${Math.round(peak / 2 ** 20)} MiB`,
    );
  }, 120_000);
});
