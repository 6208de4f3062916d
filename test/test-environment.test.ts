import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { robustnessRuns, robustnessTimeout } from './helpers/runs.ts';
import { TEMPORARY_ROOT_PREFIX } from './helpers/temporary-root.ts';

describe('the test run itself', () => {
  // `npm test` used to leave 27 folders in the system's temporary folder, every run.
  it('makes temporary folders, in tests and in the processes they start, under one folder deleted at the end of the run', () => {
    expect(basename(tmpdir()).startsWith(TEMPORARY_ROOT_PREFIX), tmpdir()).toBe(true);
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("node:os").tmpdir())'], { encoding: 'utf8' });
    expect(child.stdout).toBe(tmpdir());
  });
});

describe('ROBUSTNESS_RUNS', () => {
  const saved = process.env.ROBUSTNESS_RUNS;
  afterEach(() => {
    if (saved === undefined) delete process.env.ROBUSTNESS_RUNS;
    else process.env.ROBUSTNESS_RUNS = saved;
  });

  it("leaves each file's runs and the 60 s timeout when unset", () => {
    delete process.env.ROBUSTNESS_RUNS;
    expect([robustnessRuns(150), robustnessTimeout(150)]).toEqual([150, 60_000]);
  });

  it('scales the timeout with the runs, as `ROBUSTNESS_RUNS=5000 npx vitest run test/robustness` needs', () => {
    process.env.ROBUSTNESS_RUNS = '5000';
    expect([robustnessRuns(150), robustnessTimeout(150)]).toEqual([5000, 2_000_000]);
    expect([robustnessRuns(400), robustnessTimeout(400)]).toEqual([5000, 750_000]);
    process.env.ROBUSTNESS_RUNS = '10';
    expect([robustnessRuns(150), robustnessTimeout(150)]).toEqual([10, 60_000]);
  });

  it('refuses a value that is not a positive integer', () => {
    process.env.ROBUSTNESS_RUNS = 'lots';
    expect(() => robustnessRuns(150)).toThrow('ROBUSTNESS_RUNS: "lots" is not a positive integer');
  });
});
