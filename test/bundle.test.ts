import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../infra/normalizer-function.ts';
import { integrationNames } from '../functions/registry.ts';
import { s3Notification } from '../dev/s3-notifications.ts';
import { LOCAL_CREDENTIALS } from '../dev/local-s3-server.ts';
import { BUNDLE_FILES, buildFunctions, DIST } from '../scripts/build.ts';
import { cdkSynth, OFFLINE } from './helpers/cdk-synth.ts';
import { startTestS3, type TestS3 } from './helpers/s3-server.ts';
import { AIX_EVENT, AIX_LINE, batchInvocation, s3Message, sqsEvent } from './helpers/trigger-events.ts';

/**
 * The code we deploy is the code we test: `npm run build`, then `npx cdk synth` as a user
 * runs it (offline; the only test that bundles through the CDK). Each function's asset must
 * hold exactly the files `npm run build` wrote, and the handler tests below run those
 * deployed files in a bare `node` outside the project, as Lambda does.
 */
const run = promisify(execFile);
const ARRIVAL = Date.UTC(2024, 4, 14, 8);

interface DeployedFunction {
  readonly properties: Record<string, any>;
  /** The asset directory the function's code is uploaded from. */
  readonly asset: string;
}

/** Loads a bundle in a fresh `node`, with the function's NODE_OPTIONS, and invokes its handler once. */
const INVOKE = `
const [file, event] = process.argv.slice(1);
const { handler } = await import(file);
try {
  const result = await handler(JSON.parse(event), { awsRequestId: 'bundle-test' });
  process.stdout.write('\\nRESULT ' + JSON.stringify(result) + '\\n');
} catch (error) {
  process.stdout.write('\\nERROR ' + JSON.stringify({ name: error.name, stack: error.stack }) + '\\n');
}
`;

let built: Map<string, Map<string, Buffer>>;
let synth: ReturnType<typeof cdkSynth>;
let deployed: Map<string, DeployedFunction>;
let elsewhere: string;

/** The bytes of each function's files in `<outdir>/<name>/`. */
async function filesOf(outdir: string): Promise<Map<string, Map<string, Buffer>>> {
  const files = new Map<string, Map<string, Buffer>>();
  for (const name of integrationNames) {
    files.set(name, new Map(await Promise.all(BUNDLE_FILES.map(async (file) => [file, await readFile(join(outdir, name, file))] as const))));
  }
  return files;
}

async function invoke(name: string, event: unknown, env: Record<string, string> = {}): Promise<{ result?: unknown; error?: { name: string; stack: string } }> {
  const { asset, properties } = deployed.get(name)!;
  const { stdout } = await run(process.execPath, [...properties.Environment.Variables.NODE_OPTIONS.split(' '), '--input-type=module', '-e', INVOKE, pathToFileURL(join(asset, 'index.mjs')).href, JSON.stringify(event)], {
    cwd: asset,
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_METRICS_DISABLED: 'true', ...env },
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT ') || l.startsWith('ERROR '))!;
  const value = JSON.parse(line.slice(line.indexOf(' ') + 1));
  return line.startsWith('RESULT ') ? { result: value } : { error: value };
}

function firehoseEvent(name: string, lines: string[]) {
  return {
    invocationId: 'bundle-test',
    deliveryStreamArn: `arn:aws:firehose:us-east-1:123456789012:deliverystream/${name}`,
    region: 'us-east-1',
    records: lines.map((line, i) => ({ recordId: `r${i + 1}`, approximateArrivalTimestamp: ARRIVAL, data: Buffer.from(line).toString('base64') })),
  };
}

const ndjson = (...events: unknown[]): string => Buffer.from(events.map((e) => `${JSON.stringify(e)}\n`).join('')).toString('base64');

beforeAll(async () => {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, env: OFFLINE, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  built = await filesOf(DIST);

  synth = cdkSynth();
  expect(synth.status, synth.stderr).toBe(0);
  const template = JSON.parse(await readFile(join(synth.outdir, 'EcsLogNormalizers.template.json'), 'utf8'));
  deployed = new Map(
    Object.values(template.Resources as Record<string, any>)
      .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME)
      .map((r) => [
        r.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string,
        { properties: r.Properties, asset: join(synth.outdir, `asset.${String(r.Properties.Code.S3Key).replace(/\.zip$/, '')}`) },
      ]),
  );

  elsewhere = await mkdtemp(join(tmpdir(), 'bundle-test-'));
}, 300_000);

afterAll(async () => {
  await rm(synth.outdir, { recursive: true, force: true });
  await rm(elsewhere, { recursive: true, force: true });
});

