/**
 * `npm run build`: one self-contained ES module per registered integration,
 * `dist/<name>/index.mjs`, whose `handler` export is the Lambda entry point
 * (`index.handler`, Node.js 20 runtime). Everything is bundled, the AWS SDK included, so
 * the function does not depend on the SDK version the runtime happens to ship.
 */
import { build, type BuildOptions } from 'esbuild';
import { stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { integrationNames } from '../lib/registry.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundled CommonJS dependencies call `require()` (for Node.js built-ins, mostly), which
 * does not exist in an ES module: give them a real one. Aliased names so that they cannot
 * clash with the bundle's own top-level names.
 */
const BANNER = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __pathDirname } from 'node:path';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  'const __dirname = __pathDirname(__filename);',
].join('\n');

/** The esbuild options of one function (exported so the infra and tests build the same way). */
export function functionBuildOptions(name: string, outdir: string): BuildOptions {
  return {
    entryPoints: [join(ROOT, 'functions', name, 'handler.ts')],
    outfile: join(outdir, name, 'index.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // ES module entry points first: they tree-shake better than the CommonJS ones.
    mainFields: ['module', 'main'],
    banner: { js: BANNER },
    sourcemap: true,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  };
}

/** One built function. */
export interface BuiltFunction {
  readonly name: string;
  /** Path of `index.mjs`. */
  readonly file: string;
  readonly bytes: number;
}

/** Bundles each integration's handler into `<outdir>/<name>/index.mjs`. */
export async function buildFunctions(
  outdir: string = join(ROOT, 'dist'),
  names: readonly string[] = integrationNames,
): Promise<BuiltFunction[]> {
  return Promise.all(
    names.map(async (name) => {
      const options = functionBuildOptions(name, outdir);
      await build(options);
      const file = options.outfile!;
      return { name, file, bytes: (await stat(file)).size };
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const built = await buildFunctions();
  for (const fn of built) {
    console.log(`${relative(process.cwd(), fn.file)}  ${(fn.bytes / 1024).toFixed(0)} KiB  (handler: index.handler)`);
  }
  console.log(`built ${built.length} functions in ${Math.round(performance.now() - started)} ms`);
}
