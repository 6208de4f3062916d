import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FirehoseClient, PutRecordBatchCommand, PutRecordBatchOutput } from '@aws-sdk/client-firehose';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import type { Integration } from '../lib/integration.ts';
import { transformFirehoseEvent } from '../lib/firehose/transform.ts';
import { utcDate } from '../lib/firehose/partition-date.ts';
import { logger, metrics } from '../lib/lambda/observability.ts';
import { getIntegration, integrationNames } from '../functions/registry.ts';
import { GENERATORS, random } from './corpus.ts';
import { lambdaHeapFlags } from './lambda-heap.ts';
import { figuresFromChild } from './child-figures.ts';
import { DEFAULTS } from '../infra/defaults.ts';
import { median } from './import-time.ts';

/**
 * Firehose transformation throughput: full Firehose batches of generated records through
 * `transformFirehoseEvent` with the registered integrations. `npx tsx bench/firehose.ts
 * [--no-newline]` (records whose data does not end with a newline, as some producers send);
 * `bench/run.ts` calls {@link benchFirehose} and {@link benchOneLineRecords}. Not a test.
 *
 * Each integration is measured in a fresh `node` with the heap flags Lambda gives a function
 * of the stack's memory size, as each function runs in a process of its own, where the
 * pipeline's calls to the normalizer only ever reach one; the constant-normalizer runs of
 * {@link benchOneLineRecords} get a process of their own for the same reason.
 */

/** One measured configuration. */
export interface FirehoseFigures {
  readonly integration: string;
  /** Raw (decoded) input bytes in the batch: Firehose's buffering size hint. */
  readonly batchBytes: number;
  /** Raw records per Firehose record (1 = one log line per PutRecord). */
  readonly linesPerRecord: number;
  /** Whether each record's data ends with a newline (producers differ). */
  readonly trailingNewline: boolean;
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
  /** Fresh processes per integration, the median one kept. @default 3 */
  readonly processes?: number;
  /** Whether each record's data ends with a newline. @default true */
  readonly trailingNewline?: boolean;
}

const MB = 1_000_000;
/**
 * Batches (and time) transformed before measuring each configuration: a function's container
 * transforms batch after batch. In a fresh process, the mean time of one-line Tanium batches
 * over successive half seconds was 34-42, 26-28, 26-29, 24-26, 24-27, 23-25 ms, then steady:
 * the JIT's tiers and the heap's growth take about 2.5 s to settle.
 */
const WARM_UP_RUNS = 15;
const WARM_UP_MS = 2500;
const PROCESSES = 3;
const ARRIVAL = Date.UTC(2024, 4, 6, 7, 8, 9);

/** A full batch: records of `linesPerRecord` generated lines (and a newline, unless `trailingNewline` is false) until `batchBytes` raw bytes. */
export function firehoseBatch(integration: string, batchBytes: number, linesPerRecord: number, seed = 1, trailingNewline = true): FirehoseTransformationEvent {
  const generate = GENERATORS[integration];
  if (!generate) throw new Error(`no generator for ${integration}`);
  const rand = random(seed);
  const records: FirehoseTransformationEvent['records'] = [];
  let size = 0;
  while (size < batchBytes) {
    const lines: string[] = [];
    for (let i = 0; i < linesPerRecord; i++) lines.push(generate(rand));
    const data = Buffer.from(trailingNewline ? `${lines.join('\n')}\n` : lines.join('\n'));
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

/** Times of `transform` on one batch, each, after the warm-up (WARM_UP_MS): at least `minRuns` runs and `minMs`. */
async function batchTimes(transform: () => Promise<unknown> | unknown, minRuns: number, minMs: number): Promise<number[]> {
  const warming = performance.now();
  for (let i = 0; i < WARM_UP_RUNS || performance.now() - warming < WARM_UP_MS; i++) {
    await transform();
    metrics.clearMetrics();
  }
  const times: number[] = [];
  const started = performance.now();
  while (times.length < minRuns || performance.now() - started < minMs) {
    const t0 = performance.now();
    await transform();
    times.push(performance.now() - t0);
    metrics.clearMetrics();
  }
  return times;
}

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** What a child process measures: an integration's configurations, or its one-line records' bare loop and constant-normalizer runs. */
type Job =
  | {
      readonly kind: 'transform';
      readonly integration: string;
      readonly batchBytes: readonly number[];
      readonly linesPerRecord: readonly number[];
      readonly trailingNewline: boolean;
      readonly minRuns: number;
      readonly minMs: number;
    }
  | { readonly kind: 'one-line'; readonly integration: string; readonly minRuns: number; readonly minMs: number };

const CHILD_FLAG = '--child';
const FIGURES_TAG = 'FIGURES';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `job`'s figures from `count` fresh processes, one after the other. */
async function inChildren<T>(job: Job, count: number): Promise<T[]> {
  const runs: T[] = [];
  for (let i = 0; i < count; i++) runs.push(await inChild<T>(job));
  return runs;
}

/** The item whose `key` is the median. */
function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)]!;
}

