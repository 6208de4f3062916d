import type { RecordFraming } from '../integration.ts';

const LF = 0x0a;

/**
 * Cuts raw data in two at the record boundary nearest its middle: after a LF, and for a
 * framed integration only before a line that starts a record, so that no record is split
 * and each half normalizes as its part of the whole did. Undefined when there is no such
 * boundary (one record). The Firehose path re-ingests the halves of a record whose events
 * would not fit in any response.
 */
export function splitInTwo(bytes: Buffer, framing: RecordFraming | undefined): [Buffer, Buffer] | undefined {
  const middle = bytes.length / 2;
  let best: number | undefined;
  for (let lf = bytes.indexOf(LF); lf !== -1 && lf < bytes.length - 1; lf = bytes.indexOf(LF, lf + 1)) {
    const start = lf + 1;
    if (framing && !startsRecord(bytes, start, framing)) continue;
    if (best !== undefined && Math.abs(start - middle) >= Math.abs(best - middle)) break;
    best = start;
  }
  return best === undefined ? undefined : [bytes.subarray(0, best), bytes.subarray(best)];
}

/**
 * {@link splitInTwo}, then each piece larger than `maxBytes` again, until every piece fits or
 * holds one record: what can be put back into a delivery stream whose records are at most
 * `maxBytes` (the text of a CloudWatch Logs record can be many times that). Undefined when
 * `bytes` hold one record.
 */
export function splitToFit(bytes: Buffer, framing: RecordFraming | undefined, maxBytes: number): Buffer[] | undefined {
  const halves = splitInTwo(bytes, framing);
  if (!halves) return undefined;
  return halves.flatMap((half) => (half.length > maxBytes ? (splitToFit(half, framing, maxBytes) ?? [half]) : [half]));
}

/** True when the line at `start` begins a record (a heading, a blank line or a continuation does not). */
function startsRecord(bytes: Buffer, start: number, framing: RecordFraming): boolean {
  const end = bytes.indexOf(LF, start);
  const text = bytes.toString('utf8', start, end === -1 ? bytes.length : end).replace(/\r$/, '');
  return text.trim() !== '' && framing.classify(text) === 'start';
}
