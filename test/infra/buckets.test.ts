import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { arnOf, logicalId, objectsOf, synth } from './synth.ts';

const encrypted = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] };
const blocked = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

describe('created buckets', () => {
  const { stack, template } = synth();
  const resources = template.toJSON().Resources as Record<string, any>;
  const id = {
    raw: logicalId(stack, stack.buckets.raw),
    output: logicalId(stack, stack.buckets.output),
    accessLogs: logicalId(stack, stack.buckets.accessLogs!),
  };

  it.each(Object.entries(id))('%s is encrypted, private, owner-enforced and retained on stack deletion', (_, bucket) => {
    expect(resources[bucket]).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: encrypted,
        PublicAccessBlockConfiguration: blocked,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      },
    });
  });

  it.each(Object.entries(id))('%s refuses requests without TLS 1.2', (_, bucket) => {
    const both = [arnOf(bucket), objectsOf(bucket, '*')];
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 's3:*', Effect: 'Deny', Principal: { AWS: '*' }, Resource: both, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          { Action: 's3:*', Effect: 'Deny', Principal: { AWS: '*' }, Resource: both, Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } },
        ]),
      },
    });
  });

  it('logs raw and output requests to the access-log bucket', () => {
    expect(resources[id.raw].Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: id.accessLogs }, LogFilePrefix: 'raw/' });
    expect(resources[id.output].Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: id.accessLogs }, LogFilePrefix: 'output/' });
    expect(resources[id.accessLogs].Properties.LoggingConfiguration).toBeUndefined();
    // Log delivery is granted by bucket policy, per source bucket and prefix.
    for (const [source, prefix] of [[id.raw, 'raw/*'], [id.output, 'output/*']] as const) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id.accessLogs },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 's3:PutObject',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Resource: objectsOf(id.accessLogs, prefix),
              Condition: { ArnLike: { 'aws:SourceArn': arnOf(source) }, StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            }),
          ]),
        },
      });
    }
  });

  it('versions the output bucket only: what the functions overwrite or delete stays recoverable', () => {
    expect(resources[id.output].Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(resources[id.raw].Properties.VersioningConfiguration).toBeUndefined();
    expect(resources[id.accessLogs].Properties.VersioningConfiguration).toBeUndefined();
  });

  it('has lifecycle rules: raw logs tier then expire, outputs tier, old output versions and query results expire, access logs expire, uploads are cleaned up', () => {
    const abort = { Id: 'abort-incomplete-uploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } };
    const tiering = [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 30 }];
    expect(resources[id.raw].Properties.LifecycleConfiguration.Rules).toEqual([
      abort,
      { Id: 'tier-then-expire-raw-logs', Status: 'Enabled', Transitions: tiering, ExpirationInDays: 365 },
    ]);
    expect(resources[id.output].Properties.LifecycleConfiguration.Rules).toEqual([
      abort,
      { Id: 'tier-normalized-events', Status: 'Enabled', Transitions: tiering },
      { Id: 'expire-noncurrent-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 }, ExpiredObjectDeleteMarker: true },
      { Id: 'expire-athena-results', Status: 'Enabled', Prefix: 'athena-results/', ExpirationInDays: 7 },
    ]);
    expect(resources[id.accessLogs].Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'expire-access-logs', Status: 'Enabled', ExpirationInDays: 365 },
    ]);
  });
});

describe('imported buckets', () => {
  const { stack, template } = synth({ rawBucketName: 'example-raw-logs', outputBucketName: 'example-normalized-events' });

  it('creates no bucket and changes none: notifications are added next to the existing ones', () => {
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    expect(stack.buckets.accessLogs).toBeUndefined();
    template.hasResourceProperties('Custom::S3BucketNotifications', { BucketName: 'example-raw-logs', Managed: false });
  });

  it('points the functions at the imported output bucket', () => {
    for (const pipeline of stack.pipelines) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ OUTPUT_BUCKET: 'example-normalized-events', POWERTOOLS_SERVICE_NAME: pipeline.integration.name }) },
      });
    }
  });
});

describe('one imported bucket', () => {
  const { template } = synth({ outputBucketName: 'example-normalized-events' });

  it('still creates the other bucket and its access-log bucket', () => {
    template.resourceCountIs('AWS::S3::Bucket', 2);
  });
});
