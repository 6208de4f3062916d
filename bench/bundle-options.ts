/**
 * `npx tsx bench/bundle-options.ts [--runs N]`: the figures behind what goes in the Lambda
 * bundle (docs/bundle.md). Builds each function with the build's own options
 * (scripts/build.ts) and with the alternatives, then prints per variant the size of
 * index.mjs, of its source map and of the deployment zip (deflate, as CDK zips an asset), and
 * the cold-start import time of the bundle in a fresh `node` (this one: run it with the Lambda
 * runtime's Node.js first in PATH), with and without `--enable-source-maps`, as wall and CPU
 * time, minimum and median of the runs. CPU time is the steadier figure on a busy machine.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { integrationNames } from '../functions/registry.ts';
import { functionBuildOptions } from '../scripts/build.ts';
import { importTimes, median } from './import-time.ts';

const ROOT = join(import.meta.dirname, '..');

/** The build's aliases but those whose key matches `drop`. */
const aliasesWithout = (options: BuildOptions, drop: RegExp): Record<string, string> =>
  Object.fromEntries(Object.entries(options.alias ?? {}).filter(([name]) => !drop.test(name)));

/** The build's options, then each alternative as the change it makes to them. */
const VARIANTS: Readonly<Record<string, (options: BuildOptions) => Partial<BuildOptions>>> = {
  'as built (SDK bundled, map without sources)': () => ({}),
  'map with sources': () => ({ sourcesContent: true }),
  "runtime's SDK (not bundled)": () => ({ external: ['@aws-sdk/*', '@smithy/*'] }),
  "the SDK's whole Node.js credential chain": (options) => ({ alias: aliasesWithout(options, /credential-provider/) }),
};

const kib = (bytes: number): string => `${Math.round(bytes / 1024)} KiB`;
const ms = (xs: number[]): string => `${Math.min(...xs).toFixed(0)}/${median(xs).toFixed(0)}`;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'bundle-options-'));
// The runtime's SDK is outside the bundle: resolve it from the project's node_modules, as
// Lambda resolves it from /var/runtime/node_modules.
symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
console.log(`Node.js ${process.version}, ${runs} imports per variant and flag; import ms as min/median`);
try {
  for (const name of integrationNames) {
    const files = await Promise.all(
      Object.entries(VARIANTS).map(async ([variant, change], i) => {
        const base = functionBuildOptions(name, join(dir, String(i)));
        const options = { ...base, ...change(base) };
        await build(options);
        return { variant, file: options.outfile! };
      }),
    );
    // Interleaved, so that a busy moment weighs on every variant alike.
    const samples = files.map(() => ({ plain: [] as [number, number][], maps: [] as [number, number][] }));
    for (let run = 0; run < runs; run++) {
      files.forEach(({ file }, i) => {
        samples[i]!.plain.push(importTimes(file, []));
        samples[i]!.maps.push(importTimes(file, ['--enable-source-maps']));
      });
    }
    console.log(`\n${name}`);
    files.forEach(({ variant, file }, i) => {
      const code = readFileSync(file);
      const map = readFileSync(`${file}.map`);
      const zip = deflateRawSync(code).length + deflateRawSync(map).length;
      const { plain, maps } = samples[i]!;
      console.log(
        `  ${variant.padEnd(44)} index.mjs ${kib(statSync(file).size).padStart(8)}  map ${kib(map.length).padStart(9)}  zip ${kib(zip).padStart(8)}` +
          `  import wall ${ms(plain.map((s) => s[0]))} CPU ${ms(plain.map((s) => s[1]))}` +
          `  with --enable-source-maps wall ${ms(maps.map((s) => s[0]))} CPU ${ms(maps.map((s) => s[1]))}`,
      );
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
