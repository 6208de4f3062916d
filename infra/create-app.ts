import { App } from 'aws-cdk-lib';
import { readContextOptions } from './context-options.ts';
import { DEFAULTS, FEATURE_FLAGS } from './defaults.ts';
import { NormalizerStack } from './normalizer-stack.ts';

export interface CreateAppOptions {
  /** Context values, as `-c key=value` would set them; they override the feature flags. @default - none */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Cloud assembly directory. @default - the CLI's, or a temporary directory */
  readonly outdir?: string;
}

/**
 * Builds the app and its stack from the context: what `cdk synth` runs (infra/app.ts) and
 * what the tests synthesize in memory. Throws a `ConfigurationError` naming the bad option.
 */
export function createApp(options: CreateAppOptions = {}): { app: App; stack: NormalizerStack } {
  const app = new App({ context: { ...FEATURE_FLAGS, ...options.context }, outdir: options.outdir });
  const stack = new NormalizerStack(app, DEFAULTS.stackName, {
    ...readContextOptions(app.node),
    description: 'ECS log normalizers: IBM AIX audit and Tanium logs to Elastic Common Schema events',
  });
  return { app, stack };
}
