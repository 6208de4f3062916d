import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cdkSynth } from '../helpers/cdk-synth.ts';

// The successful `npx cdk synth` (runtime, bundling, deployed files) is tested with the bundle, in test/bundle.test.ts.
describe('npx cdk synth, offline', () => {
  it('fails on a bad context option, naming it', { timeout: 120_000 }, () => {
    const { status, stderr, outdir } = cdkSynth('-c', 'timezone=Mars/Olympus_Mons');
    rmSync(outdir, { recursive: true, force: true });
    expect(status).not.toBe(0);
    expect(stderr).toContain('Invalid context option timezone: "Mars/Olympus_Mons" is not an IANA timezone name (for example UTC or Europe/Paris)');
  });
});
