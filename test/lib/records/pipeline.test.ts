import { describe, expect, it } from 'vitest';
import { LineNormalizer, normalizeBuffer, normalizeStream, type NormalizedBatch } from '../../../lib/records/pipeline.ts';
import { splitBuffer } from '../../../lib/records/lines.ts';
import { MAX_RECORD_BYTES } from '../../../lib/records/record.ts';
import type { Integration } from '../../../lib/integration.ts';
import type { EcsEvent } from '../../../lib/ecs/event.ts';
import { CONTEXT, RECEIVED_AT } from '../../helpers/expected.ts';
import { STANZA_COUNTS, STANZA_INPUT, STANZA_RECORDS, STANZA_REJECTED, stanza } from '../../helpers/stanza.ts';

/** The NDJSON `stanza` makes of records. */
const ndjson = (...records: string[]): string =>
  records.map((record) => `${JSON.stringify(stanza.normalize(record, CONTEXT))}\n`).join('');

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Everything normalizeStream yields, summed, with the rejected raw bytes as text. */
async function streamed(bytes: Buffer, integration: Integration, chunkSize = bytes.length) {
  const total = { lines: 0, ndjson: '', events: 0, unparsed: 0, blank: 0, rejected: [] as { line: number; reason: string; raw: string }[] };
  for await (const batch of normalizeStream(chunks(bytes, Math.max(chunkSize, 1)), integration, CONTEXT)) {
    total.lines += batch.lines;
    total.ndjson += batch.ndjson.toString('utf8');
    total.events += batch.events;
    total.unparsed += batch.unparsed;
    total.blank += batch.blank;
    total.rejected.push(...batch.rejected.map((r) => ({ line: r.line, reason: r.reason, raw: r.raw.toString('latin1') })));
  }
  return total;
}

const EXPECTED = {
  ...STANZA_COUNTS,
  ndjson: ndjson(...STANZA_RECORDS.map((r) => r.record)),
  rejected: [STANZA_REJECTED],
};

describe('Line pipeline: record framing', () => {
  it.each([
    ['in one chunk', 0],
    ['one byte at a time', 1],
    ['in chunks of 7 bytes', 7],
  ])('joins continuation lines with LF, skips headings and preambles, normalizes a fragment alone: %s', async (_name, size) => {
    const input = Buffer.from(STANZA_INPUT);
    expect(await streamed(input, stanza, size || input.length)).toStrictEqual(EXPECTED);
  });

  it('keeps a record open across batches until a line that is not its continuation, or end()', () => {
    const normalizer = new LineNormalizer(stanza, CONTEXT);
    const lines = splitBuffer(Buffer.from('alpha\n  one\n  two\nbeta'));
    const first = normalizer.push(lines.slice(0, 2));
    const second = normalizer.push(lines.slice(2));
    const last = normalizer.end();

    expect([first.ndjson, second.ndjson, last.ndjson].map(String)).toStrictEqual(['', ndjson('alpha\n  one\n  two'), ndjson('beta')]);
    expect([first.lines, second.lines, last.lines]).toStrictEqual([2, 2, 0]);
    expect(normalizer.end().events).toBe(0);
  });

  it('takes a one-line record for a preamble only when a heading follows it directly', async () => {
    const input = Buffer.from('note: one\n\n===\nnote: two\nnext\nnote: three\n  more\n===\nnote: last');
    expect(await streamed(input, stanza)).toStrictEqual({
      lines: 9,
      ndjson: ndjson('note: one', 'note: two', 'next', 'note: three\n  more', 'note: last'),
      events: 5,
      unparsed: 0,
      blank: 3,
      rejected: [],
    });
  });

  it('normalizes every continuation line with no record before it on its own', async () => {
    const input = Buffer.from('  a\n  b\n===\n  c\n');
    expect(await streamed(input, stanza)).toMatchObject({ ndjson: ndjson('  a', '  b', '  c'), events: 3, unparsed: 3, blank: 1 });
  });

  it('applies the size limit to the joined record, numbered by its first line, keeping its first bytes', async () => {
    const head = 'a'.repeat(600_000);
    const tail = ` ${'b'.repeat(600_000)}`;
    const input = Buffer.from(`ok\n${head}\n${tail}\n${tail}\nafter\n`);

    const result = await streamed(input, stanza, 65_536);

    const joined = `${head}\n${tail}\n${tail}`;
    expect(result.rejected).toStrictEqual([
      { line: 2, reason: `record is ${joined.length} bytes, over the ${MAX_RECORD_BYTES}-byte limit`, raw: joined.slice(0, MAX_RECORD_BYTES + 1) },
    ]);
    expect(result.ndjson).toBe(ndjson('ok', 'after'));
  });

  it('accepts a joined record of exactly MAX_RECORD_BYTES', async () => {
    const record = `${'a'.repeat(MAX_RECORD_BYTES / 2)}\n ${'b'.repeat(MAX_RECORD_BYTES / 2 - 2)}`;
    expect(Buffer.byteLength(record)).toBe(MAX_RECORD_BYTES);
    const result = await streamed(Buffer.from(record), stanza);
    expect(result).toMatchObject({ events: 1, rejected: [] });
  });

  it('rejects a record whose continuation is not valid UTF-8, raw bytes joined with LF', () => {
    const input = Buffer.concat([Buffer.from('start\n  bad '), Buffer.from([0xff]), Buffer.from('\nnext\n')]);
    const normalizer = new LineNormalizer(stanza, CONTEXT);
    const batch = normalizer.push(splitBuffer(input));
    const last = normalizer.end();

    expect(batch.rejected).toStrictEqual([{ line: 1, reason: 'record is not valid UTF-8', raw: input.subarray(0, 13) }]);
    expect(Buffer.concat([batch.ndjson, last.ndjson]).toString('utf8')).toBe(ndjson('next'));
  });

  it('never skips a line that is not valid UTF-8 as a heading or a preamble: it is rejected', () => {
    const heading = Buffer.concat([Buffer.from('=== '), Buffer.from([0xff])]);
    const preamble = Buffer.concat([Buffer.from('note: '), Buffer.from([0xfe])]);
    const input = Buffer.concat([heading, Buffer.from('\n'), preamble, Buffer.from('\n===\n')]);
    const batch = normalizeBuffer(input, stanza, CONTEXT);

    expect(batch.rejected).toStrictEqual([
      { line: 1, reason: 'record is not valid UTF-8', raw: heading },
      { line: 2, reason: 'record is not valid UTF-8', raw: preamble },
    ]);
    expect(batch).toMatchObject({ lines: 3, events: 0, blank: 1 });
  });

  it('keeps one line per record for an integration without framing', async () => {
    const plain: Integration = { ...stanza, framing: undefined };
    const result = await streamed(Buffer.from('first\n  indented\n===\n\nnote: x\n'), plain);
    expect(result).toStrictEqual({
      lines: 5,
      ndjson: ndjson('first', '  indented', '===', 'note: x'),
      events: 4,
      unparsed: 1,
      blank: 1,
      rejected: [],
    });
  });
});

