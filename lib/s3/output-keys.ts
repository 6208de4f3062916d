import { createHash } from 'node:crypto';

/**
 * Where the S3 path writes what it made of a source object. The keys depend only on the
 * source object version (its key, ETag and last-modified date), never on the invocation,
 * so a retried or duplicated invocation overwrites its earlier output instead of adding
 * a second copy:
 *
 * ```
 * <OUTPUT_PREFIX><integration>/dt=<YYYY-MM-DD>/<source key>.<etag8>.ndjson.gz   events
 * <ERROR_PREFIX><integration>/dt=<YYYY-MM-DD>/<source key>.<etag8>.ndjson.gz    rejected lines
 * ```
 *
 * - `dt` is the UTC date of the source object's `Last-Modified` (when it landed in the raw
 *   bucket), read from the GetObject response: it is fixed for an object version, unlike
 *   the invocation time, and is the same whichever notification (or a re-drive built by
 *   hand) triggers the run.
 * - `etag8` is the first 8 characters of the ETag of the object version read, so a key
 *   overwritten with new content gets a new output instead of clobbering the old one.
 */

/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/** The two keys of a source object's outputs. */
export interface OutputKeys {
  /** Key of the gzip NDJSON of normalized events. */
  readonly events: string;
  /** Key of the gzip NDJSON of rejected lines. */
  readonly errors: string;
}

/** What the keys are derived from. */
export interface OutputKeySource {
  readonly integration: string;
  /** Source object key (decoded). */
  readonly key: string;
  /** ETag of the object version read (quotes allowed). */
  readonly eTag: string | undefined;
  /** Last-Modified of the object version read. */
  readonly lastModified: Date;
}

/** UTC `YYYY-MM-DD` of a date. */
function utcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Cuts a string to at most `bytes` UTF-8 bytes without splitting a character. */
function cutUtf8(text: string, bytes: number): string {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= bytes) return text;
  let end = bytes;
  // Back up over continuation bytes (10xxxxxx) so the cut falls between characters.
  while (end > 0 && (buffer[end]! & 0xc0) === 0x80) end -= 1;
  return buffer.subarray(0, end).toString('utf8');
}

/**
 * The output and error keys of a source object. A source key too long to fit S3's
 * 1,024-byte limit once prefixed is cut and suffixed with a hash of the whole key, so
 * distinct sources still get distinct outputs.
 */
export function outputKeys(source: OutputKeySource, prefixes: { readonly outputPrefix: string; readonly errorPrefix: string }): OutputKeys {
  const etag8 = (source.eTag ?? '').replace(/"/g, '').slice(0, 8);
  const suffix = `${etag8 ? `.${etag8}` : ''}.ndjson.gz`;
  const folder = `${source.integration}/dt=${utcDate(source.lastModified)}/`;
  const longestPrefix = Math.max(Buffer.byteLength(prefixes.errorPrefix), Buffer.byteLength(prefixes.outputPrefix));
  const room = MAX_KEY_BYTES - longestPrefix - Buffer.byteLength(folder) - Buffer.byteLength(suffix);
  let name = source.key;
  if (Buffer.byteLength(name) > room) {
    const hash = createHash('sha256').update(source.key).digest('hex').slice(0, 16);
    name = `${cutUtf8(name, room - hash.length - 1)}~${hash}`;
  }
  return {
    events: `${prefixes.outputPrefix}${folder}${name}${suffix}`,
    errors: `${prefixes.errorPrefix}${folder}${name}${suffix}`,
  };
}
