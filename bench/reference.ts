import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Reference tools `npm run bench` compares the CLI with, when they are installed (never
 * needed by `npm test`): each reads the same corpus file and writes JSON to stdout.
 */
export interface ReferenceTool {
  readonly tool: string;
  readonly integration: string;
  /** What the row is, for the printed table. */
  readonly label: string;
  /** How to get it (Debian package). */
  readonly install: string;
  readonly command: string;
  readonly args: readonly string[];
  /** The corpus is given on stdin rather than as an argument. */
  readonly stdin: boolean;
  /** How many records of the tool's output (one per line) it parsed whole. */
  readonly parsedRecords: (stdout: string) => number;
}

/** Lines of the corpus that a reference tool must parse, every one, before its row is measured. */
export const CHECKED_LINES = 2_000;

const outputLines = (stdout: string): string[] => stdout.split('\n').filter((line) => line !== '');

const REFERENCE = fileURLToPath(new URL('reference/', import.meta.url));

export const REFERENCE_TOOLS: readonly ReferenceTool[] = [
  {
    tool: 'lognormalizer',
    integration: 'ibm-aix',
    label: 'lognormalizer (liblognorm, C; header and tail fields, flat, no ECS, no inference)',
    install: 'apt-get install liblognorm-utils',
    command: 'lognormalizer',
    args: ['-r', `${REFERENCE}aix-auditpr.rulebase`, '-e', 'json'],
    stdin: true,
    // A line no rule matches comes out as {"originalmsg": …, "unparsed-data": …}.
    parsedRecords: (stdout) => outputLines(stdout).filter((line) => !('unparsed-data' in JSON.parse(line))).length,
  },
  {
    tool: 'jq',
    integration: 'tanium',
    label: 'jq with a Tanium -> ECS mapping (bench/reference/tanium-ecs.jq)',
    install: 'apt-get install jq',
    command: 'jq',
    args: ['-c', '-f', `${REFERENCE}tanium-ecs.jq`],
    stdin: true,
    // jq stops at the first input that is not JSON; each record maps to one compact line.
    parsedRecords: (stdout) => outputLines(stdout).length,
  },
];

/** True when the tool's command can be started (it is on PATH). */
export function installed(tool: ReferenceTool): boolean {
  const probe = spawnSync(tool.command, ['--version'], { stdio: 'ignore' });
  return !(probe.error && (probe.error as NodeJS.ErrnoException).code === 'ENOENT');
}

/**
 * Throws unless the tool parses every line of `file` (`lines` of them): a reference that
 * skipped or failed lines would be measured doing less than the CLI does.
 */
export function checkParses(tool: ReferenceTool, file: string, lines: number): void {
  // Run as the bench runs it (bench/cli.ts), with the output kept.
  const result = spawnSync(tool.command, tool.args, { input: tool.stdin ? readFileSync(file) : undefined, encoding: 'utf8', maxBuffer: 1 << 28 });
  // A tool that stops at a line it cannot read closes its input early: a failed check, not a crash.
  if (result.error && (result.error as NodeJS.ErrnoException).code !== 'EPIPE') throw result.error;
  const parsed = result.status === 0 ? tool.parsedRecords(result.stdout) : 0;
  if (parsed !== lines) {
    throw new Error(`${tool.label} parsed ${parsed} of ${lines} lines of ${file} (exit ${result.status}): its row would not be a reference. ${result.stderr.slice(-500)}`);
  }
}
