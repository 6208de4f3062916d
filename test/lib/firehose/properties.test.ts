import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordRejectedError } from '../../../lib/errors.ts';
import { transformFirehoseEvent } from '../../../lib/firehose/transform.ts';
import type { Integration } from '../../../lib/integration.ts';
import type { EcsEvent } from '../../../lib/ecs/event.ts';
import { useFirehoseEndpoint } from '../../helpers/firehose-endpoint.ts';
import { quietObservability } from '../../helpers/quiet.ts';

const ARRIVAL = Date.UTC(2024, 4, 6, 7, 8, 9, 123);
const RECEIVED_AT = '2024-05-06T07:08:09.123000Z';

/** Rejects lines starting with `bad`; anything else becomes `{message, @timestamp}`. */
const fake: Integration = {
  name: 'fake',
  title: 'Fake',
  normalize(record, context) {
    if (record.startsWith('bad')) throw new RecordRejectedError('fake', 'bad');
    return { message: record, '@timestamp': context.receivedAt };
  },
};

const isBlank = (line: string): boolean => /^[ \t\r\v\f]*$/.test(line);
const responseSize = (result: FirehoseTransformationResult): number => Buffer.byteLength(JSON.stringify(result));

/** A record's data: lines of words, blanks or rejected lines, joined by LF or CRLF. */
const recordData = fc
  .tuple(
    fc.array(fc.oneof(fc.stringMatching(/^[a-z0-9 éü"\\]{1,40}$/), fc.constantFrom('', '  ', '\t', 'bad line')), {
      minLength: 0,
      maxLength: 5,
    }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(([lines, newline, trailing]) => lines.join(newline) + (trailing && lines.length > 0 ? newline : ''));

describe('Firehose transformation', () => {
  const endpoint = useFirehoseEndpoint();
  quietObservability();

  it('answers every record once, in order, within the budget, and never loses one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordData, { minLength: 0, maxLength: 30 }),
        fc.integer({ min: 0, max: 4000 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 50 }),
        async (data, extra, failures) => {
          const event: FirehoseTransformationEvent = {
            invocationId: 'invocation-1',
            deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/raw-fake',
            region: 'eu-west-1',
            records: data.map((d, i) => ({ recordId: `id-${i}`, approximateArrivalTimestamp: ARRIVAL, data: Buffer.from(d).toString('base64') })),
          };
          // Any budget from "every record answered with its original data" upwards can be kept.
          const allFailed = responseSize({
            records: event.records.map((r) => ({ recordId: r.recordId, result: 'ProcessingFailed' as const, data: r.data })),
          });
          const budget = allFailed + extra;
          // The endpoint fails entries by a pattern; what it accepted is recorded.
          let entry = 0;
          const delivered: string[] = [];
          endpoint().calls.length = 0;
          endpoint().reply = (call) => {
            const failed: number[] = [];
            call.records.forEach((record, i) => {
              if (failures[entry++ % failures.length]) failed.push(i);
              else delivered.push(record.toString('utf8'));
            });
            return { kind: 'ok', failed };
          };

          const result = await transformFirehoseEvent(event, {
            integration: fake,
            config: { timezone: 'UTC' },
            firehose: endpoint().client(),
            maxResponseBytes: budget,
            putRecordsOptions: { maxAttempts: 3, sleep: async () => {}, concurrency: 1 },
          });

          expect(result.records.map((r) => r.recordId)).toEqual(event.records.map((r) => r.recordId));
          expect(responseSize(result)).toBeLessThanOrEqual(budget);
          const reingested: string[] = [];
          const failedData: string[] = [];
          result.records.forEach((answer, i) => {
            const lines = data[i]!.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
            const kept = lines.filter((l) => !isBlank(l));
            if (answer.result === 'Ok') {
              const events: EcsEvent[] = kept.map((message) => ({ message, '@timestamp': RECEIVED_AT }));
              expect(Buffer.from(answer.data!, 'base64').toString('utf8')).toBe(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
              expect(kept.some((l) => l.startsWith('bad'))).toBe(false);
            } else if (answer.result === 'Dropped') {
              expect(answer.data).toBe('');
              if (kept.length > 0) reingested.push(data[i]!);
            } else {
              expect(answer.data).toBe(event.records[i]!.data);
              failedData.push(data[i]!);
            }
          });
          // Records answered Dropped with content are exactly those the stream accepted, whole or
          // (when their events could fit in no response) as two halves cut after a LF; retried
          // ones arrive later, so the order is not checked.
          const pending = [...delivered];
          const take = (piece: string): boolean => {
            const at = pending.indexOf(piece);
            if (at !== -1) pending.splice(at, 1);
            return at !== -1;
          };
          for (const record of reingested) {
            if (take(record)) continue;
            const cuts = [...record.matchAll(/\n/g)].map((m) => m.index + 1);
            const cut = cuts.find((at) => pending.includes(record.slice(0, at)) && pending.includes(record.slice(at)));
            expect(cut, `${JSON.stringify(record)} was not re-ingested`).toBeDefined();
            take(record.slice(0, cut));
            take(record.slice(cut));
          }
          // Anything else that got in is one half of a record whose other half did not: that
          // record went to the error output whole.
          for (const piece of pending) expect(failedData.some((d) => d !== piece && (d.startsWith(piece) || d.endsWith(piece)))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
