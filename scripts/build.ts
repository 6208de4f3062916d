/**
 * `npm run build` (also run by `npm ci`, as the `prepare` script): one self-contained ES
 * module per registered integration, `dist/<name>/index.mjs` and its source map
 * `index.mjs.map`, whose `handler` export is the Lambda entry point (`index.handler`, Node.js
 * 24 runtime), and the CLI, `dist/cli/normalize.mjs`, which `npm run normalize` runs. The
 * function files are what the CDK stack deploys: its asset for each function is built by
 * `buildFunctionSync` below, with the same options, into the same `dist/<name>/`
 * (infra/normalizer-function.ts). What goes in the bundle, and why, is in docs/bundle.md.
 */
import { build, buildSync, type BuildOptions, type BuildResult } from 'esbuild';
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { handlerEntry, integrationFolders } from '../functions/entry-points.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where `npm run build` writes, and where the CDK stack takes each function's files from. */
export const DIST = join(ROOT, 'dist');

/** The files of one function, in `<outdir>/<name>/`: exactly what is deployed. */
export const BUNDLE_FILES = ['index.mjs', 'index.mjs.map'] as const;

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

/**
 * `node:http` is loaded with `require`, not imported as an ES module: importing it reads every
 * export of it, and three lazy ones (WebSocket, CloseEvent, MessageEvent) load undici and
 * http2, about 13 ms, for nothing used here. The AWS SDK's HTTP handler loads `node:http` only
 * at its first request to an `http:` endpoint (a local S3 server: the tests, the bench, a
 * custom endpoint); AWS endpoints are `https:`, whose module has no such exports. The handler
 * is the one importer, of the default export only (a named import would fail the build here,
 * not at run time).
 */
const HTTP_BY_REQUIRE = join(ROOT, 'scripts', 'bundle-shims', 'http.ts');
const BUILTINS_BY_REQUIRE: Record<string, string> = { 'node:http': HTTP_BY_REQUIRE, http: HTTP_BY_REQUIRE };

/**
 * The SDK clients' default credentials: the environment's, or a container endpoint's, not the
 * whole Node.js chain of profiles, SSO and the rest that a function never has
 * (scripts/bundle-shims/credential-provider-node.ts).
 */
const CREDENTIALS: Record<string, string> = {
  '@aws-sdk/credential-provider-node': join(ROOT, 'scripts', 'bundle-shims', 'credential-provider-node.ts'),
};

/** The CLI's bundle, run by `npm run normalize`: compiled once, not transpiled at every start. */
export const CLI_FILE = join(DIST, 'cli', 'normalize.mjs');

/** The esbuild options of one function: the one definition `npm run build` and the CDK stack use. */
export function functionBuildOptions(name: string, outdir: string = DIST): BuildOptions {
  return bundleOptions(handlerEntry(name), join(outdir, name, 'index.mjs'));
}

/** The CLI's esbuild options: the functions' own, for `bin/normalize.ts`. */
export function cliBuildOptions(outfile: string = CLI_FILE): BuildOptions {
  return bundleOptions(join(ROOT, 'bin', 'normalize.ts'), outfile);
}

function bundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    // The Lambda runtime (nodejs24.x): nothing is lowered for older engines.
    target: 'node24',
    format: 'esm',
    // ES module entry points first: they tree-shake better than the CommonJS ones.
    mainFields: ['module', 'main'],
    banner: { js: BANNER },
    alias: { ...BUILTINS_BY_REQUIRE, ...CREDENTIALS },
    // The AWS SDK is bundled too (not the runtime's copy): the function runs the versions the
    // lock file pins and the tests ran. Source maps carry mappings only, no sources: stack
    // traces (NODE_OPTIONS=--enable-source-maps) need nothing more. docs/bundle.md has the figures.
    sourcemap: true,
    sourcesContent: false,
    minify: true,
    // Error classes keep their names: Lambda reports `error.name` as the errorType, and logs show it.
    keepNames: true,
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

/**
 * Writes each output file whole: a temporary file renamed over it. A process that reads
 * `dist/` while it is rebuilt (a CLI run, a synth, a test) sees the old file or the new one,
 * never half of one. Returns the size of the bundle (the output that is not its map).
 */
function writeOutputs({ outputFiles }: BuildResult): number {
  for (const file of outputFiles!) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return statSync(outputFiles!.find((file) => !file.path.endsWith('.map'))!.path).size;
}

/** Bundles each integration's handler into `<outdir>/<name>/index.mjs`. */
export async function buildFunctions(outdir: string = DIST, names: readonly string[] = integrationFolders()): Promise<BuiltFunction[]> {
  return Promise.all(
    names.map(async (name) => {
      const options = functionBuildOptions(name, outdir);
      return { name, file: options.outfile!, bytes: writeOutputs(await build({ ...options, write: false })) };
    }),
  );
}

/** The same build for one function, synchronously: CDK's local bundling cannot wait for a promise. */
export function buildFunctionSync(name: string, outdir: string = DIST): BuiltFunction {
  const options = functionBuildOptions(name, outdir);
  return { name, file: options.outfile!, bytes: writeOutputs(buildSync({ ...options, write: false })) };
}

/** Bundles the CLI into `dist/cli/normalize.mjs`; returns its size. */
export async function buildCli(outfile: string = CLI_FILE): Promise<number> {
  return writeOutputs(await build({ ...cliBuildOptions(outfile), write: false }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const [functions, cliBytes] = await Promise.all([buildFunctions(), buildCli()]);
  for (const fn of functions) {
    console.log(`${relative(process.cwd(), fn.file)}  ${(fn.bytes / 1024).toFixed(0)} KiB  (handler: index.handler)`);
  }
  console.log(`${relative(process.cwd(), CLI_FILE)}  ${(cliBytes / 1024).toFixed(0)} KiB  (npm run normalize)`);
  console.log(`built ${functions.length} functions and the CLI in ${Math.round(performance.now() - started)} ms`);
}
