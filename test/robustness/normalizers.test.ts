import fc from 'fast-check';
import { isIP } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { normalizeRecord } from '../../lib/records/record.ts';
import { getIntegration } from '../../functions/registry.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';
import { aixLineParts, INTEGRATIONS, mutate, mutatedFixture, mutation, recordText, taniumRecord, timezones } from '../helpers/arbitraries.ts';
import { parseHeader, searchHeader } from '../../functions/ibm-aix/header.ts';
import { aixUtcTimestamp } from '../helpers/aix.ts';
import { flatten } from '../helpers/conformance.ts';
import { checkNormalizer } from './properties.ts';
import { robustnessRuns, robustnessTimeout } from '../helpers/runs.ts';

/**
 * Property-based tests of the two normalizers on any string: arbitrary text, records
 * shaped like the integration's with hostile values, and mutated fixtures. A normalizer
 * returns a valid event or throws its own RecordRejectedError, nothing else.
 */

const RECEIVED_AT = '2026-01-02T03:04:05.678000Z';
const RUNS = robustnessRuns(400);
vi.setConfig({ testTimeout: robustnessTimeout(400) });

const contexts = timezones.map((timezone) => ({ timezone, receivedAt: RECEIVED_AT }));

describe.each(INTEGRATIONS)('Robustness: the %s normalizer', (name) => {
  const integration = getIntegration(name);

  it('returns a valid event or throws its RecordRejectedError, on any record', () => {
    fc.assert(
      fc.property(recordText(name), contexts, (record, context) => {
        checkNormalizer(integration, record, context);
      }),
      { numRuns: RUNS },
    );
  });

  it('does the same on any string of any code units', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
    );
    fc.assert(
      fc.property(anyText, contexts, (record, context) => {
        checkNormalizer(integration, record, context);
      }),
      { numRuns: RUNS },
    );
  });

  it('does the same on mutated fixtures (truncated, fields swapped, spaces inserted, bytes flipped)', () => {
    fc.assert(
      fc.property(mutatedFixture(name), contexts, (bytes, context) => {
        // Decoded as the pipeline would (invalid UTF-8 is rejected before the normalizer);
        // the normalizer also gets the lossy decoding, U+FFFD included.
        checkNormalizer(integration, bytes.toString('utf8'), context);
        const outcome = normalizeRecord(integration, bytes.toString('utf8'), context);
        expect(outcome.event !== undefined || typeof outcome.reason === 'string').toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

/** True when the parts form a header the contract describes (the parser must then find it). */
function isHeader(parts: { event: string; status: string; date: string }): boolean {
  return (
    /^[A-Z][A-Za-z0-9_]{1,63}$/.test(parts.event) &&
    /^(?:OK|FAIL(?:_[A-Z]+)?)$/.test(parts.status) &&
    /^\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec) \d{4} \d{2}:\d{2}:\d{2}(?:\.\d+)?$/i.test(parts.date)
  );
}

describe('Robustness: what the ibm-aix normalizer reads from hostile headers', () => {
  const aix = getIntegration('ibm-aix');

  it('reads the event, the status and the header time (UTC), or falls back to the received time', () => {
    fc.assert(
      fc.property(aixLineParts, (parts) => {
        const event = checkNormalizer(aix, parts.line, { timezone: 'UTC', receivedAt: RECEIVED_AT });
        if (!('event' in event) || !isHeader(parts)) return;
        const fields = flatten(event.event);
        expect(fields.get('event.action')).toBe(parts.event);
        expect(fields.get('action.status')).toBe(parts.event === 'PROC_LoadError' ? undefined : parts.status);
        expect(fields.get('@timestamp')).toBe(aixUtcTimestamp(parts.date) ?? RECEIVED_AT);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('Robustness: the ibm-aix header at the start of a line', () => {
  // parseHeader tries one anchored regex before the token-by-token search: it must find
  // what the search finds, on any line, a header or not, whatever its edits.
  const lines = fc.oneof(
    aixLineParts.map((parts) => parts.line),
    fc.tuple(aixLineParts, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([parts, edits]) => mutate(parts.line, edits).toString('utf8')),
  );

  it('reads what the token-by-token search reads', () => {
    fc.assert(
      fc.property(lines, timezones, (line, timezone) => {
        expect(parseHeader(line, timezone)).toStrictEqual(searchHeader(line, timezone));
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ['a column holding a clock', 'USER_SU root 10:11:12 root OK 2 Jan 2024 10:11:12.5 No associated roles x'],
    ['a column holding a colon', 'FS_Mount a:b c:d e OK 2 Jan 2024 10:11:12 tail: 1'],
    ['tabs between columns', 'FILE_Open\troot\tstaff\troot\tOK\t2\tJan\t2024\t10:11:12.000001\tNo associated roles\tfile: /x'],
    ['an escaped newline after the clock', 'PROC_Create root root root OK 2 Jan 2024 10:11:12.5#012child: 1'],
    ['nothing after the clock', 'PROC_Create root root root FAIL_PRIV 02 JAN 2024 10:11:12'],
    ['an unknown month, then a header after it', 'PROC_Create root root root OK 2 Foo 2024 10:11:12 x PROC_Delete a b c OK 3 Jan 2024 11:12:13 y'],
    ['a status with a digit', 'PROC_Create root root root FAIL_X1 2 Jan 2024 10:11:12 x'],
    ['a fraction with a letter', 'PROC_Create root root root OK 2 Jan 2024 10:11:12.5x y'],
    ['a prefix', 'flags: 80 PROC_Create root root root OK 2 Jan 2024 10:11:12.5 x'],
  ])('reads what the search reads on %s', (_name, line) => {
    for (const timezone of ['UTC', 'Europe/Paris']) expect(parseHeader(line, timezone)).toStrictEqual(searchHeader(line, timezone));
  });
});

/** The keyword a JSON value gives: strings and booleans as they are, numbers only when their digits are exact. */
function keyword(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value))) return String(value);
  return undefined;
}

function own(object: unknown, key: string): unknown {
  return typeof object === 'object' && object !== null && Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

describe('Robustness: what the tanium normalizer reads from hostile records', () => {
  const tanium = getIntegration('tanium');

  it('reads host and hostname by own key, with their types, and nothing through a prototype', () => {
    fc.assert(
      fc.property(taniumRecord, (record) => {
        const outcome = checkNormalizer(tanium, record, { timezone: 'UTC', receivedAt: RECEIVED_AT });
        if (!('event' in outcome)) return;
        const parsed = JSON.parse(record) as unknown;
        const fields = flatten(outcome.event as EcsEvent);
        // Without event or fields (and not empty) the object is of no known shape: host is not read.
        const keys = Object.keys(parsed as object);
        if (keys.length > 0 && !keys.includes('event') && !keys.includes('fields')) {
          expect(fields.get('tags')).toStrictEqual(['tanium_unknown_shape']);
          return;
        }
        const host = own(parsed, 'host');
        const ip = typeof host === 'string' && isIP(host) !== 0 && !host.includes('%') ? host : undefined;
        expect(fields.get('host.ip')).toStrictEqual(ip === undefined ? undefined : [ip]);
        const hostname = keyword(own(parsed, 'hostname'));
        expect(fields.get('host.hostname')).toBe(hostname);
        expect(fields.get('observer.name')).toBe(hostname);
        const body = own(parsed, 'fields');
        const fullPath = typeof body === 'object' && body !== null && !Array.isArray(body) ? keyword(own(body, 'full_path')) : undefined;
        if (typeof own(parsed, 'event') === 'string' && String(own(parsed, 'event')).startsWith('file_')) {
          expect(fields.get('file.path')).toBe(fullPath);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
