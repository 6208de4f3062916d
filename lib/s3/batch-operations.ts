import type { S3BatchResult, S3BatchResultResult } from 'aws-lambda';
import { INTEGRATION_ARGUMENT } from '../backfill/contract.ts';
import { isJsonObject } from '../ecs/coerce.ts';
import { InvalidBatchTaskError, ObjectProcessingError } from '../errors.ts';
import { failureKind } from './object-failure.ts';
import { logger } from '../lambda/observability.ts';
import { decodeS3Key, type S3Source } from './notification.ts';
import { requireOutputBucket } from '../lambda/config.ts';
import { processLogDrop, type LogDropDeps, type ObjectSummary } from './log-drop.ts';
import { reportObjects } from './process-notification.ts';

/**
 * S3 Batch Operations `LambdaInvoke`: the backfill of objects already in S3. Each task
 * names one object (schema 1.0 by bucket ARN, 2.0 by bucket name; the key URL-encoded
 * with `+` for spaces, as in notifications; the version when the manifest has one). The
 * answer has one result per task: `Succeeded`, `TemporaryFailure` (Batch Operations
 * retries the task) or `PermanentFailure` (reported as failed), with a result string
 * that says why; it lands in the job's completion report.
 */

/** The invocation schema versions this handler reads. */
export const BATCH_SCHEMA_VERSIONS: readonly string[] = ['1.0', '2.0'];

/** One task, as either schema writes it. */
export interface S3BatchTask {
  readonly taskId: string;
  readonly s3Key: string;
  readonly s3VersionId?: string | null;
  /** Schema 1.0. */
  readonly s3BucketArn?: string;
  /** Schema 2.0. */
  readonly s3Bucket?: string;
}

/** A Batch Operations invocation of either schema. */
export interface S3BatchInvocation {
  readonly invocationSchemaVersion: string;
  readonly invocationId: string;
  readonly job: { readonly id: string; readonly userArguments?: Readonly<Record<string, string>> | null };
  readonly tasks: readonly S3BatchTask[];
}

/** True for a Batch Operations invocation: `invocationSchemaVersion`, `invocationId`, `job` and `tasks[]` with task ids. */
export function isS3BatchInvocation(event: unknown): event is S3BatchInvocation {
  return (
    isJsonObject(event) &&
    typeof event.invocationSchemaVersion === 'string' &&
    typeof event.invocationId === 'string' &&
    isJsonObject(event.job) &&
    Array.isArray(event.tasks) &&
    event.tasks.every((task) => isJsonObject(task) && typeof task.taskId === 'string')
  );
}

/** The bucket of a schema 1.0 task: the last field of `arn:aws:s3:::bucket` (bucket names hold no colon). */
function bucketOfArn(arn: unknown): string {
  const parts = typeof arn === 'string' ? arn.split(':') : [];
  const bucket = parts.length === 6 && parts[0] === 'arn' && parts[2] === 's3' ? parts[5]! : '';
  if (bucket === '') throw new InvalidBatchTaskError(`s3BucketArn ${JSON.stringify(arn)} is not an S3 bucket ARN`);
  return bucket;
}

/** The object a task names. @throws InvalidBatchTaskError when the task does not name one. */
export function taskSource(schemaVersion: string, task: S3BatchTask): S3Source {
  const bucket = schemaVersion === '1.0' ? bucketOfArn(task.s3BucketArn) : task.s3Bucket;
  if (typeof bucket !== 'string' || bucket === '') throw new InvalidBatchTaskError('the task names no bucket (s3Bucket)');
  if (typeof task.s3Key !== 'string' || task.s3Key === '') throw new InvalidBatchTaskError('the task names no object (s3Key)');
  let key: string;
  try {
    key = decodeS3Key(task.s3Key);
  } catch (error) {
    throw new InvalidBatchTaskError((error as Error).message);
  }
  return {
    bucket,
    key,
    size: undefined,
    eTag: undefined,
    versionId: typeof task.s3VersionId === 'string' && task.s3VersionId !== '' ? task.s3VersionId : undefined,
    eventTime: '',
    eventName: 'BatchOperations:LambdaInvoke',
  };
}

const result = (taskId: string, resultCode: S3BatchResultResult['resultCode'], resultString: string): S3BatchResultResult => ({
  taskId,
  resultCode,
  resultString,
});

/** Why a task failed, for the report: the object's own error names it already. */
function reasonOf(error: unknown, source: S3Source): string {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof ObjectProcessingError ? message : `s3://${source.bucket}/${source.key}: ${message}`;
}

/**
 * Normalizes the object of each task, one after the other, and answers one result per
 * task in task order; a failed object fails only its task.
 */
export async function processS3BatchInvocation(event: S3BatchInvocation, deps: Omit<LogDropDeps, 'outputBucket'>): Promise<S3BatchResult> {
  const outputBucket = requireOutputBucket(deps.config);
  const { invocationSchemaVersion: schemaVersion } = event;
  const wanted = event.job.userArguments?.[INTEGRATION_ARGUMENT];
  const results: S3BatchResultResult[] = [];
  const objects: ObjectSummary[] = [];
  let failed = 0;
  try {
    for (const task of event.tasks) {
      if (!BATCH_SCHEMA_VERSIONS.includes(schemaVersion)) {
        results.push(result(task.taskId, 'PermanentFailure', `invocation schema version ${JSON.stringify(schemaVersion)} is not supported (${BATCH_SCHEMA_VERSIONS.join(' or ')})`));
        continue;
      }
      if (wanted !== undefined && wanted !== deps.integration.name) {
        results.push(result(task.taskId, 'PermanentFailure', `the job is for integration ${JSON.stringify(wanted)}; this function normalizes ${deps.integration.name}`));
        continue;
      }
      let source: S3Source;
      try {
        source = taskSource(schemaVersion, task);
      } catch (error) {
        if (!(error instanceof InvalidBatchTaskError)) throw error;
        results.push(result(task.taskId, 'PermanentFailure', error.message));
        continue;
      }
      try {
        const summary = await processLogDrop(source, { ...deps, outputBucket });
        objects.push(summary);
        const errors = summary.errors ? `, rejected lines in ${summary.errors}` : '';
        results.push(result(task.taskId, 'Succeeded', `${summary.events} events, ${summary.rejected} lines rejected: ${summary.output}${errors}`));
      } catch (error) {
        failed += 1;
        const code = failureKind(error) === 'temporary' ? 'TemporaryFailure' : 'PermanentFailure';
        const reason = reasonOf(error, source);
        logger.error('Batch Operations task failed', { taskId: task.taskId, jobId: event.job.id, resultCode: code, bucket: source.bucket, key: source.key, reason });
        results.push(result(task.taskId, code, reason));
      }
    }
  } finally {
    reportObjects(objects, failed);
  }
  return { invocationSchemaVersion: schemaVersion, treatMissingKeysAs: 'PermanentFailure', invocationId: event.invocationId, results };
}
