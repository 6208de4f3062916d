import { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GzipUpload, QUEUE_BYTES, UPLOAD_QUEUE_SIZE } from '../../../lib/s3/gzip-upload.ts';
import { startTestS3, type TestS3 } from '../../helpers/s3-server.ts';

const OUT = 'normalized-logs';
const MiB = 1024 * 1024;

let s3: TestS3;

beforeAll(async () => {
  s3 = await startTestS3([OUT]);
});

afterAll(async () => {
  await s3.close();
});

/** A deterministic pseudo-random size in [1, max]. */
function sizes(count: number, max: number): number[] {
  let state = 12345;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return 1 + (state % max);
  });
}

describe('S3: GzipUpload', () => {
  it('writes every text in order, one gzip object, whatever the sizes of the writes (texts queued behind gzip included)', async () => {
    const upload = new GzipUpload(s3.client, OUT, 'order.ndjson.gz');
    const written: string[] = [];
    // Several parts' worth, in writes from a byte to 300 KiB: many are queued while gzip is busy.
    for (const [i, size] of sizes(400, 300 * 1024).entries()) {
      const text = `${i}:${'x'.repeat(size)}\n`;
      written.push(text);
      await upload.write(i % 2 === 0 ? text : Buffer.from(text));
    }
    await upload.end();
    expect(await s3.gunzip(OUT, 'order.ndjson.gz')).toBe(written.join(''));
    expect(upload.bytesOut).toBe((await s3.get(OUT, 'order.ndjson.gz')).length);
  });

  it('stops taking writes, holding a bounded amount, while the upload takes nothing', async () => {
    // An S3 API that does not answer until closed: the upload takes its parts' worth of output, then waits.
    const unanswered: ((error: Error) => void)[] = [];
    let closed = false;
    const stalled = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    stalled.send = (() => new Promise((_, reject) => (closed ? reject(new Error('closed')) : unanswered.push(reject)))) as S3Client['send'];
    const upload = new GzipUpload(stalled, OUT, 'stalled.ndjson.gz');
    // Random bytes do not compress: what gzip takes in, it puts out.
    const chunk = randomBytes(256 * 1024);
    let accepted = 0;
    const pending = new Set<number>();
    for (let i = 0; accepted < 64 * MiB; i++) {
      const write = upload.write(chunk);
      // A write that does not settle within a second is waiting; one that is slow to settle only ends the loop early.
      const settled = await Promise.race([write.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 1000))]);
      if (!settled) {
        pending.add(i);
        break;
      }
      accepted += chunk.length;
    }
    expect(pending.size).toBe(1);
    // The parts the upload buffers (5 MiB each), the stream buffers between gzip and the upload
    // (gzip's 1 MiB of output, the counter's), the chunk in gzip and the queue.
    expect(accepted).toBeLessThan(UPLOAD_QUEUE_SIZE * 5 * MiB + 2 * MiB + chunk.length + QUEUE_BYTES);
    closed = true;
    for (const reject of unanswered) reject(new Error('closed'));
    await upload.abort(new Error('test over'));
    // The upload's failure: the unanswered request's, or the abort's when it had sent none yet.
    await expect(upload.write(chunk)).rejects.toThrow(/^(closed|test over)$/);
  });
});
