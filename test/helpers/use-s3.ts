import { FirehoseClient } from '@aws-sdk/client-firehose';
import { afterAll, beforeAll } from 'vitest';
import { startTestS3, type TestS3 } from './s3-server.ts';

/**
 * A local S3 server with `buckets`, started before a test file's tests and closed after
 * them, and a Firehose client for the handlers (used only with OUTPUT_STREAM).
 */
export function useTestS3(buckets: readonly string[]): { readonly s3: () => TestS3; readonly firehose: FirehoseClient } {
  let s3: TestS3 | undefined;
  const firehose = new FirehoseClient({ region: 'us-east-1' });
  beforeAll(async () => {
    s3 = await startTestS3(buckets);
  });
  afterAll(async () => {
    firehose.destroy();
    await s3?.close();
  });
  return { s3: () => s3!, firehose };
}
