import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { integrationNames } from '../functions/registry.ts';
import { buildCli, buildFunctions } from '../scripts/build.ts';
import { benchCli, CORPUS_LINES, type CliFigures, type ProcessFigures } from './cli.ts';
import { benchFirehose, benchOneLineRecords } from './firehose.ts';
import { importTimes, median } from './import-time.ts';
import { benchRedos, formatRedos } from './redos.ts';
import { benchS3 } from './s3.ts';
import { DEFAULTS } from '../infra/defaults.ts';

/**
 * `npm run bench`: every throughput, memory and start-up figure of issue 16, printed in one
 * run (not a test: timings on a shared machine vary). `--quick` runs the S3 path on a
 * 128 MiB object instead of 1 GiB and the CLI 3 times instead of 5.
 */
const format = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (n: number) => `${n.toFixed(2)}x`;
const quick = process.argv.includes('--quick');
/** The smaller function size whose S3-path peak RSS is shown beside the stack's default. */
const SMALL_FUNCTION_MB = 256;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

// What is measured is what is built from this tree, never a stale dist/.
const [functions] = await Promise.all([buildFunctions(), buildCli()]);

const runs = quick ? 3 : 5;
console.log(`CLI: whole process (node dist/cli/normalize.mjs, start to exit), ${format(CORPUS_LINES)} generated lines per integration, median of ${runs} interleaved runs`);
console.log('  targets: >= 0.5x the readline floor; AIX >= 1.5x lognormalizer, Tanium >= 5x jq');
const cli = new Map<string, CliFigures>();
for (const integration of integrationNames) {
  const f = benchCli(integration, runs);
  cli.set(integration, f);
  const row = (label: string, p: ProcessFigures, unit = 'lines/s'): string =>
    `    ${label.padEnd(16)} ${format(p.linesPerSecond).padStart(9)} ${unit} wall` +
    (p.linesPerCpuSecond ? `, ${format(p.linesPerCpuSecond).padStart(9)} per CPU second` : '') +
    (p.peakRssMiB ? `, peak RSS ${format(p.peakRssMiB)} MiB` : '');
  // Ratios of the CLI to a row, on wall time and (steadier on a busy machine) on CPU time.
  const versus = (p: ProcessFigures): string =>
    `CLI/it ${ratio(f.cli.linesPerSecond / p.linesPerSecond)} wall` +
    (p.linesPerCpuSecond && f.cli.linesPerCpuSecond ? `, ${ratio(f.cli.linesPerCpuSecond / p.linesPerCpuSecond)} CPU` : '');
  console.log(`  ${integration}`);
  console.log(row('CLI', f.cli, 'events/s'));
  for (const floor of [f.floor, f.chunkedFloor]) console.log(`${row(floor.label, floor)}   ${versus(floor)}`);
  for (const ref of f.references) {
    if ('skipped' in ref) console.log(`    reference skipped: ${ref.label}: ${ref.skipped}`);
    else console.log(`    ${ref.label}\n${row('', ref)}   ${versus(ref)}`);
  }
  if (!f.cli.linesPerCpuSecond) console.log('    (no CPU time or peak RSS: /usr/bin/time, Debian package time, is not installed)');
}

