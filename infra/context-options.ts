import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { auditprFieldLetters, auditprFieldsProblem } from '../lib/auditpr-fields.ts';
import { BUCKET_NAME, timezoneProblem } from '../lib/lambda/config.ts';
import { ConfigurationError } from '../lib/errors.ts';
import { integrationFolders } from '../functions/entry-points.ts';
import type { DeployedIntegration } from './integration-pipeline.ts';
import type { NormalizerStackProps } from './normalizer-stack.ts';
import { S3_TRIGGER_MODES, type S3TriggerMode } from './s3-trigger.ts';

/** The context options users set with `-c key=value` or in cdk.json (documented in the README, "Context options"). */
export const CONTEXT = {
  integrations: 'integrations',
  rawBucketName: 'rawBucketName',
  outputBucketName: 'outputBucketName',
  timezone: 'timezone',
  auditprFields: 'auditprFields',
  maxObjectBytes: 'maxObjectBytes',
  maxRejectedLines: 'maxRejectedLines',
  logRetentionDays: 'logRetentionDays',
  logLevel: 'logLevel',
  alarmEmail: 'alarmEmail',
  outputNoncurrentVersionDays: 'outputNoncurrentVersionDays',
  reservedConcurrency: 'reservedConcurrency',
  s3Trigger: 's3Trigger',
  sqsMaxReceiveCount: 'sqsMaxReceiveCount',
  sqsMaxConcurrency: 'sqsMaxConcurrency',
  sqsBatchSize: 'sqsBatchSize',
  queryStartDate: 'queryStartDate',
  athenaScanLimitGiB: 'athenaScanLimitGiB',
} as const;

/**
 * The validated options: the stack props that context can set; a field is undefined when
 * its option is not set (the stack applies the default).
 */
export type ContextOptions = Pick<
  NormalizerStackProps,
  | 'integrations'
  | 'rawBucketName'
  | 'outputBucketName'
  | 'timezone'
  | 'auditprFields'
  | 'maxObjectBytes'
  | 'maxRejectedLines'
  | 'logRetention'
  | 'logLevel'
  | 'alarmEmail'
  | 'outputNoncurrentVersionDays'
  | 'reservedConcurrency'
  | 's3Trigger'
  | 'sqsMaxReceiveCount'
  | 'sqsMaxConcurrency'
  | 'sqsBatchSize'
  | 'queryStartDate'
  | 'athenaScanLimitGiB'
>;

