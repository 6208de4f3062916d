import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { DEFAULTS } from './defaults.ts';
import { acknowledgeNodeRuntime } from './nag-acknowledgements.ts';

/** The repository root: entry points, lock file and tsconfig are found from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface NormalizerFunctionProps {
  /** Integration name: the entry point is `functions/<integration>/handler.ts`, export `handler`. */
  readonly integration: string;
  /** Execution role; the caller grants exactly what the function needs. */
  readonly role: IRole;
  /** Log group (with its retention) the function writes to. */
  readonly logGroup: ILogGroup;
  /** Environment variables read by lib/config.ts and Powertools. */
  readonly environment: Readonly<Record<string, string>>;
  /** @default DEFAULTS.memorySize (1024 MB) */
  readonly memorySize?: number;
  /** @default DEFAULTS.timeout (15 minutes) */
  readonly timeout?: Duration;
  /** At most this many concurrent invocations, guaranteed to be available. @default - none */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * A normalizer Lambda function: one integration's handler bundled by the local esbuild
 * (never Docker) for Node.js 22 on arm64, with source maps.
 */
export class NormalizerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: NormalizerFunctionProps) {
    super(scope, id, {
      entry: join(PROJECT_ROOT, 'functions', props.integration, 'handler.ts'),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      // Node.js 22 because AWS SDK v3 releases from 2027 require it; Graviton for price/performance.
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? DEFAULTS.memorySize,
      timeout: props.timeout ?? DEFAULTS.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: props.role,
      logGroup: props.logGroup,
      environment: {
        ...props.environment,
        // Stack traces point at the TypeScript sources.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.CJS,
        // The project's lowest Node.js version: the same bundle runs locally on Node 20 and on Lambda's 22.
        target: 'node20',
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // Bundle the AWS SDK too, so that the deployed code runs the versions the lock file pins and the tests ran.
        externalModules: [],
      },
    });
    acknowledgeNodeRuntime(this);
  }
}
