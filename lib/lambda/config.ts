import { auditprFieldLetters, auditprFieldsProblem } from '../auditpr-fields.ts';
import { ConfigurationError } from '../errors.ts';
import { isUtcZone } from '../ecs/time.ts';

/** The functions' configuration, read once at start-up from environment variables. */
export interface Config {
  /** TIMEZONE: IANA zone that AIX header times are written in. @default 'UTC' */
  readonly timezone: string;
  /** AIX_AUDITPR_FIELDS: the auditpr -h letters of the AIX records, as plain letters; undefined = detect per record. */
  readonly auditprFields?: string;
  /** OUTPUT_BUCKET: where the S3 path writes normalized events and errors. Required for S3 events. */
  readonly outputBucket: string | undefined;
  /** OUTPUT_STREAM: when set, the S3 path sends normalized events to this Firehose stream instead. */
  readonly outputStream: string | undefined;
  /** OUTPUT_PREFIX: key prefix of normalized objects. @default 'normalized/' */
  readonly outputPrefix: string;
  /** ERROR_PREFIX: key prefix of rejected-line objects. @default 'errors/' */
  readonly errorPrefix: string;
  /** MAX_OBJECT_BYTES: decompressed bytes an S3 object may hold; past them it fails, not normalized. @default {@link DEFAULT_MAX_OBJECT_BYTES} */
  readonly maxObjectBytes: number;
  /** MAX_REJECTED_LINES: rejected lines of one S3 object stored with their raw text; the others are counted in a summary record. @default {@link DEFAULT_MAX_REJECTED_LINES} */
  readonly maxRejectedLines: number;
}

/**
 * 1 GiB: what the 1,024 MB function normalizes in a few minutes of its 15 (the S3
 * benchmark's objects). Past it an object fails at once instead of running into the
 * timeout three times (a 150 KB gzip object of junk lines did).
 */
export const DEFAULT_MAX_OBJECT_BYTES = 1024 ** 3;

/** Rejected lines stored per object: enough to diagnose any format problem, not 5 million copies of it. */
export const DEFAULT_MAX_REJECTED_LINES = 10_000;

/** The defaults of the configuration (the CDK app deploys the same values). */
export const CONFIG_DEFAULTS = {
  timezone: 'UTC',
  outputPrefix: 'normalized/',
  errorPrefix: 'errors/',
} as const;

/**
 * S3's bucket naming rule: 3-63 characters, lowercase letters, digits, dots and hyphens,
 * starting and ending with a letter or digit, no two adjacent dots, not an IP address.
 */
export const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;
const PREFIX = /^[^\s]{0,512}$/;

/** The default (UTC) needs no Intl: its first use costs a cold start about 10 ms. */
function isValidTimezone(zone: string): boolean {
  if (isUtcZone(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why `zone` cannot be the timezone, or undefined when it can: the one wording of env, CLI and CDK. */
export function timezoneProblem(zone: string): string | undefined {
  return isValidTimezone(zone) ? undefined : `"${zone}" is not an IANA timezone name (for example UTC or Europe/Paris)`;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function checked(name: string, value: string | undefined, pattern: RegExp, what: string): string | undefined {
  if (value !== undefined && !pattern.test(value)) {
    throw new ConfigurationError(name, `"${value}" is not ${what}`);
  }
  return value;
}

function prefix(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = checked(name, env[name], PREFIX, 'a valid S3 key prefix (no spaces, at most 512 characters)') ?? fallback;
  return value === '' || value.endsWith('/') ? value : `${value}/`;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = optional(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigurationError(name, `"${text}" is not a whole number of at least 1`);
  }
  return value;
}

/** Reads and validates the configuration; a malformed value throws a `ConfigurationError` naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const timezone = optional(env, 'TIMEZONE') ?? CONFIG_DEFAULTS.timezone;
  const problem = timezoneProblem(timezone);
  if (problem !== undefined) throw new ConfigurationError('TIMEZONE', problem);
  const auditprFields = optional(env, 'AIX_AUDITPR_FIELDS');
  const fieldsProblem = auditprFields === undefined ? undefined : auditprFieldsProblem(auditprFields);
  if (fieldsProblem !== undefined) throw new ConfigurationError('AIX_AUDITPR_FIELDS', fieldsProblem);
  return {
    timezone,
    auditprFields: auditprFields === undefined ? undefined : auditprFieldLetters(auditprFields),
    outputBucket: checked('OUTPUT_BUCKET', optional(env, 'OUTPUT_BUCKET'), BUCKET_NAME, 'a valid S3 bucket name'),
    outputStream: checked('OUTPUT_STREAM', optional(env, 'OUTPUT_STREAM'), STREAM_NAME, 'a valid Firehose delivery stream name'),
    outputPrefix: prefix(env, 'OUTPUT_PREFIX', CONFIG_DEFAULTS.outputPrefix),
    errorPrefix: prefix(env, 'ERROR_PREFIX', CONFIG_DEFAULTS.errorPrefix),
    maxObjectBytes: positiveInteger(env, 'MAX_OBJECT_BYTES', DEFAULT_MAX_OBJECT_BYTES),
    maxRejectedLines: positiveInteger(env, 'MAX_REJECTED_LINES', DEFAULT_MAX_REJECTED_LINES),
  };
}

/** The output bucket, which the S3 path cannot work without. */
export function requireOutputBucket(config: Config): string {
  if (!config.outputBucket) {
    throw new ConfigurationError('OUTPUT_BUCKET', 'is required to process S3 events but is not set');
  }
  return config.outputBucket;
}
