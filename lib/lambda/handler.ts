import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context, FirehoseTransformationResult, S3BatchResult, SQSBatchResponse } from 'aws-lambda';
import { awsClients } from './aws-clients.ts';
import { loadConfig, type Config } from './config.ts';
import { UnsupportedEventError } from '../errors.ts';
import { isEventBridgeS3Event, processEventBridgeS3Event } from '../s3/eventbridge-event.ts';
import { isFirehoseEvent, transformFirehoseEvent } from '../firehose/transform.ts';
import { INTEGRATION_DIMENSION } from './metric-names.ts';
import { logger, metrics } from './observability.ts';
import type { PutRecordsOptions } from '../firehose/put-record-batch.ts';
import { isS3Event, isS3TestEvent } from '../s3/notification.ts';
import { isS3BatchInvocation, processS3BatchInvocation } from '../s3/batch-operations.ts';
import type { LogDropDeps } from '../s3/log-drop.ts';
import { processS3Notification, type S3NotificationResult } from '../s3/process-notification.ts';
import { isSqsEvent, processSqsS3Event } from '../s3/sqs-notifications.ts';
import type { Integration } from '../integration.ts';

/** What a handler is built with; everything defaults to the Lambda environment. */
export interface HandlerDeps {
  /** @default loadConfig(process.env), read when the handler is created (module init) */
  readonly config?: Config;
  /** @default the shared client of `aws-clients.ts` */
  readonly s3?: S3Client;
  /** @default the shared client of `aws-clients.ts` */
  readonly firehose?: FirehoseClient;
  /** Retry and batching settings of PutRecordBatch calls (tests shorten the backoff). */
  readonly putRecordsOptions?: PutRecordsOptions;
}

/**
 * What the handler answers: the transformation result for Firehose, a summary for S3
 * notifications and EventBridge, the partial batch response for SQS, the task results for
 * S3 Batch Operations, nothing for a test event.
 */
export type HandlerResult = FirehoseTransformationResult | S3NotificationResult | SQSBatchResponse | S3BatchResult | undefined;

/** A Lambda handler accepting every trigger kind. */
export type Handler = (event: unknown, context?: Context) => Promise<HandlerResult>;

/**
 * Publishes the metrics stored during the invocation (EMF on stdout), if any; otherwise
 * only drops the invocation's dimensions, so that the next invocation starts clean.
 */
function publishMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  else metrics.clearDimensions();
}

/** A short description of an event's shape for the unsupported-event error, without its data. */
function shapeOf(event: unknown): string {
  if (event === null || typeof event !== 'object') return event === null ? 'null' : typeof event;
  if (Array.isArray(event)) return 'an array';
  const keys = Object.keys(event).slice(0, 8);
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
}

/**
 * Builds the Lambda handler of an integration. Called at module init by
 * `functions/<name>/handler.ts`, so the configuration is read (and a malformed value fails
 * the start-up, naming the variable) and the AWS clients are created once per execution
 * environment.
 *
 * The handler tells events apart by shape:
 * - Amazon Data Firehose data transformation → the transformation result;
 * - S3 event notification → each object normalized to the output bucket (or stream);
 *   `OUTPUT_BUCKET` is required here and on the other S3 paths below, and only there;
 * - SQS event whose messages hold S3 notifications → the partial batch response
 *   (`batchItemFailures`: the messages that failed);
 * - EventBridge `Object Created` event from S3 → its object normalized;
 * - S3 Batch Operations invocation (schema 1.0 or 2.0) → one result per task;
 * - `s3:TestEvent` (sent when a notification is configured) → acknowledged, nothing done;
 * - anything else → `UnsupportedEventError`.
 *
 * Metrics (embedded metric format) are published once per invocation, failed ones included.
 */
export function createHandler(integration: Integration, deps: HandlerDeps = {}): Handler {
  const config = deps.config ?? loadConfig();
  const clients = deps.s3 && deps.firehose ? undefined : awsClients();
  const s3 = deps.s3 ?? clients!.s3;
  const firehose = deps.firehose ?? clients!.firehose;

  return async (event: unknown): Promise<HandlerResult> => {
    metrics.addDimension(INTEGRATION_DIMENSION, integration.name);
    try {
      if (isFirehoseEvent(event)) {
        return await transformFirehoseEvent(event, {
          integration,
          config,
          firehose,
          ...(deps.putRecordsOptions ? { putRecordsOptions: deps.putRecordsOptions } : {}),
        });
      }
      if (isS3TestEvent(event)) {
        logger.info('s3:TestEvent acknowledged; nothing to process');
        return undefined;
      }
      const s3Deps: Omit<LogDropDeps, 'outputBucket'> = {
        integration,
        config,
        s3,
        firehose,
        ...(deps.putRecordsOptions ? { putRecordsOptions: deps.putRecordsOptions } : {}),
      };
      if (isS3Event(event)) return await processS3Notification(event, s3Deps);
      if (isSqsEvent(event)) return await processSqsS3Event(event, s3Deps);
      if (isEventBridgeS3Event(event)) return await processEventBridgeS3Event(event, s3Deps);
      if (isS3BatchInvocation(event)) return await processS3BatchInvocation(event, s3Deps);
      throw new UnsupportedEventError(
        `${integration.name}: unsupported event (${shapeOf(event)}): expected an Amazon Data Firehose ` +
          'transformation event (records[]), an S3 event notification (Records[] of aws:s3 records), an SQS event of S3 ' +
          'notifications (Records[] of aws:sqs records), an EventBridge event from S3 (source aws.s3) or an S3 Batch ' +
          'Operations invocation (invocationSchemaVersion, tasks[])',
      );
    } finally {
      publishMetrics();
    }
  };
}
