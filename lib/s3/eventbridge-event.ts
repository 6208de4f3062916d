import type { S3ObjectCreatedNotificationEvent } from 'aws-lambda';
import { isJsonObject } from '../ecs/coerce.ts';
import type { S3Source } from './notification.ts';
import type { LogDropDeps } from './log-drop.ts';
import { processS3Sources, type S3NotificationResult } from './process-notification.ts';

/**
 * S3 → EventBridge → Lambda: one event per object. Unlike notifications, EventBridge
 * events carry the object key as it is (not URL-encoded) and the version id as
 * `version-id`. Only `Object Created` events are processed; the stack's rules select no
 * other, and any other S3 event is logged and skipped.
 */

/** An S3 event delivered by EventBridge (any detail type). */
export type EventBridgeS3Event = Omit<S3ObjectCreatedNotificationEvent, 'detail-type'> & { 'detail-type': string };

/** True for an EventBridge event from S3 about an object (`source: aws.s3`, `detail.bucket.name`, `detail.object.key`). */
export function isEventBridgeS3Event(event: unknown): event is EventBridgeS3Event {
  if (!isJsonObject(event) || event.source !== 'aws.s3' || typeof event['detail-type'] !== 'string' || !isJsonObject(event.detail)) return false;
  const { bucket, object } = event.detail;
  return isJsonObject(bucket) && typeof bucket.name === 'string' && isJsonObject(object) && typeof object.key === 'string';
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The object an EventBridge S3 event tells about; the key is used as it is. */
export function eventBridgeSource(event: EventBridgeS3Event): S3Source {
  const { bucket, object } = event.detail;
  return {
    bucket: bucket.name,
    key: object.key,
    size: typeof object.size === 'number' ? object.size : undefined,
    eTag: text(object.etag)?.replace(/"/g, ''),
    versionId: text(object['version-id']),
    eventTime: typeof event.time === 'string' ? event.time : '',
    eventName: event['detail-type'] === 'Object Created' ? `ObjectCreated:${text(event.detail.reason) ?? 'Put'}` : event['detail-type'],
  };
}

/**
 * Normalizes the object of an `Object Created` event (an error fails the invocation:
 * Lambda retries the asynchronous event, then sends it to the dead-letter queue) and
 * answers what the notification path answers; another detail type is skipped.
 */
export async function processEventBridgeS3Event(event: EventBridgeS3Event, deps: Omit<LogDropDeps, 'outputBucket'>): Promise<S3NotificationResult> {
  return processS3Sources([eventBridgeSource(event)], deps);
}
