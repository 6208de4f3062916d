/**
 * `npm start`: the whole S3 and Firehose path on the bundled samples, with no AWS account
 * and no network. Starts a local S3-compatible server (s3rver) on 127.0.0.1, drops
 * `samples/<integration>/*` into a raw bucket, invokes each integration's real Lambda
 * handler with the S3 notifications AWS would send, runs a Firehose transformation batch
 * of sample records through the same handlers, and prints what went in, what came out and
 * where it lies on disk (`.local/s3/`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { handlerEntry, integrationFolders } from '../functions/entry-points.ts';
import { LOCAL_CREDENTIALS, startLocalS3, type LocalS3Server } from '../dev/local-s3-server.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = join(ROOT, '.local', 's3');
const RAW_BUCKET = 'raw-logs';
const OUTPUT_BUCKET = 'normalized-logs';
const REGION = 'us-east-1';
/** Sample lines per integration in the Firehose batch. */
const FIREHOSE_RECORDS = 4;
/** Normalized events pretty-printed per object. */
const SHOWN_EVENTS = 1;

/** Minimal shapes of what the handler answers, to print it. */
interface Summary {
  key: string;
  lines: number;
  events: number;
  rejected: number;
  blank: number;
  bytesIn: number;
  bytesOut: number;
  durationMs: number;
  output: string;
  errors?: string;
}
interface FirehoseAnswer {
  records: { recordId: string; result: string; data?: string; metadata?: unknown }[];
}
type Handler = (event: unknown) => Promise<unknown>;

function rel(path: string): string {
  return relative(process.cwd(), path) || '.';
}

function heading(text: string): void {
  console.log(`\n== ${text} ${'='.repeat(Math.max(0, 76 - text.length))}`);
}

/** The environment a deployed function gets from the CDK stack, pointed at the local server. */
function configureEnvironment(server: LocalS3Server): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: server.endpoint,
    // Nothing listens there: the batch below fits in one response, so Firehose is never
    // called, and if it were, the call would fail here instead of reaching AWS.
    AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:9',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
    OUTPUT_BUCKET,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.OUTPUT_STREAM;
  // This script prints its own report; the handlers' JSON logs and EMF metrics would drown it.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
}

async function sampleFiles(integration: string): Promise<string[]> {
  const folder = join(ROOT, 'samples', integration);
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.sort().map((name) => join(folder, name));
}

