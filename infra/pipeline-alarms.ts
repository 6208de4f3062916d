import { Alarm, ComparisonOperator, type IAlarmAction, type Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULTS } from './defaults.ts';

export interface PipelineAlarmsProps {
  /** Integration name, for the alarm descriptions. */
  readonly integration: string;
  readonly function: IFunction;
  readonly deadLetterQueue: IQueue;
  readonly deliveryStream: IDeliveryStream;
  /** Notified when an alarm fires. @default - no action (the alarms show in the console) */
  readonly action?: IAlarmAction;
}

/**
 * The alarms of one integration. Each fires on the first occurrence: every one of them means
 * that some input has not been normalized (rejected records and lines are expected data
 * errors; they land under `errors/` and in the function's metrics, and do not page anyone).
 */
export class PipelineAlarms extends Construct {
  /** The function failed an invocation (S3 object or Firehose batch). */
  public readonly functionErrors: Alarm;
  /** An S3 event exhausted its retries and waits in the dead-letter queue. */
  public readonly deadLetters: Alarm;
  /** Firehose could not invoke the function; the batch went to the `processing-failed` error prefix. */
  public readonly processingFailures: Alarm;
  /** Firehose could not write to the output bucket. */
  public readonly deliveryFailures: Alarm;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const { integration } = props;
    const period = DEFAULTS.alarmPeriod;
    const alarm = (alarmId: string, metric: Metric, comparisonOperator: ComparisonOperator, description: string): Alarm => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold: 1,
        comparisonOperator,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${integration}: ${description}`,
      });
      if (props.action) created.addAlarmAction(props.action);
      return created;
    };

    this.functionErrors = alarm(
      'FunctionErrors',
      props.function.metricErrors({ period, statistic: 'Sum' }),
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      'the normalizer function failed; S3 events are retried, then sent to the dead-letter queue',
    );
    this.deadLetters = alarm(
      'DeadLetters',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      'S3 events in the dead-letter queue: objects that were not normalized',
    );
    // Success metrics are ratios of successful calls: a minimum below 1 means at least one failure.
    this.processingFailures = alarm(
      'ProcessingFailures',
      props.deliveryStream.metric('ExecuteProcessing.Success', { period, statistic: 'Minimum' }),
      ComparisonOperator.LESS_THAN_THRESHOLD,
      'Firehose could not invoke the normalizer; the batch went to the processing-failed error prefix',
    );
    this.deliveryFailures = alarm(
      'DeliveryFailures',
      props.deliveryStream.metric('DeliveryToS3.Success', { period, statistic: 'Minimum' }),
      ComparisonOperator.LESS_THAN_THRESHOLD,
      'Firehose could not write to the output bucket',
    );
  }
}
