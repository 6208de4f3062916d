import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../infra/normalizer-function.ts';

/** The environment of a fresh machine: no AWS credentials, account or region, no instance credentials. */
export const OFFLINE: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_') && !key.startsWith('CDK_'))),
  AWS_EC2_METADATA_DISABLED: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
};

/**
 * `npx cdk synth` as a user runs it on a fresh clone: the real CLI and the real app (with its
 * cdk-nag checks and its bundling), offline, into a new cloud assembly directory.
 */
export function cdkSynth(...args: string[]) {
  const outdir = mkdtempSync(join(tmpdir(), 'ecs-normalizers-cli-'));
  const result = spawnSync('npx', ['cdk', 'synth', '--no-notices', '--no-lookups', '--quiet', '--output', outdir, ...args], {
    cwd: PROJECT_ROOT,
    env: OFFLINE,
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { ...result, outdir };
}
