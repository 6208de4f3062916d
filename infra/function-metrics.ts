import { MathExpression, Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { INTEGRATION_DIMENSION, METRIC_NAMES } from '../lib/lambda/metric-names.ts';
import { DEFAULTS } from './defaults.ts';

/**
 * The function metrics the alarms watch, named from lib/lambda/metric-names.ts (where every metric
 * the functions publish is listed, with its namespace and dimensions). test/infra/function-metrics.test.ts runs
 * the real handlers with the deployed environment and checks that every name here is
 * published, in this namespace, with exactly these dimensions.
 */
export const FUNCTION_METRICS = {
  /** Events written (both paths). */
  eventsNormalized: METRIC_NAMES.eventsNormalized,
  /** S3 path: lines rejected (stored under `errors/`). */
  linesRejected: METRIC_NAMES.linesRejected,
  /** Firehose path: records answered `ProcessingFailed` because they could not be normalized. */
  recordsRejected: METRIC_NAMES.recordsRejected,
  /** Both paths: events written whose record's layout or shape was not recognized (they carry `error`). */
  recordsUnparsed: METRIC_NAMES.recordsUnparsed,
  /** Firehose path: records over the response budget, put back into the stream. */
  recordsReingested: METRIC_NAMES.recordsReingested,
  /** Bytes read (S3 objects as stored, Firehose record data) and written (S3 outputs as stored, Firehose answers' events). */
  bytesIn: METRIC_NAMES.bytesIn,
  bytesOut: METRIC_NAMES.bytesOut,
} as const;

export type FunctionMetricName = (typeof FUNCTION_METRICS)[keyof typeof FUNCTION_METRICS];

/**
 * The dimensions of every metric a function publishes. CloudWatch matches a metric by its
 * exact dimension set: Powertools adds `service` (POWERTOOLS_SERVICE_NAME, set to the
 * integration name) to every metric, and the handler adds `integration`.
 */
export function functionMetricDimensions(integration: string): Record<string, string> {
  return { service: integration, [INTEGRATION_DIMENSION]: integration };
}

/** One of an integration's function metrics. */
export function functionMetric(integration: string, name: FunctionMetricName, options: MetricOptions = {}): Metric {
  return new Metric({
    namespace: DEFAULTS.metricsNamespace,
    metricName: name,
    dimensionsMap: functionMetricDimensions(integration),
    ...options,
  });
}

/**
 * Percentage of the records read in a period that were rejected or unparsed: lines rejected
 * on the S3 path, Firehose records rejected, and events written unparsed (their record's
 * layout was not recognized), over the records read: events written plus those rejected (a
 * Firehose record counts once, however many lines it held). A metric a path did not publish
 * in the period counts as 0; a period without records is 0%.
 */
export function rejectedPercent(integration: string, options: Pick<MetricOptions, 'period' | 'label'> = {}): MathExpression {
  const sum = { statistic: 'Sum', period: options.period ?? DEFAULTS.alarmPeriod };
  const rejected = '(FILL(lines, 0) + FILL(records, 0))';
  const read = `(FILL(events, 0) + ${rejected})`;
  return new MathExpression({
    expression: `IF(${read} > 0, 100 * (${rejected} + FILL(unparsed, 0)) / ${read}, 0)`,
    usingMetrics: {
      events: functionMetric(integration, FUNCTION_METRICS.eventsNormalized, sum),
      lines: functionMetric(integration, FUNCTION_METRICS.linesRejected, sum),
      records: functionMetric(integration, FUNCTION_METRICS.recordsRejected, sum),
      unparsed: functionMetric(integration, FUNCTION_METRICS.recordsUnparsed, sum),
    },
    period: sum.period,
    label: options.label ?? `${integration}: % of records rejected or unparsed`,
  });
}
