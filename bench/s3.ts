/**
 * S3 path throughput and memory: one gzip object of at least 1 GiB uncompressed,
 * generated as a stream (never held in memory), dropped into a local s3rver, normalized
 * by the deployed code: the built bundle's handler, invoked with a real S3 notification in a
 * fresh `node` with the function's NODE_OPTIONS and the heap flags Lambda gives a function of
 * its memory size (the stack's default unless `--memory MB`). `npx tsx bench/s3.ts
 * [integration] [MiB] [--memory MB] [--json]`; `bench/run.ts` runs it. Not a test.
 *
 * s3rver runs in a process of its own too, so that the handler's process holds nothing else:
 * its RSS is what a function's would be. The generated object and its line counts are kept
 * in `bench/.corpus/` and reused by the next run.
 */
import { DeleteObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { DEFAULT_MAX_OBJECT_BYTES } from '../lib/lambda/config.ts';
import { s3Notification } from '../dev/s3-notifications.ts';
import { LOCAL_CREDENTIALS, localS3Client } from '../dev/local-s3-server.ts';
import { FUNCTION_NODE_OPTIONS } from '../infra/normalizer-function.ts';
import { lambdaHeapFlags } from './lambda-heap.ts';
import { figuresFromChild } from './child-figures.ts';
import { DEFAULTS } from '../infra/defaults.ts';
import { buildFunctions, DIST } from '../scripts/build.ts';
import type { S3NotificationResult } from '../lib/s3/process-notification.ts';
import { GENERATORS, random } from './corpus.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = join(ROOT, 'bench', '.corpus');
const RAW = 'bench-raw';
const OUT = 'bench-out';
const MiB = 1024 * 1024;

/** What one run measured. */
export interface S3Figures {
  readonly integration: string;
  /** The function memory size whose heap flags the handler ran with. */
  readonly memoryMb: number;
  /** Size of the gzip object in S3. */
  readonly objectBytes: number;
  /** Its size uncompressed. */
  readonly uncompressedBytes: number;
  readonly lines: number;
  readonly events: number;
  readonly rejected: number;
  /** Compressed bytes written (events and errors objects). */
  readonly outputBytes: number;
  /** Wall time of the handler invocation. */
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Events per CPU second of the handler's process: its main thread and the thread pool (gunzip, gzip). */
  readonly eventsPerCpuSecond: number;
  /** Uncompressed input MiB per second. */
  readonly mibPerSecond: number;
  /** RSS of the handler's process just before the invocation, in MiB (Node.js and the imported bundle). */
  readonly baselineRssMiB: number;
  /** Highest RSS sampled (every 50 ms) during the invocation, in MiB. */
  readonly peakRssMiB: number;
  /** Highest RSS of the handler's process over its life, in MiB. */
  readonly maxRssMiB: number;
}

export interface S3BenchOptions {
  /** @default 'ibm-aix' */
  readonly integration?: string;
  /** Uncompressed size of the generated object. @default 1 GiB */
  readonly uncompressedBytes?: number;
  /** The function's memory size, which sets its heap flags ({@link lambdaHeapFlags}). @default the stack's */
  readonly memoryMb?: number;
  /** Progress lines on stderr. @default false */
  readonly verbose?: boolean;
}

interface CorpusInfo {
  readonly key: string;
  readonly eTag: string;
  readonly objectBytes: number;
  readonly uncompressedBytes: number;
  readonly lines: number;
}

/** Starts s3rver in a child process; resolves with its endpoint. */
async function startServerProcess(directory: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const script = `
    const S3rver = require('s3rver');
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(directory)},
      vhostBuckets: false, configureBuckets: [{ name: ${JSON.stringify(RAW)} }, { name: ${JSON.stringify(OUT)} }] });
    server.run().then((address) => console.log(JSON.stringify({ port: address.port })));
    process.on('disconnect', () => process.exit(0));`;
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const [data] = (await once(child.stdout!, 'data')) as [Buffer];
  const { port } = JSON.parse(data.toString('utf8')) as { port: number };
  return { endpoint: `http://127.0.0.1:${port}`, child };
}

/** Generated lines in ~64 KiB chunks until `bytes`, counting them. */
function* generate(integration: string, bytes: number, counts: { lines: number; bytes: number }): Generator<Buffer> {
  const line = GENERATORS[integration];
  if (!line) throw new Error(`no generator for ${integration}`);
  const rand = random(7);
  while (counts.bytes < bytes) {
    const batch: string[] = [];
    let size = 0;
    while (size < 64 * 1024) {
      const text = `${line(rand)}\n`;
      batch.push(text);
      size += Buffer.byteLength(text);
    }
    counts.lines += batch.length;
    counts.bytes += size;
    yield Buffer.from(batch.join(''));
  }
}

/** The bench object: reused from `bench/.corpus/` when it is there, else generated and uploaded. */
async function corpusObject(client: S3Client, integration: string, bytes: number, log: (text: string) => void): Promise<CorpusInfo> {
  const key = `${integration}/bench/${Math.round(bytes / MiB)}MiB.log.gz`;
  const infoFile = join(CORPUS, `s3-${integration}-${Math.round(bytes / MiB)}MiB.json`);
  try {
    const info = JSON.parse(await readFile(infoFile, 'utf8')) as CorpusInfo;
    const head = await client.send(new HeadObjectCommand({ Bucket: RAW, Key: key }));
    if (head.ETag?.replace(/"/g, '') === info.eTag) return info;
  } catch {
    // Not generated yet (or the server data was removed): generate it.
  }
  log(`generating ${Math.round(bytes / MiB)} MiB of ${integration} lines as gzip into s3://${RAW}/${key} ...`);
  const counts = { lines: 0, bytes: 0 };
  const gzip = createGzip({ level: 1 });
  const body = Readable.from(generate(integration, bytes, counts)).pipe(gzip);
  const result = await new Upload({ client, params: { Bucket: RAW, Key: key, Body: body } }).done();
  const head = await client.send(new HeadObjectCommand({ Bucket: RAW, Key: key }));
  const info: CorpusInfo = {
    key,
    eTag: result.ETag!.replace(/"/g, ''),
    objectBytes: head.ContentLength!,
    uncompressedBytes: counts.bytes,
    lines: counts.lines,
  };
  await writeFile(infoFile, JSON.stringify(info, null, 2));
  return info;
}

/**
 * Invokes the built bundle's handler once in a fresh `node` with the function's NODE_OPTIONS,
 * as a Lambda environment runs it (no tsx, no bench code in the process), and reports the
 * wall time of the invocation and the process's RSS before it and at its peak (sampled every
 * 50 ms), in bytes.
 */
const INVOKE = `
const [file, event] = process.argv.slice(1);
const { handler } = await import(file);
const baseline = process.memoryUsage.rss();
let peak = baseline;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 50);
const cpu = process.cpuUsage();
const started = performance.now();
const result = await handler(JSON.parse(event), { awsRequestId: 'bench' });
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
const cpuSeconds = (used.user + used.system) / 1e6;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
process.stdout.write('\\nBENCH ' + JSON.stringify({ result, seconds, cpuSeconds, baseline, peak, maxRss: process.resourceUsage().maxRSS * 1024 }) + '\\n');
`;

interface Invocation {
  readonly result: S3NotificationResult;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly baseline: number;
  readonly peak: number;
  readonly maxRss: number;
}

async function invokeBundle(file: string, event: unknown, env: Record<string, string>, memoryMb: number): Promise<Invocation> {
  const args = [...lambdaHeapFlags(memoryMb), ...FUNCTION_NODE_OPTIONS.split(' '), '--input-type=module', '-e', INVOKE, pathToFileURL(file).href, JSON.stringify(event)];
  const childEnv = { PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'ERROR', ...env };
  return figuresFromChild<Invocation>(args, { env: childEnv }, 'BENCH', "the bundle's handler");
}

/** Runs the S3 path once on a generated gzip object and returns the figures. */
export async function benchS3(options: S3BenchOptions = {}): Promise<S3Figures> {
  const integrationName = options.integration ?? 'ibm-aix';
  const bytes = options.uncompressedBytes ?? 1024 * MiB;
  const memoryMb = options.memoryMb ?? DEFAULTS.memorySize;
  const log = (text: string): void => {
    if (options.verbose) process.stderr.write(`${text}\n`);
  };
  await mkdir(CORPUS, { recursive: true });
  // What is measured is what is deployed, built from this tree.
  const [bundle] = await buildFunctions(DIST, [integrationName]);
  const { endpoint, child } = await startServerProcess(join(CORPUS, 's3rver'));
  const client = localS3Client(endpoint);
  try {
    const corpus = await corpusObject(client, integrationName, bytes, log);
    log(`normalizing s3://${RAW}/${corpus.key} (${(corpus.objectBytes / MiB).toFixed(0)} MiB gzip, ${corpus.lines} lines) with ${relative(ROOT, bundle!.file)} ...`);
    // The generated object ends on a whole line, so it is a little over 1 GiB: MAX_OBJECT_BYTES
    // (1 GiB by default) is raised to its size, as a user with such objects would.
    const env = {
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      OUTPUT_BUCKET: OUT,
      MAX_OBJECT_BYTES: String(Math.max(DEFAULT_MAX_OBJECT_BYTES, corpus.uncompressedBytes)),
    };
    const notification = s3Notification([{ bucket: RAW, key: corpus.key, size: corpus.objectBytes, eTag: corpus.eTag }]);
    const { result, seconds, cpuSeconds, baseline, peak, maxRss } = await invokeBundle(bundle!.file, notification, env, memoryMb);

    const summary = result.objects[0]!;
    if (summary.lines !== corpus.lines) throw new Error(`read ${summary.lines} lines, expected ${corpus.lines}`);
    // Only the raw corpus is kept for the next run.
    await client.send(new DeleteObjectCommand({ Bucket: OUT, Key: summary.output.slice(`s3://${OUT}/`.length) }));
    if (summary.errors) await client.send(new DeleteObjectCommand({ Bucket: OUT, Key: summary.errors.slice(`s3://${OUT}/`.length) }));
    return {
      integration: integrationName,
      memoryMb,
      objectBytes: corpus.objectBytes,
      uncompressedBytes: corpus.uncompressedBytes,
      lines: summary.lines,
      events: summary.events,
      rejected: summary.rejected,
      outputBytes: summary.bytesOut,
      seconds,
      eventsPerSecond: summary.events / seconds,
      eventsPerCpuSecond: summary.events / cpuSeconds,
      mibPerSecond: corpus.uncompressedBytes / MiB / seconds,
      baselineRssMiB: baseline / MiB,
      peakRssMiB: peak / MiB,
      maxRssMiB: maxRss / MiB,
    };
  } finally {
    client.destroy();
    child.disconnect();
    await once(child, 'exit');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean' }, memory: { type: 'string' } } });
  const [integration = 'ibm-aix', size = '1024'] = positionals;
  const memoryMb = values.memory === undefined ? undefined : Number(values.memory);
  const f = await benchS3({ integration, uncompressedBytes: Number(size) * MiB, memoryMb, verbose: true });
  // bench/run.ts reads the figures as JSON.
  if (values.json) console.log(JSON.stringify(f));
  else printFigures(f);
}

function printFigures(f: S3Figures): void {
  const format = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(
    `S3 path, ${f.integration}, heap flags of a ${f.memoryMb} MB function: ${format(f.uncompressedBytes / MiB)} MiB uncompressed (${format(f.objectBytes / MiB)} MiB gzip), ` +
      `${format(f.lines)} lines -> ${format(f.events)} events, ${format(f.rejected)} rejected, ${format(f.outputBytes / MiB)} MiB gzip out`,
  );
  console.log(
    `  ${f.seconds.toFixed(1)} s: ${format(f.eventsPerSecond)} events/s (${format(f.eventsPerCpuSecond)} per CPU second), ${f.mibPerSecond.toFixed(1)} MiB/s; ` +
      `peak RSS ${format(f.peakRssMiB)} MiB during the invocation, from ${format(f.baselineRssMiB)} MiB before it ` +
      `(${format(f.maxRssMiB)} MiB for the whole process; target < 256 MiB)`,
  );
}
