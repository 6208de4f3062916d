import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError } from '../errors.ts';

/**
 * The AWS SDK clients of the handlers, created once per Lambda execution environment so
 * that their connections are reused across invocations.
 *
 * Endpoints: `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_FIREHOSE`, else `AWS_ENDPOINT_URL`,
 * else the service's regional endpoint. A custom S3 endpoint (a local S3-compatible
 * server) is addressed path-style, since `bucket.127.0.0.1` does not resolve.
 */

/** The clients the handlers use. */
export interface AwsClients {
  readonly s3: S3Client;
  readonly firehose: FirehoseClient;
}

/**
 * Checksums only when an operation requires one (the SDK's behaviour before 2025).
 * S3 requires none for GetObject, PutObject or UploadPart, so this changes nothing on AWS,
 * where TLS and SigV4 already protect the payload; it lets streamed uploads of unknown
 * length work against S3-compatible servers that do not understand the trailing
 * checksums (aws-chunked encoding) the newer default sends.
 */
const CHECKSUMS = { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } as const;

/** The endpoint URL configured for a service (`S3`, `FIREHOSE`), validated; undefined for AWS's own. */
export function endpointFor(service: 'S3' | 'FIREHOSE', env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const name of [`AWS_ENDPOINT_URL_${service}`, 'AWS_ENDPOINT_URL']) {
    const value = env[name]?.trim();
    if (!value) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigurationError(name, `"${value}" is not a URL (for example http://127.0.0.1:4568)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigurationError(name, `"${value}" is not an http or https URL`);
    }
    return value;
  }
  return undefined;
}

/**
 * An S3 client for `env`'s endpoint (path-style when custom), with checksums only when
 * required, in `region` when given (else the environment's).
 */
export function createS3Client(env: NodeJS.ProcessEnv = process.env, region?: string): S3Client {
  const endpoint = endpointFor('S3', env);
  return new S3Client({ ...CHECKSUMS, ...(region ? { region } : {}), ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
}

/** A Firehose client for `env`'s endpoint. */
export function createFirehoseClient(env: NodeJS.ProcessEnv = process.env): FirehoseClient {
  const endpoint = endpointFor('FIREHOSE', env);
  return new FirehoseClient(endpoint ? { endpoint } : {});
}

let shared: AwsClients | undefined;

/** The process-wide clients, created from `process.env` on first use. */
export function awsClients(): AwsClients {
  shared ??= { s3: createS3Client(), firehose: createFirehoseClient() };
  return shared;
}
