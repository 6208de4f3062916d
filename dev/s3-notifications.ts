import type { S3Event } from 'aws-lambda';

/**
 * S3 event notifications built locally, shaped as S3 sends them to Lambda: `npm start`, the
 * benchmarks and the tests invoke the real handler with them. Not production code.
 */

/**
 * Encodes a key the way S3 does in notifications (the inverse of `decodeS3Key` in lib/s3/notification.ts):
 * for building notifications locally and in tests.
 */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+');
}

/** What {@link s3Notification} builds a record from. */
export interface NotificationObject {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly eTag: string;
  readonly versionId?: string;
  /** @default now */
  readonly eventTime?: string;
  /** @default 'ObjectCreated:Put' */
  readonly eventName?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
}

/**
 * An S3 event notification for `objects`, shaped as S3 sends it to Lambda (keys
 * URL-encoded with `+` for spaces); `npm start` and the tests use it to invoke the handler.
 */
export function s3Notification(objects: readonly NotificationObject[]): S3Event {
  return {
    Records: objects.map((o) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: o.region ?? 'us-east-1',
      eventTime: o.eventTime ?? new Date().toISOString(),
      eventName: o.eventName ?? 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
      requestParameters: { sourceIPAddress: '192.0.2.10' },
      responseElements: { 'x-amz-request-id': 'EXAMPLE123456789', 'x-amz-id-2': 'EXAMPLE123/abcdefghijklmnopqrstuvwxyz' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'normalize',
        bucket: { name: o.bucket, ownerIdentity: { principalId: 'EXAMPLE' }, arn: `arn:aws:s3:::${o.bucket}` },
        object: {
          key: encodeS3Key(o.key),
          size: o.size,
          eTag: o.eTag.replace(/"/g, ''),
          ...(o.versionId ? { versionId: o.versionId } : {}),
          sequencer: '0055AED6DCD90281E5',
        },
      },
    })),
  };
}
