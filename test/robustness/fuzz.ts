import { FirehoseClient } from '@aws-sdk/client-firehose';
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../lib/lambda/config.ts';
import { createHandler } from '../../lib/lambda/handler.ts';
import { logger, metrics } from '../../lib/lambda/observability.ts';
import { getIntegration, integrationNames } from '../../functions/registry.ts';
import {
  arrival,
  firehoseData,
  firehoseFaultCase,
  INTEGRATIONS,
  lineBytes,
  joinedLines,
  mutatedFixture,
  recordText,
  timezones,
} from '../helpers/arbitraries.ts';
import { startFirehoseEndpoint } from '../helpers/firehose-endpoint.ts';
import { startTestS3 } from '../helpers/s3-server.ts';
import { checkFirehoseCase, checkNormalizer, checkS3Case } from './properties.ts';
import { startWatchdog } from '../../scripts/watchdog.ts';

/**
 * `npm run fuzz`: the robustness properties of test/robustness/ with far more cases than
 * `npm test` runs, at least 1,000,000 records per integration on each path:
 *
 * - normalizer: one record per run (hostile shapes, mutated fixtures, corpus records, any
 *   string); it returns a valid event or throws its RecordRejectedError, nothing else;
 * - firehose: batches of 100-500 records through the real transformation; every recordId
 *   answered in order with a valid result, Ok data of valid NDJSON events;
 * - firehose-faults: batches past the response budget with PutRecordBatch throttled,
 *   unavailable, reset or partly failing (a tenth of the records);
 * - s3: objects of 1,000-3,000 lines through the real S3 handler and a local S3 server;
 *   events + rejected lines = non-blank lines, rejected lines stored byte for byte.
 *
 * Prints the records tried, runs and failures per property; exits 1 on a failure, with the
 * counterexample and the seed to replay it (`--seed`). Not part of `npm test`.
 *
 * A watchdog stops the run with status 1 when no case finishes for `--stall-seconds`
 * (default 120), saying which property, integration and chunk seed were running: a hang
 * fails loudly (a run once hung for 8+ minutes without a word).
 *
 * Options: --records N (default 1000000), --seed N, --only normalizer,firehose,firehose-faults,s3,
 * --integration NAME, --stall-seconds N.
 */

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    seed: { type: 'string' },
    only: { type: 'string' },
    integration: { type: 'string' },
    'stall-seconds': { type: 'string', default: '120' },
  },
});
const TARGET = Number(values.records);
const SEED = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const ONLY = values.only?.split(',') ?? ['normalizer', 'firehose', 'firehose-faults', 's3'];
const NAMES = values.integration ? [values.integration] : [...INTEGRATIONS];
const STALL_SECONDS = Number(values['stall-seconds']);
if (!Number.isSafeInteger(TARGET) || TARGET < 1 || !Number.isSafeInteger(SEED)) throw new Error('--records and --seed take integers');
if (!(STALL_SECONDS > 0)) throw new Error('--stall-seconds takes a positive number');
for (const name of NAMES) if (!integrationNames.includes(name)) throw new Error(`unknown integration ${name}`);

// The properties check outputs themselves: the functions' logs and metrics are noise here.
for (const level of ['debug', 'info', 'warn', 'error'] as const) logger[level] = () => {};
metrics.addMetric = () => metrics;
metrics.publishStoredMetrics = () => metrics;

interface Outcome {
  readonly property: string;
  readonly integration: string;
  readonly records: number;
  readonly runs: number;
  readonly failures: number;
  readonly seconds: number;
}

const outcomes: Outcome[] = [];
const watchdog = startWatchdog({ stallMs: STALL_SECONDS * 1000, name: 'npm run fuzz' });
const format = (n: number): string => n.toLocaleString('en-US');

/**
 * Runs a property in chunks of `runsPerChunk` runs (each chunk with its own seed, derived
 * from the base seed) until `target` records were tried, or until it fails.
 */
