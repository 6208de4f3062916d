import { DEFAULTS } from './defaults.ts';

/**
 * Where each integration's data lives in the buckets. The function's environment, the
 * S3 notification filter, the Firehose prefixes and the IAM policies are all derived from
 * these, so that a policy can never drift from the keys actually written.
 */
export interface KeyLayout {
  /** Raw bucket prefix that triggers the function: `<integration>/`. */
  readonly rawPrefix: string;
  /** Output bucket prefix of normalized events (S3 path and Firehose): `normalized/<integration>/`. */
  readonly normalizedPrefix: string;
  /** Output bucket prefix of rejected lines and failed Firehose records: `errors/<integration>/`. */
  readonly errorPrefix: string;
  /** Firehose object prefix, partitioned by the `dt` key the function emits. */
  readonly firehoseDataPrefix: string;
  /** Firehose error prefix; Firehose requires the error-output-type expression in it. */
  readonly firehoseErrorPrefix: string;
  /** Output bucket prefix of backfill manifests and completion reports: `reports/<integration>/`. */
  readonly reportPrefix: string;
}

export function keyLayout(integration: string): KeyLayout {
  const normalizedPrefix = `${DEFAULTS.outputPrefix}${integration}/`;
  const errorPrefix = `${DEFAULTS.errorPrefix}${integration}/`;
  return {
    rawPrefix: `${integration}/`,
    normalizedPrefix,
    errorPrefix,
    // Same `dt=YYYY-MM-DD/` partitions as the S3 path, so one table covers both sources.
    firehoseDataPrefix: `${normalizedPrefix}dt=!{partitionKeyFromLambda:dt}/`,
    // Firehose cannot use Lambda partition keys here: the arrival date stands in for `dt`.
    firehoseErrorPrefix: `${errorPrefix}!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/`,
    reportPrefix: `${DEFAULTS.reportPrefix}${integration}/`,
  };
}

/** `ibm-aix` to `IbmAix`: construct ids and output names. */
export function pascalCase(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** The Glue table of an integration's events: `ibm-aix` to `ibm_aix` (Athena names: lowercase, digits, underscores). */
export function tableName(integration: string): string {
  return integration.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}
