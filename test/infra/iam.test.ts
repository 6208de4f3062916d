import { describe, expect, it } from 'vitest';
import { integrations } from '../../functions/registry.ts';
import { arnOf, logicalId, objectsOf, synth, type Synthesized } from './synth.ts';

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

/** Every statement that applies to a role: its inline policies and the AWS::IAM::Policy resources attached to it. */
function statementsOf(resources: Resources, roleId: string): Statement[] {
  const role = resources[roleId]!.Properties;
  const inline = (role.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
  const attached = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: unknown) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId })))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
}

/** Every Allow statement of every identity policy in the template. */
function allIdentityStatements(resources: Resources): Statement[] {
  return Object.values(resources).flatMap((r) => {
    if (r.Type === 'AWS::IAM::Policy') return r.Properties.PolicyDocument.Statement;
    if (r.Type === 'AWS::IAM::Role') return (r.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
    return [];
  });
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const DATA_ACTION = /^(s3:|firehose:|lambda:Invoke|sqs:SendMessage)/;

function sortBySid(statements: Statement[]): Statement[] {
  return [...statements].sort((a, b) => (a.Sid ?? '').localeCompare(b.Sid ?? ''));
}

function expectLeastPrivilege({ stack, template }: Synthesized, bucketObjects: (bucket: 'raw' | 'output', pattern: string) => unknown) {
  const resources = template.toJSON().Resources as Resources;
  expect(stack.pipelines.map((p) => p.integration.name)).toEqual(integrations.map((i) => i.name));
  for (const pipeline of stack.pipelines) {
    const { name } = pipeline.integration;
    const fn = logicalId(stack, pipeline.function);
    const stream = logicalId(stack, pipeline.delivery.deliveryStream);

    // The function: its raw prefix, its two output prefixes, its own stream, its DLQ, its log group
    // (actions and resources sorted, as the @aws-cdk/aws-iam:minimizePolicies flag writes them).
    const functionRole = logicalId(stack, pipeline.role);
    expect(resources[functionRole]!.Properties.ManagedPolicyArns).toBeUndefined();
    expect(sortBySid(statementsOf(resources, functionRole))).toEqual(
      sortBySid([
        { Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], Effect: 'Allow', Resource: arnOf(logicalId(stack, pipeline.deadLetterQueue)) },
        { Sid: 'ReadRawLogs', Action: ['s3:GetObject', 's3:GetObjectVersion'], Effect: 'Allow', Resource: bucketObjects('raw', `${name}/*`) },
        { Sid: 'ReingestIntoOwnDeliveryStream', Action: 'firehose:PutRecordBatch', Effect: 'Allow', Resource: arnOf(stream) },
        { Sid: 'WriteFunctionLogs', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: arnOf(logicalId(stack, pipeline.logGroup)) },
        {
          Sid: 'WriteNormalizedEventsAndErrors',
          Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject'],
          Effect: 'Allow',
          Resource: [bucketObjects('output', `errors/${name}/*`), bucketObjects('output', `normalized/${name}/*`)],
        },
      ]),
    );

    // Firehose: its own function, its two output prefixes, its own error log (sorted the same way).
    const deliveryRole = logicalId(stack, pipeline.delivery.role);
    expect(resources[deliveryRole]!.Properties.ManagedPolicyArns).toBeUndefined();
    expect(resources[deliveryRole]!.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'firehose.amazonaws.com' },
        Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(sortBySid(statementsOf(resources, deliveryRole))).toEqual([
      {
        Sid: 'DeliverToOwnPrefixes',
        Action: ['s3:AbortMultipartUpload', 's3:PutObject'],
        Effect: 'Allow',
        Resource: [bucketObjects('output', `errors/${name}/*`), bucketObjects('output', `normalized/${name}/*`)],
      },
      {
        Sid: 'InvokeOwnProcessor',
        Action: ['lambda:GetFunctionConfiguration', 'lambda:InvokeFunction'],
        Effect: 'Allow',
        Resource: [arnOf(fn), { 'Fn::Join': ['', [arnOf(fn), ':$LATEST']] }],
      },
      {
        Sid: 'LocateOutputBucket',
        Action: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
        Effect: 'Allow',
        Resource: bucketObjects('output', ''),
      },
      { Sid: 'WriteDeliveryErrorLogs', Action: 'logs:PutLogEvents', Effect: 'Allow', Resource: arnOf(logicalId(stack, pipeline.delivery.logGroup)) },
    ]);
  }

  // Nowhere a wildcard action, nor a wildcard resource on a data action.
  for (const statement of allIdentityStatements(resources)) {
    expect(statement.Effect).toBe('Allow');
    for (const action of list(statement.Action)) expect(action).not.toContain('*');
    if (!list(statement.Action).some((action) => DATA_ACTION.test(action))) continue;
    for (const resource of list(statement.Resource)) {
      expect(resource).not.toBe('*');
      const flat = JSON.stringify(resource);
      if (flat.includes("*")) expect(flat).toMatch(/\/((normalized|errors|reports)\/)?(ibm-aix|tanium)\/\*"/);
    }
  }
}

describe('IAM with created buckets', () => {
  const synthesized = synth();
  const { stack } = synthesized;
  const ids = { raw: logicalId(stack, stack.buckets.raw), output: logicalId(stack, stack.buckets.output) };

  it('grants each function and each delivery stream exactly their own prefixes, function and stream', () => {
    expectLeastPrivilege(synthesized, (bucket, pattern) => (pattern === '' ? arnOf(ids[bucket]) : objectsOf(ids[bucket], pattern)));
  });

  it('runs the bucket-notification helper with a role that can only configure the raw bucket and write its own log group', () => {
    expectNotificationsHandlerRole(synthesized, 's3:PutBucketNotification', arnOf(ids.raw));
  });
});

/** The bucket-notifications handler's role: no managed policy, exactly two statements, inline. */
function expectNotificationsHandlerRole({ stack, template }: Synthesized, actions: string | string[], rawBucket: unknown) {
  const resources = template.toJSON().Resources as Resources;
  const role = logicalId(stack, stack.buckets.notificationsHandlerRole);
  const [handler, ...others] = Object.values(resources).filter(
    (r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Description).includes('Custom::S3BucketNotifications'),
  );
  expect(others).toEqual([]);
  expect(handler!.Properties.Role).toEqual(arnOf(role));
  expect(handler!.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logicalId(stack, stack.buckets.notificationsHandlerLogs) } });
  expect(resources[role]!.Properties.ManagedPolicyArns).toBeUndefined();
  expect(statementsOf(resources, role)).toEqual([
    { Sid: 'ConfigureRawBucketNotifications', Action: actions, Effect: 'Allow', Resource: rawBucket },
    {
      Sid: 'WriteHandlerLogs',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Effect: 'Allow',
      Resource: arnOf(logicalId(stack, stack.buckets.notificationsHandlerLogs)),
    },
  ]);
}

describe('IAM with imported buckets', () => {
  const names = { raw: 'example-raw-logs', output: 'example-normalized-events' };
  const synthesized = synth({ rawBucketName: names.raw, outputBucketName: names.output });

  const bucketArn = (bucket: 'raw' | 'output', pattern: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${names[bucket]}${pattern === '' ? '' : `/${pattern}`}`]],
  });

  it('grants the same prefixes of the buckets named in context', () => {
    expectLeastPrivilege(synthesized, bucketArn);
  });

  it('lets the bucket-notification helper read the raw bucket\'s notifications too, to keep those already there', () => {
    expectNotificationsHandlerRole(synthesized, ['s3:GetBucketNotification', 's3:PutBucketNotification'], bucketArn('raw', ''));
  });
});
