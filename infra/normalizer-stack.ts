import { CfnOutput, Size, Stack, type StackProps } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { integrationFolders } from '../functions/entry-points.ts';
import { publishAlarms } from './access-policies.ts';
import { DataBuckets } from './buckets.ts';
import { DEFAULTS } from './defaults.ts';
import { IntegrationPipeline, type DeployedIntegration } from './integration-pipeline.ts';
import type { S3TriggerMode } from './s3-trigger.ts';
import { pascalCase } from './key-layout.ts';
import { PipelineDashboard } from './pipeline-dashboard.ts';
import { QueryCatalog } from './query-catalog.ts';
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
  /** The auditpr -h letters of the AIX records (`AIX_AUDITPR_FIELDS`). @default - the layout is found per record */
  readonly auditprFields?: string;
  /** Decompressed bytes an S3 object may hold (`MAX_OBJECT_BYTES`). @default - the function's default, 1 GiB */
  readonly maxObjectBytes?: number;
  /** Rejected lines of one S3 object stored with their raw text (`MAX_REJECTED_LINES`). @default - the function's default, 10,000 */
  readonly maxRejectedLines?: number;
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
  /** s3Trigger sqs: notifications per invocation (1-10). @default DEFAULTS.sqsBatchSize (10) */
  readonly sqsBatchSize?: number;
  /** First `dt` (YYYY-MM-DD) the tables' partition projection covers. @default DEFAULTS.queryStartDate */
  readonly queryStartDate?: string;
  /** Most data one Athena query of the workgroup may scan, in GiB. @default DEFAULTS.athenaScanLimit */
  readonly athenaScanLimitGiB?: number;
}

/** The product: for every integration, a normalizer fed by S3 and by Firehose. */
export class NormalizerStack extends Stack {
  public readonly buckets: DataBuckets;
  public readonly pipelines: readonly IntegrationPipeline[];
  /** Receives alarm notifications; only created with an alarm e-mail. */
  public readonly alarmTopic?: Topic;
  /** Glue tables, Athena workgroup and named queries over the output bucket. */
  public readonly queryCatalog: QueryCatalog;
  public readonly dashboard: PipelineDashboard;

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
          auditprFields: props.auditprFields,
          maxObjectBytes: props.maxObjectBytes,
          maxRejectedLines: props.maxRejectedLines,
          logLevel: props.logLevel,
          logRetention: props.logRetention,
          reservedConcurrency: props.reservedConcurrency,
          alarmAction,
          s3Trigger: props.s3Trigger,
          sqsMaxReceiveCount: props.sqsMaxReceiveCount,
          sqsMaxConcurrency: props.sqsMaxConcurrency,
          sqsBatchSize: props.sqsBatchSize,
        }),
    );
    this.alarmTopic?.addToResourcePolicy(publishAlarms(this.alarmTopic, this.pipelines.flatMap((pipeline) => pipeline.allAlarms)));
    this.buckets.routeNotificationsHandlerLogs();
    this.queryCatalog = new QueryCatalog(this, 'Query', {
      output: this.buckets.output,
      integrations: this.pipelines.map((pipeline) => pipeline.integration.name),
      startDate: props.queryStartDate,
      scanLimit: props.athenaScanLimitGiB !== undefined ? Size.gibibytes(props.athenaScanLimitGiB) : undefined,
    });
    this.dashboard = new PipelineDashboard(this, 'Dashboard', { pipelines: this.pipelines });
    acknowledgeStackHelpers(this);

    new CfnOutput(this, 'RawBucketName', { value: this.buckets.raw.bucketName, description: 'Drop raw logs under <integration>/' });
    new CfnOutput(this, 'OutputBucketName', { value: this.buckets.output.bucketName, description: 'normalized/ and errors/' });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboard.dashboardName, description: 'CloudWatch dashboard of every integration' });
    new CfnOutput(this, 'AthenaWorkGroup', { value: this.queryCatalog.workGroup.ref, description: 'Run queries in this workgroup' });
    new CfnOutput(this, 'GlueDatabase', { value: DEFAULTS.glueDatabaseName, description: 'One table per integration, plus rejected_lines and firehose_processing_failed' });
    for (const pipeline of this.pipelines) {
      const id = pipeline.node.id;
      new CfnOutput(this, `${id}DeliveryStreamName`, { value: pipeline.delivery.deliveryStream.deliveryStreamName });
      new CfnOutput(this, `${id}FunctionName`, { value: pipeline.function.functionName });
      new CfnOutput(this, `${id}DeadLetterQueueUrl`, { value: pipeline.deadLetterQueue.queueUrl });
      const { trigger } = pipeline;
      if (trigger.queue) new CfnOutput(this, `${id}ObjectQueueUrl`, { value: trigger.queue.queueUrl, description: 'S3 notifications waiting for the function' });
      if (trigger.deadLetterQueue) {
        new CfnOutput(this, `${id}TriggerDeadLetterQueueUrl`, {
          value: trigger.deadLetterQueue.queueUrl,
          description: trigger.mode === 'sqs' ? 'S3 notifications that failed every receive' : 'S3 events the EventBridge rule could not deliver',
        });
      }
      new CfnOutput(this, `${id}BackfillOptions`, {
        value: `--function-arn ${pipeline.function.functionArn} --role-arn ${pipeline.backfill.role.roleArn} --report-bucket ${this.buckets.output.bucketName}`,
        description: `Options of npm run backfill -- ${pipeline.integration.name} s3://<raw bucket>/${pipeline.layout.rawPrefix}...`,
      });
    }
  }
}
