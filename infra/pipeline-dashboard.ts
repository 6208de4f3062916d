import { Duration } from 'aws-cdk-lib';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IMetric,
  Stats,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { DEFAULTS } from './defaults.ts';
import { FUNCTION_METRICS, functionMetric, rejectedPercent, type FunctionMetricName } from './function-metrics.ts';
import type { IntegrationPipeline } from './integration-pipeline.ts';

export interface PipelineDashboardProps {
  readonly pipelines: readonly IntegrationPipeline[];
}

/**
 * One CloudWatch dashboard per stack, beside the alarms: per integration, what went in and
 * out of the function (its own metrics, the names of infra/function-metrics.ts), how the
 * function ran, the dead-letter queue, Firehose's delivery, and the state of the alarms.
 * The README ("Dashboard") says what each widget means.
 */
export class PipelineDashboard extends Construct {
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    const period = DEFAULTS.alarmPeriod;
    this.dashboard = new Dashboard(this, 'Resource', { defaultInterval: Duration.hours(24) });

    for (const pipeline of props.pipelines) {
      const name = pipeline.integration.name;
      const fn = pipeline.function;
      const stream = pipeline.delivery.deliveryStream;
      const own = (metric: FunctionMetricName, label: string): IMetric =>
        functionMetric(name, metric, { statistic: Stats.SUM, period, label });
      const graph = (title: string, left: IMetric[], width: number, extra: Partial<ConstructorParameters<typeof GraphWidget>[0]> = {}) =>
        new GraphWidget({ title: `${name}: ${title}`, left, width, height: 6, period, ...extra });

      this.dashboard.addWidgets(new TextWidget({ markdown: `## \`${name}\``, width: 24, height: 1 }));
      this.dashboard.addWidgets(
        graph(
          'records',
          [
            own(FUNCTION_METRICS.eventsNormalized, 'events normalized'),
            own(FUNCTION_METRICS.linesRejected, 'lines rejected (S3)'),
            own(FUNCTION_METRICS.recordsRejected, 'records rejected (Firehose)'),
            own(FUNCTION_METRICS.recordsUnparsed, 'events unparsed'),
          ],
          8,
        ),
        graph('% of records rejected or unparsed', [rejectedPercent(name, { period, label: '% rejected or unparsed' })], 8, {
          leftAnnotations: [{ value: DEFAULTS.rejectedPercentAlarmThreshold, label: 'alarm' }],
          leftYAxis: { min: 0, max: 100 },
        }),
        graph('bytes in and out', [own(FUNCTION_METRICS.bytesIn, 'bytes in'), own(FUNCTION_METRICS.bytesOut, 'bytes out')], 8),
      );
      this.dashboard.addWidgets(
        graph('re-ingested into Firehose', [own(FUNCTION_METRICS.recordsReingested, 'records re-ingested')], 6),
        graph(
          'duration',
          [fn.metricDuration({ statistic: Stats.p(50), period, label: 'p50' }), fn.metricDuration({ statistic: Stats.p(99), period, label: 'p99' })],
          6,
          { leftAnnotations: [{ value: fn.timeout!.toMilliseconds(), label: 'timeout' }] },
        ),
        graph(
          'errors and throttles',
          [fn.metricErrors({ statistic: Stats.SUM, period, label: 'errors' }), fn.metricThrottles({ statistic: Stats.SUM, period, label: 'throttles' })],
          6,
        ),
        graph(
          'dead-letter queue',
          [pipeline.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, period, label: 'S3 events waiting' })],
          6,
        ),
      );
      this.dashboard.addWidgets(
        graph('Firehose delivery', [stream.metric('DeliveryToS3.DataFreshness', { statistic: Stats.MAXIMUM, period, label: 'oldest record (s)' })], 12, {
          right: [
            stream.metric('DeliveryToS3.Success', { statistic: Stats.AVERAGE, period, label: 'S3 delivery success' }),
            stream.metric('ExecuteProcessing.Success', { statistic: Stats.AVERAGE, period, label: 'function invocation success' }),
          ],
          rightYAxis: { min: 0, max: 1 },
        }),
        new AlarmStatusWidget({ title: `${name}: alarms`, alarms: [...pipeline.allAlarms], width: 12, height: 6 }),
      );
    }
  }
}
