import { integrationNames } from '../lib/registry.ts';
import { benchCli } from './cli.ts';

/** `npm run bench`: prints throughput figures; targets are in the README. Not a test. */
const format = (n: number) => Math.round(n).toLocaleString('en-US');

console.log('CLI throughput (best of 3, 200,000 generated lines each)');
const cli = new Map<string, number>();
for (const integration of integrationNames) {
  const f = benchCli(integration);
  cli.set(integration, f.cliLinesPerSecond);
  console.log(
    `  ${integration.padEnd(8)} CLI ${format(f.cliLinesPerSecond).padStart(9)} events/s | readline floor ${format(f.floorLinesPerSecond).padStart(9)} lines/s, ratio ${f.ratio.toFixed(2)} | chunked floor ${format(f.chunkedFloorLinesPerSecond).padStart(9)} lines/s, ratio ${(f.cliLinesPerSecond / f.chunkedFloorLinesPerSecond).toFixed(2)}`,
  );
}
