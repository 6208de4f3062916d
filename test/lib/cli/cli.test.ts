import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { getIntegration } from '../../../functions/registry.ts';
import { ecsTimestamp } from '../../../lib/ecs/time.ts';
import { buildCli } from '../../../scripts/build.ts';
import { runCliInProcess, type CliRun } from '../../helpers/cli.ts';
import { READ_BYTES } from '../../../lib/cli/run.ts';
import { BATCH_BYTES } from '../../../lib/records/lines.ts';
import { jsonParseMessage } from '../../helpers/expected.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const CONTEXT = { timezone: 'UTC', receivedAt: ecsTimestamp(NOW) };

const AIX_1 = 'AUD_It audit Pipin root OK 16 sep 2022 15:42:41.885007 No associated roles cmd: 1 arg: 0';
const AIX_2 = 'PROC_Kill rsyslogd root root OK 25 sep 2022 23:14:20.816166 No associated roles pid: 3605020, sig: 22';
const TANIUM_OK = '{"event":"dns_event","hostname":"host01.example.com","host":"192.0.2.10","fields":{"query":"www.example.com"}}';

/** The CLI's output for lines that normalize: what the integration itself makes of them. */
function expectedEvents(integration: string, lines: string[], context = CONTEXT): string {
  const { normalize } = getIntegration(integration);
  return lines.map((line) => `${JSON.stringify(normalize(line, context))}\n`).join('');
}

/** Runs the CLI in-process with the given stdin; `tty` makes stderr look like a terminal. */
function run(args: string[], stdin = '', tty = false): Promise<CliRun> {
  return runCliInProcess(args, stdin, NOW, tty);
}

