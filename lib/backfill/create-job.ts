import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { CreateJobCommand, type CreateJobCommandInput, DescribeJobCommand, type S3ControlClient } from '@aws-sdk/client-s3-control';
import { parseCommandLine } from '../cli/args.ts';
import { UsageError } from '../errors.ts';
import { findIntegration } from '../integration.ts';
import type { Integration } from '../integration.ts';
import { INTEGRATION_ARGUMENT, REPORT_PREFIX } from './contract.ts';

/**
 * `npm run backfill`: normalizes objects already in the raw bucket with an S3 Batch
 * Operations job that invokes the integration's function on every object under a prefix.
 * S3 generates the job's manifest from the prefix (no listing of our own); the job runs
 * with the stack's backfill role and writes the generated manifest and its completion
 * report under `reports/<integration>/` of the output bucket. Outputs keep their
 * deterministic keys, so a backfill over objects already processed overwrites, never
 * duplicates.
 */

/** Job priority: Batch Operations runs higher numbers first; backfills have no reason to jump ahead. */
const JOB_PRIORITY = 10;
/** S3 Control's limit on a job description. */
const DESCRIPTION_MAX = 256;

/** The command's help, listing `integrations`. */
export const backfillUsage = (integrations: readonly Integration[]): string => `usage: npm run --silent backfill -- <integration> s3://<raw bucket>/<integration>/[prefix] [--dry-run]
         --function-arn ARN --role-arn ARN --report-bucket NAME

Creates an S3 Batch Operations job that normalizes every object under the prefix with the
integration's function. The three options are the stack output <Integration>BackfillOptions.

integrations: ${integrations.map((i) => i.name).join(', ')}

options:
  --dry-run              print the job request and count the objects under the prefix; create nothing
  --function-arn ARN     the integration's normalizer function
  --role-arn ARN         the integration's backfill role (S3 Batch Operations assumes it)
  --report-bucket NAME   the output bucket: the manifest and report go under ${REPORT_PREFIX}<integration>/
  -h, --help             show this help

exit status: 0 job created (or dry run done), 1 AWS error, 2 usage error`;

export interface BackfillOptions {
  readonly integration: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly dryRun: boolean;
  readonly functionArn: string;
  readonly roleArn: string;
  readonly reportBucket: string;
  /** From the function ARN: the job runs in the function's account and region. */
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.*)$/s;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const FUNCTION_ARN = /^arn:(aws[a-z-]{0,20}):lambda:([a-z0-9-]{1,30}):(\d{12}):function:[A-Za-z0-9_-]{1,64}$/;
const ROLE_ARN = /^arn:aws[a-z-]{0,20}:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

function required(value: string | undefined, option: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`missing ${option} (see the stack output <Integration>BackfillOptions)`);
  return value.trim();
}

