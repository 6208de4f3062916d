import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { integrationNames } from '../functions/registry.ts';
import { benchCli } from './cli.ts';
import { benchFirehose } from './firehose.ts';
import { benchRedos, formatRedos } from './redos.ts';

/**
 * `npm run bench`: every throughput and memory figure, printed (not a test: timings on a
 * shared machine vary). `--quick` skips the 1 GiB S3 runs.
 */
const format = (n: number) => Math.round(n).toLocaleString('en-US');
const quick = process.argv.includes('--quick');

console.log('CLI: 200,000 generated lines per integration, best of 3');
const cli = new Map<string, number>();
for (const integration of integrationNames) {
  const f = benchCli(integration);
  cli.set(integration, f.cliLinesPerSecond);
  console.log(
    `  ${integration.padEnd(8)} CLI ${format(f.cliLinesPerSecond).padStart(9)} events/s | readline floor ${format(f.floorLinesPerSecond).padStart(9)} lines/s, ratio ${f.ratio.toFixed(2)} | chunked floor ${format(f.chunkedFloorLinesPerSecond).padStart(9)} lines/s, ratio ${(f.cliLinesPerSecond / f.chunkedFloorLinesPerSecond).toFixed(2)}`,
  );
}

console.log('\nFirehose transformation: full batches, ratio to the CLI (target >= 0.80)');
for (const f of await benchFirehose()) {
  const ratio = f.eventsPerSecond / cli.get(f.integration)!;
  console.log(
    `  ${f.integration.padEnd(8)} ${String(f.batchBytes / 1_000_000)} MB, ${String(f.linesPerRecord).padStart(2)} lines/record: ${format(f.eventsPerSecond).padStart(9)} events/s, ratio ${ratio.toFixed(2)}, response ${(f.responseBytes / 1_048_576).toFixed(2)} MiB, ${f.reingestedRecords} records re-ingested`,
  );
}

console.log('\nReDoS: every regex in the code on its worst inputs at 10k/100k/1M characters (linear: x10 from 100k to 1M)');
for (const line of formatRedos(await benchRedos())) console.log(line);

if (!quick) {
  // A fresh process per run: RSS is process-wide, and the benches above leave a grown heap.
  console.log('\nS3 path: gzip object of 1 GiB uncompressed through a local S3 server (target: peak RSS < 256 MB)');
  for (const integration of integrationNames) {
    const run = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', 'bench/s3.ts', integration], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.stdout.write(`${run.stdout.trimEnd().replace(/^/gm, '  ')}\n`);
    if (run.status !== 0) throw new Error(`bench/s3.ts ${integration} exited with ${run.status}`);
  }
}