describe('Line pipeline: counting', () => {
  it('counts every event that has an error field as unparsed, and still writes it', () => {
    const tagged: Integration = {
      name: 'tagged',
      title: 'Tagged',
      normalize: (record): EcsEvent => (record.startsWith('?') ? { message: record, error: { message: 'unknown layout' }, tags: ['x_unparsed'] } : { message: record }),
    };
    const batch = normalizeBuffer(Buffer.from('a\n?b\n\n?c\n'), tagged, CONTEXT);
    expect(batch).toStrictEqual<NormalizedBatch>({
      lines: 4,
      ndjson: Buffer.from(
        '{"message":"a"}\n' +
          '{"message":"?b","error":{"message":"unknown layout"},"tags":["x_unparsed"]}\n' +
          '{"message":"?c","error":{"message":"unknown layout"},"tags":["x_unparsed"]}\n',
      ),
      events: 3,
      unparsed: 2,
      blank: 1,
      rejected: [],
      firstTimestamp: undefined,
    });
  });

  it('normalizes a whole buffer like a stream: BOM, CRLF, blank lines, framing', () => {
    const batch = normalizeBuffer(Buffer.from(`\uFEFF${STANZA_INPUT.replace(/\n/g, '\r\n')}`), stanza, CONTEXT);
    expect({ ...batch, ndjson: batch.ndjson.toString('utf8'), rejected: batch.rejected.map((r) => ({ ...r, raw: r.raw.toString() })) }).toStrictEqual({
      ...EXPECTED,
      firstTimestamp: RECEIVED_AT,
    });
  });

  it('rejects an event over the sink limit where it is produced, naming the sink', () => {
    const plain: Integration = { ...stanza, framing: undefined };
    const normalizer = new LineNormalizer(plain, CONTEXT, { maxEventBytes: 80, sink: 'firehose:example' });
    const long = 'x'.repeat(40);
    const batch = normalizer.push(splitBuffer(Buffer.from(`short\n${long}\nlast\n`)));
    const size = Buffer.byteLength(JSON.stringify(stanza.normalize(long, CONTEXT)));
    expect(size).toBeGreaterThan(80);
    expect(batch.ndjson.toString('utf8')).toBe(ndjson('short', 'last'));
    expect(batch.rejected).toStrictEqual([
      { line: 2, reason: `normalized event is ${size} bytes, over the 80-byte limit of firehose:example`, raw: Buffer.from(long) },
    ]);
  });
});
