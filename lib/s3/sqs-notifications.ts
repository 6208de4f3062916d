import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { S3Event, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isJsonObject } from '../ecs/coerce.ts';
import { MalformedMessageError } from '../errors.ts';
import { logger } from '../lambda/observability.ts';
import { isS3Event, isS3TestEvent } from './notification.ts';
import type { LogDropDeps } from './log-drop.ts';
import { processS3Notification } from './process-notification.ts';

/**
 * S3 → SQS → Lambda: each SQS message's body is an S3 event notification (or the
 * `s3:TestEvent` S3 sends when the notification is configured). Messages are processed one
 * after the other (objects are streamed and CPU-bound: running them side by side would
 * only share the same CPU) and the answer lists exactly the messages that failed, so
 * that SQS retries only those and moves them to the dead-letter queue after the
 * configured number of receives.
 */

function isSqsRecord(record: unknown): record is SQSRecord {
  return isJsonObject(record) && record.eventSource === 'aws:sqs' && typeof record.messageId === 'string' && typeof record.body === 'string';
}

/** True when `event` is an SQS event: a non-empty `Records[]` of `aws:sqs` records. */
export function isSqsEvent(event: unknown): event is SQSEvent {
  return isJsonObject(event) && Array.isArray(event.Records) && event.Records.length > 0 && event.Records.every(isSqsRecord);
}

/** What one message's body holds. */
export type S3MessageBody = { readonly kind: 'notification'; readonly event: S3Event } | { readonly kind: 'test' };

/**
 * Reads one message's body.
 * @throws MalformedMessageError when it is neither an S3 event notification nor an s3:TestEvent.
 */
export function parseS3MessageBody(record: SQSRecord): S3MessageBody {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new MalformedMessageError(record.messageId, 'body is not JSON; expected an S3 event notification');
  }
  if (isS3TestEvent(body)) return { kind: 'test' };
  if (isS3Event(body)) return { kind: 'notification', event: body };
  throw new MalformedMessageError(record.messageId, 'body is not an S3 event notification (Records[] of aws:s3 records) nor an s3:TestEvent');
}

/**
 * Processes an SQS batch of S3 notifications with Powertools' batch processor and answers
 * the partial batch response: `batchItemFailures` names each message whose body is
 * malformed or whose object failed; an empty list means every message is done. Each
 * message's notification adds its metrics as a notification invocation would.
 */
export async function processSqsS3Event(event: SQSEvent, deps: Omit<LogDropDeps, 'outputBucket'>): Promise<SQSBatchResponse> {
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    try {
      const body = parseS3MessageBody(record);
      if (body.kind === 'test') {
        logger.info('s3:TestEvent acknowledged; nothing to process', { messageId: record.messageId });
        return;
      }
      await processS3Notification(body.event, deps);
    } catch (error) {
      logger.error('SQS message failed; SQS will deliver it again', { messageId: record.messageId, error: error as Error });
      throw error;
    }
  };
  return processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
    processInParallel: false,
    // A batch whose every message failed is answered like any other, naming them all,
    // instead of failing the invocation (which would count as a function error too).
    throwOnFullBatchFailure: false,
  });
}
