import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { corpus } from './corpus.ts';

/** Benchmark corpus size per integration (the core issue asks for 200,000 lines). */
export const CORPUS_LINES = 200_000;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS_DIR = `${ROOT}bench/.corpus/`;

export interface CliFigures {
  readonly integration: string;
  readonly lines: number;
  readonly cliLinesPerSecond: number;
  /** The floor: readline, JSON.parse (Tanium), JSON.stringify of a small object. */
  readonly floorLinesPerSecond: number;
  readonly ratio: number;
  /** The same work with chunked line splitting instead of readline. */
  readonly chunkedFloorLinesPerSecond: number;
}

/** Writes (once) and returns the path of an integration's benchmark corpus. */
export function corpusFile(integration: string, lines = CORPUS_LINES): string {
  mkdirSync(CORPUS_DIR, { recursive: true });
  const path = `${CORPUS_DIR}${integration}-${lines}.log`;
  if (!existsSync(path)) writeFileSync(path, corpus(integration, lines));
  return path;
}

/** Runs a command with stdout discarded; returns the lines/s its stderr summary reports. */
function linesPerSecond(command: string, args: string[]): number {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
  const match = /\(([\d.]+) s, ([\d,]+) lines\/s\)/.exec(result.stderr);
  if (!match) throw new Error(`no summary from ${command} ${args.join(' ')}: ${result.stderr.slice(-500)}`);
  return Number(match[2]!.replace(/,/g, ''));
}

function best(runs: number, measure: () => number): number {
  let top = 0;
  for (let i = 0; i < runs; i++) top = Math.max(top, measure());
  return top;
}

/** Events/s through the CLI and through the floor script on the same corpus (best of `runs`). */
export function benchCli(integration: string, runs = 3): CliFigures {
  const file = corpusFile(integration);
  const mode = integration === 'tanium' ? 'json' : 'text';
  const floor = best(runs, () => linesPerSecond(process.execPath, ['bench/floor-readline.mjs', file, mode]));
  const chunked = best(runs, () => linesPerSecond(process.execPath, ['bench/floor-chunked.mjs', file, mode]));
  const cli = best(runs, () => linesPerSecond(process.execPath, ['--import', 'tsx', 'bin/normalize.ts', integration, file, '--no-progress']));
  return { integration, lines: CORPUS_LINES, cliLinesPerSecond: cli, floorLinesPerSecond: floor, ratio: cli / floor, chunkedFloorLinesPerSecond: chunked };
}
