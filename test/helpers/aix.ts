import { expect, it } from 'vitest';
import { ibmAix } from '../../functions/ibm-aix/integration.ts';
import { LAYOUT_ERRORS } from '../../functions/ibm-aix/layout.ts';
import { FRAGMENT_MESSAGE, FRAGMENT_TAG, UNPARSED_TAG } from '../../functions/ibm-aix/normalize.ts';
import type { NormalizeContext } from '../../lib/integration.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';
import { conformanceProblems } from './conformance.ts';
import { aixEvent, CONTEXT } from './expected.ts';
import type { Flat } from './expected.ts';

/** Normalizes an AIX record; every field of the output must be an ECS or custom field of its type. */
export function normalizeAix(message: string, context: NormalizeContext = CONTEXT): EcsEvent {
  const event = ibmAix.normalize(message, context);
  expect(conformanceProblems({}, event)).toStrictEqual([]);
  return event;
}

export type AixCase = [name: string, message: string, fields: Flat];

/** One test per case: the record normalizes to exactly the common fields, its message and `fields`. */
export function expectAixCases(cases: AixCase[]): void {
  it.each(cases)('normalizes %s', (_name, message, fields) => {
    expect(normalizeAix(message)).toStrictEqual(aixEvent({ message, ...fields }));
  });
}

/** The fields that mark an AIX record with no audit header (added to the common fields). */
export const UNPARSED: Flat = { tags: [UNPARSED_TAG], 'error.message': LAYOUT_ERRORS.noHeader };

/** The fields that mark an AIX record whose layout cannot be read, for `reason`. */
export function unparsed(reason: string): Flat {
  return { tags: [UNPARSED_TAG], 'error.message': reason };
}

/** The fields that mark a continuation line that reached the normalizer with no record before it. */
export const FRAGMENT: Flat = { tags: [FRAGMENT_TAG], 'error.message': FRAGMENT_MESSAGE };

/** `DD Mon YYYY HH:MM:SS[.f]` → the ECS timestamp (UTC), or undefined when not a valid date of years 1000-9999. */
export function aixUtcTimestamp(date: string): string | undefined {
  const m = /^(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(date);
  if (!m) return undefined;
  const month = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(m[2]!.toLowerCase()) + 1;
  const [day, year, hour, minute, second] = [+m[1]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!];
  if (month === 0 || year < 1000 || hour > 23 || minute > 59 || second > 60 || day < 1) return undefined;
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day);
  if (probe.getUTCDate() !== day) return undefined;
  const micros = (m[7] ?? '').slice(0, 6).padEnd(6, '0');
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${m[3]}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(Math.min(second, 59))}.${micros}Z`;
}