async function fuzz(
  property: string,
  integration: string,
  target: number,
  runsPerChunk: number,
  make: (tried: (n: number) => void) => fc.IRawProperty<unknown[], boolean>,
): Promise<void> {
  let records = 0;
  let runs = 0;
  let chunk = 0;
  let failures = 0;
  const started = performance.now();
  let lastReport = started;
  while (records < target && failures === 0) {
    const seed = (SEED + chunk * 7919 + property.length * 104_729 + integration.length * 1_299_709) % 2 ** 31;
    chunk += 1;
    watchdog.doing(`${property} / ${integration}, chunk ${chunk} (chunk seed ${seed}; base seed ${SEED}), after ${format(records)} records`);
    // One record per run: no more runs than records left to try.
    const numRuns = runsPerChunk >= 10_000 ? Math.min(runsPerChunk, target - records) : runsPerChunk;
    const details = await fc.check(
      make((n) => {
        records += n;
        watchdog.beat();
      }),
      { numRuns, seed },
    );
    runs += details.numRuns;
    if (details.failed) {
      failures += 1;
      console.error(`\n${property} / ${integration}: FAILED (chunk seed ${seed})`);
      console.error(fc.defaultReportMessage(details) ?? String(details.errorInstance));
    }
    if (performance.now() - lastReport > 30_000) {
      lastReport = performance.now();
      process.stderr.write(`  … ${property} / ${integration}: ${format(records)} records\n`);
    }
  }
  const outcome = { property, integration, records, runs, failures, seconds: (performance.now() - started) / 1000 };
  outcomes.push(outcome);
  console.log(
    `  ${property.padEnd(16)} ${integration.padEnd(8)} ${format(records).padStart(11)} records ${format(runs).padStart(10)} runs ${String(failures).padStart(3)} failures ${outcome.seconds.toFixed(1).padStart(7)} s`,
  );
}

const RECEIVED_AT = '2026-01-02T03:04:05.678000Z';

console.log(`npm run fuzz: seed ${SEED}, at least ${format(TARGET)} records per integration and property`);
const started = performance.now();

if (ONLY.includes('normalizer')) {
  for (const name of NAMES) {
    const integration = getIntegration(name);
    const anyRecord = fc.oneof(
      { weight: 6, arbitrary: recordText(name) },
      { weight: 2, arbitrary: mutatedFixture(name).map((b) => b.toString('utf8')) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
      { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 300 }) },
    );
    await fuzz('normalizer', name, TARGET, 100_000, (tried) =>
      fc.property(anyRecord, timezones, (record, timezone) => {
        tried(1);
        checkNormalizer(integration, record, { timezone, receivedAt: RECEIVED_AT });
      }),
    );
  }
}

if (ONLY.includes('firehose') || ONLY.includes('firehose-faults')) {
  const endpoint = await startFirehoseEndpoint();
  const client = endpoint.client();
  for (const name of NAMES) {
    const integration = getIntegration(name);
    if (ONLY.includes('firehose')) {
      await fuzz('firehose', name, TARGET, 200, (tried) =>
        fc.asyncProperty(fc.array(firehoseData(name), { minLength: 100, maxLength: 500 }), arrival, timezones, async (data, at, timezone) => {
          tried(await checkFirehoseCase(integration, { data, arrival: at, timezone }, endpoint, client));
        }),
      );
    }
    if (ONLY.includes('firehose-faults')) {
      await fuzz('firehose-faults', name, Math.ceil(TARGET / 10), 200, (tried) =>
        fc.asyncProperty(firehoseFaultCase(name, 100, 20_000), async (testCase) => {
          tried(await checkFirehoseCase(integration, testCase, endpoint, client));
        }),
      );
    }
  }
  await endpoint.close();
}

if (ONLY.includes('s3')) {
  const s3 = await startTestS3(['raw-logs', 'normalized-logs']);
  const firehose = new FirehoseClient({ region: 'us-east-1' });
  for (const name of NAMES) {
    const handler = createHandler(getIntegration(name), { config: loadConfig({ OUTPUT_BUCKET: 'normalized-logs' }), s3: s3.client, firehose });
    const rig = { s3, handler, rawBucket: 'raw-logs', outputBucket: 'normalized-logs' };
    const content = fc.record({ input: joinedLines(lineBytes(name), { minLength: 1000, maxLength: 3000 }), gzip: fc.boolean() });
    let n = 0;
    await fuzz('s3', name, TARGET, 20, (tried) =>
      fc.asyncProperty(content, async ({ input, gzip }) => {
        tried(await checkS3Case(rig, name, `${name}/fuzz/${SEED}/${n++}.log`, input.bytes, gzip));
      }),
    );
  }
  firehose.destroy();
  await s3.close();
}

const failed = outcomes.reduce((sum, o) => sum + o.failures, 0);
console.log(
  `total: ${format(outcomes.reduce((sum, o) => sum + o.records, 0))} records, ${failed} failures, ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
await watchdog.stop();
process.exitCode = failed > 0 ? 1 : 0;
