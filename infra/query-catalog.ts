import { Aws, type Size } from 'aws-cdk-lib';
import { CfnNamedQuery, CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DEFAULTS } from './defaults.ts';
import { keyLayout, pascalCase, tableName } from './key-layout.ts';
import { namedQueries } from './named-queries.ts';
import { TABLE_FIELDS, tableColumns, type TableColumn } from './table-columns.ts';

export interface QueryCatalogProps {
  /** The output bucket: tables over its prefixes, query results under `athena-results/`. */
  readonly output: IBucket;
  /** Names of the deployed integrations. */
  readonly integrations: readonly string[];
  /** First `dt` of the partition projection. @default DEFAULTS.queryStartDate */
  readonly startDate?: string;
  /** Per-query scan limit. @default DEFAULTS.athenaScanLimit */
  readonly scanLimit?: Size;
}

/** Gzip NDJSON read by the OpenX JSON SerDe, which maps JSON keys to columns (`mapping.<column>`). */
function jsonStorage(location: string, columns: readonly TableColumn[]): CfnTable.StorageDescriptorProperty {
  return {
    location,
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    compressed: true,
    serdeInfo: {
      serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      parameters: Object.fromEntries(columns.filter((c) => c.jsonKey).map((c) => [`mapping.${c.name}`, c.jsonKey!])),
    },
    columns: columns.map(({ name, type }) => ({ name, type })),
  };
}

/**
 * Partition projection on a `dt=YYYY-MM-DD/` layout: Athena computes the partitions from the
 * query's `dt` filter, so no crawler, `MSCK REPAIR` or `ALTER TABLE ADD PARTITION` is needed.
 */
function dtProjection(startDate: string): Record<string, string> {
  return {
    'projection.enabled': 'true',
    'projection.dt.type': 'date',
    'projection.dt.format': 'yyyy-MM-dd',
    'projection.dt.range': `${startDate},NOW`,
    'projection.dt.interval': '1',
    'projection.dt.interval.unit': 'DAYS',
  };
}

/**
 * The columns of the S3 path's errors objects (lib/s3/rejected-lines.ts): one record per
 * rejected line, and past the per-object limit one summary record of the lines not stored.
 */
const REJECTED_LINE_COLUMNS: readonly TableColumn[] = [
  { name: 'bucket', type: 'string' },
  { name: 'key', type: 'string' },
  { name: 'line', type: 'bigint' },
  { name: 'reason', type: 'string' },
  { name: 'raw', type: 'string' },
  { name: 'encoding', type: 'string' },
  { name: 'not_stored', type: 'bigint', jsonKey: 'notStored' },
  { name: 'first_line', type: 'bigint', jsonKey: 'firstLine' },
  { name: 'last_line', type: 'bigint', jsonKey: 'lastLine' },
];

/** The columns of the records Firehose writes under its `processing-failed` error prefix (Firehose's format). */
const PROCESSING_FAILED_COLUMNS: readonly TableColumn[] = [
  { name: 'attempts_made', type: 'bigint', jsonKey: 'attemptsMade' },
  { name: 'arrival_timestamp', type: 'bigint', jsonKey: 'arrivalTimestamp' },
  { name: 'error_code', type: 'string', jsonKey: 'errorCode' },
  { name: 'error_message', type: 'string', jsonKey: 'errorMessage' },
  { name: 'attempt_ending_timestamp', type: 'bigint', jsonKey: 'attemptEndingTimestamp' },
  { name: 'raw_data', type: 'string', jsonKey: 'rawData' },
  { name: 'lambda_arn', type: 'string', jsonKey: 'lambdaArn' },
];

/**
 * The Glue Data Catalog and Athena side of the output bucket: a database, one table per
 * integration over `normalized/<integration>/` (the S3 path and Firehose write the same
 * layout, so one table covers both), two tables over `errors/` (rejected lines of the S3
 * path, failed records of Firehose), a workgroup with enforced settings, and named queries.
 */
export class QueryCatalog extends Construct {
  public readonly database: CfnDatabase;
  /** Integration name → its events table. */
  public readonly eventTables: ReadonlyMap<string, CfnTable>;
  /** The S3 path's rejected lines, every integration (partitions: integration, dt). */
  public readonly rejectedLinesTable: CfnTable;
  /** Firehose's `processing-failed` records, every integration (partitions: integration, dt). */
  public readonly processingFailedTable: CfnTable;
  public readonly workGroup: CfnWorkGroup;
  public readonly namedQueries: readonly CfnNamedQuery[];

