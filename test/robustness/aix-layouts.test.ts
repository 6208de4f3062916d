import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AIX_EVENTS } from '../../functions/ibm-aix/events.ts';
import { ibmAix } from '../../functions/ibm-aix/integration.ts';
import { aixDefaultRecordParts } from '../helpers/arbitraries.ts';
import type { AixDefaultRecordParts } from '../helpers/arbitraries.ts';
import { aixUtcTimestamp } from '../helpers/aix.ts';
import { flatten } from '../helpers/conformance.ts';
import { robustnessRuns, robustnessTimeout } from '../helpers/runs.ts';
import { checkNormalizer } from './properties.ts';

/**
 * Property-based tests of layout detection: records in auditpr's default layout family,
 * extra columns, both time formats, WPAR names and `-v` tails, with hostile event, status
 * and time at times. A record the contract says is readable is read column by column;
 * any other is tagged with a reason, never an event that looks parsed.
 */

const RECEIVED_AT = '2026-01-02T03:04:05.678000Z';
const RUNS = robustnessRuns(400);
vi.setConfig({ testTimeout: robustnessTimeout(400) });

const WEEKDAY = /^(?:sun|mon|tue|wed|thu|fri|sat)$/i;
const CTIME = /^(\w{3}) (\w{3}) ( ?\d{1,2}) (\d{2}:\d{2}:\d{2}) (\d{4})$/;
const D_TIME = /^\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec) \d{4} \d{2}:\d{2}:\d{2}(?:\.\d+)?$/i;

/** The time in `-d` form when the text is a time auditpr prints (either format), else undefined. */
function asDashD(time: string): string | undefined {
  if (D_TIME.test(time)) return time;
  const m = CTIME.exec(time);
  if (!m || !WEEKDAY.test(m[1]!)) return undefined;
  const dashD = `${m[3]!.trim()} ${m[2]} ${m[5]} ${m[4]}`;
  return D_TIME.test(dashD) ? dashD : undefined;
}

/** True when event, status and time have the shapes the contract describes: the record must then be read. */
function isReadable(parts: AixDefaultRecordParts): boolean {
  return /^[A-Z][A-Za-z0-9_]{1,63}$/.test(parts.event) && /^(?:OK|FAIL(?:_[A-Z]+)?)$/.test(parts.status) && asDashD(parts.time) !== undefined;
}

describe('Robustness: auditpr default layouts', () => {
  it('reads every column of a readable record, or tags the record with a reason', () => {
    fc.assert(
      fc.property(aixDefaultRecordParts, (parts) => {
        const outcome = checkNormalizer(ibmAix, parts.record, { timezone: 'UTC', receivedAt: RECEIVED_AT });
        if (!('event' in outcome)) throw new Error('an AIX record is never rejected');
        const fields = flatten(outcome.event);
        if (!isReadable(parts)) {
          // Not a header: either tagged, or read as another header found in the record (never half-read).
          if (fields.has('error.message')) expect(fields.get('tags')).toStrictEqual(['aix_audit_unparsed']);
          return;
        }
        expect(fields.get('error.message')).toBeUndefined();
        expect(fields.get('event.action')).toBe(parts.event);
        expect(fields.get('action.status')).toBe(parts.status);
        expect(fields.get('@timestamp')).toBe(aixUtcTimestamp(asDashD(parts.time)!) ?? RECEIVED_AT);
        expect(fields.get('process.pid')).toBe(parts.ids[0]);
        expect(fields.get('process.parent.pid')).toBe(parts.ids[1]);
        expect(fields.get('process.thread.id')).toBe(parts.ids[2]);
        expect(fields.get('process.real_user.name')).toBe(parts.real);
        // `none` and a CPU id (what auditpr prints when no host name matches) are no host name.
        expect(fields.get('host.hostname')).toBe(parts.host === undefined || /^(?:none|[0-9A-F]{16})$/.test(parts.host) ? undefined : parts.host);
        expect(fields.get('container.name')).toBe(parts.wpar === 'Global' ? undefined : parts.wpar);
        const spec = AIX_EVENTS.get(parts.event);
        if (spec?.loginIsUser !== false) {
          const numeric = /^\d+$/.test(parts.login);
          expect(fields.get('user.id')).toBe(numeric ? parts.login : undefined);
          expect(fields.get('user.name')).toBe(numeric ? undefined : parts.login);
        }
        if (spec?.columns === undefined) expect(fields.get('process.name')).toBe(parts.command);
      }),
      { numRuns: RUNS },
    );
  });
});
