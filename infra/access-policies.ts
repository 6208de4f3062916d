import { Aws } from 'aws-cdk-lib';
import type { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { KeyLayout } from './key-layout.ts';

/**
 * The least-privilege statements of one integration, written out instead of the L2 `grant*`
 * helpers, which grant whole buckets (`bucket/*`) and every function version (`function:*`).
 * Each has a Sid so that tests and reviewers can find it.
 */

/** The function reads only its raw prefix (GetObjectVersion for versioned, imported buckets). */
export function readRawLogs(raw: IBucket, layout: KeyLayout): PolicyStatement {
  return new PolicyStatement({
    sid: 'ReadRawLogs',
    effect: Effect.ALLOW,
    actions: ['s3:GetObject', 's3:GetObjectVersion'],
    resources: [raw.arnForObjects(`${layout.rawPrefix}*`)],
  });
}

/**
 * The function writes only its normalized and error prefixes, with lib-storage's streaming
 * uploads: PutObject covers PutObject, CreateMultipartUpload, UploadPart and
 * CompleteMultipartUpload; AbortMultipartUpload is sent when a run fails. (lib-storage lists
 * no parts, so no ListMultipartUploadParts.)
 * DeleteObject because a run removes its own stale outputs: the errors object of an earlier
 * run of the same source once nothing is rejected, and an object completed just before the
 * run failed (lib/s3/log-drop.ts, lib/s3/gzip-upload.ts), so that no partial output stays
 * visible. In the created output bucket, which is versioned, such a delete (and an overwrite)
 * only hides the object: the version stays recoverable until it expires, and no version-level
 * action (DeleteObjectVersion) is granted.
 */
export function writeOutputs(output: IBucket, layout: KeyLayout): PolicyStatement {
  return new PolicyStatement({
    sid: 'WriteNormalizedEventsAndErrors',
    effect: Effect.ALLOW,
    actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'],
    resources: [output.arnForObjects(`${layout.normalizedPrefix}*`), output.arnForObjects(`${layout.errorPrefix}*`)],
  });
}

/** The function re-ingests records over its response budget into its own delivery stream only. */
export function reingestRecords(stream: IDeliveryStream): PolicyStatement {
  return new PolicyStatement({
    sid: 'ReingestIntoOwnDeliveryStream',
    effect: Effect.ALLOW,
    actions: ['firehose:PutRecordBatch'],
    resources: [stream.deliveryStreamArn],
  });
}

/**
 * The bucket-notifications handler sets the raw bucket's notifications; for an imported
 * bucket it first reads the ones already there, to keep them.
 */
export function configureBucketNotifications(raw: IBucket, calls: 'put' | 'read-and-put'): PolicyStatement {
  return new PolicyStatement({
    sid: 'ConfigureRawBucketNotifications',
    effect: Effect.ALLOW,
    actions: calls === 'put' ? ['s3:PutBucketNotification'] : ['s3:GetBucketNotification', 's3:PutBucketNotification'],
    resources: [raw.bucketArn],
  });
}

/** Writing to one log group (the L2 grant would add the managed AWSLambdaBasicExecutionRole). */
export function writeLogs(logGroup: ILogGroup, sid: string, actions: readonly string[]): PolicyStatement {
  return new PolicyStatement({ sid, effect: Effect.ALLOW, actions: [...actions], resources: [logGroup.logGroupArn] });
}

/**
 * Firehose invokes only its own function: the unqualified ARN it is configured with and
 * `$LATEST`, which Firehose may qualify it as. Exact ARNs, not the `function:*` of grantInvoke.
 */
export function invokeProcessor(fn: IFunction): PolicyStatement {
  return new PolicyStatement({
    sid: 'InvokeOwnProcessor',
    effect: Effect.ALLOW,
    actions: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'],
    resources: [fn.functionArn, `${fn.functionArn}:$LATEST`],
  });
}

/** Firehose writes only the integration's normalized and error prefixes (the L2 grants read/write on the whole bucket). */
export function deliverObjects(output: IBucket, layout: KeyLayout): PolicyStatement {
  return new PolicyStatement({
    sid: 'DeliverToOwnPrefixes',
    effect: Effect.ALLOW,
    actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
    resources: [output.arnForObjects(`${layout.normalizedPrefix}*`), output.arnForObjects(`${layout.errorPrefix}*`)],
  });
}

/** Bucket-level calls Firehose makes before multipart deliveries; they read no object. */
export function locateBucket(output: IBucket): PolicyStatement {
  return new PolicyStatement({
    sid: 'LocateOutputBucket',
    effect: Effect.ALLOW,
    actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
    resources: [output.bucketArn],
  });
}

/**
 * The alarm topic's resource policy replaces SNS's default one, so CloudWatch must be let in
 * explicitly: only for this account's alarms of this stack (confused-deputy guard).
 */
export function publishAlarms(topic: ITopic, alarms: readonly IAlarm[]): PolicyStatement {
  return new PolicyStatement({
    sid: 'CloudWatchAlarmsPublish',
    effect: Effect.ALLOW,
    principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnEquals: { 'aws:SourceArn': alarms.map((alarm) => alarm.alarmArn) },
    },
  });
}
