import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntegration } from '../../../functions/registry.ts';
import { ecsTimestamp } from '../../../lib/ecs/time.ts';
import { runCliInProcess, type CliRun } from '../../helpers/cli.ts';
import { integrations } from '../../../functions/registry.ts';
import { runCli } from '../../../lib/cli/run.ts';

/**
 * Files the CLI cannot read or write: a one-line message naming the file and what failed,
 * the summary line of what was done until then, exit status 3 (1 means "lines rejected",
 * 2 a usage error), never a stack trace.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const AIX = [
  'AUD_It audit Pipin root OK 16 sep 2022 15:42:41.885007 No associated roles cmd: 1 arg: 0',
  'PROC_Kill rsyslogd root root OK 25 sep 2022 23:14:20.816166 No associated roles pid: 3605020, sig: 22',
];

function events(lines: readonly string[]): string {
  const { normalize } = getIntegration('ibm-aix');
  return lines.map((line) => `${JSON.stringify(normalize(line, { timezone: 'UTC', receivedAt: ecsTimestamp(NOW) }))}\n`).join('');
}

function run(args: string[], stdin: string | Buffer = ''): Promise<CliRun> {
  return runCliInProcess(args, stdin, NOW);
}

/** The message line, then the summary line (its timing aside), and nothing else. */
function expectFailure(stderr: string, message: string, summary: string): void {
  const [first, second, ...rest] = stderr.split('\n');
  expect(first).toBe(`normalize: ${message}`);
  expect(second).toMatch(new RegExp(`^normalize: ${summary} \\([\\d.]+ s, [\\d,]+ lines/s\\)$`));
  expect(rest).toEqual(['']);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'normalize-cli-errors-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('CLI: files that cannot be read or written', () => {
  it('a truncated gzip file: the lines read before it, then exit 3 naming the file', async () => {
    const file = join(dir, 'cut.log.gz');
    const whole = gzipSync(`${AIX.join('\n')}\n`);
    // Without the end of its trailer: every line is there, the stream is not complete.
    writeFileSync(file, whole.subarray(0, whole.length - 4));
    const result = await run(['ibm-aix', file]);
    expect(result.status).toBe(3);
    expect(result.stdout).toBe(events(AIX));
    expectFailure(result.stderr, `${file}: cannot read: the gzip data is truncated`, 'ibm-aix: 2 lines: 2 events, 0 unparsed, 0 rejected, 0 blank');
  });

  it('a file with the gzip magic bytes that is not gzip: exit 3, and the files after it are not read', async () => {
    const fake = join(dir, 'fake.gz');
    const plain = join(dir, 'after.log');
    writeFileSync(fake, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(`${AIX[0]}\n`)]));
    writeFileSync(plain, `${AIX[1]}\n`);
    const result = await run(['ibm-aix', fake, plain]);
    expect(result.status).toBe(3);
    expect(result.stdout).toBe('');
    expectFailure(result.stderr, `${fake}: cannot read: not valid gzip data`, 'ibm-aix: 0 lines: 0 events, 0 unparsed, 0 rejected, 0 blank');
  });

  it('names stdin when it is stdin that cannot be read', async () => {
    const result = await run(['ibm-aix'], Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not gzip\n')]));
    expect(result.status).toBe(3);
    expectFailure(result.stderr, 'stdin: cannot read: not valid gzip data', 'ibm-aix: 0 lines: 0 events, 0 unparsed, 0 rejected, 0 blank');
  });

  it.each([
    ['in a folder that does not exist', (): string => join(dir, 'missing', 'rejected.ndjson'), 'no such file or directory'],
    ['that is a folder', (): string => dir, 'is a directory'],
  ])('an --errors path %s: found before any output is written, exit 3', async (_what, path, reason) => {
    const errors = path();
    const result = await run(['ibm-aix', '--errors', errors], `${AIX.join('\n')}\n`);
    expect(result.status).toBe(3);
    expect(result.stdout).toBe('');
    expectFailure(result.stderr, `${errors}: cannot write: ${reason}`, 'ibm-aix: 0 lines: 0 events, 0 unparsed, 0 rejected, 0 blank');
  });

  it.skipIf(!existsSync('/dev/full'))('an --errors file that fails while written (a full disk): exit 3 naming it', async () => {
    const result = await run(['tanium', '--errors', '/dev/full'], 'not json\n');
    expect(result.status).toBe(3);
    expectFailure(result.stderr, '/dev/full: cannot write: no space left on device', 'tanium: 1 lines: 0 events, 0 unparsed, 1 rejected, 0 blank');
  });

  it.each([
    // The first batch's event cannot be written: the second record, still open then, is never read.
    ['at once', (error: Error) => (_chunk: unknown, _encoding: unknown, done: (error?: Error) => void) => done(error), 1],
    // Seen once the input is done: both events were made.
    ['after the write returned', (error: Error) => (_chunk: unknown, _encoding: unknown, done: (error?: Error) => void) => setTimeout(() => done(error), 5), 2],
  ])('a stdout that fails while written (a full disk), %s: exit 3 naming stdout', async (_when, failing, events) => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const stdout = new Writable({ write: failing(full) });
    const stderr: Buffer[] = [];
    const status = await runCli(['ibm-aix'], {
      stdin: Readable.from([Buffer.from(`${AIX.join('\n')}\n`)]),
      stdout,
      stderr: new Writable({ write: (chunk: Buffer, _encoding, done) => (stderr.push(chunk), done()) }),
      now: () => NOW,
    }, integrations);
    expect(status).toBe(3);
    expectFailure(Buffer.concat(stderr).toString(), 'stdout: cannot write: no space left on device', `ibm-aix: 2 lines: ${events} events, 0 unparsed, 0 rejected, 0 blank`);
    expect(stdout.listenerCount('error')).toBe(0);
  });

  it.skipIf(!existsSync('/dev/full'))('a stdout on a full disk in a fresh process: exit 3 with the message, no stack trace', () => {
    const result = spawnSync('sh', ['-c', 'npm run --silent normalize -- ibm-aix > /dev/full'], { cwd: ROOT, encoding: 'utf8', input: `${AIX.join('\n')}\n` });
    expect(result.status).toBe(3);
    expectFailure(result.stderr, 'stdout: cannot write: no space left on device', 'ibm-aix: 2 lines: 1 events, 0 unparsed, 0 rejected, 0 blank');
  });

  it('exits 3 with the message and no stack trace in a fresh process', () => {
    const fake = join(dir, 'fake-spawn.gz');
    writeFileSync(fake, Buffer.from([0x1f, 0x8b, 0x00, 0x00]));
    const result = spawnSync('npm', ['run', '--silent', 'normalize', '--', 'ibm-aix', fake], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(3);
    expect(result.stdout).toBe('');
    expectFailure(result.stderr, `${fake}: cannot read: not valid gzip data`, 'ibm-aix: 0 lines: 0 events, 0 unparsed, 0 rejected, 0 blank');
  });
});
