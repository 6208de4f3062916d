import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context, FirehoseTransformationResult } from 'aws-lambda';
import { awsClients } from './aws-clients.ts';
import { loadConfig, type Config } from './config.ts';
import { UnsupportedEventError } from './errors.ts';
import { isFirehoseEvent, transformFirehoseEvent } from './firehose-transform.ts';
import { INTEGRATION_DIMENSION } from './metric-names.ts';
import { logger, metrics } from './observability.ts';
import type { PutRecordsOptions } from './put-record-batch.ts';
import { isS3Event, isS3TestEvent } from './s3-event.ts';
import { processS3Notification, type S3NotificationResult } from './s3-notification.ts';
import type { Integration } from './types.ts';

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

/** What the handler answers: the transformation result for Firehose, a summary for S3, nothing for a test event. */
export type HandlerResult = FirehoseTransformationResult | S3NotificationResult | undefined;

/** A Lambda handler accepting both trigger kinds. */
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
 *   `OUTPUT_BUCKET` is required here, and only here;
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
      if (isS3Event(event)) {
        return await processS3Notification(event, { integration, config, s3, firehose, ...(deps.putRecordsOptions ? { putRecordsOptions: deps.putRecordsOptions } : {}) });
      }
      throw new UnsupportedEventError(
        `${integration.name}: unsupported event (${shapeOf(event)}): expected an Amazon Data Firehose ` +
          'transformation event (records[]) or an S3 event notification (Records[] of aws:s3 records)',
      );
    } finally {
      publishMetrics();
    }
  };
}
