import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BATCH_BYTES, isBlank, LineSplitter, maybeGunzip, splitBuffer, splitLines } from '../../../lib/records/lines.ts';
import type { Line } from '../../../lib/records/lines.ts';
import { MAX_RECORD_BYTES } from '../../../lib/records/record.ts';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
}

async function lines(source: AsyncIterable<Uint8Array>): Promise<{ number: number; text: string; length: number }[]> {
  const out: { number: number; text: string; length: number }[] = [];
  for await (const batch of splitLines(source)) {
    for (const line of batch) out.push({ number: line.number, text: line.bytes.toString('utf8'), length: line.length });
  }
  return out;
}

async function rawLines(source: AsyncIterable<Uint8Array>): Promise<Line[]> {
  const out: Line[] = [];
  for await (const batch of splitLines(source)) out.push(...batch);
  return out;
}

async function bytes(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of source) out.push(chunk);
  return Buffer.concat(out);
}

describe('Lines: splitLines', () => {
  it.each([
    ['LF', ['a\nb\n'], [['a', 1], ['b', 1]]],
    ['CRLF', ['a\r\nb\r\n'], [['a', 1], ['b', 1]]],
    ['mixed LF and CRLF', ['a\r\nb\nc\r\n'], [['a', 1], ['b', 1], ['c', 1]]],
    ['a last line without newline', ['a\nb'], [['a', 1], ['b', 1]]],
    ['a last line of a lone CR', ['a\n\r'], [['a', 1], ['', 0]]],
    ['blank lines (kept, for the caller to skip and count)', ['a\n\n  \nb\n'], [['a', 1], ['', 0], ['  ', 2], ['b', 1]]],
    ['a CR inside a line (kept)', ['a\rb\n'], [['a\rb', 3]]],
    ['a BOM at the very start (dropped)', ['\uFEFFa\nb\n'], [['a', 1], ['b', 1]]],
    ['a BOM on a later line (kept)', ['a\n\uFEFFb\n'], [['a', 1], ['\uFEFFb', 4]]],
    ['a BOM split across chunks', [new Uint8Array([0xef]), new Uint8Array([0xbb, 0xbf]), 'a\n'], [['a', 1]]],
    ['a line split across chunks', ['PROC_Ex', 'ecute sh ro', 'ot\nnext'], [['PROC_Execute sh root', 20], ['next', 4]]],
    ['a CRLF split between chunks', ['a\r', '\nb'], [['a', 1], ['b', 1]]],
    ['multi-byte characters split across chunks', [new Uint8Array([0x63, 0x61, 0x66, 0xc3]), new Uint8Array([0xa9, 0x0a])], [['café', 5]]],
    ['an empty input', [], []],
    ['a lone newline', ['\n'], [['', 0]]],
  ])('splits %s', async (_name, parts, expected) => {
    const got = await lines(chunks(...(parts as (string | Uint8Array)[])));
    expect(got).toStrictEqual((expected as [string, number][]).map(([text, length], i) => ({ number: i + 1, text, length })));
  });

  it('yields one batch per chunk that completes lines', async () => {
    const batches: number[][] = [];
    for await (const batch of splitLines(chunks('a\nb\nc', 'd\n', 'e'))) batches.push(batch.map((line) => line.number));
    expect(batches).toStrictEqual([[1, 2], [3], [4]]);
  });

  it('yields a batch per BATCH_BYTES of a larger chunk, each line once, in order', async () => {
    // Lines of 100 bytes: batch k holds the lines that end in its BATCH_BYTES of input.
    const count = Math.ceil((2.5 * BATCH_BYTES) / 100);
    const input = Buffer.from(Array.from({ length: count }, (_, i) => `${String(i).padStart(99, '.')}\n`).join(''));
    const batches: number[][] = [];
    for await (const batch of splitLines(chunks(input))) batches.push(batch.map((line) => line.number));
    const endsIn = (n: number): number => Math.floor((n * 100 - 1) / BATCH_BYTES);
    const expected: number[][] = [[], [], []];
    for (let n = 1; n <= count; n++) expected[endsIn(n)]!.push(n);
    expect(batches).toStrictEqual(expected);
    expect((await lines(chunks(input))).map((line) => Number(line.text.replaceAll('.', '')))).toStrictEqual(Array.from({ length: count }, (_, i) => i));
  });

  it.each([
    ['in one chunk', 1],
    ['in many chunks', 1000],
  ])('keeps only the first bytes of a line longer than MAX_RECORD_BYTES, with its full length, %s', async (_name, pieces) => {
    const long = Buffer.alloc(MAX_RECORD_BYTES + 4096, 0x61);
    const input = Buffer.concat([long, Buffer.from('\r\nnext\n')]);
    const size = Math.ceil(input.length / pieces);
    const parts: Buffer[] = [];
    for (let at = 0; at < input.length; at += size) parts.push(input.subarray(at, at + size));

    const got = await rawLines(chunks(...parts));

    expect(got).toHaveLength(2);
    expect(got[0]!.number).toBe(1);
    // The CR is part of the cut line's length: a cut line is rejected for its size anyway.
    expect(got[0]!.length).toBe(MAX_RECORD_BYTES + 4096 + 1);
    expect(got[0]!.bytes.length).toBe(MAX_RECORD_BYTES + 1);
    expect(got[0]!.bytes.equals(long.subarray(0, MAX_RECORD_BYTES + 1))).toBe(true);
    expect({ number: got[1]!.number, text: got[1]!.bytes.toString(), length: got[1]!.length }).toStrictEqual({ number: 2, text: 'next', length: 4 });
  });

  it('keeps a line of exactly MAX_RECORD_BYTES whole', async () => {
    const exact = Buffer.alloc(MAX_RECORD_BYTES, 0x62);
    const got = await rawLines(chunks(exact.subarray(0, 10), exact.subarray(10), '\n'));
    expect(got).toHaveLength(1);
    expect(got[0]!.length).toBe(MAX_RECORD_BYTES);
    expect(got[0]!.bytes.equals(exact)).toBe(true);
  });
});

