import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/normalizer-function.ts';
import { integrations } from '../../lib/registry.ts';

/**
 * `npx cdk synth` as a user runs it on a fresh clone: the real CLI, the real app (with its
 * cdk-nag checks) and real esbuild bundling (the only test that bundles), with no AWS
 * credentials, no account and no context lookups.
 */
const offline: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_') && !key.startsWith('CDK_'))),
  AWS_EC2_METADATA_DISABLED: 'true', // no instance credentials either
  CDK_DISABLE_CLI_TELEMETRY: 'true',
};

function cdkSynth(...args: string[]) {
  const outdir = mkdtempSync(join(tmpdir(), 'ecs-normalizers-cli-'));
  const result = spawnSync('npx', ['cdk', 'synth', '--no-notices', '--no-lookups', '--quiet', '--output', outdir, ...args], {
    cwd: PROJECT_ROOT,
    env: offline,
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { ...result, outdir };
}

describe('npx cdk synth, offline', () => {
  it('bundles every function with the local esbuild into a loadable handler with a source map', { timeout: 240_000 }, () => {
    const { status, stderr, outdir } = cdkSynth();
    expect(status, stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(outdir, 'EcsLogNormalizers.template.json'), 'utf8'));
    const functions = Object.values(template.Resources as Record<string, any>).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Runtime === 'nodejs22.x',
    );
    expect(functions.map((f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME)).toEqual(integrations.map((i) => i.name));

    for (const fn of functions) {
      const asset = join(outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
      expect(existsSync(join(asset, 'index.js.map')), asset).toBe(true);
      const bundle = readFileSync(join(asset, 'index.js'), 'utf8');
      expect(bundle.trimEnd().endsWith('//# sourceMappingURL=index.js.map')).toBe(true);
      // The bundle loads on this machine's Node.js (20) and exports the handler Lambda calls.
      const load = spawnSync(process.execPath, ['-e', 'if (typeof require("./index.js").handler !== "function") process.exit(3)'], {
        cwd: asset,
        env: { ...offline, AWS_REGION: 'us-east-1', OUTPUT_BUCKET: 'example-normalized-events' },
        encoding: 'utf8',
      });
      expect(load.status, load.stderr).toBe(0);
    }
  });

  it('fails on a bad context option, naming it', { timeout: 120_000 }, () => {
    const { status, stderr } = cdkSynth('-c', 'timezone=Mars/Olympus_Mons');
    expect(status).not.toBe(0);
    expect(stderr).toContain('Invalid context option timezone: "Mars/Olympus_Mons" is not an IANA timezone name (for example UTC or Europe/Paris)');
  });
});