export const LOG_LEVELS: readonly string[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/** CloudWatch Logs retention periods in days, without "never expire" (logs must expire). */
export const RETENTION_PERIODS: readonly number[] = Object.values(RetentionDays).filter(
  (value): value is number => typeof value === 'number' && value !== RetentionDays.INFINITE,
);

// The domain's last label excludes dots, so the match is linear (the former `[^\s@]+` there was quadratic).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

/** Reads and validates the context options; a bad value throws a `ConfigurationError` naming the option. */
export function readContextOptions(node: Node): ContextOptions {
  const rawBucketName = bucketName(node, CONTEXT.rawBucketName);
  const outputBucketName = bucketName(node, CONTEXT.outputBucketName);
  if (rawBucketName !== undefined && rawBucketName === outputBucketName) {
    throw new ConfigurationError(CONTEXT.outputBucketName, `must differ from ${CONTEXT.rawBucketName} ("${rawBucketName}")`);
  }
  const reservedConcurrency = positiveInteger(node, CONTEXT.reservedConcurrency);
  const trigger = s3TriggerOptions(node);
  // Lambda's advice: a queue allowed more invocations than the function may run only gets throttled.
  if (reservedConcurrency !== undefined && trigger.sqsMaxConcurrency !== undefined && trigger.sqsMaxConcurrency > reservedConcurrency) {
    throw new ConfigurationError(CONTEXT.sqsMaxConcurrency, `${trigger.sqsMaxConcurrency} is over ${CONTEXT.reservedConcurrency} (${reservedConcurrency})`);
  }
  return {
    integrations: selectedIntegrations(node),
    rawBucketName,
    outputBucketName,
    timezone: timezone(node),
    auditprFields: auditprFields(node),
    maxObjectBytes: positiveInteger(node, CONTEXT.maxObjectBytes),
    maxRejectedLines: positiveInteger(node, CONTEXT.maxRejectedLines),
    logRetention: logRetention(node),
    logLevel: logLevel(node),
    alarmEmail: alarmEmail(node),
    outputNoncurrentVersionDays: positiveInteger(node, CONTEXT.outputNoncurrentVersionDays),
    reservedConcurrency,
    ...trigger,
    queryStartDate: calendarDate(node, CONTEXT.queryStartDate),
    athenaScanLimitGiB: positiveInteger(node, CONTEXT.athenaScanLimitGiB),
  };
}

/** A string option; blank counts as unset, as for the functions' environment variables. */
function stringOption(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ConfigurationError(key, `expected a string, got ${JSON.stringify(value)}`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function selectedIntegrations(node: Node): readonly DeployedIntegration[] | undefined {
  const key = CONTEXT.integrations;
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  let names: string[];
  if (typeof value === 'string') names = value.split(',');
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) names = value;
  else throw new ConfigurationError(key, `expected a comma-separated list of integration names, got ${JSON.stringify(value)}`);
  names = names.map((name) => name.trim()).filter((name) => name !== '');
  const known = integrationFolders();
  const valid = `valid integrations: ${known.join(', ')}`;
  if (names.length === 0) throw new ConfigurationError(key, `names no integration; ${valid}`);
  const seen = new Set<string>();
  return names.map((name) => {
    if (seen.has(name)) throw new ConfigurationError(key, `"${name}" is listed more than once`);
    seen.add(name);
    if (!known.includes(name)) throw new ConfigurationError(key, `unknown integration "${name}"; ${valid}`);
    return { name };
  });
}

function bucketName(node: Node, key: string): string | undefined {
  const value = stringOption(node, key);
  if (value !== undefined && !BUCKET_NAME.test(value)) {
    throw new ConfigurationError(key, `"${value}" is not a valid S3 bucket name`);
  }
  return value;
}

function timezone(node: Node): string | undefined {
  const value = stringOption(node, CONTEXT.timezone);
  const problem = value === undefined ? undefined : timezoneProblem(value);
  if (problem !== undefined) throw new ConfigurationError(CONTEXT.timezone, problem);
  return value;
}

function auditprFields(node: Node): string | undefined {
  const value = stringOption(node, CONTEXT.auditprFields);
  const problem = value === undefined ? undefined : auditprFieldsProblem(value);
  if (problem !== undefined) throw new ConfigurationError(CONTEXT.auditprFields, problem);
  return value === undefined ? undefined : auditprFieldLetters(value);
}

/** A whole number from `-c key=7` (a string) or cdk.json (a number); NaN when it is neither. Undefined when unset. */
function wholeNumber(node: Node, key: string): { value: unknown; number: number } | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return { value, number };
}

function positiveInteger(node: Node, key: string): number | undefined {
  const read = wholeNumber(node, key);
  if (read === undefined) return undefined;
  if (!Number.isSafeInteger(read.number) || read.number < 1) {
    throw new ConfigurationError(key, `${JSON.stringify(read.value)} is not a whole number of at least 1`);
  }
  return read.number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (31 Feb is refused, not rolled over). */
function calendarDate(node: Node, key: string): string | undefined {
  const value = stringOption(node, key);
  if (value === undefined) return undefined;
  const [, year, month, day] = DATE.exec(value) ?? [];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (year === undefined || date.toISOString().slice(0, 10) !== value) {
    throw new ConfigurationError(key, `"${value}" is not a date written YYYY-MM-DD`);
  }
  return value;
}

function logRetention(node: Node): RetentionDays | undefined {
  const key = CONTEXT.logRetentionDays;
  const read = wholeNumber(node, key);
  if (read === undefined) return undefined;
  const { value, number: days } = read;
  if (!RETENTION_PERIODS.includes(days)) {
    throw new ConfigurationError(
      key,
      `${JSON.stringify(value)} is not a CloudWatch Logs retention period in days; use one of ${RETENTION_PERIODS.join(', ')}`,
    );
  }
  return days as RetentionDays;
}

function logLevel(node: Node): string | undefined {
  const value = stringOption(node, CONTEXT.logLevel);
  if (value !== undefined && !LOG_LEVELS.includes(value.toUpperCase())) {
    throw new ConfigurationError(CONTEXT.logLevel, `"${value}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  return value?.toUpperCase();
}

function alarmEmail(node: Node): string | undefined {
  const value = stringOption(node, CONTEXT.alarmEmail);
  if (value !== undefined && !EMAIL.test(value)) {
    throw new ConfigurationError(CONTEXT.alarmEmail, `"${value}" is not an e-mail address`);
  }
  return value;
}

/** A whole number option within [min, max] (SQS and Lambda limits); cdk.json may give a number. */
function integerOption(node: Node, key: string, min: number, max: number): number | undefined {
  const read = wholeNumber(node, key);
  if (read === undefined) return undefined;
  if (!Number.isInteger(read.number) || read.number < min || read.number > max) {
    throw new ConfigurationError(key, `${JSON.stringify(read.value)} is not a whole number from ${min} to ${max}`);
  }
  return read.number;
}

function s3TriggerOptions(node: Node): Pick<ContextOptions, 's3Trigger' | 'sqsMaxReceiveCount' | 'sqsMaxConcurrency' | 'sqsBatchSize'> {
  const value = stringOption(node, CONTEXT.s3Trigger);
  if (value !== undefined && !S3_TRIGGER_MODES.includes(value as S3TriggerMode)) {
    throw new ConfigurationError(CONTEXT.s3Trigger, `"${value}" is not one of ${S3_TRIGGER_MODES.join(', ')}`);
  }
  const s3Trigger = value as S3TriggerMode | undefined;
  // SQS allows 1-1,000 receives; Lambda's maximum concurrency of an SQS source is 2-1,000.
  const sqsMaxReceiveCount = integerOption(node, CONTEXT.sqsMaxReceiveCount, 1, 1000);
  const sqsMaxConcurrency = integerOption(node, CONTEXT.sqsMaxConcurrency, 2, 1000);
  // A standard queue's event source takes up to 10 messages without a batching window (none here).
  const sqsBatchSize = integerOption(node, CONTEXT.sqsBatchSize, 1, 10);
  for (const [key, set] of [
    [CONTEXT.sqsMaxReceiveCount, sqsMaxReceiveCount],
    [CONTEXT.sqsMaxConcurrency, sqsMaxConcurrency],
    [CONTEXT.sqsBatchSize, sqsBatchSize],
  ] as const) {
    if (set !== undefined && s3Trigger !== 'sqs') throw new ConfigurationError(key, `applies only with ${CONTEXT.s3Trigger}=sqs`);
  }
  return { s3Trigger, sqsMaxReceiveCount, sqsMaxConcurrency, sqsBatchSize };
}
