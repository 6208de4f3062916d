/** Sizes of a Firehose transformation response as Lambda serializes it (`JSON.stringify`). */

/** Lambda's limit on a synchronous invocation's response payload (6 MB). */
export const LAMBDA_RESPONSE_LIMIT = 6_291_456;

/**
 * Kept free below the limit. Sizes are computed exactly as `JSON.stringify` writes them,
 * so this only guards against the runtime's own serialization differing from ours.
 */
const RESPONSE_SAFETY_MARGIN = 64 * 1024;

/** The default response budget of a transformation. */
export const DEFAULT_MAX_RESPONSE_BYTES = LAMBDA_RESPONSE_LIMIT - RESPONSE_SAFETY_MARGIN;

/** `{"records":[]}`; entries add one comma each after the first. */
export const ENVELOPE_BYTES = Buffer.byteLength(JSON.stringify({ records: [] }));

/** Base64 length of `bytes` bytes (with padding). */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/**
 * Bytes that `text` decodes to when it is all base64 (padded or not): `Buffer.from(text,
 * 'base64')` skips any other character, so a shorter result means it was not base64.
 */
export function base64DecodedLength(text: string): number {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  return Math.floor((end * 3) / 4);
}

/** Printable ASCII other than `"` and `\`: JSON writes these characters as they are. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** UTF-8 bytes of `JSON.stringify(value)`, without building it for plain ASCII (record ids, dates). */
export function jsonStringBytes(value: string): number {
  return PLAIN.test(value) ? value.length + 2 : Buffer.byteLength(JSON.stringify(value));
}

/**
 * Serialized sizes of the three kinds of response entry, computed arithmetically: one
 * `JSON.stringify` per entry would cost as much as normalizing a short record.
 */
export interface EntrySizes {
  /** `{"recordId":…,"result":"Dropped","data":""}` */
  dropped(idBytes: number): number;
  /** `{"recordId":…,"result":"ProcessingFailed","data":<dataLength characters>}` */
  failed(idBytes: number, dataLength: number): number;
  /** `{"recordId":…,"result":"Ok","data":<dataLength characters>,"metadata":{"partitionKeys":{"integration":…,"dt":<dt>}}}` */
  ok(idBytes: number, dataLength: number, dt: string): number;
}

/** Entry sizes for the given integration name (its partition key); `idBytes` is `jsonStringBytes(recordId)`. */
export function entrySizes(integration: string): EntrySizes {
  const base = (entry: object): number => Buffer.byteLength(JSON.stringify(entry));
  // Templates with an empty id (`""`, 2 bytes) and empty data/dt (`""` each).
  const dropped = base({ recordId: '', result: 'Dropped', data: '' }) - 2;
  const failed = base({ recordId: '', result: 'ProcessingFailed', data: '' }) - 2;
  const ok = base({ recordId: '', result: 'Ok', data: '', metadata: { partitionKeys: { integration, dt: '' } } }) - 4;
  return {
    dropped: (idBytes) => dropped + idBytes,
    failed: (idBytes, dataLength) => failed + idBytes + dataLength,
    // A partition date is `YYYY-MM-DD` (partition-date.ts): ten ASCII characters and its quotes.
    ok: (idBytes, dataLength, dt) => ok + idBytes + dataLength + dt.length + 2,
  };
}
