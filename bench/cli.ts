import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLI_FILE } from '../scripts/build.ts';
import { corpus } from './corpus.ts';
import { median } from './import-time.ts';
import { installed, REFERENCE_TOOLS } from './reference.ts';

/** Benchmark corpus size per integration (the core issue asks for 200,000 lines). */
export const CORPUS_LINES = 200_000;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS_DIR = `${ROOT}bench/.corpus/`;
const REPORT_RSS = fileURLToPath(new URL('report-rss.mjs', import.meta.url));

/** One timed command: whole process, start to exit, output discarded. */
export interface ProcessFigures {
  readonly label: string;
  /** Median over the runs of lines / wall seconds. */
  readonly linesPerSecond: number;
  /** Median peak RSS in MiB, when the process reports it (Node processes only). */
  readonly peakRssMiB?: number;
}

export interface CliFigures {
  readonly integration: string;
  readonly lines: number;
  readonly runs: number;
  /** `node dist/cli/normalize.mjs` (what `npm run normalize` runs, without npm's own start). */
  readonly cli: ProcessFigures;
  /** The floor: readline, JSON.parse (Tanium), JSON.stringify of a small object. */
  readonly floor: ProcessFigures;
  /** The same work with chunked line splitting instead of readline. */
  readonly chunkedFloor: ProcessFigures;
  /** The reference tools for this integration: figures, or why the row is skipped. */
  readonly references: readonly (ProcessFigures | { readonly label: string; readonly skipped: string })[];
}

/** Writes (once) and returns the path of an integration's benchmark corpus. */
export function corpusFile(integration: string, lines = CORPUS_LINES): string {
  mkdirSync(CORPUS_DIR, { recursive: true });
  const path = `${CORPUS_DIR}${integration}-${lines}.log`;
  if (!existsSync(path)) writeFileSync(path, corpus(integration, lines));
  return path;
}

interface Command {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly stdinFile?: string;
}

/** Runs a command to its exit with stdout discarded: [wall seconds, peak RSS KiB if reported]. */
function run({ command, args, stdinFile }: Command): [number, number | undefined] {
  const stdin = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
  try {
    const started = performance.now();
    const result = spawnSync(command, args, { cwd: ROOT, stdio: [stdin, 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
    const seconds = (performance.now() - started) / 1000;
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr.slice(-500)}`);
    const rss = /bench maxrss (\d+) KiB/.exec(result.stderr);
    return [seconds, rss ? Number(rss[1]) : undefined];
  } finally {
    if (typeof stdin === 'number') closeSync(stdin);
  }
}

/** Each command `runs` times, interleaved (a busy moment weighs on all alike); medians. */
function measure(commands: readonly Command[], lines: number, runs: number): ProcessFigures[] {
  const samples = commands.map(() => ({ seconds: [] as number[], rss: [] as number[] }));
  for (let i = 0; i < runs; i++) {
    commands.forEach((command, c) => {
      const [seconds, rss] = run(command);
      samples[c]!.seconds.push(seconds);
      if (rss !== undefined) samples[c]!.rss.push(rss);
    });
  }
  return commands.map(({ label }, c) => {
    const { seconds, rss } = samples[c]!;
    return { label, linesPerSecond: median(seconds.map((s) => lines / s)), ...(rss.length ? { peakRssMiB: median(rss) / 1024 } : {}) };
  });
}

/**
 * Lines/s of whole processes on the same corpus: the CLI, the two Node floors and the
 * installed reference tools, `runs` times each, interleaved; medians.
 */
export function benchCli(integration: string, runs = 5): CliFigures {
  const file = corpusFile(integration);
  const mode = integration === 'tanium' ? 'json' : 'text';
  const node = (label: string, script: string, ...args: string[]): Command => ({
    label,
    command: process.execPath,
    args: ['--import', REPORT_RSS, script, ...args],
  });
  const tools = REFERENCE_TOOLS.filter((tool) => tool.integration === integration);
  const present = tools.filter(installed);
  const commands: Command[] = [
    node('CLI', CLI_FILE, integration, file, '--no-progress'),
    node('readline floor', 'bench/floor-readline.mjs', file, mode),
    node('chunked floor', 'bench/floor-chunked.mjs', file, mode),
    ...present.map((tool) => ({ label: tool.label, command: tool.command, args: tool.args, ...(tool.stdin ? { stdinFile: file } : {}) })),
  ];
  const [cli, floor, chunkedFloor, ...measured] = measure(commands, CORPUS_LINES, runs);
  const references = tools.map((tool) =>
    present.includes(tool) ? measured[present.indexOf(tool)]! : { label: tool.label, skipped: `${tool.command} is not installed (${tool.install})` },
  );
  return { integration, lines: CORPUS_LINES, runs, cli: cli!, floor: floor!, chunkedFloor: chunkedFloor!, references };
}