/** Parses the command line; throws `UsageError` with a message for the user. Undefined for --help. */
export function parseBackfillArgs(argv: readonly string[], integrations: readonly Integration[]): BackfillOptions | undefined {
  const parsed = parseCommandLine(argv, {
    'dry-run': { type: 'boolean', default: false },
    'function-arn': { type: 'string' },
    'role-arn': { type: 'string' },
    'report-bucket': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (parsed.values.help) return undefined;
  const [name, uri, ...extra] = parsed.positionals;
  if (name === undefined) throw new UsageError(`missing integration; valid integrations: ${integrations.map((i) => i.name).join(', ')}`);
  try {
    findIntegration(integrations, name);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (uri === undefined) throw new UsageError(`missing the S3 location: s3://<raw bucket>/${name}/[prefix]`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const location = S3_URI.exec(uri);
  if (!location) throw new UsageError(`"${uri}" is not an S3 location (s3://<bucket>/<prefix>)`);
  const [, bucket, prefix] = location as unknown as [string, string, string];
  // The function reads only its own prefix of the raw bucket: anything else would fail task by task.
  if (!prefix.startsWith(`${name}/`)) throw new UsageError(`"${uri}" is not under ${name}/, the only prefix the ${name} function reads`);

  const functionArn = required(parsed.values['function-arn'], '--function-arn');
  const arn = FUNCTION_ARN.exec(functionArn);
  if (!arn) throw new UsageError(`--function-arn: "${functionArn}" is not a Lambda function ARN`);
  const roleArn = required(parsed.values['role-arn'], '--role-arn');
  if (!ROLE_ARN.test(roleArn)) throw new UsageError(`--role-arn: "${roleArn}" is not an IAM role ARN`);
  const reportBucket = required(parsed.values['report-bucket'], '--report-bucket');
  if (!BUCKET_NAME.test(reportBucket)) throw new UsageError(`--report-bucket: "${reportBucket}" is not an S3 bucket name`);
  const [, partition, region, accountId] = arn as unknown as [string, string, string, string];
  return { integration: name, bucket, prefix, dryRun: parsed.values['dry-run'] ?? false, functionArn, roleArn, reportBucket, partition, region, accountId };
}

/** Where a job's report and generated manifest go: `reports/<integration>` (S3 adds `/job-<id>/...`). */
export const reportPrefixOf = (integration: string): string => `${REPORT_PREFIX}${integration}`;

/** The CreateJob request of a backfill: Lambda invoke (schema 2.0) on a manifest S3 generates from the prefix. */
export function backfillJobRequest(options: BackfillOptions, clientRequestToken: string): CreateJobCommandInput {
  const bucketArn = (bucket: string): string => `arn:${options.partition}:s3:::${bucket}`;
  const reports = reportPrefixOf(options.integration);
  return {
    AccountId: options.accountId,
    // The command is the confirmation (--dry-run shows the request first).
    ConfirmationRequired: false,
    Operation: {
      LambdaInvoke: {
        FunctionArn: options.functionArn,
        InvocationSchemaVersion: '2.0',
        // The function refuses tasks of a job made for another integration.
        UserArguments: { [INTEGRATION_ARGUMENT]: options.integration },
      },
    },
    ManifestGenerator: {
      S3JobManifestGenerator: {
        SourceBucket: bucketArn(options.bucket),
        Filter: { KeyNameConstraint: { MatchAnyPrefix: [options.prefix] } },
        // Kept so that the report can be read against the list of objects the job took.
        EnableManifestOutput: true,
        ManifestOutputLocation: { Bucket: bucketArn(options.reportBucket), ManifestPrefix: `${reports}/manifests`, ManifestFormat: 'S3InventoryReport_CSV_20211130' },
      },
    },
    Report: { Bucket: bucketArn(options.reportBucket), Prefix: reports, Format: 'Report_CSV_20180820', Enabled: true, ReportScope: 'AllTasks' },
    Priority: JOB_PRIORITY,
    RoleArn: options.roleArn,
    ClientRequestToken: clientRequestToken,
    Description: `ecs-log-normalizers backfill ${options.integration} s3://${options.bucket}/${options.prefix}`.slice(0, DESCRIPTION_MAX),
  };
}

export interface BackfillDeps {
  readonly s3control: S3ControlClient;
  /** Lists the prefix on --dry-run. */
  readonly s3: S3Client;
  /** Prints one line. */
  readonly print: (line: string) => void;
  readonly clientRequestToken: string;
}

/** Objects and bytes under a prefix (--dry-run only: the job itself lets S3 list). */
async function countObjects(s3: S3Client, bucket: string, prefix: string): Promise<{ objects: number; bytes: number }> {
  let objects = 0;
  let bytes = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      objects += 1;
      bytes += object.Size ?? 0;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { objects, bytes };
}

/** Creates the job (or, with --dry-run, shows what it would be) and prints how to follow it. */
export async function runBackfill(options: BackfillOptions, deps: BackfillDeps): Promise<void> {
  const request = backfillJobRequest(options, deps.clientRequestToken);
  const { print } = deps;
  const source = `s3://${options.bucket}/${options.prefix}`;
  if (options.dryRun) {
    print('Dry run: no job created. The CreateJob request would be:');
    print(JSON.stringify(request, null, 2));
    const { objects, bytes } = await countObjects(deps.s3, options.bucket, options.prefix);
    print(`Objects under ${source} now: ${objects} (${bytes} bytes); the job takes those present when S3 generates its manifest.`);
    return;
  }
  const created = await deps.s3control.send(new CreateJobCommand(request));
  const jobId = created.JobId;
  if (!jobId) throw new Error('CreateJob answered no job id');
  const described = await deps.s3control.send(new DescribeJobCommand({ AccountId: options.accountId, JobId: jobId }));
  const total = described.Job?.ProgressSummary?.TotalNumberOfTasks;
  print(`Created S3 Batch Operations job ${jobId} (status ${described.Job?.Status ?? 'unknown'}) for ${source}.`);
  print(total !== undefined ? `Objects: ${total}.` : 'Objects: not known yet; S3 counts them while it generates the manifest.');
  print('Follow it:');
  print(`  aws s3control describe-job --region ${options.region} --account-id ${options.accountId} --job-id ${jobId} --query 'Job.[Status,ProgressSummary]'`);
  print(`  https://console.aws.amazon.com/s3/jobs/${jobId}?region=${options.region}`);
  print(`Completion report: s3://${options.reportBucket}/${reportPrefixOf(options.integration)}/job-${jobId}/`);
}
