/**
 * What the backfill command, the function and the stack agree on about S3 Batch
 * Operations jobs (kept free of SDK imports: the CDK app reads it too).
 */

/** The job's user argument naming its integration: the function refuses tasks of another integration's job. */
export const INTEGRATION_ARGUMENT = 'integration';

/** Output bucket prefix of backfill manifests and completion reports (the backfill role is scoped to it). */
export const REPORT_PREFIX = 'reports/';