/** Runs `job` in a fresh node (TypeScript through tsx) with the function's heap flags; its figures come back as JSON. */
async function inChild<T>(job: Job): Promise<T> {
  const args = [...lambdaHeapFlags(DEFAULTS.memorySize), '--import', 'tsx', fileURLToPath(import.meta.url), CHILD_FLAG, JSON.stringify(job)];
  return figuresFromChild<T>(args, { cwd: ROOT }, FIGURES_TAG, `the Firehose bench of ${job.integration}`);
}

/**
 * Measures every configuration, each integration in a process of its own, `processes` times:
 * a configuration's figures are those of its median process (fresh processes of the same
 * measurement differed by up to 15% on the development machine).
 */
export async function benchFirehose(options: FirehoseBenchOptions = {}): Promise<FirehoseFigures[]> {
  const figures: FirehoseFigures[] = [];
  for (const integration of options.integrations ?? integrationNames) {
    const job: Job = {
      kind: 'transform',
      integration,
      batchBytes: options.batchBytes ?? [1 * MB, 3 * MB],
      linesPerRecord: options.linesPerRecord ?? [1, 10],
      trailingNewline: options.trailingNewline ?? true,
      minRuns: options.minRuns ?? 5,
      minMs: options.minMs ?? 1500,
    };
    const runs = await inChildren<FirehoseFigures[]>(job, options.processes ?? PROCESSES);
    figures.push(...runs[0]!.map((_, i) => medianBy(runs.map((run) => run[i]!), (f) => f.msPerBatch)));
  }
  return figures;
}

