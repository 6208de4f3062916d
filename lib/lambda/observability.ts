import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMES, METRICS_NAMESPACE, type MetricName } from './metric-names.ts';

/**
 * Structured JSON logs and embedded-metric-format metrics (Powertools for AWS Lambda).
 * Service name, namespace and log level come from POWERTOOLS_SERVICE_NAME,
 * POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_LOG_LEVEL when set.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'ecs-normalizer' });

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'ecs-normalizer',
});

const BYTES: ReadonlySet<MetricName> = new Set([METRIC_NAMES.bytesIn, METRIC_NAMES.bytesOut]);

/**
 * Adds counts to the invocation's metrics, in the order given; the handler publishes them
 * when the invocation ends. Both paths report their metrics through this one call.
 */
export function addMetrics(counts: ReadonlyArray<readonly [MetricName, number]>): void {
  for (const [name, value] of counts) metrics.addMetric(name, BYTES.has(name) ? MetricUnit.Bytes : MetricUnit.Count, value);
}
