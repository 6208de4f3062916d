import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../infra/create-app.ts';
import { SKIP_BUNDLING } from './synth.ts';

interface Report {
  pluginReports: {
    pluginName: string;
    violations: unknown[];
    suppressedViolations?: { ruleName: string; acknowledgedId: string; reason: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

/** What each configuration must acknowledge, and nothing else: a new finding is a decision, not an accident. */
const pipelineAcknowledgements = (name: string, raw: string, output: string) => [
  'AwsSolutions-SQS3',
  `AwsSolutions-IAM5[Resource::${raw}/${name}/*]`,
  `AwsSolutions-IAM5[Resource::${output}/normalized/${name}/*]`,
  `AwsSolutions-IAM5[Resource::${output}/errors/${name}/*]`,
  `AwsSolutions-IAM5[Resource::${output}/reports/${name}/*]`,
];
// No IAM4: the bucket-notifications handler runs with a role of the stack's, without managed policies.
const stackAcknowledgements = ['CloudFormation-Validate::W7001'];

/** Every integration on created buckets: the same findings whatever the S3 trigger. */
const createdBuckets = [
  ...pipelineAcknowledgements('ibm-aix', '<BucketsRaw686CB728.Arn>', '<BucketsOutput3C209D31.Arn>'),
  ...pipelineAcknowledgements('tanium', '<BucketsRaw686CB728.Arn>', '<BucketsOutput3C209D31.Arn>'),
  ...stackAcknowledgements,
];

describe.each([
  {
    title: 'default context',
    context: {},
    expected: createdBuckets,
  },
  {
    title: 'imported buckets, one integration, alarm e-mail',
    context: { rawBucketName: 'example-raw-logs', outputBucketName: 'example-normalized-events', integrations: 'ibm-aix', alarmEmail: 'secops@example.com' },
    expected: [
      ...pipelineAcknowledgements('ibm-aix', 'arn:<AWS::Partition>:s3:::example-raw-logs', 'arn:<AWS::Partition>:s3:::example-normalized-events'),
      ...stackAcknowledgements,
    ],
  },
  {
    title: 's3Trigger=sqs with a concurrency cap',
    context: { s3Trigger: 'sqs', sqsMaxConcurrency: '5' },
    expected: createdBuckets,
  },
  {
    title: 's3Trigger=eventbridge',
    context: { s3Trigger: 'eventbridge' },
    expected: createdBuckets,
  },
  {
    title: 's3Trigger=eventbridge on imported buckets (no bucket-notification helper)',
    context: { s3Trigger: 'eventbridge', rawBucketName: 'example-raw-logs', outputBucketName: 'example-normalized-events', integrations: 'tanium' },
    expected: [
      ...pipelineAcknowledgements('tanium', 'arn:<AWS::Partition>:s3:::example-raw-logs', 'arn:<AWS::Partition>:s3:::example-normalized-events'),
      'CloudFormation-Validate::W7001',
    ],
  },
])('AwsSolutions checks with $title', ({ context, expected }) => {
  const outdir = mkdtempSync(join(tmpdir(), 'ecs-normalizers-nag-'));
  const { app } = createApp({ context: { ...SKIP_BUNDLING, ...context }, outdir });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  it('synthesizes: an unacknowledged error finding would make synth() throw', () => {
    expect(() => app.synth()).not.toThrow();
  });

  it('leaves no unacknowledged finding, error or warning, in any validation plugin', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
    for (const plugin of report.pluginReports) expect(plugin.violations, plugin.pluginName).toEqual([]);
    // cdk-nag on its own, warnings included (the CDK report leaves out a plugin without findings)
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  it('acknowledges exactly the expected findings, each with a written reason, none of them stale', () => {
    const acknowledgements = app.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^Annotation::/, ''), reason })),
    );
    for (const { id, reason } of acknowledgements) expect(reason.length, id).toBeGreaterThan(80);
    expect([...new Set(acknowledgements.map((a) => a.id))].sort()).toEqual([...new Set(expected)].sort());

    // Every cdk-nag acknowledgement matches a finding that cdk-nag reports under its construct when nothing is acknowledged.
    const unfiltered = new AwsSolutionsChecks();
    (unfiltered as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
    const findings = unfiltered.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath! })));
    expect(findings.length).toBeGreaterThan(0);
    for (const ack of acknowledgements.filter((a) => a.id.startsWith('AwsSolutions-'))) {
      expect(findings.some((f) => f.id === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`))), `${ack.id} at ${ack.path}`).toBe(true);
    }
    // The CloudFormation Validate acknowledgement is used too.
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
    const suppressed = report.pluginReports.flatMap((r) => r.suppressedViolations ?? []).map((s) => s.acknowledgedId);
    expect(suppressed).toEqual(['CloudFormation-Validate::W7001']);
  });
});
