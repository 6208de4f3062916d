import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { integrationFolders } from '../functions/entry-points.ts';
import { publishAlarms } from './access-policies.ts';
import { DataBuckets } from './buckets.ts';
import { IntegrationPipeline, type DeployedIntegration } from './integration-pipeline.ts';
import type { S3TriggerMode } from './s3-trigger.ts';
import { acknowledgeStackHelpers } from './nag-acknowledgements.ts';

export interface NormalizerStackProps extends StackProps {
  /** The integrations to deploy. @default - every integration folder under functions/ */
  readonly integrations?: readonly DeployedIntegration[];
  /** Import this existing raw bucket instead of creating one. @default - a bucket is created */
  readonly rawBucketName?: string;
  /** Import this existing output bucket instead of creating one. @default - a bucket is created */
  readonly outputBucketName?: string;
  /** IANA timezone of AIX header times. @default DEFAULTS.timezone ('UTC') */
  readonly timezone?: string;
  /** Retention of every log group. @default DEFAULTS.logRetention (one year) */
  readonly logRetention?: RetentionDays;
  /** The functions' log level. @default DEFAULTS.logLevel ('INFO') */
  readonly logLevel?: string;
  /** E-mail address subscribed to the alarm topic. @default - no topic; alarms have no action */
  readonly alarmEmail?: string;
  /** Days a created output bucket keeps an object's noncurrent versions. @default DEFAULTS.outputNoncurrentVersionExpiration (30 days) */
  readonly outputNoncurrentVersionDays?: number;
  /** Reserved concurrency of each normalizer function. @default - none: the functions share the account's unreserved pool */
  readonly reservedConcurrency?: number;
  /** How S3 drops reach the functions. @default 'notification' */
  readonly s3Trigger?: S3TriggerMode;
  /** s3Trigger sqs: receives of a message before its dead-letter queue. @default DEFAULTS.sqsMaxReceiveCount */
  readonly sqsMaxReceiveCount?: number;
  /** s3Trigger sqs: the most concurrent invocations each queue drives. @default - no cap */
  readonly sqsMaxConcurrency?: number;
}

/** The product: for every integration, a normalizer fed by S3 and by Firehose. */
export class NormalizerStack extends Stack {
  public readonly buckets: DataBuckets;
  public readonly pipelines: readonly IntegrationPipeline[];
  /** Receives alarm notifications; only created with an alarm e-mail. */
  public readonly alarmTopic?: Topic;

  constructor(scope: Construct, id: string, props: NormalizerStackProps = {}) {
    super(scope, id, props);
    this.buckets = new DataBuckets(this, 'Buckets', {
      rawBucketName: props.rawBucketName,
      outputBucketName: props.outputBucketName,
      outputNoncurrentVersionDays: props.outputNoncurrentVersionDays,
      logRetention: props.logRetention,
    });
    if (props.alarmEmail !== undefined) {
      this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'ECS log normalizer alarms', enforceSSL: true });
      this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    }
    const alarmAction = this.alarmTopic && new SnsAction(this.alarmTopic);

    this.pipelines = (props.integrations ?? integrationFolders().map((name) => ({ name }))).map(
      (integration) =>
        new IntegrationPipeline(this, pascalCase(integration.name), {
          integration,
          rawBucket: this.buckets.raw,
          outputBucket: this.buckets.output,
          timezone: props.timezone,
          logLevel: props.logLevel,
          logRetention: props.logRetention,
          reservedConcurrency: props.reservedConcurrency,
          alarmAction,
          s3Trigger: props.s3Trigger,
          sqsMaxReceiveCount: props.sqsMaxReceiveCount,
          sqsMaxConcurrency: props.sqsMaxConcurrency,
        }),
    );
    this.alarmTopic?.addToResourcePolicy(publishAlarms(this.alarmTopic, this.pipelines.flatMap((pipeline) => pipeline.alarms.all)));
    this.buckets.routeNotificationsHandlerLogs();
    acknowledgeStackHelpers(this);

    new CfnOutput(this, 'RawBucketName', { value: this.buckets.raw.bucketName, description: 'Drop raw logs under <integration>/' });
    new CfnOutput(this, 'OutputBucketName', { value: this.buckets.output.bucketName, description: 'normalized/ and errors/' });
    for (const pipeline of this.pipelines) {
      const id = pipeline.node.id;
      new CfnOutput(this, `${id}DeliveryStreamName`, { value: pipeline.delivery.deliveryStream.deliveryStreamName });
      new CfnOutput(this, `${id}FunctionName`, { value: pipeline.function.functionName });
      new CfnOutput(this, `${id}DeadLetterQueueUrl`, { value: pipeline.deadLetterQueue.queueUrl });
      new CfnOutput(this, `${id}BackfillOptions`, {
        value: `--function-arn ${pipeline.function.functionArn} --role-arn ${pipeline.backfill.role.roleArn} --report-bucket ${this.buckets.output.bucketName}`,
        description: `Options of npm run backfill -- ${pipeline.integration.name} s3://<raw bucket>/${pipeline.layout.rawPrefix}...`,
      });
    }
  }
}

/** `ibm-aix` to `IbmAix`: construct ids and output names. */
export function pascalCase(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
