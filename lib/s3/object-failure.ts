import { ObjectTooLargeError } from '../errors.ts';

/**
 * Tells a failure worth retrying (throttling, a 5xx, a dropped connection) from one that
 * fails the same way every time (a missing object, access denied, a corrupt gzip object,
 * an object over the per-object limit). S3 Batch Operations redrives the first kind
 * (`TemporaryFailure`) and reports the second (`PermanentFailure`).
 */
export type FailureKind = 'temporary' | 'permanent';

/** S3 error codes that mean "slow down" or "try again", whatever their HTTP status. */
const RETRYABLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'InternalError',
  'ServiceUnavailable',
]);

/** Node.js network error codes: the connection, not the request, failed. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_STREAM_PREMATURE_CLOSE']);

function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let e = error; e !== undefined && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    yield e;
  }
}

/** The kind of one error, from its own fields; undefined when they say nothing. */
function kindOf(error: unknown): FailureKind | undefined {
  if (error instanceof ObjectTooLargeError) return 'permanent';
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown }; $retryable?: unknown };
  // zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR for a truncated stream): the bytes are not valid gzip.
  if (typeof e.code === 'string' && e.code.startsWith('Z_')) return 'permanent';
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return 'temporary';
  if (typeof e.name === 'string' && RETRYABLE_CODES.has(e.name)) return 'temporary';
  if (e.$retryable) return 'temporary';
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number') return status >= 500 || status === 429 ? 'temporary' : 'permanent';
  return undefined;
}

/**
 * The kind of a failure, read down its `cause` chain (an ObjectProcessingError wraps the
 * SDK or zlib error). A failure nothing classifies (a connection cut without a code) is
 * temporary: a retry costs one invocation, giving up on an object loses it.
 */
export function failureKind(error: unknown): FailureKind {
  for (const e of causes(error)) {
    const kind = kindOf(e);
    if (kind) return kind;
  }
  return 'temporary';
}
