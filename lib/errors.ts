/**
 * Every error the project throws on purpose. Callers tell them apart with `instanceof`;
 * each carries the data a caller needs to report it (which record, which variable ...).
 */
export class NormalizerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A record that cannot be normalized: it is reported with its reason, never dropped. */
export class RecordRejectedError extends NormalizerError {
  constructor(
    readonly integration: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${integration}: ${reason}`, options);
  }
}

/** A missing or malformed configuration value (environment variable, CLI option, context). */
export class ConfigurationError extends NormalizerError {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`${variable}: ${reason}`);
  }
}

/** An integration name that is not in the registry. */
export class UnknownIntegrationError extends NormalizerError {
  constructor(
    readonly integration: string,
    readonly known: readonly string[],
  ) {
    super(`unknown integration "${integration}"; valid integrations: ${known.join(', ')}`);
  }
}

/** A Lambda event that is neither a Firehose transformation nor an S3 notification. */
export class UnsupportedEventError extends NormalizerError {}

/** Reading or writing an S3 object failed; the invocation fails so that Lambda retries it. */
export class ObjectProcessingError extends NormalizerError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`s3://${bucket}/${key}: ${reason}`, options);
  }
}

/**
 * An S3 object whose decompressed bytes pass `MAX_OBJECT_BYTES`: it fails as soon as they
 * do, nothing of it is kept, and after Lambda's retries it is in the dead-letter queue.
 */
export class ObjectTooLargeError extends ObjectProcessingError {
  constructor(
    bucket: string,
    key: string,
    readonly limit: number,
  ) {
    super(bucket, key, `object is over the limit of ${limit} decompressed bytes (MAX_OBJECT_BYTES): not normalized`);
  }
}

/** An NDJSON batch used after a newer one had started (lib/records/ndjson-bytes.ts): a bug in the caller, never data. */
export class NdjsonBuildError extends NormalizerError {
  constructor() {
    super('an NDJSON batch was used after a newer one had started');
  }
}

/** Records that could not be delivered to a Firehose stream after every retry. */
export class DeliveryError extends NormalizerError {}

/** A command-line usage error: the CLI prints it with the usage and exits with status 2. */
export class UsageError extends NormalizerError {}

/** A file the CLI cannot read or write (a truncated gzip file, an unwritable `--errors` path): it exits with status 3. */
export class FileAccessError extends NormalizerError {
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/** What failed, in words, for the system and zlib errors a file read or write meets; other errors by their message. */
const IO_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  // zlib: the gzip stream ends early, or what starts with the gzip magic bytes is not gzip.
  Z_BUF_ERROR: 'the gzip data is truncated',
  Z_DATA_ERROR: 'not valid gzip data',
};

export function describeIoFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined && IO_FAILURES[code]) || (error instanceof Error ? error.message : String(error));
}

/** An SQS message whose body is neither an S3 event notification nor an s3:TestEvent: only that message fails. */
export class MalformedMessageError extends NormalizerError {
  constructor(
    readonly messageId: string,
    reason: string,
  ) {
    super(`SQS message ${messageId}: ${reason}`);
  }
}

/** An S3 Batch Operations task that names no readable object: answered PermanentFailure with this reason. */
export class InvalidBatchTaskError extends NormalizerError {}
