import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Names the run's temporary folder; test/temporary-folders.test.ts checks that tests work under it. */
export const TEMPORARY_ROOT_PREFIX = 'ecs-normalizers-test-run-';

/**
 * Vitest global setup: every temporary folder of a test run (the tests' own, s3rver's,
 * the CDK's, esbuild's, child processes') is made under one folder (TMPDIR, which
 * `os.tmpdir()` reads and the test workers and their children inherit), deleted when
 * the run ends, so `npm test` leaves none behind, even when a test fails before its cleanup.
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), TEMPORARY_ROOT_PREFIX));
  process.env.TMPDIR = root;
  return () => {
    rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
