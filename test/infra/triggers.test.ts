import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../infra/create-app.ts';
import { ConfigurationError } from '../../lib/errors.ts';
import { arnOf, logicalId, objectsOf, SKIP_BUNDLING, synth } from './synth.ts';

/** The three ways an S3 drop reaches the functions (context option s3Trigger), and the backfill role. */

describe('s3Trigger unset (notification, the default)', () => {
  const { stack, template } = synth();

  it('notifies each function directly, with no queue mapping and no EventBridge rule', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: stack.pipelines.map((p) =>
          Match.objectLike({ Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: `${p.integration.name}/` }] } }, LambdaFunctionArn: arnOf(logicalId(stack, p.function)) }),
        ),
      },
    });
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(stack.pipelines.map((p) => p.trigger.mode)).toEqual(['notification', 'notification']);
  });

  it('has no trigger queue to output: S3 invokes the function, whose own dead-letter queue is output', () => {
    expect(Object.keys(template.toJSON().Outputs).filter((name) => /ObjectQueueUrl|TriggerDeadLetterQueueUrl/.test(name))).toEqual([]);
  });
});

describe('s3Trigger=sqs', () => {
  const { stack, template } = synth({ s3Trigger: 'sqs', sqsMaxConcurrency: '5', sqsMaxReceiveCount: '3' });
  const raw = logicalId(stack, stack.buckets.raw);

  it.each([0, 1])('pipeline %i: S3 notifies an encrypted, TLS-only queue with a dead-letter queue after 3 receives', (i) => {
    const pipeline = stack.pipelines[i]!;
    const queue = logicalId(stack, pipeline.trigger.queue!);
    const dlq = logicalId(stack, pipeline.trigger.deadLetterQueue!);
    expect(template.toJSON().Resources[queue].Properties).toEqual({
      MessageRetentionPeriod: 345_600,
      RedrivePolicy: { deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 3 },
      SqsManagedSseEnabled: true,
      // 6 x the 15-minute function timeout.
      VisibilityTimeout: 5_400,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: {
        Statement: [
          { Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Effect: 'Deny', Principal: { AWS: '*' }, Resource: arnOf(queue) },
          {
            Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
            Condition: { ArnLike: { 'aws:SourceArn': arnOf(raw) } },
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Resource: arnOf(queue),
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true });
  });

  it('outputs the URLs of each queue and its dead-letter queue', () => {
    for (const pipeline of stack.pipelines) {
      const id = pipeline.node.id;
      template.hasOutput(`${id}ObjectQueueUrl`, { Value: { Ref: logicalId(stack, pipeline.trigger.queue!) } });
      template.hasOutput(`${id}TriggerDeadLetterQueueUrl`, {
        Value: { Ref: logicalId(stack, pipeline.trigger.deadLetterQueue!) },
        Description: 'S3 notifications that failed every receive',
      });
    }
  });

  it('maps each queue to its function with ReportBatchItemFailures and the concurrency cap', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    for (const pipeline of stack.pipelines) {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 10,
        EventSourceArn: arnOf(logicalId(stack, pipeline.trigger.queue!)),
        FunctionName: { Ref: logicalId(stack, pipeline.function) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 5 },
      });
    }
  });

  it('sends the notifications of each prefix to its own queue and invokes no function directly', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: stack.pipelines.map((p) => ({
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: `${p.integration.name}/` }] } },
          QueueArn: arnOf(logicalId(stack, p.trigger.queue!)),
        })),
      },
    });
    const notifications = Object.values(template.findResources('Custom::S3BucketNotifications'))[0]!;
    expect(notifications.Properties.NotificationConfiguration.LambdaFunctionConfigurations).toBeUndefined();
  });

  it('alarms on the age of the oldest message and on the dead-letter queue', () => {
    for (const pipeline of stack.pipelines) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateAgeOfOldestMessage',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack, pipeline.trigger.queue!), 'QueueName'] } }],
        Statistic: 'Maximum',
        Threshold: 3600,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack, pipeline.trigger.deadLetterQueue!), 'QueueName'] } }],
        Threshold: 1,
      });
    }
  });

  it("lets each function consume only its own queue", () => {
    for (const pipeline of stack.pipelines) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: logicalId(stack, pipeline.role) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
              Effect: 'Allow',
              Resource: arnOf(logicalId(stack, pipeline.trigger.queue!)),
            },
          ]),
        },
      });
    }
  });
});

