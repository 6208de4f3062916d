import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../infra/create-app.ts';
import { ConfigurationError } from '../../lib/errors.ts';
import { logicalId, SKIP_BUNDLING, synth } from './synth.ts';

describe('context options', () => {
  describe('integrations=tanium, timezone, log level, log retention and alarm e-mail', () => {
    const { stack, template } = synth({
      integrations: 'tanium',
      timezone: 'Europe/Paris',
      logLevel: 'debug',
      logRetentionDays: '30',
      alarmEmail: 'secops@example.com',
    });

    it('deploys only the selected integration', () => {
      expect(stack.pipelines.map((p) => p.integration.name)).toEqual(['tanium']);
      template.resourcePropertiesCountIs('AWS::Lambda::Function', { Runtime: 'nodejs22.x' }, 1);
      template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
      template.hasResourceProperties('Custom::S3BucketNotifications', {
        NotificationConfiguration: { LambdaFunctionConfigurations: [Match.objectLike({ Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'tanium/' }] } } })] },
      });
    });

    it('passes the timezone and log level to the function and the retention to every log group', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ TIMEZONE: 'Europe/Paris', POWERTOOLS_LOG_LEVEL: 'DEBUG' }) },
      });
      template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 2);
    });

    it('subscribes the e-mail to a TLS-only topic that every alarm notifies', () => {
      const topic = logicalId(stack, stack.alarmTopic!);
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'secops@example.com', TopicArn: { Ref: topic } });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: [Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
        },
      });
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
      expect(alarms).toHaveLength(4);
      for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
    });
  });

  it('accepts cdk.json-style values: a list of integrations and a number of days', () => {
    const { stack } = createApp({ context: { ...SKIP_BUNDLING, integrations: ['ibm-aix', 'tanium'], logRetentionDays: 365 } });
    expect(stack.pipelines).toHaveLength(2);
  });

  it('treats blank values as unset', () => {
    const { stack } = createApp({ context: { ...SKIP_BUNDLING, rawBucketName: ' ', timezone: '', alarmEmail: '' } });
    expect(stack.buckets.accessLogs).toBeDefined();
    expect(stack.alarmTopic).toBeUndefined();
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
