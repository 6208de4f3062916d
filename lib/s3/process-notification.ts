import type { S3Event } from 'aws-lambda';
import { requireOutputBucket } from '../lambda/config.ts';
import { METRIC_NAMES } from '../lambda/metric-names.ts';
import { addMetrics, logger } from '../lambda/observability.ts';
import { isObjectCreated, s3Sources, type S3Source } from './notification.ts';
import { processLogDrop, type LogDropDeps, type ObjectSummary } from './log-drop.ts';

/** What the handler answers to an S3 event notification (Lambda ignores it; logs and tests use it). */
export interface S3NotificationResult {
  readonly objects: ObjectSummary[];
  /** Records skipped because they are not object creations. */
  readonly skipped: number;
}

/**
 * Processes every object an S3 event notification tells about, one after the other.
 * The output bucket is required before anything is read. The first object that fails
 * fails the invocation (Lambda retries the whole event; objects already done are simply
 * overwritten with the same output). Adds the invocation's metrics, a failed invocation's
 * included (what it completed, and `ObjectsFailed`).
 */
export async function processS3Notification(event: S3Event, deps: Omit<LogDropDeps, 'outputBucket'>): Promise<S3NotificationResult> {
  return processS3Sources(s3Sources(event), deps);
}

/**
 * {@link processS3Notification} for objects however they were told about (a notification's
 * records, an EventBridge event): those that are not object creations are skipped.
 */
export async function processS3Sources(sources: readonly S3Source[], deps: Omit<LogDropDeps, 'outputBucket'>): Promise<S3NotificationResult> {
  const objects: ObjectSummary[] = [];
  let failed = 0;
  try {
    const outputBucket = requireOutputBucket(deps.config);
    let skipped = 0;
    for (const source of sources) {
      if (!isObjectCreated(source)) {
        logger.info('S3 record skipped: not an object creation', { bucket: source.bucket, key: source.key, eventName: source.eventName });
        skipped += 1;
        continue;
      }
      objects.push(await processLogDrop(source, { ...deps, outputBucket }));
    }
    return { objects, skipped };
  } catch (error) {
    failed = 1;
    throw error;
  } finally {
    reportObjects(objects, failed);
  }
}

/** The invocation's metrics: the sums over the objects completed, and how many failed (if any). */
export function reportObjects(objects: readonly ObjectSummary[], failed: number): void {
  if (failed > 0) addMetrics([[METRIC_NAMES.objectsFailed, failed]]);
  const sum = (count: (o: ObjectSummary) => number): number => objects.reduce((total, o) => total + count(o), 0);
  addMetrics([
    [METRIC_NAMES.objectsProcessed, objects.length],
    [METRIC_NAMES.eventsNormalized, sum((o) => o.events)],
    [METRIC_NAMES.recordsUnparsed, sum((o) => o.unparsed)],
    [METRIC_NAMES.linesRejected, sum((o) => o.rejected)],
    [METRIC_NAMES.blankLines, sum((o) => o.blank)],
    [METRIC_NAMES.bytesIn, sum((o) => o.bytesIn)],
    [METRIC_NAMES.bytesOut, sum((o) => o.bytesOut)],
  ]);
}