describe('s3Trigger=eventbridge', () => {
  const { stack, template } = synth({ s3Trigger: 'eventbridge' });

  it('turns EventBridge notifications on for the created raw bucket, and nothing else', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalId(stack, stack.buckets.raw) },
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
  });

  it('has a rule per integration prefix targeting its function, with a retry policy and a dead-letter queue', () => {
    template.resourceCountIs('AWS::Events::Rule', 2);
    for (const pipeline of stack.pipelines) {
      const { name } = pipeline.integration;
      const fn = logicalId(stack, pipeline.function);
      const rule = logicalId(stack, pipeline.trigger.rule!);
      expect(template.toJSON().Resources[rule].Properties).toEqual({
        Description: `${name}: objects created under ${name}/ in the raw bucket`,
        EventPattern: {
          source: ['aws.s3'],
          'detail-type': ['Object Created'],
          detail: { bucket: { name: [{ Ref: logicalId(stack, stack.buckets.raw) }] }, object: { key: [{ prefix: `${name}/` }] } },
        },
        State: 'ENABLED',
        Targets: [
          {
            Arn: arnOf(fn),
            Id: 'Target0',
            DeadLetterConfig: { Arn: arnOf(logicalId(stack, pipeline.trigger.deadLetterQueue!)) },
            RetryPolicy: { MaximumEventAgeInSeconds: 21_600, MaximumRetryAttempts: 185 },
          },
        ],
      });
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: arnOf(fn),
        Principal: 'events.amazonaws.com',
        SourceArn: arnOf(rule),
      });
    }
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
  });

  it("outputs the URL of each rule's dead-letter queue, and no object queue", () => {
    const outputs = Object.keys(template.toJSON().Outputs);
    for (const pipeline of stack.pipelines) {
      const id = pipeline.node.id;
      template.hasOutput(`${id}TriggerDeadLetterQueueUrl`, {
        Value: { Ref: logicalId(stack, pipeline.trigger.deadLetterQueue!) },
        Description: 'S3 events the EventBridge rule could not deliver',
      });
      expect(outputs).not.toContain(`${id}ObjectQueueUrl`);
    }
  });

  it('leaves an imported raw bucket as it is: no bucket-notification helper at all', () => {
    const imported = synth({ s3Trigger: 'eventbridge', rawBucketName: 'example-raw-logs' });
    imported.template.resourceCountIs('Custom::S3BucketNotifications', 0);
    imported.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: { bucket: { name: ['example-raw-logs'] }, object: { key: [{ prefix: 'ibm-aix/' }] } } }),
    });
  });
});

