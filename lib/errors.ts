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

/** Records that could not be delivered to a Firehose stream after every retry. */
export class DeliveryError extends NormalizerError {}

/** A command-line usage error: the CLI prints it with the usage and exits with status 2. */
export class UsageError extends NormalizerError {}
