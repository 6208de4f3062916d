import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, type Duration, type ILocalBundling } from 'aws-cdk-lib';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BUNDLE_FILES, buildFunctionSync } from '../scripts/build.ts';
import { DEFAULTS } from './defaults.ts';

/** The repository root. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface NormalizerFunctionProps {
  /** Integration name: the entry point is `functions/<integration>/handler.ts`, export `handler`. */
  readonly integration: string;
  /** Execution role; the caller grants exactly what the function needs. */
  readonly role: IRole;
  /** Log group (with its retention) the function writes to. */
  readonly logGroup: ILogGroup;
  /** Environment variables read by lib/lambda/config.ts and Powertools. */
  readonly environment: Readonly<Record<string, string>>;
  /** @default DEFAULTS.memorySize (1024 MB) */
  readonly memorySize?: number;
  /** @default DEFAULTS.timeout (15 minutes) */
  readonly timeout?: Duration;
  /** At most this many concurrent invocations, guaranteed to be available. @default - none */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * The function's code is what `npm run build` makes: bundling runs that build for this one
 * function (the same esbuild options, into the same `dist/<integration>/`), then takes those
 * files as they are. The asset hash is the hash of those files.
 */
class BuildOutput implements ILocalBundling {
  constructor(private readonly integration: string) {}

  tryBundle(outputDir: string): boolean {
    const { file } = buildFunctionSync(this.integration);
    for (const name of BUNDLE_FILES) copyFileSync(join(file, '..', name), join(outputDir, name));
    return true;
  }
}

/** The functions' `NODE_OPTIONS`: stack traces point at the TypeScript sources. */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';

/**
 * A normalizer Lambda function: one integration's `npm run build` output, on Node.js 24
 * (arm64), with source maps.
 */
export class NormalizerFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: NormalizerFunctionProps) {
    super(scope, id, {
      code: Code.fromAsset(join(PROJECT_ROOT, 'functions', props.integration), {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          local: new BuildOutput(props.integration),
          // Required by the type, never pulled: local bundling always builds (or throws).
          image: DockerImage.fromRegistry('local-esbuild-only'),
        },
      }),
      handler: 'index.handler',
      // The current Node.js LTS runtime; Graviton for price/performance.
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? DEFAULTS.memorySize,
      timeout: props.timeout ?? DEFAULTS.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: props.role,
      logGroup: props.logGroup,
      environment: {
        ...props.environment,
        NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
      },
    });
  }
}
