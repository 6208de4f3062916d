import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationNames } from '../lib/registry.ts';
import { buildFunctions, type BuiltFunction } from '../scripts/build.ts';

const run = promisify(execFile);
const ARRIVAL = Date.UTC(2024, 4, 14, 8);

/** Loads a bundle in a fresh `node` (outside the project: no node_modules to fall back on) and invokes its handler once. */
const INVOKE = `
const [file, event] = process.argv.slice(1);
const { handler } = await import(file);
const result = await handler(JSON.parse(event), { awsRequestId: 'bundle-test' });
process.stdout.write('\\nRESULT ' + JSON.stringify(result) + '\\n');
`;

let dir: string;
let built: BuiltFunction[];

async function invoke(fn: BuiltFunction, event: unknown): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', INVOKE, pathToFileURL(fn.file).href, JSON.stringify(event)], {
    cwd: dir,
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return JSON.parse(line!.slice('RESULT '.length));
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
  dir = await mkdtemp(join(tmpdir(), 'bundle-test-'));
  await writeFile(join(dir, 'package.json'), '{}');
  built = await buildFunctions(join(dir, 'dist'));
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Bundle', () => {
  it('builds one index.mjs per registered integration', () => {
    expect(built.map((fn) => [fn.name, fn.file])).toEqual(integrationNames.map((name) => [name, join(dir, 'dist', name, 'index.mjs')]));
    for (const fn of built) expect(fn.bytes).toBeGreaterThan(100_000);
  });

  it('runs the ibm-aix bundle on a Firehose event as Lambda would', async () => {
    const line = 'FS_Chroot sshd root root OK 14 May 2024 08:01:12.201876 No associated roles change root directory to: /var/empty';

    const result = await invoke(built.find((fn) => fn.name === 'ibm-aix')!, firehoseEvent('ibm-aix', [line, '  ']));

    expect(result).toEqual({
      records: [
        {
          recordId: 'r1',
          result: 'Ok',
          data: ndjson({
            message: line,
            event: { kind: 'event', category: ['process'], action: 'FS_Chroot', type: ['change'], outcome: 'success', module: 'ibm_aix', dataset: 'ibm_aix.audit' },
            action: { target: 'process', status: 'OK' },
            observer: { vendor: 'IBM' },
            process: { name: 'sshd', user: { name: 'root' }, real_user: { name: 'root' } },
            group: { name: 'root' },
            file: { name: '/var/empty' },
            user: { name: 'root' },
            ecs: { version: '9.0.0' },
            '@timestamp': '2024-05-14T08:01:12.201876Z',
            related: { user: ['root'] },
          }),
          metadata: { partitionKeys: { integration: 'ibm-aix', dt: '2024-05-14' } },
        },
        { recordId: 'r2', result: 'Dropped', data: '' },
      ],
    });
  });

  it('runs the tanium bundle on a Firehose event as Lambda would', async () => {
    const line = '{"event":"dns_event","hostname":"ws-0142.example.com","host":"192.0.2.15","fields":{"query":"updates.example.com","response":"203.0.113.80"}}';

    const result = await invoke(built.find((fn) => fn.name === 'tanium')!, firehoseEvent('tanium', [line, 'not json']));

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
            dns: { question: { name: 'updates.example.com' }, answers: [{ name: '203.0.113.80' }] },
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
});
