import { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { KeyLayout } from './key-layout.ts';
import { acknowledgePrefixScopedObjects } from './nag-acknowledgements.ts';

export interface BackfillRoleProps {
  readonly integration: string;
  /** The function the jobs invoke, and nothing else. */
  readonly function: IFunction;
  /** The jobs' manifests are generated from a listing of this bucket. */
  readonly rawBucket: IBucket;
  /** Generated manifests and completion reports go under `layout.reportPrefix` here. */
  readonly outputBucket: IBucket;
  readonly layout: KeyLayout;
}

/**
 * The role S3 Batch Operations assumes for one integration's backfill jobs
 * (`npm run backfill`): it can invoke that integration's function only, list the raw
 * bucket (S3's manifest generator lists it), and write then read the generated manifest
 * and write the completion report, both under `reports/<integration>/` of the output
 * bucket. The objects themselves are read by the function with its own role.
 */
export class BackfillRole extends Construct {
  public readonly role: Role;

  constructor(scope: Construct, id: string, props: BackfillRoleProps) {
    super(scope, id);
    const { outputBucket, layout } = props;
    this.role = new Role(this, 'Role', {
      description: `S3 Batch Operations backfill of ${props.integration}`,
      // Only jobs of this account may use the role (the service's confused-deputy guard).
      assumedBy: new ServicePrincipal('batchoperations.s3.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    const reports = new PolicyStatement({
      sid: 'WriteAndReadOwnReports',
      effect: Effect.ALLOW,
      actions: ['s3:PutObject', 's3:GetObject', 's3:GetObjectVersion'],
      resources: [outputBucket.arnForObjects(`${layout.reportPrefix}*`)],
    });
    const statements = [
      new PolicyStatement({
        sid: 'InvokeOwnFunction',
        effect: Effect.ALLOW,
        actions: ['lambda:InvokeFunction'],
        resources: [props.function.functionArn],
      }),
      new PolicyStatement({
        sid: 'GenerateManifestFromRawBucket',
        effect: Effect.ALLOW,
        actions: ['s3:ListBucket'],
        resources: [props.rawBucket.bucketArn],
      }),
      new PolicyStatement({
        sid: 'LocateReportBucket',
        effect: Effect.ALLOW,
        actions: ['s3:GetBucketLocation'],
        resources: [outputBucket.bucketArn],
      }),
      reports,
    ];
    for (const statement of statements) this.role.addToPrincipalPolicy(statement);
    acknowledgePrefixScopedObjects(this.role, [reports]);
  }
}
