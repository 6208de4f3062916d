import type { S3Event, SQSEvent } from 'aws-lambda';
import { encodeS3Key } from '../../dev/s3-notifications.ts';

/**
 * The events S3 sends through SQS, EventBridge and Batch Operations, shaped as the AWS
 * documentation shows them (Lambda developer guide "Using Lambda with Amazon SQS", S3 user
 * guide "EventBridge event message structure" and "Invoke AWS Lambda function"), with
 * example accounts and documentation IPs.
 */

/** The body S3 sends once when a notification to a queue is configured. */
export const S3_TEST_EVENT_BODY = JSON.stringify({
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2024-05-14T07:59:02.089Z',
  Bucket: 'raw-logs',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
});

/** An SQS event delivering `messages` (body as text: an S3 notification's JSON, or anything). */
export function sqsEvent(messages: readonly { readonly messageId: string; readonly body: string }[]): SQSEvent {
  return {
    Records: messages.map(({ messageId, body }) => ({
      messageId,
      receiptHandle: `AQEB${messageId}EXAMPLE`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1715673600000',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1715673600003',
      },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:EcsLogNormalizers-IbmAixObjectQueue',
      awsRegion: 'us-east-1',
    })),
  };
}

/** An SQS message whose body is an S3 notification. */
export const s3Message = (messageId: string, notification: S3Event) => ({ messageId, body: JSON.stringify(notification) });

/** What an EventBridge `Object Created` event tells about its object. */
export interface CreatedObject {
  readonly bucket: string;
  /** The key as it is: EventBridge does not URL-encode it. */
  readonly key: string;
  readonly size: number;
  readonly eTag: string;
  readonly versionId?: string;
  /** @default '2024-05-14T08:00:00Z' */
  readonly time?: string;
}

/** An EventBridge `Object Created` event from S3. */
export function objectCreatedEvent(o: CreatedObject, detailType = 'Object Created') {
  return {
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': detailType,
    source: 'aws.s3',
    account: '111122223333',
    time: o.time ?? '2024-05-14T08:00:00Z',
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${o.bucket}`],
    detail: {
      version: '0',
      bucket: { name: o.bucket },
      object: { key: o.key, size: o.size, etag: o.eTag, ...(o.versionId ? { 'version-id': o.versionId } : {}), sequencer: '617f08299329d189' },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '111122223333',
      'source-ip-address': '192.0.2.10',
      reason: 'PutObject',
    },
  };
}

/** One object of a Batch Operations invocation. */
export interface BatchObject {
  readonly taskId: string;
  readonly bucket: string;
  /** The key as stored; the task carries it URL-encoded. */
  readonly key: string;
  readonly versionId?: string;
}

/** An S3 Batch Operations `LambdaInvoke` invocation of schema `version`. */
export function batchInvocation(version: '1.0' | '2.0', objects: readonly BatchObject[], userArguments?: Record<string, string>) {
  return {
    invocationSchemaVersion: version,
    invocationId: 'YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo',
    job: { id: 'f3cc4f60-61f6-4a2b-8a21-d07600c373ce', ...(userArguments ? { userArguments } : {}) },
    tasks: objects.map((o) => ({
      taskId: o.taskId,
      s3Key: encodeS3Key(o.key),
      s3VersionId: o.versionId ?? null,
      ...(version === '1.0' ? { s3BucketArn: `arn:aws:s3:::${o.bucket}` } : { s3Bucket: o.bucket }),
    })),
  };
}

/** An AIX `auditpr` line and the exact ECS event it normalizes to (any trigger, any arrival time). */
export const AIX_LINE =
  'FS_Chroot sshd root root OK 14 May 2024 08:01:12.201876 No associated roles change root directory to: /var/empty';
export const AIX_EVENT = {
  message: AIX_LINE,
  event: { kind: 'event', category: ['process'], action: 'FS_Chroot', type: ['change'], outcome: 'success', module: 'ibm_aix', dataset: 'ibm_aix.audit' },
  action: { target: 'process', status: 'OK' },
  observer: { vendor: 'IBM' },
  process: { name: 'sshd', user: { name: 'root' }, real_user: { name: 'root' } },
  group: { name: 'root' },
  file: { name: '/var/empty' },
  user: { name: 'root' },
  ecs: { version: '9.0.0' },
  '@timestamp': '2024-05-14T08:01:12.201876Z',
  related: { user: ['root'] },
};
