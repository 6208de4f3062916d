import type { FirehoseTransformationEvent, FirehoseTransformationResultRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { transformFirehoseEvent } from '../../lib/firehose/transform.ts';
import { getIntegration } from '../../functions/registry.ts';
import { arrival, firehoseData, firehoseFaultCase, fixtureMessages, INTEGRATIONS, timezones } from '../helpers/arbitraries.ts';
import { useFirehoseEndpoint } from '../helpers/firehose-endpoint.ts';
import { checkFirehoseCase } from './properties.ts';
import { quietObservability } from '../helpers/quiet.ts';
import { robustnessRuns, robustnessTimeout } from '../helpers/runs.ts';

/**
 * Property-based tests of the Firehose trigger path with the real normalizers: whatever
 * the records hold, the response has exactly the input recordIds in order, each with a
 * valid result and valid base64 data, and Ok data is NDJSON of valid events. With a
 * response too small for the batch and PutRecordBatch throttled, unavailable, resetting
 * the connection or failing some entries, every record is still answered: Dropped once
 * re-ingested, ProcessingFailed with its original data otherwise.
 */

const RUNS = robustnessRuns(150);
vi.setConfig({ testTimeout: robustnessTimeout(150) });

const endpoint = useFirehoseEndpoint();
quietObservability();

describe.each(INTEGRATIONS)('Robustness: Firehose transformation with %s', (name) => {
  const integration = getIntegration(name);

  it('answers every record once, in order, with a valid result and data, and Ok data of valid NDJSON events', async () => {
    const firehose = endpoint().client();
    await fc.assert(
      fc.asyncProperty(fc.array(firehoseData(name), { maxLength: 40 }), arrival, timezones, async (data, at, timezone) => {
        await checkFirehoseCase(integration, { data, arrival: at, timezone }, endpoint(), firehose);
      }),
      { numRuns: RUNS },
    );
  });

  it('past the response budget, re-ingests what it can through throttling and failures, and answers ProcessingFailed for exactly the rest', async () => {
    const firehose = endpoint().client();
    await fc.assert(
      fc.asyncProperty(firehoseFaultCase(name, 40, 6000), async (testCase) => {
        await checkFirehoseCase(integration, testCase, endpoint(), firehose);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('Robustness: Firehose re-ingestion faults, record by record', () => {
  const aix = getIntegration('ibm-aix');
  const lines = fixtureMessages('ibm-aix');

  /** Transforms every AIX fixture line as one record, with a response budget that only the first few Ok answers fit in. */
  async function transform(maxAttempts: number) {
    const event: FirehoseTransformationEvent = {
      invocationId: 'faults',
      deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/faults',
      region: 'eu-west-1',
      records: lines.map((line, i) => ({ recordId: `r${i}`, approximateArrivalTimestamp: Date.UTC(2024, 4, 14), data: Buffer.from(line).toString('base64') })),
    };
    endpoint().calls.length = 0;
    // Room for every record as ProcessingFailed, and for a few Ok ones.
    const allFailed = JSON.stringify({ records: event.records.map((r) => ({ recordId: r.recordId, result: 'ProcessingFailed', data: r.data })) });
    const result = await transformFirehoseEvent(event, {
      integration: aix,
      config: { timezone: 'UTC' },
      firehose: endpoint().client(),
      maxResponseBytes: allFailed.length + 3000,
      putRecordsOptions: { maxAttempts, sleep: async () => {} },
    });
    const sent = new Set(endpoint().calls.flatMap((call) => call.records.map((r) => r.toString('utf8'))));
    return { event, result: result.records, sent };
  }

  /**
   * Records never sent are Ok, except that when failed re-ingestions make the response
   * overflow, the last Ok ones become ProcessingFailed with their data (demoted): checks
   * that, and returns the indexes of the sent records.
   */
  function checkUnsent(event: FirehoseTransformationEvent, result: FirehoseTransformationResultRecord[], sent: Set<string>): number[] {
    const unsent = lines.map((line, i) => (sent.has(line) ? -1 : i)).filter((i) => i >= 0);
    const demoted = unsent.filter((i) => result[i]!.result !== 'Ok');
    for (const i of demoted) expect(result[i]).toStrictEqual({ recordId: `r${i}`, result: 'ProcessingFailed', data: event.records[i]!.data });
    const lastOk = Math.max(-1, ...unsent.filter((i) => result[i]!.result === 'Ok'));
    expect(demoted.every((i) => i > lastOk)).toBe(true);
    return lines.map((line, i) => (sent.has(line) ? i : -1)).filter((i) => i >= 0);
  }

  it('throttled on every attempt: the records past the budget are ProcessingFailed, with their data', async () => {
    endpoint().reply = () => ({ kind: 'error', status: 400, type: 'ThrottlingException' });
    const { event, result, sent } = await transform(4);
    expect(endpoint().calls).toHaveLength(4);
    expect(sent.size).toBeGreaterThan(10);
    for (const i of checkUnsent(event, result, sent)) {
      expect(result[i]).toStrictEqual({ recordId: `r${i}`, result: 'ProcessingFailed', data: event.records[i]!.data });
    }
  });

  it('throttled twice, then accepted: the records past the budget are re-ingested once each and answered Dropped', async () => {
    endpoint().reply = (_call, n) => (n <= 2 ? { kind: 'error', status: 400, type: 'ThrottlingException' } : { kind: 'ok' });
    const { result, sent } = await transform(3);
    expect(endpoint().calls).toHaveLength(3);
    expect(endpoint().calls[2]!.records.map((r) => r.toString('utf8'))).toStrictEqual(lines.filter((line) => sent.has(line)));
    result.forEach((answer, i) => {
      expect(answer.result).toBe(sent.has(lines[i]!) ? 'Dropped' : 'Ok');
    });
  });

  it('partly failing: exactly the entries PutRecordBatch never accepts are ProcessingFailed', async () => {
    const refused = (record: Buffer): boolean => record.includes('PROC_');
    const delivered: string[] = [];
    endpoint().reply = (call) => {
      const failed: number[] = [];
      call.records.forEach((record, i) => (refused(record) ? failed.push(i) : delivered.push(record.toString('utf8'))));
      return { kind: 'ok', failed, errorCode: 'ServiceUnavailableException' };
    };
    const { event, result, sent } = await transform(3);
    expect(endpoint().calls).toHaveLength(3);
    for (const i of checkUnsent(event, result, sent)) {
      expect(result[i]!.result, lines[i]).toBe(lines[i]!.includes('PROC_') ? 'ProcessingFailed' : 'Dropped');
    }
    expect([...delivered].sort()).toStrictEqual(lines.filter((line) => sent.has(line) && !line.includes('PROC_')).sort());
  });
});
