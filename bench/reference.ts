import { spawnSync } from 'node:child_process';
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
}

const REFERENCE = fileURLToPath(new URL('reference/', import.meta.url));

export const REFERENCE_TOOLS: readonly ReferenceTool[] = [
  {
    tool: 'lognormalizer',
    integration: 'ibm-aix',
    label: 'lognormalizer (liblognorm, C; flat fields, no ECS, no inference)',
    install: 'apt-get install liblognorm-utils',
    command: 'lognormalizer',
    args: ['-r', `${REFERENCE}aix-auditpr.rulebase`, '-e', 'json'],
    stdin: true,
  },
  {
    tool: 'jq',
    integration: 'tanium',
    label: 'jq with a Tanium -> ECS mapping (bench/reference/tanium-ecs.jq)',
    install: 'apt-get install jq',
    command: 'jq',
    args: ['-c', '-f', `${REFERENCE}tanium-ecs.jq`],
    stdin: true,
  },
];

/** True when the tool's command can be started (it is on PATH). */
export function installed(tool: ReferenceTool): boolean {
  const probe = spawnSync(tool.command, ['--version'], { stdio: 'ignore' });
  return !(probe.error && (probe.error as NodeJS.ErrnoException).code === 'ENOENT');
}
