import { CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyDocument, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type BucketProps, type IBucket, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { configureBucketNotifications, writeLogs } from './access-policies.ts';
import { DEFAULTS } from './defaults.ts';

export interface DataBucketsProps {
  /** Name of an existing bucket to read raw logs from. @default - a bucket is created */
  readonly rawBucketName?: string;
  /** Name of an existing bucket to write normalized events and errors to. @default - a bucket is created */
  readonly outputBucketName?: string;
  /** Days a created output bucket keeps noncurrent object versions. @default DEFAULTS.outputNoncurrentVersionExpiration */
  readonly outputNoncurrentVersionDays?: number;
  /** Retention of the bucket-notifications handler's log group. @default DEFAULTS.logRetention */
  readonly logRetention?: RetentionDays;
}

/**
 * The raw and output buckets, created or imported by name. Created buckets are encrypted,
 * private, TLS-only, log their requests to an access-log bucket and expire or tier their data.
 * Imported buckets are used as they are: the stack never changes their settings.
 */
export class DataBuckets extends Construct {
  /** Where users drop raw logs, under `<integration>/`. */
  public readonly raw: IBucket;
  /** Where normalized events (`normalized/`) and errors (`errors/`) land. */
  public readonly output: IBucket;
  /** Receives the created buckets' server access logs; undefined when both buckets are imported. */
  public readonly accessLogs?: Bucket;
  /**
   * The role of the function CDK adds to configure the raw bucket's notifications at deploy
   * time. Ours, so that it holds only its two needs (CDK's own would carry the managed
   * AWSLambdaBasicExecutionRole, which writes to any log group): writing its log group and
   * the raw bucket's notification configuration.
   */
  public readonly notificationsHandlerRole: Role;
  /** The bucket-notifications handler's log group (with the stack's retention, unlike Lambda's default group). */
  public readonly notificationsHandlerLogs: LogGroup;

  constructor(scope: Construct, id: string, props: DataBucketsProps = {}) {
    super(scope, id);
    const handlerPolicy = new PolicyDocument();
    this.notificationsHandlerRole = new Role(this, 'NotificationsHandlerRole', {
      description: 'CDK bucket-notifications handler: configures the raw bucket notifications at deploy time',
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      // Inline: the policy exists as soon as the role does, before the handler first runs.
      inlinePolicies: { ConfigureRawBucketNotifications: handlerPolicy },
    });
    this.notificationsHandlerLogs = new LogGroup(this, 'NotificationsHandlerLogs', {
      retention: props.logRetention ?? DEFAULTS.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CDK adds the managed policy and its own inline policy to the role it is given: an
    // immutable view drops both, so the role holds exactly the statements below.
    const notificationsHandlerRole = this.notificationsHandlerRole.withoutPolicyUpdates();

    if (props.rawBucketName === undefined || props.outputBucketName === undefined) {
      this.accessLogs = new Bucket(this, 'AccessLogs', {
        ...secure,
        // Log delivery only writes to SSE-S3 buckets.
        encryption: BucketEncryption.S3_MANAGED,
        lifecycleRules: [{ id: 'expire-access-logs', expiration: DEFAULTS.accessLogExpiration }],
      });
    }
    this.raw =
      props.rawBucketName !== undefined
        ? Bucket.fromBucketAttributes(this, 'Raw', { bucketName: props.rawBucketName, notificationsHandlerRole })
        : new Bucket(this, 'Raw', {
            ...secure,
            notificationsHandlerRole,
            serverAccessLogsBucket: this.accessLogs,
            serverAccessLogsPrefix: 'raw/',
            lifecycleRules: [
              abortIncompleteUploads,
              {
                id: 'tier-then-expire-raw-logs',
                transitions: [{ storageClass: StorageClass.INTELLIGENT_TIERING, transitionAfter: DEFAULTS.rawTieringAfter }],
                expiration: DEFAULTS.rawExpiration,
              },
            ],
          });
    this.output =
      props.outputBucketName !== undefined
        ? Bucket.fromBucketName(this, 'Output', props.outputBucketName)
        : new Bucket(this, 'Output', {
            ...secure,
            serverAccessLogsBucket: this.accessLogs,
            serverAccessLogsPrefix: 'output/',
            // The functions may overwrite and delete objects, never versions: what they replace stays recoverable.
            versioned: true,
            lifecycleRules: [
              abortIncompleteUploads,
              {
                id: 'tier-normalized-events',
                transitions: [{ storageClass: StorageClass.INTELLIGENT_TIERING, transitionAfter: DEFAULTS.outputTieringAfter }],
              },
              {
                id: 'expire-noncurrent-versions',
                noncurrentVersionExpiration:
                  props.outputNoncurrentVersionDays !== undefined
                    ? Duration.days(props.outputNoncurrentVersionDays)
                    : DEFAULTS.outputNoncurrentVersionExpiration,
                // A delete marker whose versions have all expired hides nothing: remove it.
                expiredObjectDeleteMarker: true,
              },
              { id: 'expire-athena-results', prefix: DEFAULTS.athenaResultsPrefix, expiration: DEFAULTS.athenaResultsExpiration },
            ],
          });
    // Managed (a created raw bucket): the handler only puts the configuration; unmanaged
    // (imported): it reads the existing one first, to keep the notifications already there.
    handlerPolicy.addStatements(configureBucketNotifications(this.raw, props.rawBucketName === undefined ? 'put' : 'read-and-put'));
    handlerPolicy.addStatements(writeLogs(this.notificationsHandlerLogs, 'WriteHandlerLogs', ['logs:CreateLogStream', 'logs:PutLogEvents']));
  }

  /**
   * Sends the bucket-notifications handler's logs to its own log group. Call once the
   * notifications are added: CDK creates the handler (one per stack) with the first one.
   */
  routeNotificationsHandlerLogs(): void {
    const handler = Stack.of(this)
      .node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'))
      ?.node.tryFindChild('Resource');
    if (!(handler instanceof CfnResource)) return;
    handler.addPropertyOverride('LoggingConfig', { LogGroup: this.notificationsHandlerLogs.logGroupName });
    handler.node.addDependency(this.notificationsHandlerLogs);
  }
}

/** Settings every created bucket shares. */
const secure = {
  encryption: BucketEncryption.S3_MANAGED,
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  // Buckets hold users' data: `cdk destroy` leaves them (see the README, "Tearing it down").
  removalPolicy: RemovalPolicy.RETAIN,
} satisfies BucketProps;

const abortIncompleteUploads = {
  id: 'abort-incomplete-uploads',
  abortIncompleteMultipartUploadAfter: DEFAULTS.abortIncompleteUploadsAfter,
};
