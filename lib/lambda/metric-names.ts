/**
 * Every CloudWatch metric the functions publish, in one place (the CDK app's alarms and
 * dashboard import these names).
 *
 * Published in embedded metric format, once per invocation, in the namespace
 * {@link METRICS_NAMESPACE} (`POWERTOOLS_METRICS_NAMESPACE` overrides it), with the
 * dimensions `service` (`POWERTOOLS_SERVICE_NAME`, set to the integration name by the
 * stack) and `integration` (the integration name), as one dimension set
 * `[service, integration]`.
 */
export const METRICS_NAMESPACE = 'EcsLogNormalizers';

/** The dimension the handler adds to every metric, besides Powertools' `service`. */
export const INTEGRATION_DIMENSION = 'integration';

export const METRIC_NAMES = {
  // --- Both paths ---
  /** Events written (S3) or answered Ok (Firehose). */
  eventsNormalized: 'EventsNormalized',
  /** Events among them that carry `error`: the normalizer could not read the record's layout or shape. */
  recordsUnparsed: 'RecordsUnparsed',
  /** Bytes read: the source objects as stored (S3), the records' decoded data (Firehose). */
  bytesIn: 'BytesIn',
  /** Bytes written: events and errors objects, compressed (S3); Ok records' data (Firehose). */
  bytesOut: 'BytesOut',

  // --- S3 path ---
  /** Source objects normalized completely. */
  objectsProcessed: 'ObjectsProcessed',
  /** Invocations that failed on an object (it is retried, then sent to the dead-letter queue). */
  objectsFailed: 'ObjectsFailed',
  /** Records written to an errors object. */
  linesRejected: 'LinesRejected',
  /** Lines that are not records: blank lines, headings and preambles. */
  blankLines: 'BlankLines',

  // --- Firehose path ---
  /** Records answered ProcessingFailed because a raw record in them was rejected. */
  recordsRejected: 'RecordsRejected',
  /** Records answered Dropped because they held no record. */
  recordsDropped: 'RecordsDropped',
  /** Records past the response budget, re-ingested into the stream. */
  recordsReingested: 'RecordsReingested',
  /** Records sent to the error output because re-ingestion failed or the response was full. */
  recordsDeliveryFailed: 'RecordsDeliveryFailed',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];
