import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../infra/create-app.ts';
import { ConfigurationError } from '../../lib/errors.ts';
import { arnOf, logicalId, SKIP_BUNDLING, synth } from './synth.ts';

describe('context options', () => {
  describe('integrations=tanium, timezone, log level, log retention, alarm e-mail, version expiry, reserved concurrency and the object limits', () => {
    const { stack, template } = synth({
      integrations: 'tanium',
      timezone: 'Europe/Paris',
      logLevel: 'debug',
      logRetentionDays: '30',
      alarmEmail: 'secops@example.com',
      outputNoncurrentVersionDays: '7',
      reservedConcurrency: '20',
      maxObjectBytes: '5368709120',
      maxRejectedLines: '500',
    });

    it('deploys only the selected integration', () => {
      expect(stack.pipelines.map((p) => p.integration.name)).toEqual(['tanium']);
      template.resourcePropertiesCountIs('AWS::Lambda::Function', { Runtime: 'nodejs24.x' }, 1);
      template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
      template.hasResourceProperties('Custom::S3BucketNotifications', {
        NotificationConfiguration: { LambdaFunctionConfigurations: [Match.objectLike({ Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'tanium/' }] } } })] },
      });
    });

    it('passes the timezone and log level to the function and the retention to every log group', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ TIMEZONE: 'Europe/Paris', POWERTOOLS_LOG_LEVEL: 'DEBUG' }) },
      });
      // the function's, the stream's and the bucket-notifications handler's
      template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 3);
      template.resourceCountIs('AWS::Logs::LogGroup', 3);
    });

    it('passes the object limits to the function', () => {
      const variables = template.toJSON().Resources[logicalId(stack, stack.pipelines[0]!.function)].Properties.Environment.Variables;
      expect(variables.MAX_OBJECT_BYTES).toBe('5368709120');
      expect(variables.MAX_REJECTED_LINES).toBe('500');
    });

    it('reserves the concurrency for the function and keeps noncurrent output versions for the days given', () => {
      expect(template.toJSON().Resources[logicalId(stack, stack.pipelines[0]!.function)].Properties.ReservedConcurrentExecutions).toBe(20);
      const output = template.toJSON().Resources[logicalId(stack, stack.buckets.output)].Properties;
      expect(output.LifecycleConfiguration.Rules).toContainEqual({
        Id: 'expire-noncurrent-versions',
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: 7 },
        ExpiredObjectDeleteMarker: true,
      });
    });

    it('subscribes the e-mail to a TLS-only topic that every alarm notifies', () => {
      const topic = logicalId(stack, stack.alarmTopic!);
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'secops@example.com', TopicArn: { Ref: topic } });
      const alarms = template.findResources('AWS::CloudWatch::Alarm');
      expect(Object.keys(alarms)).toHaveLength(7);
      for (const alarm of Object.values(alarms)) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
      expect(stack.pipelines[0]!.allAlarms.map((alarm) => logicalId(stack, alarm)).sort()).toEqual(Object.keys(alarms).sort());

      // The topic policy replaces SNS's default one: it must let CloudWatch publish, for these alarms of this account only.
      const [policy, ...others] = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
      expect(others).toEqual([]);
      expect(policy!.Properties).toEqual({
        Topics: [{ Ref: topic }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AllowPublishThroughSSLOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sns:Publish',
              Resource: { Ref: topic },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
            {
              Sid: 'CloudWatchAlarmsPublish',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: { Ref: topic },
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnEquals: { 'aws:SourceArn': stack.pipelines[0]!.allAlarms.map((alarm) => arnOf(logicalId(stack, alarm))) },
              },
            },
          ],
        },
      });
    });
  });

  it.each([
    ['sqs', 9],
    ['eventbridge', 8],
  ])('with s3Trigger=%s, lets the trigger alarms notify the topic too (%i alarms)', (s3Trigger, count) => {
    const { stack, template } = synth({ integrations: 'tanium', s3Trigger, alarmEmail: 'secops@example.com' });
    const topic = logicalId(stack, stack.alarmTopic!);
    const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmActions: [{ Ref: topic }] } }));
    expect(alarms).toHaveLength(count);
    template.resourceCountIs('AWS::CloudWatch::Alarm', count);
    expect(stack.pipelines[0]!.allAlarms.map((alarm) => logicalId(stack, alarm)).sort()).toEqual(alarms.sort());
    // CloudWatch may publish only for the alarms the topic policy names: an alarm left out would never send its e-mail.
    const [policy] = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    const allow = policy!.Properties.PolicyDocument.Statement.find((statement: { Sid: string }) => statement.Sid === 'CloudWatchAlarmsPublish');
    expect(allow.Condition.ArnEquals['aws:SourceArn']).toEqual(stack.pipelines[0]!.allAlarms.map((alarm) => arnOf(logicalId(stack, alarm))));
  });

  it('accepts cdk.json-style values: a list of integrations and a number of days', () => {
    const { stack } = createApp({
      context: { ...SKIP_BUNDLING, integrations: ['ibm-aix', 'tanium'], logRetentionDays: 365, reservedConcurrency: 50, outputNoncurrentVersionDays: 90, maxRejectedLines: 20_000 },
    });
    expect(stack.pipelines).toHaveLength(2);
    const resources = Template.fromStack(stack).toJSON().Resources;
    for (const pipeline of stack.pipelines) {
      const { ReservedConcurrentExecutions, Environment } = resources[logicalId(stack, pipeline.function)].Properties;
      expect(ReservedConcurrentExecutions).toBe(50);
      expect(Environment.Variables.MAX_REJECTED_LINES).toBe('20000');
    }
    expect(resources[logicalId(stack, stack.buckets.output)].Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Id: 'expire-noncurrent-versions', NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
    );
  });

  it('treats blank values as unset', () => {
    const { stack } = createApp({
      context: { ...SKIP_BUNDLING, rawBucketName: ' ', timezone: '', alarmEmail: '', logRetentionDays: ' ', reservedConcurrency: '', outputNoncurrentVersionDays: ' ', maxObjectBytes: '', maxRejectedLines: ' ' },
    });
    expect(stack.buckets.accessLogs).toBeDefined();
    expect(stack.alarmTopic).toBeUndefined();
    const resources = Template.fromStack(stack).toJSON().Resources;
    const fn = resources[logicalId(stack, stack.pipelines[0]!.function)].Properties;
    expect(fn.ReservedConcurrentExecutions).toBeUndefined();
    // Unset: the function applies its own defaults (lib/lambda/config.ts).
    expect(Object.keys(fn.Environment.Variables).filter((name) => name.startsWith('MAX_'))).toEqual([]);
    expect(resources[logicalId(stack, stack.pipelines[0]!.logGroup)].Properties.RetentionInDays).toBe(365);
  });

  it.each([
    [{ integrations: 'ibm-aix,zos' }, 'integrations: unknown integration "zos"; valid integrations: ibm-aix, tanium'],
    [{ integrations: ' , ' }, 'integrations: names no integration; valid integrations: ibm-aix, tanium'],
    [{ integrations: 'tanium,tanium' }, 'integrations: "tanium" is listed more than once'],
    [{ integrations: 3 }, 'integrations: expected a comma-separated list of integration names, got 3'],
    [{ rawBucketName: 'Example_Raw' }, 'rawBucketName: "Example_Raw" is not a valid S3 bucket name'],
    [{ outputBucketName: '192.0.2.10' }, 'outputBucketName: "192.0.2.10" is not a valid S3 bucket name'],
    [{ rawBucketName: 'example-logs', outputBucketName: 'example-logs' }, 'outputBucketName: must differ from rawBucketName ("example-logs")'],
    [{ timezone: 'Mars/Olympus_Mons' }, 'timezone: "Mars/Olympus_Mons" is not an IANA timezone name (for example UTC or Europe/Paris)'],
    [
      { logRetentionDays: '45' },
      'logRetentionDays: "45" is not a CloudWatch Logs retention period in days; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ],
    [{ logRetentionDays: 9999 }, expect.stringMatching(/^logRetentionDays: 9999 is not a CloudWatch Logs retention period in days/)],
    [{ logLevel: 'loud' }, 'logLevel: "loud" is not one of DEBUG, INFO, WARN, ERROR'],
    [{ alarmEmail: 'secops.example.com' }, 'alarmEmail: "secops.example.com" is not an e-mail address'],
    [{ alarmEmail: 42 }, 'alarmEmail: expected a string, got 42'],
    [{ reservedConcurrency: '0' }, 'reservedConcurrency: "0" is not a whole number of at least 1'],
    [{ reservedConcurrency: 2.5 }, 'reservedConcurrency: 2.5 is not a whole number of at least 1'],
    [{ outputNoncurrentVersionDays: 'thirty' }, 'outputNoncurrentVersionDays: "thirty" is not a whole number of at least 1'],
    [{ outputNoncurrentVersionDays: '-1' }, 'outputNoncurrentVersionDays: "-1" is not a whole number of at least 1'],
    [{ queryStartDate: '2025-02-30' }, 'queryStartDate: "2025-02-30" is not a date written YYYY-MM-DD'],
    [{ queryStartDate: '1/6/2025' }, 'queryStartDate: "1/6/2025" is not a date written YYYY-MM-DD'],
    [{ athenaScanLimitGiB: '0' }, 'athenaScanLimitGiB: "0" is not a whole number of at least 1'],
    [{ maxObjectBytes: '1 GiB' }, 'maxObjectBytes: "1 GiB" is not a whole number of at least 1'],
    [{ maxRejectedLines: 0 }, 'maxRejectedLines: 0 is not a whole number of at least 1'],
  ])('rejects %j', (context, message) => {
    let thrown: unknown;
    try {
      createApp({ context: { ...SKIP_BUNDLING, ...context } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as Error).message).toEqual(message);
    expect((thrown as ConfigurationError).variable).toBe(Object.keys(context).at(-1));
  });
});