/** One integration's configurations, in this process; logs and metrics are silenced while it runs. */
async function measureTransform(job: Extract<Job, { kind: 'transform' }>): Promise<FirehoseFigures[]> {
  const name = job.integration;
  logger.setLogLevel('SILENT');
  const deps = { integration: getIntegration(name), config: { timezone: 'UTC' }, firehose: acceptingFirehose };
  const figures: FirehoseFigures[] = [];
  for (const batchBytes of job.batchBytes) {
    for (const linesPerRecord of job.linesPerRecord) {
      const event = firehoseBatch(name, batchBytes, linesPerRecord, 1, job.trailingNewline);
      // The batch's figures: they are the same on every run.
      const result = await transformFirehoseEvent(event, deps);
      const times = await batchTimes(() => transformFirehoseEvent(event, deps), job.minRuns, job.minMs);
      const ok = result.records.filter((r) => r.result === 'Ok');
      const events = ok.reduce((sum, r) => sum + (Buffer.from(r.data ?? '', 'base64').toString('latin1').split('\n').length - 1), 0);
      const ms = mean(times);
      const lines = event.records.length * linesPerRecord;
      figures.push({
        integration: name,
        batchBytes,
        linesPerRecord,
        trailingNewline: job.trailingNewline,
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
  metrics.clearMetrics();
  return figures;
}

/** Where the time of a one-line record goes: what the Firehose target on such records can reach. */
export interface OneLineRecordFigures {
  readonly integration: string;
  readonly records: number;
  /**
   * Mean µs per record of a bare loop doing the least any transformation does (the
   * counterpart of the CLI's floors): base64-decode the record, `JSON.stringify`
   * `{message: line}`, base64-encode that, and answer Ok with the partition keys.
   */
  readonly bareLoopUs: number;
  /** Mean µs per record of `transformFirehoseEvent` with a normalizer returning `{message: line}`: the path's own work, besides normalizing. */
  readonly ownWorkUs: number;
}

/**
 * The bare loop and the transformation with a constant normalizer, on the 1 MB batch
 * of one-line records of {@link benchFirehose} (every record answered Ok: the small events
 * fit), in a process of their own.
 */
export async function benchOneLineRecords(integration: string, options: Pick<FirehoseBenchOptions, 'minRuns' | 'minMs' | 'processes'> = {}): Promise<OneLineRecordFigures> {
  const job: Job = { kind: 'one-line', integration, minRuns: options.minRuns ?? 5, minMs: options.minMs ?? 1500 };
  const runs = await inChildren<OneLineRecordFigures>(job, options.processes ?? PROCESSES);
  return { ...runs[0]!, bareLoopUs: medianBy(runs, (r) => r.bareLoopUs).bareLoopUs, ownWorkUs: medianBy(runs, (r) => r.ownWorkUs).ownWorkUs };
}

async function measureOneLine(job: Extract<Job, { kind: 'one-line' }>): Promise<OneLineRecordFigures> {
  const name = job.integration;
  logger.setLogLevel('SILENT');
  const event = firehoseBatch(name, MB, 1);
  const constant: Integration = { ...getIntegration(name), normalize: (record) => ({ message: record }) };
  const deps = { integration: constant, config: { timezone: 'UTC' }, firehose: acceptingFirehose };
  // As lean as a loop doing this gets: the JSON encoded into one reused buffer, the date made once per arrival day.
  const scratch = Buffer.allocUnsafe(1 << 20);
  const bareLoop = (): FirehoseTransformationResult => ({
    records: event.records.map((record) => {
      const bytes = Buffer.from(record.data, 'base64');
      const line = bytes.toString('utf8', 0, bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length);
      const length = scratch.write(JSON.stringify({ message: line }));
      scratch[length] = 0x0a;
      const dt = utcDate(record.approximateArrivalTimestamp);
      return { recordId: record.recordId, result: 'Ok', data: scratch.toString('base64', 0, length + 1), metadata: { partitionKeys: { integration: name, dt } } };
    }),
  });
  const records = event.records.length;
  const bareLoopUs = (mean(await batchTimes(bareLoop, job.minRuns, job.minMs)) * 1000) / records;
  const ownWorkUs = (mean(await batchTimes(() => transformFirehoseEvent(event, deps), job.minRuns, job.minMs)) * 1000) / records;
  metrics.clearMetrics();
  return { integration: name, records, bareLoopUs, ownWorkUs };
}

const format = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The figures as a table, one line per configuration. */
export function formatFirehoseFigures(figures: readonly FirehoseFigures[]): string {
  return figures
    .map(
      (f) =>
        `  ${f.integration.padEnd(8)} ${`${f.batchBytes / MB} MB`.padStart(4)} ${`${f.linesPerRecord} line${f.linesPerRecord > 1 ? 's' : ''}/record${f.trailingNewline ? '' : ', no LF'}`.padEnd(23)}` +
        ` ${format(f.eventsPerSecond).padStart(9)} events/s  ${f.msPerBatch.toFixed(1).padStart(6)} ms/batch (best ${f.bestMsPerBatch.toFixed(1)}, median ${f.medianMsPerBatch.toFixed(1)})` +
        `  ${format(f.events).padStart(6)} of ${format(f.lines).padStart(6)} lines Ok, ${format(f.reingestedRecords).padStart(5)} records re-ingested` +
        `  response ${(f.responseBytes / 1_048_576).toFixed(2)} MiB  (${format(f.linesPerSecond)} lines/s answered)`,
    )
    .join('\n');
}

const childAt = process.argv.indexOf(CHILD_FLAG);
if (childAt > 0) {
  const job = JSON.parse(process.argv[childAt + 1]!) as Job;
  const figures = job.kind === 'transform' ? await measureTransform(job) : await measureOneLine(job);
  process.stdout.write(`${FIGURES_TAG} ${JSON.stringify(figures)}\n`);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const trailingNewline = !process.argv.includes('--no-newline');
  console.log('Firehose transformation (mean batch time over the measured runs; re-ingestion accepted locally, no network)');
  console.log(formatFirehoseFigures(await benchFirehose({ trailingNewline })));
}
