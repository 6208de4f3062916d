import { describe, expect, it } from 'vitest';
import { NdjsonBuildError } from '../../../lib/errors.ts';
import { NdjsonBytes } from '../../../lib/records/ndjson-bytes.ts';

const json = (value: unknown): string => JSON.stringify(value);

describe('NdjsonBytes', () => {
  it('writes each JSON text as UTF-8 with its newline: multi-byte characters, surrogate pairs, escaped lone surrogates', () => {
    const texts = [json({ user: 'jdoe' }), json({ path: '/home/élodie/日本語' }), json({ note: 'ok 😀' }), json({ lone: '\ud800' })];
    const out = new NdjsonBytes();
    for (const text of texts) out.append(text);

    expect(out.take()).toStrictEqual(Buffer.from(texts.map((t) => `${t}\n`).join(''), 'utf8'));
  });

  it('takes an empty buffer when nothing was appended', () => {
    expect(new NdjsonBytes().take()).toStrictEqual(Buffer.alloc(0));
  });

  it('grows past its scratch buffer, for one large event and for many, keeping what came before', () => {
    const large = json({ message: 'é'.repeat(300_000) });
    const small = Array.from({ length: 5_000 }, (_, i) => json({ n: i, text: 'x'.repeat(i % 200) }));
    const out = new NdjsonBytes();
    out.append(small[0]!);
    out.append(large);
    for (const text of small.slice(1)) out.append(text);

    expect(out.take().toString('utf8')).toBe([small[0], large, ...small.slice(1)].map((t) => `${t}\n`).join(''));
  });

  it('gives each batch bytes of its own: the next batch does not overwrite them', () => {
    const first = new NdjsonBytes();
    first.append(json({ batch: 1 }));
    const taken = first.take();
    const second = new NdjsonBytes();
    second.append(json({ batch: 2, padding: 'y'.repeat(100) }));
    second.take();

    expect(taken.toString('utf8')).toBe('{"batch":1}\n');
  });

  it('keeps every batch taken as it was, small ones (views) over several scratch buffers, large ones copied, one over a scratch buffer', () => {
    // About 6 MiB: batches of 1 to 40 events (1-26 KB: most are views, some are copied out), and a 3 MiB one among them.
    const taken: { bytes: Buffer; text: string }[] = [];
    for (let batch = 0; batch < 600; batch++) {
      const texts = Array.from({ length: 1 + (batch % 40) }, (_, i) => json({ batch, i, text: 'é'.repeat((batch * 7 + i) % 300) }));
      if (batch === 300) texts.push(json({ large: 'x'.repeat(3 * 1024 * 1024) }));
      const out = new NdjsonBytes();
      for (const text of texts) out.append(text);
      taken.push({ bytes: out.take(), text: texts.map((t) => `${t}\n`).join('') });
    }

    for (const { bytes, text } of taken) expect(bytes.toString('utf8')).toBe(text);
  });

  it('copies a batch over 16 KiB out, so that holding it does not hold the scratch buffer the next batches are written in', () => {
    const large = new NdjsonBytes();
    large.append(json({ text: 'x'.repeat(20_000) }));
    const taken = large.take();
    const small = new NdjsonBytes();
    small.append(json({ n: 1 }));

    expect(small.take().buffer).not.toBe(taken.buffer);
  });

  it('fails loudly when a batch is used after a newer one started, and the newer one is unharmed', () => {
    const abandoned = new NdjsonBytes();
    abandoned.append(json({ old: true }));
    const current = new NdjsonBytes();
    current.append(json({ current: true }));

    expect(() => abandoned.append(json({ old: 'again' }))).toThrow(NdjsonBuildError);
    expect(() => abandoned.take()).toThrow(NdjsonBuildError);
    expect(current.take().toString('utf8')).toBe('{"current":true}\n');
  });
});
