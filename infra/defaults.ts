import { Duration, Size } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import cdkJson from '../cdk.json' with { type: 'json' };
import { CONFIG_DEFAULTS } from '../lib/lambda/config.ts';
import { METRICS_NAMESPACE } from '../lib/lambda/metric-names.ts';
import { REPORT_PREFIX } from '../lib/backfill/contract.ts';

/**
 * Every default the CDK app uses, in one place. Context options and construct props override
 * some of them; the rest are design choices explained here.
 */
export const DEFAULTS = {
  /** Name of the one stack the app deploys. */
  stackName: 'EcsLogNormalizers',

  // --- Function configuration (lib/lambda/config.ts reads these as environment variables) ---
  /** TIMEZONE: IANA zone AIX header times are written in. */
  timezone: CONFIG_DEFAULTS.timezone,
  /** OUTPUT_PREFIX / ERROR_PREFIX: the S3 path's key prefixes; IAM policies are built from the same values. */
  outputPrefix: 'normalized/',
  errorPrefix: 'errors/',
  /** Output bucket prefix of S3 Batch Operations backfill manifests and completion reports (npm run backfill writes there). */
  reportPrefix: REPORT_PREFIX,
  /** POWERTOOLS_LOG_LEVEL. */
  logLevel: 'INFO',
  /** POWERTOOLS_METRICS_NAMESPACE: one namespace, the service (integration) is a dimension. */
  metricsNamespace: METRICS_NAMESPACE,

  // --- Function sizing ---
  /**
   * 1024 MB. The work is CPU-bound (gunzip, parsing, JSON serialization, gzip) and Lambda
   * allocates CPU in proportion to memory, so memory buys speed; the footprint itself is
   * small because S3 objects are streamed and a Firehose batch is 0.5 MB. bench/firehose.ts
   * normalizes 100-200k events/s on one core: at ~0.6 vCPU a Firehose batch takes tens of
   * milliseconds and a 1 GB object (~6M AIX lines) a few minutes. More memory would not help
   * much: the normalizer runs on one thread, and a full vCPU only comes at 1769 MB.
   */
  memorySize: 1024,
  /**
   * 15 minutes (the Lambda maximum). One function serves both triggers. An S3 object is
   * streamed in one invocation and a multi-GB object may need several minutes, so the S3 path
   * gets all the time Lambda allows. Firehose stops waiting after 5 minutes whatever the
   * function's timeout, but its batches take milliseconds, so the longer timeout never matters
   * there; an invocation that failed or timed out is retried by Firehose (`processorRetries`),
   * then the batch goes to the error prefix.
   */
  timeout: Duration.minutes(15),

  // --- Asynchronous (S3) invocations ---
  /** Lambda's two retries cover transient S3 or throttling errors; a bad object fails the same way each time. */
  asyncRetryAttempts: 2,
  /** Six hours: long enough to ride out throttling bursts, short enough that a stuck object reaches the DLQ the same day. */
  maxEventAge: Duration.hours(6),
  /** The DLQ keeps failed S3 events for the SQS maximum, so operators have two weeks to redrive them. */
  deadLetterRetention: Duration.days(14),

  // --- S3 triggers through SQS and EventBridge (context option s3Trigger) ---
  /** sqs: a message is moved to the dead-letter queue after 5 receives (the first try and 4 retries, 90 minutes apart). */
  sqsMaxReceiveCount: 5,
  /** sqs: visibility timeout = 6 x the function timeout, Lambda's advice for SQS event sources (90 minutes). */
  sqsVisibilityTimeoutFactor: 6,
  /**
   * sqs: up to 10 notifications per invocation, processed one after the other: log drops are
   * small files, and a batch shares one invocation. A batch of objects near the per-object limit
   * can time out; its messages are then received again (outputs are overwritten, not duplicated).
   * Context option sqsBatchSize=1 gives each object its own invocation.
   */
  sqsBatchSize: 10,
  /** sqs: 4 days (the SQS default) to ride out an outage; shorter than the dead-letter queue's 14 days, as SQS advises. */
  sqsRetention: Duration.days(4),
  /** sqs: alarm when the oldest notification has waited an hour: the queue is not draining. */
  sqsOldestMessageAlarmAge: Duration.hours(1),
  /** eventbridge: the rule retries delivery to the function 185 times (EventBridge's maximum) within maxEventAge. */
  eventBridgeRetryAttempts: 185,

  // --- Firehose ---
  /**
   * Processor buffer: 0.5 MB per invocation. Normalized output is 2-4x its input and the
   * response is base64 (x4/3): bench/firehose.ts measures a 1 MB batch of one-line AIX
   * records answering 4.98 MiB, too close to Lambda's 6 MB synchronous response limit once
   * Firehose overshoots its size hint; 0.5 MB answers about half that. 3 MB, the Firehose
   * maximum, cannot fit at all. Records beyond the budget are re-ingested by the function
   * anyway; this sizing makes that the exception. (CDK does not check the 0.2-3 MB range.)
   */
  processorBufferSize: Size.mebibytes(0.5),
  /** Invoke the processor at least every minute so that quiet streams still flow. */
  processorBufferInterval: Duration.seconds(60),
  /** Firehose's default of 3 invocation retries before a batch goes to the error prefix. */
  processorRetries: 3,
  /** Destination buffer: 64 MiB is the minimum that dynamic partitioning accepts. */
  deliveryBufferSize: Size.mebibytes(64),
  /** Deliver at least every minute (the minimum with dynamic partitioning): a SIEM wants fresh events. */
  deliveryBufferInterval: Duration.seconds(60),

  // --- Logs and alarms ---
  /**
   * Retention of every log group: a year, because the logs of a security pipeline (which
   * objects were read, rejected or failed, and when) are evidence an investigation may need
   * months later.
   */
  logRetention: RetentionDays.ONE_YEAR,
  /** Alarm evaluation period. */
  alarmPeriod: Duration.minutes(5),
  /**
   * The duration alarm fires when an invocation took this share of the function's timeout:
   * an S3 object that close to the limit will soon be one that times out, fails three times
   * and ends in the dead-letter queue.
   */
  durationAlarmShareOfTimeout: 0.8,
  /**
   * The rejection alarm fires when at least this percentage of the records read in a period
   * were rejected or unparsed: a format change or a flood of malformed records, not the odd
   * broken line.
   */
  rejectedPercentAlarmThreshold: 5,

  // --- Query (Glue Data Catalog, Athena) ---
  /** Glue database of the tables (Athena wants lowercase letters, digits and underscores). */
  glueDatabaseName: 'ecs_log_normalizers',
  /** Athena workgroup whose settings (results location, encryption, scan limit) every query uses. */
  athenaWorkGroupName: 'ecs-log-normalizers',
  /** Athena query results, under the output bucket. */
  athenaResultsPrefix: 'athena-results/',
  /** Query results are scratch data: they expire after a week. */
  athenaResultsExpiration: Duration.days(7),
  /**
   * First `dt` the partition projection covers (to NOW). Projection enumerates the days in
   * range only when a query does not restrict `dt`, so an early start costs nothing otherwise.
   */
  queryStartDate: '2020-01-01',
  /** Per-query scan limit: 10 GiB, about $0.05 at Athena's price, far above a filtered day of logs. */
  athenaScanLimit: Size.gibibytes(10),

  // --- Created buckets' lifecycle ---
  /** Raw logs: Intelligent-Tiering after 30 days, deleted after a year (the reprocessing window). */
  rawTieringAfter: Duration.days(30),
  rawExpiration: Duration.days(365),
  /** Normalized events and errors: Intelligent-Tiering after 30 days, never deleted by the stack. */
  outputTieringAfter: Duration.days(30),
  /**
   * The output bucket is versioned, so that an overwrite or a delete by the code that writes it
   * (a retried run, the removal of a stale errors object) keeps the previous version: kept for
   * 30 days, long enough to notice and restore, short enough not to pay twice for every retry.
   */
  outputNoncurrentVersionExpiration: Duration.days(30),
  /** Server access logs are kept for a year. */
  accessLogExpiration: Duration.days(365),
  /** Multipart uploads are aborted by the function on failure; this cleans up after crashes. */
  abortIncompleteUploadsAfter: Duration.days(1),
} as const;

/**
 * The CDK feature flags: the recommended value of every flag the locked aws-cdk-lib knows,
 * kept in cdk.json's context (where `cdk flags` reads and writes them; among them S3 access
 * log delivery by bucket policy and `service.amazonaws.com` principals everywhere). Read here
 * too, so that tests that build the app in memory synthesize exactly what `cdk synth` does;
 * other context keys of cdk.json are options, read by context-options.ts, not flags.
 */
export const FEATURE_FLAGS: Readonly<Record<string, unknown>> = Object.fromEntries(
  Object.entries(cdkJson.context as Record<string, unknown>).filter(([key]) => key.startsWith('@aws-cdk')),
);