function decompressed(bytes: Buffer): Buffer {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

async function main(): Promise<void> {
  const server = await startLocalS3({ directory: DATA_DIR, buckets: [RAW_BUCKET, OUTPUT_BUCKET] });
  try {
    configureEnvironment(server);
    // Imported only now: the handlers read their configuration and create their clients
    // when their module loads, as in Lambda.
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    const integrations = integrationFolders();
    const { awsClients } = await import('../lib/lambda/aws-clients.ts');
    const { s3Notification } = await import('../dev/s3-notifications.ts');
    const s3 = awsClients().s3;

    console.log(`Local S3 server: ${server.endpoint} (data in ${rel(DATA_DIR)}/)`);
    console.log(`Raw bucket: ${RAW_BUCKET}   output bucket: ${OUTPUT_BUCKET}   integrations: ${integrations.join(', ')}`);

    const handlers = new Map<string, Handler>();
    const firehoseLines = new Map<string, string[]>();
    for (const name of integrations) {
      const module = (await import(pathToFileURL(handlerEntry(name)).href)) as { handler: Handler };
      handlers.set(name, module.handler);
    }

    for (const name of integrations) {
      const files = await sampleFiles(name);
      if (files.length === 0) continue;
      heading(`S3 log drops: ${name}`);
      const uploads = [];
      for (const file of files) {
        const body = await readFile(file);
        const key = `${name}/sample logs/${file.slice(file.lastIndexOf('/') + 1)}`;
        const put = await s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: body }));
        const lines = decompressed(body).toString('utf8').split('\n');
        if (lines.at(-1) === '') lines.pop();
        firehoseLines.set(name, [...(firehoseLines.get(name) ?? []), ...lines.filter((l) => l.trim() !== '')]);
        console.log(`in:  s3://${RAW_BUCKET}/${key}  (${body.length} bytes${body[0] === 0x1f ? ', gzip' : ''}, ${lines.length} lines)`);
        uploads.push({ bucket: RAW_BUCKET, key, size: body.length, eTag: put.ETag!, eventTime: new Date().toISOString() });
      }
      const notification = s3Notification(uploads);
      console.log(`S3 notification key as AWS sends it: ${notification.Records[0]!.s3.object.key}`);
      const result = (await handlers.get(name)!(notification)) as { objects: Summary[] };
      for (const summary of result.objects) {
        console.log(
          `out: ${summary.lines} lines -> ${summary.events} events, ${summary.rejected} rejected, ${summary.blank} blank ` +
            `(${summary.bytesIn} bytes in, ${summary.bytesOut} bytes out, ${summary.durationMs} ms)`,
        );
        for (const [label, uri] of [['events', summary.output], ['errors', summary.errors]] as const) {
          if (!uri) continue;
          const key = uri.slice(`s3://${OUTPUT_BUCKET}/`.length);
          const path = server.objectPath(OUTPUT_BUCKET, key);
          const lines = gunzipSync(await readFile(path)).toString('utf8').split('\n').filter(Boolean);
          console.log(`  ${label}: ${uri}\n    on disk (gzip): ${rel(path)}`);
          const shown = label === 'events' ? lines.slice(0, SHOWN_EVENTS) : lines;
          for (const line of shown) console.log(JSON.stringify(JSON.parse(line), null, 2).replace(/^/gm, '    '));
          if (shown.length < lines.length) console.log(`    … ${lines.length - shown.length} more`);
        }
      }
    }

    for (const name of integrations) {
      const lines = (firehoseLines.get(name) ?? []).slice(-FIREHOSE_RECORDS);
      if (lines.length === 0) continue;
      heading(`Firehose transformation: ${name}`);
      const arrival = Date.now();
      const event = {
        invocationId: `local-${name}`,
        deliveryStreamArn: `arn:aws:firehose:${REGION}:123456789012:deliverystream/${name}-local`,
        region: REGION,
        // The last record holds only whitespace: Firehose gets it back as Dropped.
        records: [...lines, ' \r\n'].map((line, i) => ({
          recordId: `record-${i + 1}`,
          approximateArrivalTimestamp: arrival,
          data: Buffer.from(line).toString('base64'),
        })),
      };
      console.log(`in:  ${event.records.length} records (base64 of one raw record each; the last one blank)`);
      const answer = (await handlers.get(name)!(event)) as FirehoseAnswer;
      for (const record of answer.records) {
        const data = record.data ? Buffer.from(record.data, 'base64').toString('utf8') : '';
        const first = data.split('\n')[0] ?? '';
        const preview = record.result === 'Ok' ? summarizeEvent(first) : first.slice(0, 100);
        console.log(`out: ${record.recordId} ${record.result.padEnd(16)} ${preview}`);
      }
    }
    heading('Done');
    console.log(`Outputs are in ${rel(join(DATA_DIR, OUTPUT_BUCKET))}/ (s3rver keeps each object as <key>._S3rver_object).`);
  } finally {
    await server.close();
  }
}

/** A one-line view of a normalized event. */
function summarizeEvent(json: string): string {
  const event = JSON.parse(json) as Record<string, Record<string, unknown> | string>;
  const ev = event.event as Record<string, unknown> | undefined;
  const host = event.host as Record<string, unknown> | undefined;
  const parts = [
    event['@timestamp'],
    ev?.action ?? (ev?.category as string[] | undefined)?.join(','),
    host?.name ?? host?.hostname,
    (event.process as Record<string, unknown> | undefined)?.name,
  ].filter((p) => p !== undefined);
  return parts.join('  ');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
