/**
 * `npm run backfill -- <integration> s3://<raw bucket>/<integration>/[prefix] [--dry-run]
 * --function-arn ARN --role-arn ARN --report-bucket NAME`: creates an S3 Batch Operations
 * job that normalizes the objects already under the prefix (see lib/backfill/create-job.ts and the
 * README, "Backfill").
 */
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { randomUUID } from 'node:crypto';
import { createS3Client } from '../lib/lambda/aws-clients.ts';
import { UsageError } from '../lib/errors.ts';
import { backfillUsage, parseBackfillArgs, runBackfill } from '../lib/backfill/create-job.ts';
import { integrations } from '../functions/registry.ts';

try {
  const options = parseBackfillArgs(process.argv.slice(2), integrations);
  if (options === undefined) {
    console.log(backfillUsage(integrations));
  } else {
    const s3control = new S3ControlClient({ region: options.region });
    // The raw bucket is in the function's region (S3 notifies only functions of its own region).
    const s3 = createS3Client(process.env, options.region);
    try {
      await runBackfill(options, { s3control, s3, print: (line) => console.log(line), clientRequestToken: randomUUID() });
    } finally {
      s3control.destroy();
      s3.destroy();
    }
  }
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`backfill: ${error.message}\n\n${backfillUsage(integrations)}`);
    process.exitCode = 2;
  } else {
    console.error(`backfill: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    process.exitCode = 1;
  }
}
