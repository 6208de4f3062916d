import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../infra/defaults.ts';
import { integrations } from '../../functions/registry.ts';
import { arnOf, logicalId, synth } from './synth.ts';

describe('the stack with default context', () => {
  const { stack, template } = synth();
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
  const props = (id: string) => resources[id]!.Properties;
  const n = integrations.length;
  const outputBucket = logicalId(stack, stack.buckets.output);
  const rawBucket = logicalId(stack, stack.buckets.raw);

  it('deploys every integration of the registry, each with its own set of resources', () => {
    expect(stack.pipelines.map((p) => p.integration.name)).toEqual(integrations.map((i) => i.name));
    expect(stack.pipelines.map((p) => p.node.id)).toEqual(['IbmAix', 'Tanium']);
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Runtime: 'nodejs24.x' }, n);
    // + the CDK helper that configures bucket notifications
    template.resourceCountIs('AWS::Lambda::Function', n + 1);
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', n);
    template.resourceCountIs('AWS::Lambda::Permission', n);
    template.resourceCountIs('AWS::SQS::Queue', n);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', n);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 7 * n);
    // + the bucket-notifications handler's
    template.resourceCountIs('AWS::Logs::LogGroup', 2 * n + 1);
    // Per integration: the function's, the delivery stream's and the backfill jobs' roles.
    template.resourceCountIs('AWS::IAM::Role', 3 * n + 1);
    template.resourceCountIs('Custom::S3BucketNotifications', 1);
    template.resourceCountIs('AWS::S3::Bucket', 3);
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('triggers each function on its own raw prefix only', () => {
    const [notifications] = Object.values(template.findResources('Custom::S3BucketNotifications'));
    expect(notifications!.Properties.BucketName).toEqual({ Ref: rawBucket });
    expect(notifications!.Properties.NotificationConfiguration).toEqual({
      LambdaFunctionConfigurations: stack.pipelines.map((p) => ({
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: `${p.integration.name}/` }] } },
        LambdaFunctionArn: arnOf(logicalId(stack, p.function)),
      })),
    });
    for (const p of stack.pipelines) {
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: arnOf(logicalId(stack, p.function)),
        Principal: 's3.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: arnOf(rawBucket),
      });
    }
  });

  it('keeps a full processor buffer under the 6 MB response limit, inside Firehose\'s 0.2-3 MB range', () => {
    const mb = DEFAULTS.processorBufferSize.toMebibytes();
    expect(mb).toBeGreaterThanOrEqual(0.2);
    expect(mb).toBeLessThanOrEqual(3);
    // worst-case expansion 4x, base64 4/3, half the limit left for per-record JSON and overshoot
    expect(mb * 4 * (4 / 3)).toBeLessThan(6 / 2 + 0.5);
  });

  describe.each(stack.pipelines.map((pipeline) => [pipeline.integration.name, pipeline] as const))('%s', (name, pipeline) => {
    const fn = logicalId(stack, pipeline.function);
    const queue = logicalId(stack, pipeline.deadLetterQueue);
    const deliveryStream = logicalId(stack, pipeline.delivery.deliveryStream);
    const deliveryRole = logicalId(stack, pipeline.delivery.role);

    it('runs the function on Node.js 24, arm64, with its sizing, log group and environment', () => {
      expect(props(fn)).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 1024,
        Timeout: 900,
        Role: arnOf(logicalId(stack, pipeline.role)),
        LoggingConfig: { LogGroup: { Ref: logicalId(stack, pipeline.logGroup) } },
      });
      expect(props(fn).Environment.Variables).toEqual({
        OUTPUT_BUCKET: { Ref: outputBucket },
        OUTPUT_PREFIX: 'normalized/',
        ERROR_PREFIX: 'errors/',
        TIMEZONE: 'UTC',
        POWERTOOLS_SERVICE_NAME: name,
        POWERTOOLS_METRICS_NAMESPACE: 'EcsLogNormalizers',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      });
      expect(props(fn).ReservedConcurrentExecutions).toBeUndefined();
      expect(props(logicalId(stack, pipeline.logGroup))).toEqual({ RetentionInDays: 365 });
      expect(props(logicalId(stack, pipeline.delivery.logGroup))).toEqual({ RetentionInDays: 365 });
    });

    it('retries S3 events twice within 6 hours, then sends them to an encrypted, TLS-only dead-letter queue', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fn },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: arnOf(queue) } },
      });
      expect(props(queue)).toEqual({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queue }],
        PolicyDocument: {
          Statement: [
            {
              Action: 'sqs:*',
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              Principal: { AWS: '*' },
              Resource: arnOf(queue),
            },
          ],
        },
      });
    });

    it('has a direct-put delivery stream with the function as processor, partitioned by dt, gzip, with an error prefix', () => {
      expect(props(deliveryStream)).toEqual({
        DeliveryStreamType: 'DirectPut',
        DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
        ExtendedS3DestinationConfiguration: {
          BucketARN: arnOf(outputBucket),
          RoleARN: arnOf(deliveryRole),
          Prefix: `normalized/${name}/dt=!{partitionKeyFromLambda:dt}/`,
          ErrorOutputPrefix: `errors/${name}/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/`,
          CompressionFormat: 'GZIP',
          FileExtension: '.ndjson.gz',
          BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
          DynamicPartitioningConfiguration: { Enabled: true },
          CloudWatchLoggingOptions: {
            Enabled: true,
            LogGroupName: { Ref: logicalId(stack, pipeline.delivery.logGroup) },
            LogStreamName: { Ref: expect.stringMatching(/S3Destination/) },
          },
          ProcessingConfiguration: {
            Enabled: true,
            Processors: [
              {
                Type: 'Lambda',
                Parameters: [
                  { ParameterName: 'RoleArn', ParameterValue: arnOf(deliveryRole) },
                  { ParameterName: 'LambdaArn', ParameterValue: arnOf(fn) },
                  { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '60' },
                  { ParameterName: 'BufferSizeInMBs', ParameterValue: '0.5' },
                  { ParameterName: 'NumberOfRetries', ParameterValue: '3' },
                ],
              },
            ],
          },
        },
      });
      // The stream waits for its role's permissions.
      expect(resources[deliveryStream]).toMatchObject({ DependsOn: [logicalId(stack, pipeline.delivery.policy)] });
    });

    it('alarms on function errors, dead letters, and Firehose processing, delivery and partition failures, without actions', () => {
      const common = {
        Threshold: 1,
        EvaluationPeriods: 1,
        Period: 300,
        TreatMissingData: 'notBreaching',
        AlarmDescription: expect.stringMatching(new RegExp(`^${name}: `)),
      };
      const { alarms } = pipeline;
      expect(props(logicalId(stack, alarms.functionErrors))).toEqual({
        ...common,
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect(props(logicalId(stack, alarms.deadLetters))).toEqual({
        ...common,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      for (const [alarm, metric] of [
        [alarms.processingFailures, 'ExecuteProcessing.Success'],
        [alarms.deliveryFailures, 'DeliveryToS3.Success'],
      ] as const) {
        expect(props(logicalId(stack, alarm))).toEqual({
          ...common,
          Namespace: 'AWS/Firehose',
          MetricName: metric,
          Dimensions: [{ Name: 'DeliveryStreamName', Value: { Ref: deliveryStream } }],
          Statistic: 'Minimum',
          ComparisonOperator: 'LessThanThreshold',
        });
      }
      expect(props(logicalId(stack, alarms.partitionCountExceeded))).toEqual({
        ...common,
        Namespace: 'AWS/Firehose',
        MetricName: 'PartitionCountExceeded',
        Dimensions: [{ Name: 'DeliveryStreamName', Value: { Ref: deliveryStream } }],
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    it('alarms when an invocation takes 80% of the 15-minute timeout', () => {
      expect(props(logicalId(stack, pipeline.alarms.durationNearTimeout))).toEqual({
        AlarmDescription: `${name}: an invocation took at least 720 s of the 900 s timeout; larger S3 objects will time out and end in the dead-letter queue`,
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 720_000,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
    });

    it('alarms when 5% of the records read in 5 minutes were rejected or unparsed, over the metrics the function publishes', () => {
      const metric = (id: string, metricName: string) => ({
        Id: id,
        MetricStat: {
          Metric: {
            Namespace: 'EcsLogNormalizers',
            MetricName: metricName,
            Dimensions: [
              { Name: 'integration', Value: name },
              { Name: 'service', Value: name },
            ],
          },
          Period: 300,
          Stat: 'Sum',
        },
        ReturnData: false,
      });
      const rejected = '(FILL(lines, 0) + FILL(records, 0))';
      const read = `(FILL(events, 0) + ${rejected})`;
      expect(props(logicalId(stack, pipeline.alarms.rejectedRecords))).toEqual({
        AlarmDescription: `${name}: at least 5% of the records read were rejected (see errors/${name}/) or unparsed: a format change or a flood of malformed records`,
        Metrics: [
          {
            Id: 'expr_1',
            Expression: `IF(${read} > 0, 100 * (${rejected} + FILL(unparsed, 0)) / ${read}, 0)`,
            Label: `${name}: % of records rejected or unparsed`,
            ReturnData: true,
          },
          metric('events', 'EventsNormalized'),
          metric('lines', 'LinesRejected'),
          metric('records', 'RecordsRejected'),
          metric('unparsed', 'RecordsUnparsed'),
        ],
        Threshold: 5,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
    });

    it('outputs the names users need', () => {
      template.hasOutput(`${pipeline.node.id}DeliveryStreamName`, { Value: { Ref: deliveryStream } });
      template.hasOutput(`${pipeline.node.id}FunctionName`, { Value: { Ref: fn } });
      template.hasOutput(`${pipeline.node.id}DeadLetterQueueUrl`, { Value: { Ref: queue } });
    });
  });

  it('outputs the bucket names', () => {
    template.hasOutput('RawBucketName', { Value: { Ref: rawBucket } });
    template.hasOutput('OutputBucketName', { Value: { Ref: outputBucket } });
  });
});
