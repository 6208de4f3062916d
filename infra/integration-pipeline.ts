import { RemovalPolicy } from 'aws-cdk-lib';
import type { Alarm, IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { Policy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { readRawLogs, reingestRecords, writeLogs, writeOutputs } from './access-policies.ts';
import { BackfillRole } from './backfill-role.ts';
import { DEFAULTS } from './defaults.ts';
import { keyLayout, type KeyLayout } from './key-layout.ts';
import { acknowledgeDeadLetterQueue, acknowledgePrefixScopedObjects } from './nag-acknowledgements.ts';
import { NormalizerDeliveryStream } from './normalizer-delivery-stream.ts';
import { NormalizerFunction } from './normalizer-function.ts';
import { PipelineAlarms } from './pipeline-alarms.ts';
import { S3Trigger, type S3TriggerMode } from './s3-trigger.ts';

/** What the CDK app knows of an integration: its folder name under functions/ (no parser is loaded). */
export interface DeployedIntegration {
  readonly name: string;
}

export interface IntegrationPipelineProps {
  readonly integration: DeployedIntegration;
  /** Raw logs arrive here under `<integration>/`. */
  readonly rawBucket: IBucket;
  /** Normalized events and errors go here. */
  readonly outputBucket: IBucket;
  /** @default DEFAULTS.timezone */
  readonly timezone?: string;
  /** `AIX_AUDITPR_FIELDS`, read by the ibm-aix normalizer. @default - unset: the layout is found per record */
  readonly auditprFields?: string;
  /** `MAX_OBJECT_BYTES`. @default - unset: the function's default (lib/lambda/config.ts) */
  readonly maxObjectBytes?: number;
  /** `MAX_REJECTED_LINES`. @default - unset: the function's default (lib/lambda/config.ts) */
  readonly maxRejectedLines?: number;
  /** @default DEFAULTS.logLevel */
  readonly logLevel?: string;
  /** @default DEFAULTS.logRetention */
  readonly logRetention?: RetentionDays;
  /** Reserved concurrency of the function. @default - none */
  readonly reservedConcurrency?: number;
  /** @default - alarms without actions */
  readonly alarmAction?: IAlarmAction;
  /** How S3 drops reach the function. @default 'notification' */
  readonly s3Trigger?: S3TriggerMode;
  /** s3Trigger sqs: receives before the dead-letter queue. @default DEFAULTS.sqsMaxReceiveCount */
  readonly sqsMaxReceiveCount?: number;
  /** s3Trigger sqs: the event source mapping's maximum concurrency. @default - no cap */
  readonly sqsMaxConcurrency?: number;
  /** s3Trigger sqs: notifications per invocation. @default DEFAULTS.sqsBatchSize */
  readonly sqsBatchSize?: number;
}

/**
 * Everything one integration needs: the normalizer function and its log group, the S3
 * trigger on `<integration>/`, asynchronous retries into a dead-letter queue, the Firehose
 * delivery stream that uses the function as processor, and the alarms.
 */
export class IntegrationPipeline extends Construct {
  public readonly integration: DeployedIntegration;
  public readonly layout: KeyLayout;
  public readonly function: NormalizerFunction;
  /** The function's execution role. */
  public readonly role: Role;
  public readonly logGroup: LogGroup;
  /** On-failure destination of the function's S3 (asynchronous) invocations. */
  public readonly deadLetterQueue: Queue;
  public readonly delivery: NormalizerDeliveryStream;
  /** Lets the function re-ingest records into its own delivery stream. */
  public readonly reingestPolicy: Policy;
  public readonly alarms: PipelineAlarms;
  /** How S3 drops reach the function (notification, SQS or EventBridge). */
  public readonly trigger: S3Trigger;
  /** The role S3 Batch Operations backfill jobs assume. */
  public readonly backfill: BackfillRole;

  constructor(scope: Construct, id: string, props: IntegrationPipelineProps) {
    super(scope, id);
    const { integration, rawBucket, outputBucket } = props;
    const logRetention = props.logRetention ?? DEFAULTS.logRetention;
    this.integration = integration;
    this.layout = keyLayout(integration.name);

    this.logGroup = new LogGroup(this, 'FunctionLogs', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY });
    // An explicit role: the default one carries the AWS-managed AWSLambdaBasicExecutionRole (any log group).
    this.role = new Role(this, 'FunctionRole', {
      description: `${integration.name} normalizer`,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    const logs = writeLogs(this.logGroup, 'WriteFunctionLogs', ['logs:CreateLogStream', 'logs:PutLogEvents']);
    const dataAccess = [readRawLogs(rawBucket, this.layout), writeOutputs(outputBucket, this.layout)];
    for (const statement of [logs, ...dataAccess]) this.role.addToPrincipalPolicy(statement);
    acknowledgePrefixScopedObjects(this.role, dataAccess);

    this.function = new NormalizerFunction(this, 'Function', {
      integration: integration.name,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        OUTPUT_BUCKET: outputBucket.bucketName,
        OUTPUT_PREFIX: DEFAULTS.outputPrefix,
        ERROR_PREFIX: DEFAULTS.errorPrefix,
        TIMEZONE: props.timezone ?? DEFAULTS.timezone,
        ...(props.auditprFields === undefined ? {} : { AIX_AUDITPR_FIELDS: props.auditprFields }),
        ...(props.maxObjectBytes === undefined ? {} : { MAX_OBJECT_BYTES: String(props.maxObjectBytes) }),
        ...(props.maxRejectedLines === undefined ? {} : { MAX_REJECTED_LINES: String(props.maxRejectedLines) }),
        POWERTOOLS_SERVICE_NAME: integration.name,
        POWERTOOLS_METRICS_NAMESPACE: DEFAULTS.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? DEFAULTS.logLevel,
      },
      reservedConcurrentExecutions: props.reservedConcurrency,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEFAULTS.deadLetterRetention,
    });
    acknowledgeDeadLetterQueue(this.deadLetterQueue);
    this.function.configureAsyncInvoke({
      retryAttempts: DEFAULTS.asyncRetryAttempts,
      maxEventAge: DEFAULTS.maxEventAge,
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    this.trigger = new S3Trigger(this, 'S3Trigger', {
      mode: props.s3Trigger,
      integration: integration.name,
      rawBucket,
      layout: this.layout,
      function: this.function,
      functionTimeout: this.function.timeout ?? DEFAULTS.timeout,
      maxReceiveCount: props.sqsMaxReceiveCount,
      maxConcurrency: props.sqsMaxConcurrency,
      batchSize: props.sqsBatchSize,
      alarmAction: props.alarmAction,
    });
    this.backfill = new BackfillRole(this, 'Backfill', { integration: integration.name, function: this.function, rawBucket, outputBucket, layout: this.layout });

    this.delivery = new NormalizerDeliveryStream(this, 'Delivery', {
      processor: this.function,
      output: outputBucket,
      layout: this.layout,
      logRetention,
    });
    // A policy of its own, outside the role: the function depends on its role's default
    // policy and the stream depends on the function, so the stream's ARN cannot go there.
    this.reingestPolicy = new Policy(this, 'ReingestPolicy', {
      roles: [this.role],
      statements: [reingestRecords(this.delivery.deliveryStream)],
    });

    this.alarms = new PipelineAlarms(this, 'Alarms', {
      integration: integration.name,
      function: this.function,
      timeout: this.function.timeout!,
      deadLetterQueue: this.deadLetterQueue,
      deliveryStream: this.delivery.deliveryStream,
      action: props.alarmAction,
    });
  }

  /** Every alarm of the pipeline: its own and its S3 trigger's (the topic policy and the dashboard list them all). */
  get allAlarms(): readonly Alarm[] {
    return [...this.alarms.all, ...this.trigger.alarms];
  }
}