describe('backfill role (every trigger mode)', () => {
  const { stack, template } = synth();
  const output = logicalId(stack, stack.buckets.output);

  it.each([0, 1])('pipeline %i: S3 Batch Operations of this account may invoke this function only and write reports under reports/<integration>/', (i) => {
    const pipeline = stack.pipelines[i]!;
    const { name } = pipeline.integration;
    const role = logicalId(stack, pipeline.backfill.role);
    const resources = template.toJSON().Resources;
    expect(resources[role].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        Effect: 'Allow',
        Principal: { Service: 'batchoperations.s3.amazonaws.com' },
      },
    ]);
    const policies = Object.values(resources).filter(
      (r: any) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: role }]),
    );
    expect(policies.map((p: any) => p.Properties.PolicyDocument.Statement)).toEqual([
      [
        { Sid: 'InvokeOwnFunction', Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: arnOf(logicalId(stack, pipeline.function)) },
        { Sid: 'GenerateManifestFromRawBucket', Action: 's3:ListBucket', Effect: 'Allow', Resource: arnOf(logicalId(stack, stack.buckets.raw)) },
        { Sid: 'LocateReportBucket', Action: 's3:GetBucketLocation', Effect: 'Allow', Resource: arnOf(output) },
        { Sid: 'WriteAndReadOwnReports', Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'], Effect: 'Allow', Resource: objectsOf(output, `reports/${name}/*`) },
      ],
    ]);
  });

  it('outputs the options of npm run backfill', () => {
    for (const pipeline of stack.pipelines) {
      template.hasOutput(`${pipeline.node.id}BackfillOptions`, {
        Value: {
          'Fn::Join': [
            '',
            [
              '--function-arn ',
              arnOf(logicalId(stack, pipeline.function)),
              ' --role-arn ',
              arnOf(logicalId(stack, pipeline.backfill.role)),
              ' --report-bucket ',
              { Ref: output },
            ],
          ],
        },
      });
    }
  });
});

describe('s3Trigger options', () => {
  it.each([
    [{ s3Trigger: 'kinesis' }, 's3Trigger: "kinesis" is not one of notification, sqs, eventbridge'],
    [{ s3Trigger: 'sqs', sqsMaxConcurrency: '1' }, 'sqsMaxConcurrency: "1" is not a whole number from 2 to 1000'],
    [{ s3Trigger: 'sqs', sqsMaxReceiveCount: '0' }, 'sqsMaxReceiveCount: "0" is not a whole number from 1 to 1000'],
    [{ s3Trigger: 'sqs', sqsMaxReceiveCount: 2.5 }, 'sqsMaxReceiveCount: 2.5 is not a whole number from 1 to 1000'],
    [{ sqsMaxConcurrency: '10' }, 'sqsMaxConcurrency: applies only with s3Trigger=sqs'],
    [{ s3Trigger: 'sqs', sqsBatchSize: '11' }, 'sqsBatchSize: "11" is not a whole number from 1 to 10'],
    [{ s3Trigger: 'sqs', sqsBatchSize: 0 }, 'sqsBatchSize: 0 is not a whole number from 1 to 10'],
    [{ s3Trigger: 'notification', sqsBatchSize: '1' }, 'sqsBatchSize: applies only with s3Trigger=sqs'],
    [{ s3Trigger: 'eventbridge', sqsMaxReceiveCount: '3' }, 'sqsMaxReceiveCount: applies only with s3Trigger=sqs'],
    [{ s3Trigger: 'sqs', sqsMaxConcurrency: '20', reservedConcurrency: '10' }, 'sqsMaxConcurrency: 20 is over reservedConcurrency (10)'],
  ])('rejects %j', (context, message) => {
    expect(() => createApp({ context: { ...SKIP_BUNDLING, ...context } })).toThrow(new ConfigurationError(message.split(': ')[0]!, message.slice(message.indexOf(': ') + 2)));
  });

  it('sends each notification to its own invocation with sqsBatchSize=1 (objects near the size limit)', () => {
    const { stack, template } = synth({ s3Trigger: 'sqs', sqsBatchSize: '1' });
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    for (const pipeline of stack.pipelines) {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 1, EventSourceArn: arnOf(logicalId(stack, pipeline.trigger.queue!)) });
    }
  });

  it('takes cdk.json numbers and leaves the receive count at its default of 5', () => {
    const { stack, template } = synth({ s3Trigger: 'sqs', sqsMaxConcurrency: 20 });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 20 } });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { deadLetterTargetArn: arnOf(logicalId(stack, stack.pipelines[0]!.trigger.deadLetterQueue!)), maxReceiveCount: 5 } });
  });
});