describe('The deployed bundle', () => {
  it('npm run build writes an ES module and its source map per registered integration, mappings only', () => {
    expect([...built.keys()]).toEqual(integrationNames);
    for (const [name, files] of built) {
      const code = files.get('index.mjs')!.toString('utf8');
      expect(code.length).toBeGreaterThan(100_000);
      expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
      const map = JSON.parse(files.get('index.mjs.map')!.toString('utf8'));
      expect(map.sourcesContent).toBeUndefined();
      expect(map.sources).toContain(`../../functions/${name}/handler.ts`);
    }
  });

  it('loads node:http with require, never as an ES module (its namespace loads undici at the first request to an http: endpoint)', () => {
    for (const files of built.values()) {
      const code = files.get('index.mjs')!.toString('utf8');
      // Neither a static import nor the SDK's own `await import("node:http")`.
      expect(code.match(/(from|import\s*\()\s*"(node:)?http"/g)).toBeNull();
      expect(code).toContain('("node:http")');
    }
  });

  it('is what npx cdk synth deploys: each function on nodejs24.x arm64, index.handler, its asset byte for byte the build', async () => {
    // stderr holds CDK's progress lines and nothing else: no warning (feature flags, versions), no esbuild notice.
    expect(synth.stderr.split('\n').filter((line) => line.trim() !== '' && !/^Bundling asset EcsLogNormalizers\/\S+\.\.\.$/.test(line))).toEqual([]);
    expect([...deployed.keys()]).toEqual(integrationNames);
    for (const [name, { properties, asset }] of deployed) {
      expect([properties.Runtime, properties.Architectures, properties.Handler]).toEqual(['nodejs24.x', ['arm64'], 'index.handler']);
      expect((await readdir(asset)).sort()).toEqual([...BUNDLE_FILES].sort());
      for (const [file, bytes] of built.get(name)!) expect((await readFile(join(asset, file))).equals(bytes), `${name}/${file}`).toBe(true);
    }
  });

  it('does not depend on where it is built: index.mjs built elsewhere has the same bytes', async () => {
    await buildFunctions(elsewhere);
    const again = await filesOf(elsewhere);
    for (const [name, files] of built) expect(again.get(name)!.get('index.mjs')!.equals(files.get('index.mjs')!), name).toBe(true);
  });

  it('runs the ibm-aix function on a Firehose event as Lambda would', async () => {
    const { result } = await invoke('ibm-aix', firehoseEvent('ibm-aix', [AIX_LINE, '  ']));

    expect(result).toEqual({
      records: [
        { recordId: 'r1', result: 'Ok', data: ndjson(AIX_EVENT), metadata: { partitionKeys: { integration: 'ibm-aix', dt: '2024-05-14' } } },
        { recordId: 'r2', result: 'Dropped', data: '' },
      ],
    });
  });

  it('runs the tanium function on a Firehose event as Lambda would', async () => {
    const line = '{"event":"dns_event","hostname":"ws-0142.example.com","host":"192.0.2.15","fields":{"query":"updates.example.com","response":"203.0.113.80"}}';

    const { result } = await invoke('tanium', firehoseEvent('tanium', [line, 'not json']));

    expect(result).toEqual({
      records: [
        {
          recordId: 'r1',
          result: 'Ok',
          data: ndjson({
            message: line,
            event: { kind: 'event', category: ['network'], type: ['protocol'], module: 'tanium', dataset: 'tanium.threat_response' },
            host: { hostname: 'ws-0142.example.com', ip: ['192.0.2.15'], name: 'ws-0142.example.com' },
            observer: { vendor: 'Tanium', product: 'XEM', type: 'sensor', name: 'ws-0142.example.com' },
            dns: { question: { name: 'updates.example.com' }, answers: [{ name: '203.0.113.80' }], resolved_ip: ['203.0.113.80'] },
            network: { protocol: 'dns' },
            ecs: { version: '9.0.0' },
            '@timestamp': '2024-05-14T08:00:00.000000Z',
            related: { ip: ['192.0.2.15'], hosts: ['ws-0142.example.com'] },
          }),
          metadata: { partitionKeys: { integration: 'tanium', dt: '2024-05-14' } },
        },
        { recordId: 'r2', result: 'ProcessingFailed', data: Buffer.from('not json').toString('base64') },
      ],
    });
  });

  it('fails an unsupported event with its error class name (Lambda reports it as errorType) and a stack trace into the TypeScript sources', async () => {
    const { error } = await invoke('tanium', { hello: 'world' });

    expect(error!.name).toBe('UnsupportedEventError');
    expect(error!.stack.split('\n')[0]).toBe(
      'UnsupportedEventError: tanium: unsupported event (an object with keys hello): expected an Amazon Data Firehose transformation event ' +
        '(records[]), an S3 event notification (Records[] of aws:s3 records), an SQS event of S3 notifications (Records[] of aws:sqs ' +
        'records), an EventBridge event from S3 (source aws.s3) or an S3 Batch Operations invocation (invocationSchemaVersion, tasks[])',
    );
    // --enable-source-maps maps the frames of the minified bundle back to lib/ sources.
    expect(error!.stack.split('\n')[1]).toMatch(/^ {4}at .*\/lib\/[\w/-]+\.ts:\d+:\d+\)?$/);
  });

  describe('on the S3 triggers, against the local S3 server', () => {
    let s3: TestS3;
    let env: Record<string, string>;

    beforeAll(async () => {
      s3 = await startTestS3(['raw-logs', 'normalized-logs']);
      env = {
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        OUTPUT_BUCKET: 'normalized-logs',
      };
    });
    afterAll(async () => {
      await s3.close();
    });

    it('answers an SQS batch with one bad message with exactly that message in batchItemFailures', async () => {
      const key = 'ibm-aix/bundle/sqs.log';
      const { eTag, size } = await s3.put('raw-logs', key, `${AIX_LINE}\n`);
      const notification = s3Notification([{ bucket: 'raw-logs', key, size, eTag, eventTime: '2024-05-14T08:00:00.000Z' }]);

      const { result } = await invoke('ibm-aix', sqsEvent([s3Message('m-1', notification), { messageId: 'm-2', body: 'not an S3 notification' }]), env);

      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
      const eventsKey = `normalized/ibm-aix/dt=${await s3.dt('raw-logs', key)}/${key}.${eTag.slice(0, 8)}.ndjson.gz`;
      expect(await s3.gunzip('normalized-logs', eventsKey)).toBe(`${JSON.stringify(AIX_EVENT)}\n`);
    });

    it('reads and writes with credentials served by a container credentials endpoint when the environment has none', async () => {
      const served: string[] = [];
      const endpoint = createServer((request, response) => {
        served.push(request.url!);
        response.end(JSON.stringify({ AccessKeyId: LOCAL_CREDENTIALS.accessKeyId, SecretAccessKey: LOCAL_CREDENTIALS.secretAccessKey, Token: 'example-session', Expiration: '2099-01-01T00:00:00Z' }));
      });
      await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
      try {
        const key = 'ibm-aix/bundle/container-credentials.log';
        const { eTag, size } = await s3.put('raw-logs', key, `${AIX_LINE}\n`);
        const { AWS_ACCESS_KEY_ID: _, AWS_SECRET_ACCESS_KEY: __, ...rest } = env;
        const containerEnv = { ...rest, AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/role` };

        const { result } = await invoke('ibm-aix', sqsEvent([s3Message('m-1', s3Notification([{ bucket: 'raw-logs', key, size, eTag, eventTime: '2024-05-14T08:00:00.000Z' }]))]), containerEnv);

        expect(result).toEqual({ batchItemFailures: [] });
        expect(served).toEqual(['/role']);
        const eventsKey = `normalized/ibm-aix/dt=${await s3.dt('raw-logs', key)}/${key}.${eTag.slice(0, 8)}.ndjson.gz`;
        expect(await s3.gunzip('normalized-logs', eventsKey)).toBe(`${JSON.stringify(AIX_EVENT)}\n`);
      } finally {
        await new Promise<void>((resolve) => endpoint.close(() => resolve()));
      }
    });

    it('answers a Batch Operations 2.0 invocation with one result per task and the right codes', async () => {
      const key = 'ibm-aix/bundle/batch log.log';
      const { eTag } = await s3.put('raw-logs', key, `${AIX_LINE}\n`);
      const corrupt = 'ibm-aix/bundle/corrupt.gz';
      await s3.put('raw-logs', corrupt, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x41, 0x42]));
      const eventsKey = `normalized/ibm-aix/dt=${await s3.dt('raw-logs', key)}/${key}.${eTag.slice(0, 8)}.ndjson.gz`;

      const { result } = await invoke(
        'ibm-aix',
        batchInvocation('2.0', [
          { taskId: 't-1', bucket: 'raw-logs', key },
          { taskId: 't-2', bucket: 'raw-logs', key: 'ibm-aix/bundle/missing.log' },
          { taskId: 't-3', bucket: 'raw-logs', key: corrupt },
        ]),
        env,
      );

      expect(result).toEqual({
        invocationSchemaVersion: '2.0',
        treatMissingKeysAs: 'PermanentFailure',
        invocationId: 'YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo',
        results: [
          { taskId: 't-1', resultCode: 'Succeeded', resultString: `1 events, 0 lines rejected: s3://normalized-logs/${eventsKey}` },
          { taskId: 't-2', resultCode: 'PermanentFailure', resultString: expect.stringMatching(/^s3:\/\/raw-logs\/ibm-aix\/bundle\/missing\.log: cannot read object: NoSuchKey: /) },
          { taskId: 't-3', resultCode: 'PermanentFailure', resultString: expect.stringMatching(/^s3:\/\/raw-logs\/ibm-aix\/bundle\/corrupt\.gz: cannot read object: /) },
        ],
      });
      expect(await s3.gunzip('normalized-logs', eventsKey)).toBe(`${JSON.stringify(AIX_EVENT)}\n`);
    });
  });
});
