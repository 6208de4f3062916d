/**
 * `npx tsx bench/gzip-levels.ts [MiB]`: the figures behind the S3 path's gzip level
 * (`GZIP_LEVEL`, lib/s3/gzip-upload.ts). Normalizes each integration's bench corpus with the
 * built CLI, then gzips the first MiB of its NDJSON (default 48) at each level and
 * strategy, three times interleaved, and prints the CPU throughput (steadier than wall time
 * on a busy machine) and the compression ratio, medians.
 */
import { spawnSync } from 'node:child_process';
import { constants, gzipSync, type ZlibOptions } from 'node:zlib';
import { integrationNames } from '../functions/registry.ts';
import { CLI_FILE } from '../scripts/build.ts';
import { corpusFile } from './cli.ts';
import { median } from './import-time.ts';

const VARIANTS: readonly (readonly [string, ZlibOptions])[] = [
  ...[1, 2, 3, 4, 5, 6].map((level) => [`level ${level}`, { level }] as const),
  ['level 3, Z_FILTERED', { level: 3, strategy: constants.Z_FILTERED }],
  ['level 4, Z_FILTERED', { level: 4, strategy: constants.Z_FILTERED }],
  ['level 4, memLevel 9', { level: 4, memLevel: 9 }],
];
const ROUNDS = 3;
const MiB = 1024 * 1024;
const size = Number(process.argv[2] ?? 48) * MiB;

for (const integration of integrationNames) {
  const run = spawnSync(process.execPath, [CLI_FILE, integration, corpusFile(integration), '--no-progress'], { maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`the CLI exited with ${run.status}: ${run.stderr.toString('utf8').slice(-500)}`);
  const ndjson = run.stdout.subarray(0, size);
  const samples = VARIANTS.map(() => ({ cpuMs: [] as number[], bytes: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    VARIANTS.forEach(([, options], i) => {
      const cpu = process.cpuUsage();
      samples[i]!.bytes = gzipSync(ndjson, { chunkSize: 64 * 1024, ...options }).length;
      const used = process.cpuUsage(cpu);
      samples[i]!.cpuMs.push((used.user + used.system) / 1000);
    });
  }
  console.log(`\n${integration}: ${(ndjson.length / MiB).toFixed(0)} MiB of NDJSON, median of ${ROUNDS} interleaved runs`);
  console.log('  variant                 CPU MiB/s   ratio');
  VARIANTS.forEach(([name], i) => {
    const { cpuMs, bytes } = samples[i]!;
    console.log(`  ${name.padEnd(22)} ${(ndjson.length / MiB / (median(cpuMs) / 1000)).toFixed(0).padStart(10)}   ${(ndjson.length / bytes).toFixed(2)}x`);
  });
}
