import { describe, expect, it } from 'vitest';
import type { RecordFraming } from '../../../lib/integration.ts';
import { splitInTwo, splitToFit } from '../../../lib/records/split-in-two.ts';

/** Indented lines continue the record before them; `==` lines are headings. */
const framing: RecordFraming = {
  classify: (line) => (line.startsWith('  ') ? 'continuation' : line.startsWith('==') ? 'heading' : 'start'),
};

const halves = (text: string, framed?: RecordFraming): [string, string] | undefined => {
  const cut = splitInTwo(Buffer.from(text), framed);
  return cut && [cut[0].toString(), cut[1].toString()];
};

describe('splitInTwo', () => {
  it.each([
    ['after the LF nearest the middle', 'a\nbb\nccc\nd', ['a\nbb\n', 'ccc\nd']],
    ['CRLF lines, after the LF', 'one\r\ntwo\r\n', ['one\r\n', 'two\r\n']],
    ['a short first line', 'x\nyyyyyyyyyyyyyyyy', ['x\n', 'yyyyyyyyyyyyyyyy']],
    ['a long first line', 'xxxxxxxxxxxxxxxx\ny\nz', ['xxxxxxxxxxxxxxxx\n', 'y\nz']],
  ])('cuts %s', (_, text, expected) => {
    expect(halves(text)).toEqual(expected);
  });

  it.each([
    ['one line', 'just one'],
    ['one line and its LF', 'just one\n'],
    ['nothing', ''],
  ])('does not cut %s', (_, text) => {
    expect(halves(text)).toBeUndefined();
  });

  it('cuts a framed input only before a line that starts a record, never inside one', () => {
    const text = 'r1\n  c1\n  c2\n  c3\n  c4\nr2\n  c5';
    expect(halves(text, framing)).toEqual(['r1\n  c1\n  c2\n  c3\n  c4\n', 'r2\n  c5']);
    // Unframed, the same text is cut at its middle line.
    expect(halves(text)).toEqual(['r1\n  c1\n  c2\n', '  c3\n  c4\nr2\n  c5']);
  });

  it('does not cut before a heading or a blank line, and not one framed record', () => {
    expect(halves('r1\n  c1\n== heading ==\n\n  c2', framing)).toBeUndefined();
    expect(halves('== heading ==\nr1\n  c1\n  c2\n  c3\n  c4\n  c5', framing)).toEqual(['== heading ==\n', 'r1\n  c1\n  c2\n  c3\n  c4\n  c5']);
  });
});

describe('splitToFit', () => {
  it('halves again every piece over the limit, at record boundaries, in order', () => {
    const text = Array.from({ length: 40 }, (_, i) => `r${String(i).padStart(2, '0')}\n  c\n  c`).join('\n');
    const pieces = splitToFit(Buffer.from(text), framing, 64)!;
    expect(pieces.length).toBeGreaterThan(2);
    expect(Buffer.concat(pieces).toString()).toBe(text);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(64);
      expect(piece.toString()).toMatch(/^r\d\d\n/);
    }
  });

  it('keeps a piece that is one record, however large, and cuts nothing that is one record', () => {
    const big = `big\n${'  c\n'.repeat(40)}`;
    expect(splitToFit(Buffer.from(`${big}small`), framing, 64)!.map(String)).toEqual([big, 'small']);
    expect(splitToFit(Buffer.from(big), framing, 64)).toBeUndefined();
  });
});
