/**
 * How many cases the property tests run. Each test file has its default (sized for
 * `npm test`); `ROBUSTNESS_RUNS=5000 npx vitest run test/robustness` runs more, and the
 * tests' timeouts grow in proportion, so a longer run is not cut off at the default limit.
 */

function fromEnvironment(): number | undefined {
  const text = process.env.ROBUSTNESS_RUNS?.trim();
  if (!text) return undefined;
  const runs = Number(text);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`ROBUSTNESS_RUNS: "${text}" is not a positive integer`);
  return runs;
}

/** The runs per property: `ROBUSTNESS_RUNS` when set, else the file's default. */
export function robustnessRuns(defaultRuns: number): number {
  return fromEnvironment() ?? defaultRuns;
}

/** The timeout of a test that takes up to `defaultMs` with `defaultRuns`, scaled to {@link robustnessRuns}. */
export function robustnessTimeout(defaultRuns: number, defaultMs = 60_000): number {
  return Math.max(defaultMs, Math.ceil((defaultMs * robustnessRuns(defaultRuns)) / defaultRuns));
}
