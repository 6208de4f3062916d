import { pathToFileURL } from 'node:url';
import type { FirehoseClient, PutRecordBatchCommand, PutRecordBatchOutput } from '@aws-sdk/client-firehose';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { transformFirehoseEvent } from '../lib/firehose/transform.ts';
import { logger, metrics } from '../lib/lambda/observability.ts';
import { getIntegration, integrationNames } from '../functions/registry.ts';
import { GENERATORS, random } from './corpus.ts';

/**
 * Firehose transformation throughput: full Firehose batches of generated records through
 * `transformFirehoseEvent` with the registered integrations. `npx tsx bench/firehose.ts`;
 * `bench/run.ts` calls {@link benchFirehose}. Not a test.
 */

/** One measured configuration. */
export interface FirehoseFigures {
  readonly integration: string;
  /** Raw (decoded) input bytes in the batch: Firehose's buffering size hint. */
  readonly batchBytes: number;
  /** Raw records per Firehose record (1 = one log line per PutRecord). */
  readonly linesPerRecord: number;
  readonly records: number;
  readonly lines: number;
  /** Events answered Ok (the rest is re-ingested, normalized on a later pass). */
  readonly events: number;
  readonly reingestedRecords: number;
  /** Serialized response size. */
  readonly responseBytes: number;
  /** Mean time of one batch over the measured runs: what a stream of batches takes each. */
  readonly msPerBatch: number;
  /** Best (shortest) and median time of one batch (they spread by 10-25%: garbage collection, the machine's noise). */
  readonly bestMsPerBatch: number;
  readonly medianMsPerBatch: number;
  /**
   * Ok events per second of transformation over all the measured runs: the figure to compare
   * with the CLI's events/s, whose runs count all their time too (the best batch, reported
   * before, is 10-15% faster than the mean: the one that lost least to garbage collection and
   * to the machine).
   */
  readonly eventsPerSecond: number;
  /** Raw lines answered (Ok or re-ingested) per second, over all the measured runs. */
  readonly linesPerSecond: number;
}

export interface FirehoseBenchOptions {
  readonly integrations?: readonly string[];
  /** @default [1 MB, 3 MB] */
  readonly batchBytes?: readonly number[];
  /** @default [1, 10] */
  readonly linesPerRecord?: readonly number[];
  /** Minimum measured runs and time per configuration. @default 5 runs, 1.5 s */
  readonly minRuns?: number;
  readonly minMs?: number;
}

const MB = 1_000_000;
/** Batches (and time) transformed before measuring each configuration. */
const WARM_UP_RUNS = 15;
const WARM_UP_MS = 500;
const ARRIVAL = Date.UTC(2024, 4, 6, 7, 8, 9);

/** A full batch: records of `linesPerRecord` generated lines until `batchBytes` raw bytes. */
export function firehoseBatch(integration: string, batchBytes: number, linesPerRecord: number, seed = 1): FirehoseTransformationEvent {
  const generate = GENERATORS[integration];
  if (!generate) throw new Error(`no generator for ${integration}`);
  const rand = random(seed);
  const records: FirehoseTransformationEvent['records'] = [];
  let size = 0;
  while (size < batchBytes) {
    const lines: string[] = [];
    for (let i = 0; i < linesPerRecord; i++) lines.push(generate(rand));
    const data = Buffer.from(`${lines.join('\n')}\n`);
    size += data.length;
    records.push({ recordId: `${records.length}`.padStart(56, '0'), approximateArrivalTimestamp: ARRIVAL + records.length, data: data.toString('base64') });
  }
  return {
    invocationId: '00540a87-5050-496a-84e4-e7d92bbaf5e2',
    deliveryStreamArn: `arn:aws:firehose:eu-west-1:123456789012:deliverystream/raw-${integration}`,
    region: 'eu-west-1',
    records,
  };
}

