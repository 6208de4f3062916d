import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, it, vi } from 'vitest';
import { logger, metrics } from '../../lib/observability.ts';
import { getIntegration } from '../../lib/registry.ts';
import { arrival, callFaults, firehoseData, INTEGRATIONS, timezones } from '../helpers/arbitraries.ts';
import { startFirehoseEndpoint, type FirehoseEndpoint } from '../helpers/firehose-endpoint.ts';
import { checkFirehoseCase } from './properties.ts';

/**
 * Property-based tests of the Firehose trigger path with the real normalizers: whatever
 * the records hold, the response has exactly the input recordIds in order, each with a
 * valid result and valid base64 data, and Ok data is NDJSON of valid events. With a
 * response too small for the batch and PutRecordBatch throttled, unavailable, resetting
 * the connection or failing some entries, every record is still answered: Dropped once
 * re-ingested, ProcessingFailed with its original data otherwise.
 */

const RUNS = Number(process.env.ROBUSTNESS_RUNS ?? 150);

let endpoint: FirehoseEndpoint;

beforeAll(async () => {
  endpoint = await startFirehoseEndpoint();
});
afterAll(async () => {
  await endpoint.close();
});
beforeEach(() => {
  vi.restoreAllMocks();
  for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(logger, level).mockImplementation(() => {});
  vi.spyOn(metrics, 'addMetric').mockImplementation(() => metrics);
});

describe.each(INTEGRATIONS)('Robustness: Firehose transformation with %s', (name) => {
  const integration = getIntegration(name);

  it('answers every record once, in order, with a valid result and data, and Ok data of valid NDJSON events', async () => {
    const firehose = endpoint.client();
    await fc.assert(
      fc.asyncProperty(fc.array(firehoseData(name), { maxLength: 40 }), arrival, timezones, async (data, at, timezone) => {
        await checkFirehoseCase(integration, { data, arrival: at, timezone }, endpoint, firehose);
      }),
      { numRuns: RUNS },
    );
  });

  it('past the response budget, re-ingests what it can through throttling and failures, and answers ProcessingFailed for exactly the rest', async () => {
    const firehose = endpoint.client();
    await fc.assert(
      fc.asyncProperty(
        fc.array(firehoseData(name), { minLength: 1, maxLength: 40 }),
        arrival,
        fc.integer({ min: 0, max: 6000 }),
        callFaults,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }),
        async (data, at, extraBudget, faults, failures) => {
          await checkFirehoseCase(integration, { data, arrival: at, timezone: 'UTC', extraBudget, faults, failures }, endpoint, firehose);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
