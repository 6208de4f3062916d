import { RecordRejectedError } from '../../lib/errors.ts';
import type { Integration } from '../../lib/integration.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';

/**
 * A synthetic integration whose records span lines, for the tests of record framing and
 * unparsed counting on every path: a record starts on an unindented line and continues
 * on indented ones; `===…` lines are headings; a `note:` line right before a heading is its
 * preamble. An indented line with no record before it is a fragment: an event carrying
 * `error.message` and the tag `stanza_fragment` (unparsed). `reject…` records are rejected.
 */
export const stanza: Integration = {
  name: 'stanza',
  title: 'Stanza',
  framing: {
    classify: (line) => (line.startsWith(' ') || line.startsWith('\t') ? 'continuation' : line.startsWith('===') ? 'heading' : 'start'),
    isPreamble: (line) => line.startsWith('note:'),
  },
  normalize(record, context) {
    if (record.startsWith('reject')) throw new RecordRejectedError('stanza', 'starts with "reject"');
    const event: EcsEvent = { message: record, '@timestamp': context.receivedAt };
    if (/^\s/.test(record)) {
      event.error = { message: 'a continuation line with no record before it' };
      event.tags = ['stanza_fragment'];
    }
    return event;
  },
};

/**
 * An input showing every framing rule, and what it becomes. Lines: 1 preamble, 2 heading,
 * 3-5 one record, 6 blank, 7 a fragment, 8 a record (a heading follows, but it is no
 * preamble), 9 heading, 10-11 a rejected record, 12 a record without a final newline.
 */
export const STANZA_INPUT = [
  'note: audit trail of host-a.example.com',
  '=====================',
  'first one',
  '  detail a',
  '\tdetail b',
  '',
  '  orphan after blank',
  'second',
  '===',
  'reject me',
  '  with detail',
  'third',
].join('\n');

/** The records `STANZA_INPUT` is made of, as passed to `normalize`, with their first line. */
export const STANZA_RECORDS = [
  { line: 3, record: 'first one\n  detail a\n\tdetail b' },
  { line: 7, record: '  orphan after blank' },
  { line: 8, record: 'second' },
  { line: 12, record: 'third' },
] as const;

export const STANZA_REJECTED = { line: 10, reason: 'starts with "reject"', raw: 'reject me\n  with detail' } as const;

/** Counts of `STANZA_INPUT`: 12 lines, 4 events of which 1 unparsed, 1 rejected, 4 skipped (blank, headings, preamble). */
export const STANZA_COUNTS = { lines: 12, events: 4, unparsed: 1, rejected: 1, blank: 4 } as const;
