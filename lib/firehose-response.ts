import type { FirehoseTransformationResultRecord } from 'aws-lambda';

/** Lambda's limit on a synchronous invocation's response payload (6 MB). */
export const LAMBDA_RESPONSE_LIMIT = 6_291_456;

/**
 * Kept free below the limit. Sizes are computed exactly as `JSON.stringify` writes them,
 * so this only guards against the runtime's own serialization differing from ours.
 */
export const RESPONSE_SAFETY_MARGIN = 64 * 1024;

/** The default response budget of a transformation. */
export const DEFAULT_MAX_RESPONSE_BYTES = LAMBDA_RESPONSE_LIMIT - RESPONSE_SAFETY_MARGIN;

/** `{"records":[` + `]}`; entries add one comma each after the first. */
export const ENVELOPE_BYTES = Buffer.byteLength(JSON.stringify({ records: [] }));

/** Base64 length of `bytes` bytes (with padding). */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/**
 * Serialized size in bytes of a response entry whose `data` is `dataLength` base64
 * characters, without building the base64 string first.
 */
export function entryBytes(entry: Omit<FirehoseTransformationResultRecord, 'data'>, dataLength: number): number {
  return Buffer.byteLength(JSON.stringify({ ...entry, data: '' })) + dataLength;
}
