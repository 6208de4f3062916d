import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `npm run fuzz` once hung for 8+ minutes without a word. Its watchdog
 * (scripts/watchdog.ts) must end a stuck run with a message saying what was running,
 * whether the run is stuck awaiting or spinning, and must leave a healthy run alone.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs `body` as an ES module after starting a watchdog (`stallMs` without a beat = hung). */
function runWith(body: string, stallMs = 200): { status: number | null; signal: string | null; stderr: string } {
  const code = `import { startWatchdog } from './scripts/watchdog.ts';
const watchdog = startWatchdog({ stallMs: ${stallMs}, killAfterMs: 300, name: 'test' });
watchdog.doing('case 3 of s3 / tanium (seed 42)');
${body}`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, signal: result.signal, stderr: result.stderr };
}

describe('fuzz watchdog', () => {
  it('ends a run stuck awaiting with status 1 and says what was running', () => {
    // A request never answered: the event loop is alive, nothing ever finishes.
    const run = runWith(`setInterval(() => {}, 1000); await new Promise(() => {});`);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^\ntest watchdog: no case finished in \d+\.\d s, during case 3 of s3 \/ tanium \(seed 42\): hung, stopping with status 1\n$/);
  });

  it('kills a run spinning in a loop, after saying so', () => {
    const run = runWith(`for (;;) {}`);
    expect(run.signal).toBe('SIGKILL');
    expect(run.stderr).toMatch(/during case 3 of s3 \/ tanium \(seed 42\): hung, stopping with status 1\ntest watchdog: the main thread is busy \(a loop that never ends\?\): killing the process\n$/);
  });

  it('leaves a run that keeps beating alone, and does not keep it alive', () => {
    // 3 s in all, longer than the 2 s limit, with a beat every 100 ms.
    const run = runWith(
      `
for (let i = 0; i < 30; i++) { await new Promise((r) => setTimeout(r, 100)); watchdog.beat(); }
console.error('done');`,
      2000,
    );
    expect(run).toEqual({ status: 0, signal: null, stderr: 'done\n' });
  });
});
