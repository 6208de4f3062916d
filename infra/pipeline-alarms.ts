import type { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULTS } from './defaults.ts';
import { rejectedPercent } from './function-metrics.ts';

export interface PipelineAlarmsProps {
  /** Integration name, for the alarm descriptions. */
  readonly integration: string;
  readonly function: IFunction;
  /** The function's timeout: the duration alarm fires at a share of it. */
  readonly timeout: Duration;
  readonly deadLetterQueue: IQueue;
  readonly deliveryStream: IDeliveryStream;
  /** Notified when an alarm fires. @default - no action (the alarms show in the console) */
  readonly action?: IAlarmAction;
}

/**
 * The alarms of one integration, each evaluated over one period. Most fire on the first
 * occurrence: they mean that some input has not been normalized, or soon will not be. The
 * odd rejected line is an expected data error (it lands under `errors/`); a share of them
 * over a threshold is not, and has its own alarm.
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
  /** Firehose had more active `dt` partitions than its limit: the rest of the stream went to the error prefix. */
  public readonly partitionCountExceeded: Alarm;
  /** An invocation took most of the function's timeout. */
  public readonly durationNearTimeout: Alarm;
  /** A share of the records read was rejected or unparsed: a format change or a flood of malformed records. */
  public readonly rejectedRecords: Alarm;

  /** Every alarm above. */
  get all(): readonly Alarm[] {
    return [
      this.functionErrors,
      this.deadLetters,
      this.processingFailures,
      this.deliveryFailures,
      this.partitionCountExceeded,
      this.durationNearTimeout,
      this.rejectedRecords,
    ];
  }

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const { integration } = props;
    const period = DEFAULTS.alarmPeriod;
    const alarm = (alarmId: string, metric: IMetric, comparisonOperator: ComparisonOperator, description: string, threshold = 1): Alarm => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
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
    // 1 while the stream is over its active-partition limit (500 by default), else 0.
    this.partitionCountExceeded = alarm(
      'PartitionCountExceeded',
      props.deliveryStream.metric('PartitionCountExceeded', { period, statistic: 'Maximum' }),
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      'Firehose exceeded its active partition limit; records went to the activePartitionExceeded error prefix',
    );
    const durationThreshold = Math.round(props.timeout.toMilliseconds() * DEFAULTS.durationAlarmShareOfTimeout);
    this.durationNearTimeout = alarm(
      'DurationNearTimeout',
      props.function.metricDuration({ period, statistic: 'Maximum' }),
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      `an invocation took at least ${durationThreshold / 1000} s of the ${props.timeout.toSeconds()} s timeout; ` +
        'larger S3 objects will time out and end in the dead-letter queue',
      durationThreshold,
    );
    this.rejectedRecords = alarm(
      'RejectedRecords',
      rejectedPercent(integration, { period }),
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      `at least ${DEFAULTS.rejectedPercentAlarmThreshold}% of the records read were rejected (see errors/${integration}/) or unparsed: ` +
        'a format change or a flood of malformed records',
      DEFAULTS.rejectedPercentAlarmThreshold,
    );
  }
}
