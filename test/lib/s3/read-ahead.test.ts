import { describe, expect, it } from 'vitest';
import { readAhead } from '../../../lib/s3/read-ahead.ts';

async function collect(source: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of source) out.push(Buffer.from(chunk).toString('utf8'));
  return out;
}

describe('S3 read-ahead', () => {
  it('passes every chunk through, in order', async () => {
    async function* source(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 50; i++) yield Buffer.from(`chunk ${i};`);
    }

    expect(await collect(readAhead(source(), 16))).toEqual(Array.from({ length: 50 }, (_, i) => `chunk ${i};`));
  });

  it('reads ahead up to its limit while the consumer is busy, and no further', async () => {
    let produced = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 100; i++) {
        produced += 1;
        yield Buffer.alloc(10);
      }
    }
    const reader = readAhead(source(), 50);

    await reader.next();
    await new Promise((resolve) => setTimeout(resolve, 20));

    // One chunk taken and five buffered: 50 bytes, the limit.
    expect(produced).toBe(6);
    await reader.return(undefined);
  });

  it('throws the source error after the chunks read before it', async () => {
    async function* source(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('a');
      yield Buffer.from('b');
      throw new Error('socket hang up');
    }
    const seen: string[] = [];

    await expect(
      (async () => {
        for await (const chunk of readAhead(source(), 1024)) seen.push(Buffer.from(chunk).toString('utf8'));
      })(),
    ).rejects.toThrow('socket hang up');
    expect(seen).toEqual(['a', 'b']);
  });
});
