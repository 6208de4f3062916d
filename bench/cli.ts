import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_FILE } from '../scripts/build.ts';
import { corpus } from './corpus.ts';
import { median } from './import-time.ts';
import { checkParses, CHECKED_LINES, installed, REFERENCE_TOOLS } from './reference.ts';

/** Benchmark corpus size per integration (the core issue asks for 200,000 lines). */
export const CORPUS_LINES = 200_000;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS_DIR = `${ROOT}bench/.corpus/`;
/**
 * GNU time (Debian package `time`) reports a process's CPU time and peak RSS, for any
 * command; without it only wall time is measured. On a busy machine CPU time is the steadier
 * figure: wall time counts the time other processes held the cores.
 */
const GNU_TIME = '/usr/bin/time';

/** One timed command: whole process, start to exit, output discarded. */
export interface ProcessFigures {
  readonly label: string;
  /** Median over the runs of lines / wall seconds. */
  readonly linesPerSecond: number;
  /** Median of lines / CPU seconds (user + system, every thread), with GNU time. */
  readonly linesPerCpuSecond?: number;
  /** Median peak RSS in MiB, with GNU time. */
  readonly peakRssMiB?: number;
}

export interface CliFigures {
  readonly integration: string;
  readonly lines: number;
  readonly runs: number;
  /** `node dist/cli/normalize.mjs` (what `npm run normalize` runs, without npm's own start). */
  readonly cli: ProcessFigures;
  /** The floor: readline, a split on spaces (AIX) or JSON.parse (Tanium), JSON.stringify of a small object. */
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

interface Sample {
  readonly seconds: number;
  readonly cpuSeconds?: number;
  readonly rssKiB?: number;
}

/** Runs a command to its exit with stdout discarded. */
function run({ command, args, stdinFile }: Command, timeFile: string | undefined): Sample {
  const stdin = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
  const [file, argv] = timeFile ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, command, ...args]] : [command, args];
  try {
    const started = performance.now();
    const result = spawnSync(file, argv, { cwd: ROOT, stdio: [stdin, 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
    const seconds = (performance.now() - started) / 1000;
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr.slice(-500)}`);
    if (!timeFile) return { seconds };
    const [user, system, rss] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-3).map(Number);
    return { seconds, cpuSeconds: user! + system!, rssKiB: rss! };
  } finally {
    if (typeof stdin === 'number') closeSync(stdin);
  }
}

/** Each command `runs` times, interleaved (a busy moment weighs on all alike); medians. */
function measure(commands: readonly Command[], lines: number, runs: number): ProcessFigures[] {
  const dir = existsSync(GNU_TIME) ? mkdtempSync(join(tmpdir(), 'bench-time-')) : undefined;
  try {
    const samples = commands.map((): Sample[] => []);
    for (let i = 0; i < runs; i++) commands.forEach((command, c) => samples[c]!.push(run(command, dir && join(dir, 'time'))));
    return commands.map(({ label }, c) => {
      const mine = samples[c]!;
      const cpu = mine.flatMap((s) => (s.cpuSeconds ? [lines / s.cpuSeconds] : []));
      const rss = mine.flatMap((s) => (s.rssKiB ? [s.rssKiB / 1024] : []));
      return {
        label,
        linesPerSecond: median(mine.map((s) => lines / s.seconds)),
        ...(cpu.length ? { linesPerCpuSecond: median(cpu) } : {}),
        ...(rss.length ? { peakRssMiB: median(rss) } : {}),
      };
    });
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
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
    args: [script, ...args],
  });
  const tools = REFERENCE_TOOLS.filter((tool) => tool.integration === integration);
  const present = tools.filter(installed);
  for (const tool of present) checkParses(tool, corpusFile(integration, CHECKED_LINES), CHECKED_LINES);
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
