import { CreateJobCommand, DescribeJobCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { integrations } from '../../../functions/registry.ts';
import { backfillUsage, parseBackfillArgs, runBackfill, type BackfillOptions } from '../../../lib/backfill/create-job.ts';
import { UsageError } from '../../../lib/errors.ts';
import { startTestS3, type TestS3 } from '../../helpers/s3-server.ts';

/**
 * `npm run backfill`: the S3 Control CreateJob request is checked against a mocked client
 * (a real job needs an account); the --dry-run listing runs against the local S3 server.
 */

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-3:111122223333:function:EcsLogNormalizers-TaniumFunction6B45E23B-AbCdEf123456';
const ROLE_ARN = 'arn:aws:iam::111122223333:role/EcsLogNormalizers-TaniumBackfillRole3430896F-XyZ0987654';
const OPTIONS = ['--function-arn', FUNCTION_ARN, '--role-arn', ROLE_ARN, '--report-bucket', 'example-normalized-events'];
const TOKEN = '5f2b7c1e-8d3a-4f6e-9b0c-1a2d3e4f5a6b';

const parsed = (argv: string[]): BackfillOptions => parseBackfillArgs(argv, integrations)!;
const USAGE = backfillUsage(integrations);

describe('backfill: arguments', () => {
  it('reads the integration, the S3 location and the stack options; account and region come from the function ARN', () => {
    expect(parsed(['tanium', 's3://example-raw-logs/tanium/2024/', ...OPTIONS])).toStrictEqual({
      integration: 'tanium',
      bucket: 'example-raw-logs',
      prefix: 'tanium/2024/',
      dryRun: false,
      functionArn: FUNCTION_ARN,
      roleArn: ROLE_ARN,
      reportBucket: 'example-normalized-events',
      partition: 'aws',
      region: 'eu-west-3',
      accountId: '111122223333',
    });
    expect(parsed(['tanium', 's3://example-raw-logs/tanium/', '--dry-run', ...OPTIONS]).dryRun).toBe(true);
    expect(parseBackfillArgs(['--help'], integrations)).toBeUndefined();
  });

  it.each([
    [[], 'missing integration; valid integrations: ibm-aix, tanium'],
    [['zos', 's3://example-raw-logs/zos/'], 'unknown integration "zos"; valid integrations: ibm-aix, tanium'],
    [['tanium'], 'missing the S3 location: s3://<raw bucket>/tanium/[prefix]'],
    [['tanium', 'example-raw-logs/tanium/', ...OPTIONS], '"example-raw-logs/tanium/" is not an S3 location (s3://<bucket>/<prefix>)'],
    [['tanium', 's3://example-raw-logs/ibm-aix/', ...OPTIONS], '"s3://example-raw-logs/ibm-aix/" is not under tanium/, the only prefix the tanium function reads'],
    [['tanium', 's3://example-raw-logs', ...OPTIONS], '"s3://example-raw-logs" is not an S3 location (s3://<bucket>/<prefix>)'],
    [['tanium', 's3://example-raw-logs/tanium/', 'extra', ...OPTIONS], 'unexpected argument "extra"'],
    [['tanium', 's3://example-raw-logs/tanium/'], 'missing --function-arn (see the stack output <Integration>BackfillOptions)'],
    [['tanium', 's3://example-raw-logs/tanium/', ...OPTIONS.slice(0, 2)], 'missing --role-arn (see the stack output <Integration>BackfillOptions)'],
    [['tanium', 's3://example-raw-logs/tanium/', '--function-arn', 'TaniumFunction', '--role-arn', ROLE_ARN, '--report-bucket', 'b-out'], '--function-arn: "TaniumFunction" is not a Lambda function ARN'],
    [['tanium', 's3://example-raw-logs/tanium/', '--function-arn', FUNCTION_ARN, '--role-arn', 'arn:aws:iam::111122223333:user/ops', '--report-bucket', 'b-out'], '--role-arn: "arn:aws:iam::111122223333:user/ops" is not an IAM role ARN'],
    [['tanium', 's3://example-raw-logs/tanium/', '--function-arn', FUNCTION_ARN, '--role-arn', ROLE_ARN, '--report-bucket', 'Out_Bucket'], '--report-bucket: "Out_Bucket" is not an S3 bucket name'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBackfillArgs(argv, integrations)).toThrow(new UsageError(message));
  });
});

describe('backfill: the job', () => {
  const s3control = new S3ControlClient({ region: 'eu-west-3', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' } });
  const mock = mockClient(s3control);
  let s3: TestS3;
  let lines: string[];
  const run = (argv: string[]) => runBackfill(parsed(argv), { s3control, s3: s3.client, print: (line) => lines.push(line), clientRequestToken: TOKEN });

  beforeAll(async () => {
    s3 = await startTestS3(['example-raw-logs']);
  });
  afterAll(async () => {
    await s3.close();
  });
  beforeEach(() => {
    mock.reset();
    lines = [];
  });

  const REQUEST = {
    AccountId: '111122223333',
    ConfirmationRequired: false,
    Operation: { LambdaInvoke: { FunctionArn: FUNCTION_ARN, InvocationSchemaVersion: '2.0', UserArguments: { integration: 'tanium' } } },
    ManifestGenerator: {
      S3JobManifestGenerator: {
        SourceBucket: 'arn:aws:s3:::example-raw-logs',
        Filter: { KeyNameConstraint: { MatchAnyPrefix: ['tanium/2024/'] } },
        EnableManifestOutput: true,
        ManifestOutputLocation: { Bucket: 'arn:aws:s3:::example-normalized-events', ManifestPrefix: 'reports/tanium/manifests', ManifestFormat: 'S3InventoryReport_CSV_20211130' },
      },
    },
    Report: { Bucket: 'arn:aws:s3:::example-normalized-events', Prefix: 'reports/tanium', Format: 'Report_CSV_20180820', Enabled: true, ReportScope: 'AllTasks' },
    Priority: 10,
    RoleArn: ROLE_ARN,
    ClientRequestToken: TOKEN,
    Description: 'ecs-log-normalizers backfill tanium s3://example-raw-logs/tanium/2024/',
  };

  it('creates a Lambda-invoke job on a manifest S3 generates from the prefix, then prints its id, object count and how to follow it', async () => {
    mock.on(CreateJobCommand).resolves({ JobId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' });
    mock.on(DescribeJobCommand).resolves({ Job: { JobId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', Status: 'Active', ProgressSummary: { TotalNumberOfTasks: 1234 } } });

    await run(['tanium', 's3://example-raw-logs/tanium/2024/', ...OPTIONS]);

    expect(mock.commandCalls(CreateJobCommand).map((call) => call.args[0].input)).toStrictEqual([REQUEST]);
    expect(mock.commandCalls(DescribeJobCommand).map((call) => call.args[0].input)).toStrictEqual([
      { AccountId: '111122223333', JobId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' },
    ]);
    expect(lines).toStrictEqual([
      'Created S3 Batch Operations job a1b2c3d4-5678-90ab-cdef-EXAMPLE11111 (status Active) for s3://example-raw-logs/tanium/2024/.',
      'Objects: 1234.',
      'Follow it:',
      "  aws s3control describe-job --region eu-west-3 --account-id 111122223333 --job-id a1b2c3d4-5678-90ab-cdef-EXAMPLE11111 --query 'Job.[Status,ProgressSummary]'",
      '  https://console.aws.amazon.com/s3/jobs/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111?region=eu-west-3',
      'Completion report: s3://example-normalized-events/reports/tanium/job-a1b2c3d4-5678-90ab-cdef-EXAMPLE11111/',
    ]);
  });

  it('says the object count is not known yet while S3 generates the manifest', async () => {
    mock.on(CreateJobCommand).resolves({ JobId: 'job-2' });
    mock.on(DescribeJobCommand).resolves({ Job: { JobId: 'job-2', Status: 'New', ProgressSummary: {} } });

    await run(['tanium', 's3://example-raw-logs/tanium/', ...OPTIONS]);

    expect(lines.slice(0, 2)).toStrictEqual([
      'Created S3 Batch Operations job job-2 (status New) for s3://example-raw-logs/tanium/.',
      'Objects: not known yet; S3 counts them while it generates the manifest.',
    ]);
  });

  it('--dry-run prints the request, counts the objects under the prefix and creates nothing', async () => {
    await s3.put('example-raw-logs', 'tanium/2024/05/a.json', '{"event":"x"}\n');
    await s3.put('example-raw-logs', 'tanium/2024/05/b.json.gz', Buffer.alloc(100));
    await s3.put('example-raw-logs', 'tanium/2023/old.json', '{}\n');

    await run(['tanium', 's3://example-raw-logs/tanium/2024/', '--dry-run', ...OPTIONS]);

    expect(mock.calls()).toStrictEqual([]);
    expect(lines).toStrictEqual([
      'Dry run: no job created. The CreateJob request would be:',
      JSON.stringify(REQUEST, null, 2),
      'Objects under s3://example-raw-logs/tanium/2024/ now: 2 (114 bytes); the job takes those present when S3 generates its manifest.',
    ]);
  });
});

describe('backfill: the command', () => {
  const exec = promisify(execFile);

  it('exits 2 with the usage on a usage error, and 0 with it on --help', async () => {
    const failed = await exec(process.execPath, ['--import', 'tsx', 'scripts/backfill.ts', 'tanium', 's3://example-raw-logs/ibm-aix/']).catch((e: unknown) => e as { code: number; stderr: string; stdout: string });
    expect(failed).toMatchObject({ code: 2, stdout: '' });
    expect((failed as { stderr: string }).stderr).toBe(`backfill: "s3://example-raw-logs/ibm-aix/" is not under tanium/, the only prefix the tanium function reads\n\n${USAGE}\n`);

    const help = await exec(process.execPath, ['--import', 'tsx', 'scripts/backfill.ts', '--help']);
    expect(help.stdout).toBe(`${USAGE}\n`);
  });

  it('--dry-run lists the raw bucket in the function\'s region, whatever region the environment has or lacks', async () => {
    const s3 = await startTestS3(['example-raw-logs']);
    try {
      await s3.put('example-raw-logs', 'tanium/2024/05/a.json', '{"event":"x"}\n');
      // No AWS_REGION, no AWS_DEFAULT_REGION, no config file: only the function ARN names a region.
      const env = { PATH: process.env.PATH, HOME: '/nonexistent', AWS_CONFIG_FILE: '/dev/null', AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
      const result = await exec(process.execPath, ['--import', 'tsx', 'scripts/backfill.ts', 'tanium', 's3://example-raw-logs/tanium/2024/', '--dry-run', ...OPTIONS], { env });
      expect(result.stdout.split('\n').at(-2)).toBe('Objects under s3://example-raw-logs/tanium/2024/ now: 1 (14 bytes); the job takes those present when S3 generates its manifest.');
    } finally {
      await s3.close();
    }
  });
});
