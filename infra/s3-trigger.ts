import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, type Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Bucket, EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination, SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULTS } from './defaults.ts';
import type { KeyLayout } from './key-layout.ts';
import { acknowledgeDeadLetterQueue } from './nag-acknowledgements.ts';

/** How an object landing in the raw bucket reaches the function (context option `s3Trigger`). */
export type S3TriggerMode = 'notification' | 'sqs' | 'eventbridge';
export const S3_TRIGGER_MODES: readonly S3TriggerMode[] = ['notification', 'sqs', 'eventbridge'];

export interface S3TriggerProps {
  /** @default 'notification' */
  readonly mode?: S3TriggerMode;
  readonly integration: string;
  readonly rawBucket: IBucket;
  readonly layout: KeyLayout;
  readonly function: IFunction;
  /** The function's timeout: the queue's visibility timeout is a multiple of it. */
  readonly functionTimeout: Duration;
  /** sqs: receives of a message before it moves to the dead-letter queue. @default DEFAULTS.sqsMaxReceiveCount */
  readonly maxReceiveCount?: number;
  /** sqs: the most concurrent invocations the queue drives. @default - no cap but the account's */
  readonly maxConcurrency?: number;
  /** sqs: notifications per invocation, processed one after the other. @default DEFAULTS.sqsBatchSize */
  readonly batchSize?: number;
  /** @default - alarms without actions */
  readonly alarmAction?: IAlarmAction;
}

/**
 * The raw bucket's trigger of one integration's function, on the `<integration>/` prefix:
 * - `notification`: an S3 event notification invokes the function asynchronously (retries
 *   and dead-letter queue: the function's asynchronous invoke configuration);
 * - `sqs`: the notification goes to a queue that an event source mapping drains, with
 *   partial batch responses, a concurrency cap and a dead-letter queue after N receives;
 * - `eventbridge`: the bucket sends its events to EventBridge (enabled here on a created
 *   bucket; see the README for an imported one) and a rule on bucket and prefix invokes
 *   the function, with a retry policy and a dead-letter queue for events it cannot deliver.
 */
export class S3Trigger extends Construct {
  public readonly mode: S3TriggerMode;
  /** sqs: the queue S3 notifies. */
  public readonly queue?: Queue;
  /** sqs: messages received `maxReceiveCount` times; eventbridge: events the rule could not deliver. */
  public readonly deadLetterQueue?: Queue;
  /** eventbridge: the rule on the integration's prefix. */
  public readonly rule?: Rule;
  public readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: S3TriggerProps) {
    super(scope, id);
    const { rawBucket, layout, integration } = props;
    this.mode = props.mode ?? 'notification';
    const prefix = layout.rawPrefix;

    if (this.mode === 'notification') {
      rawBucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(props.function), { prefix });
      return;
    }

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEFAULTS.deadLetterRetention,
    });
    // cdk-nag sees a queue's redrive target as a dead-letter queue, not a rule's: only that one needs the word.
    if (this.mode === 'eventbridge') {
      acknowledgeDeadLetterQueue(this.deadLetterQueue, `the dead-letter queue of the ${integration} EventBridge rule: events the rule could not deliver to the function`);
    }
    const alarm = (alarmId: string, metric: Metric, threshold: number, description: string): void => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${integration}: ${description}`,
      });
      if (props.alarmAction) created.addAlarmAction(props.alarmAction);
      this.alarms.push(created);
    };
    alarm(
      'DeadLetters',
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: DEFAULTS.alarmPeriod, statistic: 'Maximum' }),
      1,
      this.mode === 'sqs'
        ? 'S3 notifications in the object queue dead-letter queue: objects that were not normalized'
        : 'S3 events EventBridge could not deliver to the function: objects that were not normalized',
    );

    if (this.mode === 'sqs') {
      this.queue = new Queue(this, 'ObjectQueue', {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // Lambda's advice for SQS event sources: at least 6 times the function timeout, so
        // that a message is not delivered again while a retried invocation still works on it.
        visibilityTimeout: Duration.seconds(props.functionTimeout.toSeconds() * DEFAULTS.sqsVisibilityTimeoutFactor),
        retentionPeriod: DEFAULTS.sqsRetention,
        deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? DEFAULTS.sqsMaxReceiveCount },
      });
      rawBucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), { prefix });
      props.function.addEventSource(
        new SqsEventSource(this.queue, {
          batchSize: props.batchSize ?? DEFAULTS.sqsBatchSize,
          reportBatchItemFailures: true,
          ...(props.maxConcurrency !== undefined ? { maxConcurrency: props.maxConcurrency } : {}),
        }),
      );
      alarm(
        'OldestMessageAge',
        this.queue.metricApproximateAgeOfOldestMessage({ period: DEFAULTS.alarmPeriod, statistic: 'Maximum' }),
        DEFAULTS.sqsOldestMessageAlarmAge.toSeconds(),
        `an S3 notification has waited in the object queue for ${DEFAULTS.sqsOldestMessageAlarmAge.toHumanString()} or more: the queue is not draining`,
      );
      return;
    }

    // EventBridge: a created bucket sends its events; an imported one must be set up by its owner.
    if (rawBucket instanceof Bucket) rawBucket.enableEventBridgeNotification();
    this.rule = new Rule(this, 'ObjectCreated', {
      description: `${integration}: objects created under ${prefix} in the raw bucket`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [rawBucket.bucketName] }, object: { key: [{ prefix }] } },
      },
      targets: [
        new LambdaFunction(props.function, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: DEFAULTS.eventBridgeRetryAttempts,
          maxEventAge: DEFAULTS.maxEventAge,
        }),
      ],
    });
  }
}