const firehoseProcesses = quick ? 1 : 3;
console.log(
  `\nFirehose transformation: full batches, mean batch time after a warm-up, in a fresh process per integration (median of ${firehoseProcesses}); events/s as a ratio to the CLI (target on 1 MB batches: >= 0.90x)`,
);
const firehose = await benchFirehose({ processes: firehoseProcesses });
for (const f of firehose) {
  const r = f.eventsPerSecond / cli.get(f.integration)!.cli.linesPerSecond;
  console.log(
    `  ${f.integration.padEnd(8)} ${String(f.batchBytes / 1_000_000)} MB, ${String(f.linesPerRecord).padStart(2)} lines/record: ${format(f.eventsPerSecond).padStart(9)} events/s, ${ratio(r)} (best batch ${ratio((f.eventsPerSecond * f.msPerBatch) / f.bestMsPerBatch / cli.get(f.integration)!.cli.linesPerSecond)}), response ${(f.responseBytes / 1_048_576).toFixed(2)} MiB, ${f.reingestedRecords} records re-ingested`,
  );
}
console.log(
  '  One-line records, 1 MB batch, mean µs per record. Bare loop: base64-decode, JSON.stringify {message: line}, base64-encode, answer;\n' +
    '  own work: the transformation with a normalizer returning {message: line}; at most: what the own work may take for 0.90x the CLI',
);
for (const integration of integrationNames) {
  const one = await benchOneLineRecords(integration, { processes: firehoseProcesses });
  const f = firehose.find((x) => x.integration === integration && x.batchBytes === 1_000_000 && x.linesPerRecord === 1)!;
  const cliUs = 1e6 / cli.get(integration)!.cli.linesPerSecond;
  const batchUs = f.msPerBatch * 1000;
  // The batch's time less the own work is normalizing; what 0.90x the CLI's time for the batch's events leaves is the own work's budget.
  // (The records re-ingested are counted as doing the own work too, so the budget is, if anything, too large.)
  const atMostUs = ((cliUs / 0.9) * f.events - (batchUs - one.ownWorkUs * f.records)) / f.records;
  console.log(
    `  ${integration.padEnd(8)} bare loop ${one.bareLoopUs.toFixed(2)}, own work ${one.ownWorkUs.toFixed(2)} (at most ${atMostUs.toFixed(2)}), ` +
      `normalized ${(batchUs / f.records).toFixed(2)} (${(batchUs / f.events).toFixed(2)} per event answered Ok; the CLI ${cliUs.toFixed(2)} per event)`,
  );
}

// The handler runs in a fresh node per run (bench/s3.ts), with the heap flags Lambda gives a
// function of the stack's memory size, then of the smallest size shown.
const mib = quick ? 128 : 1024;
console.log(
  `\nS3 path: gzip object of ${format(mib)} MiB uncompressed through a local S3 server, run by the built bundle; events/s as a ratio to the CLI ` +
    `(targets: >= 0.80x, peak RSS <= 256 MiB on 1 GiB). Peak RSS with the heap flags of a ${DEFAULTS.memorySize} MB function (the stack's default) and of a ${SMALL_FUNCTION_MB} MB one`,
);
for (const integration of integrationNames) {
  const f = await benchS3({ integration, uncompressedBytes: mib * 1_048_576 });
  const small = await benchS3({ integration, uncompressedBytes: mib * 1_048_576, memoryMb: SMALL_FUNCTION_MB });
  const c = cli.get(integration)!.cli;
  console.log(
    `  ${integration.padEnd(8)} ${format(f.eventsPerSecond).padStart(9)} events/s, ${ratio(f.eventsPerSecond / cli.get(integration)!.cli.linesPerSecond)}` +
      (c.linesPerCpuSecond ? ` (per CPU second ${format(f.eventsPerCpuSecond)}, ${ratio(f.eventsPerCpuSecond / c.linesPerCpuSecond)}, gunzip and gzip included)` : '') +
      '; ' +
      `${f.mibPerSecond.toFixed(1)} MiB/s in, ${format(f.outputBytes / 1_048_576)} MiB gzip out; peak RSS ${format(f.peakRssMiB)} MiB at ${f.memoryMb} MB, ` +
      `${format(small.peakRssMiB)} MiB at ${small.memoryMb} MB (${format(small.eventsPerSecond)} events/s); ${format(f.baselineRssMiB)} MiB before the invocation`,
  );
}

const imports = quick ? 5 : 9;
console.log(`\nCold-start import of each built bundle in a fresh node (target <= 60 ms), median of ${imports}: wall / CPU ms`);
for (const fn of functions) {
  const samples = Array.from({ length: imports }, () => importTimes(fn.file));
  console.log(
    `  ${relative(ROOT, fn.file).padEnd(24)} ${format(fn.bytes / 1024).padStart(5)} KiB  ${median(samples.map((s) => s[0])).toFixed(0)} / ${median(samples.map((s) => s[1])).toFixed(0)} ms`,
  );
}

console.log('\nReDoS: every regex in the code on its worst inputs at 10k/100k/1M characters (linear: x10 from 100k to 1M)');
for (const line of formatRedos(await benchRedos())) console.log(line);

