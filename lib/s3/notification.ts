import { isJsonObject } from '../ecs/coerce.ts';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { UnsupportedEventError } from '../errors.ts';

/**
 * Recognizes and reads S3 event notifications (the `Records[]` that S3 sends to Lambda)
 * and the `s3:TestEvent` that S3 sends once when a notification is configured.
 */

/** One object to process, as told by one notification record. */
export interface S3Source {
  readonly bucket: string;
  /** The object key, URL-decoded. */
  readonly key: string;
  /** Size in bytes as notified (absent from some event types). */
  readonly size: number | undefined;
  /** ETag as notified, without quotes. */
  readonly eTag: string | undefined;
  /** Version id as notified, for a versioned bucket. */
  readonly versionId: string | undefined;
  /** `eventTime` of the record (ISO 8601), when S3 registered the change. */
  readonly eventTime: string;
  /** `eventName`, e.g. `ObjectCreated:Put`. */
  readonly eventName: string;
}


/** True for the `s3:TestEvent` S3 sends when a notification configuration is saved. */
export function isS3TestEvent(event: unknown): boolean {
  return isJsonObject(event) && event.Event === 's3:TestEvent' && !('Records' in event);
}

function isS3Record(record: unknown): record is S3EventRecord {
  if (!isJsonObject(record) || record.eventSource !== 'aws:s3' || !isJsonObject(record.s3)) return false;
  const { bucket, object } = record.s3;
  return isJsonObject(bucket) && typeof bucket.name === 'string' && isJsonObject(object) && typeof object.key === 'string';
}

/** True when `event` is an S3 event notification: a non-empty `Records[]` of `aws:s3` records. */
export function isS3Event(event: unknown): event is S3Event {
  return isJsonObject(event) && Array.isArray(event.Records) && event.Records.length > 0 && event.Records.every(isS3Record);
}

/**
 * Decodes a key as S3 writes it in notifications: URL-encoded, with `+` for a space
 * (`logs/my+file%C3%A9.log` → `logs/my fileé.log`).
 * @throws UnsupportedEventError when the key is not valid URL encoding.
 */
export function decodeS3Key(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    throw new UnsupportedEventError(`S3 notification key "${encoded}" is not valid URL encoding`);
  }
}

/** True for the records the S3 path acts on: object creations (not removals, restores ...). */
export function isObjectCreated(source: S3Source): boolean {
  return source.eventName.startsWith('ObjectCreated:');
}

/** The objects an S3 event notification tells about, keys decoded, in record order. */
export function s3Sources(event: S3Event): S3Source[] {
  return event.Records.map((record) => {
    const { bucket, object } = record.s3;
    const eTag = typeof object.eTag === 'string' && object.eTag !== '' ? object.eTag.replace(/"/g, '') : undefined;
    return {
      bucket: bucket.name,
      key: decodeS3Key(object.key),
      size: typeof object.size === 'number' ? object.size : undefined,
      eTag,
      versionId: typeof object.versionId === 'string' && object.versionId !== '' ? object.versionId : undefined,
      eventTime: typeof record.eventTime === 'string' ? record.eventTime : '',
      eventName: typeof record.eventName === 'string' ? record.eventName : '',
    };
  });
}