describe('Lines: splitBuffer (the data of one Firehose record)', () => {
  const texts = (got: readonly Line[]) => got.map((line) => ({ number: line.number, text: line.bytes.toString('utf8'), length: line.length }));

  it.each([
    ['a line without newline', 'a', [['a', 1]]],
    ['a line with LF', 'a\n', [['a', 1]]],
    ['a line with CRLF', 'a\r\n', [['a', 1]]],
    ['a last line without newline, ending in CR', 'a\nb\r', [['a', 1], ['b', 1]]],
    ['a BOM before a line without newline', '\uFEFFa', [['a', 1]]],
    ['blank lines', 'a\n\n  ', [['a', 1], ['', 0], ['  ', 2]]],
    ['an empty input', '', []],
  ])('splits %s', (_name, input, expected) => {
    expect(texts(splitBuffer(Buffer.from(input)))).toStrictEqual((expected as [string, number][]).map(([text, length], i) => ({ number: i + 1, text, length })));
  });

  it('keeps only the first bytes of a last line longer than MAX_RECORD_BYTES, with its full length', () => {
    const long = Buffer.alloc(MAX_RECORD_BYTES + 4096, 0x61);
    const got = splitBuffer(Buffer.concat([Buffer.from('first\n'), long]));
    expect(got.map((line) => [line.number, line.length, line.bytes.length])).toStrictEqual([
      [1, 5, 5],
      [2, MAX_RECORD_BYTES + 4096, MAX_RECORD_BYTES + 1],
    ]);
    expect(got[1]!.bytes.equals(long.subarray(0, MAX_RECORD_BYTES + 1))).toBe(true);
  });

  it('ends, after earlier chunks, the line they left open', () => {
    const splitter = new LineSplitter();
    expect(texts(splitter.push(Buffer.from('x\nPROC_')))).toStrictEqual([{ number: 1, text: 'x', length: 1 }]);
    expect(texts(splitter.pushLast(Buffer.from('Execute')))).toStrictEqual([{ number: 2, text: 'PROC_Execute', length: 12 }]);
  });
});

describe('Lines: isBlank', () => {
  it.each([
    ['', true],
    ['   ', true],
    ['\t\r\x0b\x0c ', true],
    [' a ', false],
    ['\u00a0', false],
  ])('says %j is blank: %s', (text, blank) => {
    expect(isBlank(Buffer.from(text, 'utf8'))).toBe(blank);
  });
});

describe('Lines: maybeGunzip', () => {
  it('gunzips gzip data recognised by its magic bytes', async () => {
    const gz = gzipSync('line one\nline two\n');
    expect((await bytes(maybeGunzip(chunks(gz)))).toString()).toBe('line one\nline two\n');
  });

  it('recognises the magic bytes when they arrive in separate chunks', async () => {
    const gz = gzipSync('split magic\n');
    expect((await bytes(maybeGunzip(chunks(gz.subarray(0, 1), gz.subarray(1, 2), gz.subarray(2))))).toString()).toBe('split magic\n');
  });

  it('reads every member of concatenated gzip data', async () => {
    const gz = Buffer.concat([gzipSync('first\n'), gzipSync('second\n'), gzipSync('third')]);
    expect((await bytes(maybeGunzip(chunks(gz)))).toString()).toBe('first\nsecond\nthird');
  });

  it.each([
    ['plain text', ['FILE_Pipe alice root admin OK 10 Nov 2022 09:21:53.955363\n']],
    ['plain text in several chunks', ['a', 'b\n', 'c']],
    ['a single byte', [new Uint8Array([0x1f])]],
    ['a gzip-like first byte only', [new Uint8Array([0x1f, 0x00, 0x8b])]],
  ])('passes %s through unchanged', async (_name, parts) => {
    const input = Buffer.concat((parts as (string | Uint8Array)[]).map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
    expect((await bytes(maybeGunzip(chunks(...(parts as (string | Uint8Array)[]))))).equals(input)).toBe(true);
  });

  it('yields nothing for an empty input', async () => {
    const got: Buffer[] = [];
    for await (const chunk of maybeGunzip(chunks())) got.push(chunk);
    expect(got).toStrictEqual([]);
  });

  it('rejects truncated gzip data', async () => {
    const gz = gzipSync('truncated record\n');
    await expect(bytes(maybeGunzip(chunks(gz.subarray(0, gz.length - 6))))).rejects.toThrow('unexpected end of file');
  });

  it('rejects, instead of crashing the process, when the source fails mid-gzip', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield gzipSync('a\n').subarray(0, 4);
      throw new Error('S3 read failed');
    }
    await expect(bytes(maybeGunzip(failing()))).rejects.toThrow('S3 read failed');
  });

  it('rejects when the source fails on plain data', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('plain\n');
      throw new Error('S3 read failed');
    }
    await expect(bytes(maybeGunzip(failing()))).rejects.toThrow('S3 read failed');
  });

  it('feeds splitLines with the lines of a gzip CRLF file', async () => {
    const gz = gzipSync('\uFEFFa\r\nb\r\n');
    expect(await lines(maybeGunzip(chunks(gz)))).toStrictEqual([
      { number: 1, text: 'a', length: 1 },
      { number: 2, text: 'b', length: 1 },
    ]);
  });
});