/** The stderr lines other than the closing summary. */
function errorLines(stderr: string): unknown[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

const SUMMARY = /^normalize: (\S+): (\d+) lines: (\d+) events, (\d+) unparsed, (\d+) rejected, (\d+) blank \([\d.]+ s, [\d,]+ lines\/s\)\n$/m;

describe('CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'normalize-cli-'));
  });

  it('normalizes stdin: one event per non-blank line, in input order, exit 0', async () => {
    const result = await run(['ibm-aix'], `${AIX_2}\n\n   \r\n${AIX_1}\r\n`);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(expectedEvents('ibm-aix', [AIX_2, AIX_1]));
    expect(SUMMARY.exec(result.stderr)?.slice(1)).toEqual(['ibm-aix', '4', '2', '0', '0', '2']);
  });

  it('reads files in order, plain and gzip (detected by content, whatever the name)', async () => {
    const plain = join(dir, 'a.txt');
    const gzipped = join(dir, 'b.log');
    writeFileSync(plain, `${AIX_1}\n`);
    writeFileSync(gzipped, gzipSync(`${AIX_2}\n${AIX_1}`));
    const result = await run(['ibm-aix', gzipped, plain]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(expectedEvents('ibm-aix', [AIX_2, AIX_1, AIX_1]));
  });

  it('reads a file of several reads, lines and characters cut at read and batch boundaries, plain and gzip', async () => {
    // Lines of many lengths, their tails two-byte characters: the boundaries fall mid-line and mid-character.
    const lines = Array.from({ length: 6000 }, (_, i) => `${AIX_2} name: ${'é'.repeat(i % 37)}${i % 2 ? '' : '#'}`);
    const content = Buffer.from(`${lines.join('\n')}\n`);
    expect(content.length).toBeGreaterThan(2 * READ_BYTES);
    const cutCharacter = (at: number): boolean => (content[at]! & 0xc0) === 0x80;
    const boundaries = Array.from({ length: Math.floor(content.length / BATCH_BYTES) }, (_, k) => (k + 1) * BATCH_BYTES);
    expect(boundaries.filter(cutCharacter).length).toBeGreaterThan(0);
    expect(boundaries.filter((at) => at % READ_BYTES === 0 && content[at - 1] !== 0x0a).length).toBeGreaterThan(0);
    const plain = join(dir, 'large.log');
    const gzipped = join(dir, 'large.log.gz');
    writeFileSync(plain, content);
    writeFileSync(gzipped, gzipSync(content));
    const result = await run(['ibm-aix', plain, gzipped]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(expectedEvents('ibm-aix', [...lines, ...lines]));
  });

  it('reads stdin for "-" between files', async () => {
    const plain = join(dir, 'c.txt');
    writeFileSync(plain, `${AIX_1}\n`);
    const result = await run(['ibm-aix', plain, '-'], `${AIX_2}\n`);
    expect(result.stdout).toBe(expectedEvents('ibm-aix', [AIX_1, AIX_2]));
  });

  it('writes rejected lines as JSON on stderr with file, line and reason, and exits 1', async () => {
    const file = join(dir, 'tanium.json');
    writeFileSync(file, Buffer.concat([Buffer.from(`${TANIUM_OK}\nnot json\n\n[1]\n`), Buffer.from([0xff, 0xfe, 0x0a])]));
    const result = await run(['tanium', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(expectedEvents('tanium', [TANIUM_OK]));
    expect(errorLines(result.stderr)).toStrictEqual([
      { file, line: 2, reason: `record is not valid JSON: ${jsonParseMessage('not json')}`, raw: 'not json' },
      { file, line: 4, reason: 'record is not a JSON object but an array', raw: '[1]' },
      { file, line: 5, reason: 'record is not valid UTF-8', raw: '//4=', encoding: 'base64' },
    ]);
    expect(SUMMARY.exec(result.stderr)?.slice(1)).toEqual(['tanium', '5', '1', '0', '3', '1']);
  });

  it('writes rejected lines to --errors FILE instead of stderr', async () => {
    const errors = join(dir, 'rejected.ndjson');
    const result = await run(['tanium', '--errors', errors], 'oops\n');
    expect(result.status).toBe(1);
    expect(errorLines(result.stderr)).toEqual([]);
    expect(readFileSync(errors, 'utf8')).toBe(
      `${JSON.stringify({ file: 'stdin', line: 1, reason: `record is not valid JSON: ${jsonParseMessage('oops')}`, raw: 'oops' })}\n`,
    );
  });

  it('reads AIX header times in --timezone', async () => {
    const result = await run(['ibm-aix', '--timezone', 'Europe/Paris'], `${AIX_1}\n`);
    expect(result.stdout).toBe(expectedEvents('ibm-aix', [AIX_1], { ...CONTEXT, timezone: 'Europe/Paris' }));
    expect(JSON.parse(result.stdout)['@timestamp']).toBe('2022-09-16T13:42:41.885007Z');
  });

  it('gives records without a time of their own the time of the run', async () => {
    const result = await run(['tanium'], `${TANIUM_OK}\n`);
    expect(JSON.parse(result.stdout)['@timestamp']).toBe('2026-01-02T03:04:05.678000Z');
  });

  it('draws a progress bar on stderr only when it is a terminal, and erases it', async () => {
    const quiet = await run(['ibm-aix'], `${AIX_1}\n`);
    expect(quiet.stderr).not.toContain('\r');
    const terminal = await run(['ibm-aix'], `${AIX_1}\n`, true);
    expect(terminal.stderr).toMatch(/^(\r1 lines, [\d,]+ lines\/s, 0\.0 MB\x1b\[K)+\r\x1b\[Knormalize: ibm-aix: 1 lines/);
    const disabled = await run(['ibm-aix', '--no-progress'], `${AIX_1}\n`, true);
    expect(disabled.stderr).not.toContain('\r');
  });

  it.each([
    [['nope'], 'unknown integration "nope"; valid integrations: ibm-aix, tanium'],
    [[], 'missing integration; valid integrations: ibm-aix, tanium'],
    [['tanium', '/nonexistent/file.log'], '/nonexistent/file.log: cannot read: no such file or directory'],
    [['ibm-aix', '--timezone', 'Mars/Base'], '--timezone: "Mars/Base" is not an IANA timezone name (for example UTC or Europe/Paris)'],
    [['ibm-aix', '--colour'], "Unknown option '--colour'"],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const result = await run(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toContain(`normalize: ${message}`);
    expect(result.stderr).toContain('usage: npm run --silent normalize -- <integration> [file ...] [options]');
  });

  it('prints the usage on --help and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('integrations: ibm-aix, tanium');
  });

  it('runs as `npm run --silent normalize` in a fresh process: the CLI compiled from these sources', async () => {
    await buildCli();
    const result = spawnSync('npm', ['run', '--silent', 'normalize', '--', 'tanium'], {
      cwd: ROOT,
      input: `${TANIUM_OK}\n[]\n`,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    const event = JSON.parse(result.stdout);
    expect(event.dns).toStrictEqual({ question: { name: 'www.example.com' } });
    expect(errorLines(result.stderr)).toStrictEqual([{ file: 'stdin', line: 2, reason: 'record is not a JSON object but an array', raw: '[]' }]);
  });
});

