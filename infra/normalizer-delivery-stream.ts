import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import { Policy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Compression,
  DeliveryStream,
  EnableLogging,
  LambdaFunctionProcessor,
  S3Bucket,
  StreamEncryption,
} from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { deliverObjects, invokeProcessor, locateBucket, writeLogs } from './access-policies.ts';
import { DEFAULTS } from './defaults.ts';
import { acknowledgePrefixScopedObjects } from './nag-acknowledgements.ts';
import type { KeyLayout } from './key-layout.ts';

export interface NormalizerDeliveryStreamProps {
  /** The integration's normalizer, used as the stream's processor. */
  readonly processor: IFunction;
  /** Destination bucket. */
  readonly output: IBucket;
  /** The integration's prefixes. */
  readonly layout: KeyLayout;
  /** @default DEFAULTS.logRetention */
  readonly logRetention?: RetentionDays;
}

/**
 * A direct-put delivery stream that runs every batch through the normalizer and writes
 * gzip NDJSON to `normalized/<integration>/dt=YYYY-MM-DD/`.
 *
 * Partitioning: dynamic, on the `dt` key the function returns in `metadata.partitionKeys`,
 * so that Firehose objects land in the same daily partitions as the S3 path's objects, by
 * event date rather than arrival time. The cost is the 64 MiB minimum destination buffer and
 * a 60 s minimum interval, which suit a log pipeline. The function's `integration` key is not
 * used: there is one stream per integration, so the static prefix says the same thing and
 * lets IAM name the exact prefix.
 *
 * Permissions: the destination gets an immutable view of the role, so the L2 grants (read
 * and write on the whole bucket, invoke on `function:*`, its own log group) are dropped and
 * the role holds only the statements of access-policies.ts.
 */
export class NormalizerDeliveryStream extends Construct {
  public readonly deliveryStream: DeliveryStream;
  /** The role Firehose assumes. */
  public readonly role: Role;
  /** The role's only policy. */
  public readonly policy: Policy;
  /** Firehose's own error log (failed invocations and deliveries). */
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NormalizerDeliveryStreamProps) {
    super(scope, id);
    const { processor, output, layout } = props;

    this.logGroup = new LogGroup(this, 'ErrorLogs', {
      retention: props.logRetention ?? DEFAULTS.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      description: `Firehose delivery of ${layout.normalizedPrefix}`,
      // Only Firehose acting for this account may assume the role (confused-deputy guard).
      assumedBy: new ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'sts:ExternalId': Aws.ACCOUNT_ID } },
      }),
    });
    const delivery = deliverObjects(output, layout);
    this.policy = new Policy(this, 'Policy', {
      roles: [this.role],
      statements: [
        invokeProcessor(processor),
        delivery,
        locateBucket(output),
        writeLogs(this.logGroup, 'WriteDeliveryErrorLogs', ['logs:PutLogEvents']),
      ],
    });
    acknowledgePrefixScopedObjects(this.policy, [delivery]);
    const role = this.role.withoutPolicyUpdates();

    this.deliveryStream = new DeliveryStream(this, 'Resource', {
      role,
      encryption: StreamEncryption.awsOwnedKey(),
      destination: new S3Bucket(output, {
        role,
        processors: [
          new LambdaFunctionProcessor(processor, {
            bufferSize: DEFAULTS.processorBufferSize,
            bufferInterval: DEFAULTS.processorBufferInterval,
            retries: DEFAULTS.processorRetries,
          }),
        ],
        dynamicPartitioning: { enabled: true },
        dataOutputPrefix: layout.firehoseDataPrefix,
        errorOutputPrefix: layout.firehoseErrorPrefix,
        compression: Compression.GZIP,
        fileExtension: '.ndjson.gz',
        bufferingSize: DEFAULTS.deliveryBufferSize,
        bufferingInterval: DEFAULTS.deliveryBufferInterval,
        loggingConfig: new EnableLogging(this.logGroup),
      }),
    });
    // The stream must not start delivering before its permissions exist.
    this.deliveryStream.node.addDependency(this.policy);
  }
}
