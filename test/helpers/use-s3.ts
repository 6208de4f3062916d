import { FirehoseClient } from '@aws-sdk/client-firehose';
import { afterAll, beforeAll } from 'vitest';
import { createHandler, type Handler } from '../../lib/lambda/handler.ts';
import { loadConfig } from '../../lib/lambda/config.ts';
import type { Integration } from '../../lib/integration.ts';
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

/**
 * {@link useTestS3} with the buckets `raw` and `output`, and the real Lambda handler of
 * `integration` writing to `output` as the deployed function does. `handler` can be
 * called once the file's tests run.
 */
export function useS3Handler(
  integration: Integration,
  buckets: { readonly raw: string; readonly output: string },
): { readonly s3: () => TestS3; readonly firehose: FirehoseClient; readonly handler: Handler } {
  const { s3, firehose } = useTestS3([buckets.raw, buckets.output]);
  let handler: Handler | undefined;
  beforeAll(() => {
    handler = createHandler(integration, { config: loadConfig({ OUTPUT_BUCKET: buckets.output }), s3: s3().client, firehose });
  });
  return { s3, firehose, handler: (event, context) => handler!(event, context) };
}