  constructor(scope: Construct, id: string, props: QueryCatalogProps) {
    super(scope, id);
    const bucket = `s3://${props.output.bucketName}`;
    const projection = dtProjection(props.startDate ?? DEFAULTS.queryStartDate);
    const errorPrefix = `${bucket}/${DEFAULTS.errorPrefix}`;

    this.database = new CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: DEFAULTS.glueDatabaseName, description: 'Normalized ECS events and rejected records of the ECS log normalizers' },
    });
    const table = (tableId: string, input: CfnTable.TableInputProperty): CfnTable => {
      const created = new CfnTable(this, tableId, { catalogId: Aws.ACCOUNT_ID, databaseName: DEFAULTS.glueDatabaseName, tableInput: input });
      created.node.addDependency(this.database);
      return created;
    };

    this.eventTables = new Map(
      props.integrations.map((integration) => {
        const location = `${bucket}/${keyLayout(integration).normalizedPrefix}`;
        const fields = TABLE_FIELDS[integration];
        if (!fields) throw new TypeError(`${integration}: no table fields in infra/table-columns.ts`);
        return [
          integration,
          table(`${pascalCase(integration)}Events`, {
            name: tableName(integration),
            description: `${integration} ECS events, one JSON object per line (gzip), partitioned by dt (UTC day)`,
            tableType: 'EXTERNAL_TABLE',
            parameters: { classification: 'json', compressionType: 'gzip', ...projection, 'storage.location.template': `${location}dt=\${dt}/` },
            partitionKeys: [{ name: 'dt', type: 'string' }],
            storageDescriptor: jsonStorage(location, tableColumns(fields)),
          }),
        ];
      }),
    );

    // Both error tables span the deployed integrations: an `integration` partition (enum) beside `dt`.
    const byIntegration = { 'projection.integration.type': 'enum', 'projection.integration.values': props.integrations.join(',') };
    const errorPartitions = [
      { name: 'integration', type: 'string' },
      { name: 'dt', type: 'string' },
    ];
    this.rejectedLinesTable = table('RejectedLines', {
      name: 'rejected_lines',
      description: 'Lines of S3 drops that could not be normalized: source object, line number, reason and the raw line',
      tableType: 'EXTERNAL_TABLE',
      parameters: { classification: 'json', compressionType: 'gzip', ...projection, ...byIntegration, 'storage.location.template': `${errorPrefix}\${integration}/dt=\${dt}/` },
      partitionKeys: errorPartitions,
      storageDescriptor: jsonStorage(errorPrefix, REJECTED_LINE_COLUMNS),
    });
    this.processingFailedTable = table('ProcessingFailed', {
      name: 'firehose_processing_failed',
      description: 'Firehose records the function answered ProcessingFailed, or batches it could not process (rawdata is base64)',
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        classification: 'json',
        compressionType: 'gzip',
        ...projection,
        ...byIntegration,
        'storage.location.template': `${errorPrefix}\${integration}/processing-failed/dt=\${dt}/`,
      },
      partitionKeys: errorPartitions,
      storageDescriptor: jsonStorage(errorPrefix, PROCESSING_FAILED_COLUMNS),
    });

    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: DEFAULTS.athenaWorkGroupName,
      description: 'Queries over the ECS log normalizers tables: results encrypted under the output bucket, scan limit enforced',
      state: 'ENABLED',
      // Deleting the stack deletes the workgroup with its named queries and query history.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: (props.scanLimit ?? DEFAULTS.athenaScanLimit).toBytes(),
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `${bucket}/${DEFAULTS.athenaResultsPrefix}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
          expectedBucketOwner: Aws.ACCOUNT_ID,
        },
      },
    });

    this.namedQueries = namedQueries(props.integrations).map((query) => {
      const created = new CfnNamedQuery(this, query.id, {
        name: query.name,
        description: query.description,
        database: DEFAULTS.glueDatabaseName,
        workGroup: this.workGroup.ref,
        queryString: query.sql,
      });
      created.node.addDependency(this.database);
      return created;
    });
  }
}
