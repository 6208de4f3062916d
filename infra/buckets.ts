import { RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, type BucketProps, type IBucket, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DEFAULTS } from './defaults.ts';

export interface DataBucketsProps {
  /** Name of an existing bucket to read raw logs from. @default - a bucket is created */
  readonly rawBucketName?: string;
  /** Name of an existing bucket to write normalized events and errors to. @default - a bucket is created */
  readonly outputBucketName?: string;
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

  constructor(scope: Construct, id: string, props: DataBucketsProps = {}) {
    super(scope, id);
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
        ? Bucket.fromBucketName(this, 'Raw', props.rawBucketName)
        : new Bucket(this, 'Raw', {
            ...secure,
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
            lifecycleRules: [
              abortIncompleteUploads,
              {
                id: 'tier-normalized-events',
                transitions: [{ storageClass: StorageClass.INTELLIGENT_TIERING, transitionAfter: DEFAULTS.outputTieringAfter }],
              },
            ],
          });
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