/** Accepts every re-ingested record without a network round trip: the bench measures the transformation. */
const acceptingFirehose = {
  send: async (command: PutRecordBatchCommand): Promise<PutRecordBatchOutput> => ({
    FailedPutCount: 0,
    RequestResponses: (command.input.Records ?? []).map((_, i) => ({ RecordId: `${i}` })),
  }),
} as unknown as FirehoseClient;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Measures every configuration; logs and metrics are silenced while it runs. */
export async function benchFirehose(options: FirehoseBenchOptions = {}): Promise<FirehoseFigures[]> {
  const names = options.integrations ?? integrationNames;
  const sizes = options.batchBytes ?? [1 * MB, 3 * MB];
  const shapes = options.linesPerRecord ?? [1, 10];
  const minRuns = options.minRuns ?? 5;
  const minMs = options.minMs ?? 1500;
  logger.setLogLevel('SILENT');
  const figures: FirehoseFigures[] = [];
  for (const name of names) {
    const deps = { integration: getIntegration(name), config: { timezone: 'UTC' }, firehose: acceptingFirehose };
    for (const batchBytes of sizes) {
      for (const linesPerRecord of shapes) {
        const event = firehoseBatch(name, batchBytes, linesPerRecord);
        // The batch's figures (they are the same on every run), then a warm-up: a function's
        // container transforms batch after batch, and the first ten or so run in the JIT's
        // lower tiers (up to three times slower).
        const result = await transformFirehoseEvent(event, deps);
        const warming = performance.now();
        for (let i = 0; i < WARM_UP_RUNS || performance.now() - warming < WARM_UP_MS; i++) {
          await transformFirehoseEvent(event, deps);
          metrics.clearMetrics();
        }
        const times: number[] = [];
        const started = performance.now();
        while (times.length < minRuns || performance.now() - started < minMs) {
          const t0 = performance.now();
          await transformFirehoseEvent(event, deps);
          times.push(performance.now() - t0);
          metrics.clearMetrics();
        }
        const ok = result.records.filter((r) => r.result === 'Ok');
        const events = ok.reduce((sum, r) => sum + (Buffer.from(r.data ?? '', 'base64').toString('latin1').split('\n').length - 1), 0);
        const ms = times.reduce((sum, t) => sum + t, 0) / times.length;
        const lines = event.records.length * linesPerRecord;
        figures.push({
          integration: name,
          batchBytes,
          linesPerRecord,
          records: event.records.length,
          lines,
          events,
          reingestedRecords: result.records.length - ok.length,
          responseBytes: Buffer.byteLength(JSON.stringify(result)),
          msPerBatch: ms,
          bestMsPerBatch: Math.min(...times),
          medianMsPerBatch: median(times),
          eventsPerSecond: (events / ms) * 1000,
          linesPerSecond: (lines / ms) * 1000,
        });
      }
    }
  }
  metrics.clearMetrics();
  return figures;
}

const format = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The figures as a table, one line per configuration. */
export function formatFirehoseFigures(figures: readonly FirehoseFigures[]): string {
  return figures
    .map(
      (f) =>
        `  ${f.integration.padEnd(8)} ${`${f.batchBytes / MB} MB`.padStart(4)} ${`${f.linesPerRecord} line${f.linesPerRecord > 1 ? 's' : ''}/record`.padEnd(16)}` +
        ` ${format(f.eventsPerSecond).padStart(9)} events/s  ${f.msPerBatch.toFixed(1).padStart(6)} ms/batch (best ${f.bestMsPerBatch.toFixed(1)}, median ${f.medianMsPerBatch.toFixed(1)})` +
        `  ${format(f.events).padStart(6)} of ${format(f.lines).padStart(6)} lines Ok, ${format(f.reingestedRecords).padStart(5)} records re-ingested` +
        `  response ${(f.responseBytes / 1_048_576).toFixed(2)} MiB  (${format(f.linesPerSecond)} lines/s answered)`,
    )
    .join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log('Firehose transformation (mean batch time over the measured runs; re-ingestion accepted locally, no network)');
  console.log(formatFirehoseFigures(await benchFirehose()));
}
