import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Imports a module once in a fresh `node` and prints [wall ms, CPU ms] of the import. */
const IMPORT = `
const cpu = process.cpuUsage();
const start = performance.now();
await import(process.argv[1]);
const wall = performance.now() - start;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify([wall, (used.user + used.system) / 1000]));
`;

/** What a Lambda environment gives the bundle at import: a region, no metrics endpoint. */
const ENV = { PATH: process.env.PATH, AWS_REGION: 'us-east-1', POWERTOOLS_METRICS_DISABLED: 'true' };

/** Cold-start import of a bundle in a fresh `node` (as a Lambda init): [wall ms, CPU ms]. */
export function importTimes(file: string, flags: readonly string[] = []): [number, number] {
  const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', IMPORT, pathToFileURL(file).href], {
    env: ENV,
    encoding: 'utf8',
    // Captured, not printed (the SDK's Node.js version notice); a failure's error carries it.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as [number, number];
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
