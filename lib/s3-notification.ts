import type { S3Event } from 'aws-lambda';
import { requireOutputBucket } from './config.ts';
import { logger } from './observability.ts';
import { isObjectCreated, s3Sources } from './s3-event.ts';
import { processLogDrop, type LogDropDeps, type ObjectSummary } from './s3-log-drop.ts';

/** What the handler answers to an S3 event notification (Lambda ignores it; logs and tests use it). */
export interface S3NotificationResult {
  readonly objects: ObjectSummary[];
  /** Records skipped because they are not object creations. */
  readonly skipped: number;
}

/** Sums of the per-object counters, for the invocation's metrics. */
export interface S3Totals {
  objects: number;
  events: number;
  rejected: number;
  blank: number;
  bytesIn: number;
  bytesOut: number;
}

/**
 * Processes every object an S3 event notification tells about, one after the other.
 * The output bucket is required before anything is read. The first object that fails
 * fails the invocation (Lambda retries the whole event; objects already done are simply
 * overwritten with the same output). `totals` is updated as each object completes, so
 * that a failed invocation still reports what it did.
 */
export async function processS3Notification(
  event: S3Event,
  deps: Omit<LogDropDeps, 'outputBucket'>,
  totals: S3Totals = emptyTotals(),
): Promise<S3NotificationResult> {
  const outputBucket = requireOutputBucket(deps.config);
  const objects: ObjectSummary[] = [];
  let skipped = 0;
  for (const source of s3Sources(event)) {
    if (!isObjectCreated(source)) {
      logger.info('S3 record skipped: not an object creation', { bucket: source.bucket, key: source.key, eventName: source.eventName });
      skipped += 1;
      continue;
    }
    const summary = await processLogDrop(source, { ...deps, outputBucket });
    objects.push(summary);
    totals.objects += 1;
    totals.events += summary.events;
    totals.rejected += summary.rejected;
    totals.blank += summary.blank;
    totals.bytesIn += summary.bytesIn;
    totals.bytesOut += summary.bytesOut;
  }
  return { objects, skipped };
}

/** Zeroed {@link S3Totals}. */
export function emptyTotals(): S3Totals {
  return { objects: 0, events: 0, rejected: 0, blank: 0, bytesIn: 0, bytesOut: 0 };
}
