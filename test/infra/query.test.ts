import { describe, expect, it } from 'vitest';
import { TABLE_FIELDS, tableColumns } from '../../infra/table-columns.ts';
import { integrations } from '../../functions/registry.ts';
import { arnOf, dashboardWidgets, logicalId, synth } from './synth.ts';

const projection = (start: string) => ({
  'projection.enabled': 'true',
  'projection.dt.type': 'date',
  'projection.dt.format': 'yyyy-MM-dd',
  'projection.dt.range': `${start},NOW`,
  'projection.dt.interval': '1',
  'projection.dt.interval.unit': 'DAYS',
});
const storage = { inputFormat: 'org.apache.hadoop.mapred.TextInputFormat', outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat', compressed: true };
const jsonSerde = (parameters: Record<string, string>) => ({ SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: parameters });
/** `s3://<output bucket>/<path>` of the created output bucket. */
const s3Url = (bucket: string, path: string) => ({ 'Fn::Join': ['', ['s3://', { Ref: bucket }, `/${path}`]] });

describe('Glue tables, Athena workgroup and named queries', () => {
  const { stack, template } = synth();
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;
  const output = logicalId(stack, stack.buckets.output);
  const { queryCatalog } = stack;
  const database = logicalId(stack, queryCatalog.database);

  it('creates a database for the tables', () => {
    expect(resources[database]!.Properties).toEqual({
      CatalogId: { Ref: 'AWS::AccountId' },
      DatabaseInput: { Name: 'ecs_log_normalizers', Description: 'Normalized ECS events and rejected records of the ECS log normalizers' },
    });
    template.resourceCountIs('AWS::Glue::Table', integrations.length + 2);
  });

  it.each(integrations.map((i) => i.name))('has a %s table over normalized/<integration>/ with dt projected, @timestamp mapped to ts', (name) => {
    const table = logicalId(stack, queryCatalog.eventTables.get(name)!);
    const columns = tableColumns(TABLE_FIELDS[name]!);
    expect(resources[table]!.DependsOn).toEqual([database]);
    expect(resources[table]!.Properties).toEqual({
      CatalogId: { Ref: 'AWS::AccountId' },
      DatabaseName: 'ecs_log_normalizers',
      TableInput: {
        Name: name.replace('-', '_'),
        Description: `${name} ECS events, one JSON object per line (gzip), partitioned by dt (UTC day)`,
        TableType: 'EXTERNAL_TABLE',
        Parameters: {
          classification: 'json',
          compressionType: 'gzip',
          ...projection('2020-01-01'),
          'storage.location.template': s3Url(output, `normalized/${name}/dt=\${dt}/`),
        },
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
        StorageDescriptor: {
          Location: s3Url(output, `normalized/${name}/`),
          InputFormat: storage.inputFormat,
          OutputFormat: storage.outputFormat,
          Compressed: true,
          SerdeInfo: jsonSerde({ 'mapping.ts': '@timestamp' }),
          Columns: columns.map((c) => ({ Name: c.name, Type: c.type })),
        },
      },
    });
    // One struct column per top-level ECS object, generated from the field list (test/ecs-fields.json).
    expect(columns.map((c) => c.name)).toEqual(TABLE_FIELDS[name]!.fieldSets.map((f) => (f === '@timestamp' ? 'ts' : f)));
    expect(columns.find((c) => c.name === 'related')!.type).toBe('struct<hash:array<string>,hosts:array<string>,ip:array<string>,user:array<string>>');
  });

  it('has the S3 path\'s rejected lines and Firehose\'s processing-failed records as tables, partitioned by integration and dt', () => {
    const integrationsEnum = { 'projection.integration.type': 'enum', 'projection.integration.values': 'ibm-aix,tanium' };
    const partitionKeys = [
      { Name: 'integration', Type: 'string' },
      { Name: 'dt', Type: 'string' },
    ];
    const errorsTable = (name: string, description: string, template: string, columns: [string, string][], mapping: Record<string, string>) => ({
      CatalogId: { Ref: 'AWS::AccountId' },
      DatabaseName: 'ecs_log_normalizers',
      TableInput: {
        Name: name,
        Description: description,
        TableType: 'EXTERNAL_TABLE',
        Parameters: { classification: 'json', compressionType: 'gzip', ...projection('2020-01-01'), ...integrationsEnum, 'storage.location.template': s3Url(output, template) },
        PartitionKeys: partitionKeys,
        StorageDescriptor: {
          Location: s3Url(output, 'errors/'),
          InputFormat: storage.inputFormat,
          OutputFormat: storage.outputFormat,
          Compressed: true,
          SerdeInfo: jsonSerde(mapping),
          Columns: columns.map(([Name, Type]) => ({ Name, Type })),
        },
      },
    });
    expect(resources[logicalId(stack, queryCatalog.rejectedLinesTable)]!.Properties).toEqual(
      errorsTable('rejected_lines', 'Lines of S3 drops that could not be normalized: source object, line number, reason and the raw line', 'errors/${integration}/dt=${dt}/', [
        ['bucket', 'string'],
        ['key', 'string'],
        ['line', 'bigint'],
        ['reason', 'string'],
        ['raw', 'string'],
        ['encoding', 'string'],
        ['not_stored', 'bigint'],
        ['first_line', 'bigint'],
        ['last_line', 'bigint'],
      ], { 'mapping.not_stored': 'notStored', 'mapping.first_line': 'firstLine', 'mapping.last_line': 'lastLine' }),
    );
    expect(resources[logicalId(stack, queryCatalog.processingFailedTable)]!.Properties).toEqual(
      errorsTable(
        'firehose_processing_failed',
        'Firehose records the function answered ProcessingFailed, or batches it could not process (rawdata is base64)',
        'errors/${integration}/processing-failed/dt=${dt}/',
        [
          ['attempts_made', 'bigint'],
          ['arrival_timestamp', 'bigint'],
          ['error_code', 'string'],
          ['error_message', 'string'],
          ['attempt_ending_timestamp', 'bigint'],
          ['raw_data', 'string'],
          ['lambda_arn', 'string'],
        ],
        {
          'mapping.attempts_made': 'attemptsMade',
          'mapping.arrival_timestamp': 'arrivalTimestamp',
          'mapping.error_code': 'errorCode',
          'mapping.error_message': 'errorMessage',
          'mapping.attempt_ending_timestamp': 'attemptEndingTimestamp',
          'mapping.raw_data': 'rawData',
          'mapping.lambda_arn': 'lambdaArn',
        },
      ),
    );
  });

  it('has a workgroup that enforces encrypted results under the output bucket and a 10 GiB scan limit', () => {
    expect(resources[logicalId(stack, queryCatalog.workGroup)]!.Properties).toEqual({
      Name: 'ecs-log-normalizers',
      Description: 'Queries over the ECS log normalizers tables: results encrypted under the output bucket, scan limit enforced',
      State: 'ENABLED',
      RecursiveDeleteOption: true,
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          OutputLocation: s3Url(output, 'athena-results/'),
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          ExpectedBucketOwner: { Ref: 'AWS::AccountId' },
        },
      },
    });
    template.hasOutput('AthenaWorkGroup', { Value: { Ref: logicalId(stack, queryCatalog.workGroup) } });
    template.hasOutput('GlueDatabase', { Value: 'ecs_log_normalizers' });
  });

  it('saves the first queries a SOC runs, in the workgroup, each reading only the days it needs', () => {
    const queries = queryCatalog.namedQueries.map((q) => resources[logicalId(stack, q)]!);
    expect(queries.map((q) => q.Properties.Name)).toEqual([
      'ibm-aix: failed logins by user and host (7 days)',
      'ibm-aix: su by user (7 days)',
      'ibm-aix: rejected and unparsed records by day (30 days)',
      'tanium: alerts by rule and host (7 days)',
      'tanium: processes started by hash (7 days)',
      'tanium: network connections by destination (7 days)',
      'tanium: rejected and unparsed records by day (30 days)',
    ]);
    for (const query of queries) {
      expect(query.Properties).toMatchObject({ Database: 'ecs_log_normalizers', WorkGroup: { Ref: logicalId(stack, queryCatalog.workGroup) } });
      expect(query.DependsOn).toEqual([database]);
      // Every FROM restricts dt: partition projection then lists only those days.
      const froms = query.Properties.QueryString.match(/\bFROM\b/g)!.length;
      expect(query.Properties.QueryString.match(/\bdt >= date_format\(current_date - interval '(7|30)' day, '%Y-%m-%d'\)/g)).toHaveLength(froms);
    }
    expect(queries[2]!.Properties.QueryString).toContain("FROM ibm_aix WHERE dt >= date_format(current_date - interval '30' day, '%Y-%m-%d') AND error.message IS NOT NULL");
  });
});

describe('query settings from context, and an imported output bucket', () => {
  const { stack, template } = synth({ outputBucketName: 'example-normalized-events', integrations: 'tanium', queryStartDate: '2025-06-01', athenaScanLimitGiB: '1' });
  const resources = template.toJSON().Resources as Record<string, { Properties: Record<string, any> }>;

  it('projects dt from the start date given, limits scans to the GiB given and reads the imported bucket', () => {
    const table = resources[logicalId(stack, stack.queryCatalog.eventTables.get('tanium')!)]!.Properties.TableInput;
    expect(table.Parameters['projection.dt.range']).toBe('2025-06-01,NOW');
    expect(table.StorageDescriptor.Location).toBe('s3://example-normalized-events/normalized/tanium/');
    const rejected = resources[logicalId(stack, stack.queryCatalog.rejectedLinesTable)]!.Properties.TableInput;
    expect(rejected.Parameters['projection.integration.values']).toBe('tanium');
    const workGroup = resources[logicalId(stack, stack.queryCatalog.workGroup)]!.Properties.WorkGroupConfiguration;
    expect(workGroup.BytesScannedCutoffPerQuery).toBe(1024 ** 3);
    expect(workGroup.ResultConfiguration.OutputLocation).toBe('s3://example-normalized-events/athena-results/');
  });
});

describe('dashboard', () => {
  const { stack, template } = synth();
  const widgets = dashboardWidgets(template);
  const dashboard = logicalId(stack, stack.dashboard.dashboard);

  it('is one per stack, named in the outputs', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasOutput('DashboardName', { Value: { Ref: dashboard } });
  });

  it('has, per integration, a heading, eight graphs and the state of its alarms', () => {
    expect(widgets.map((w) => `${w.type} ${w.properties.title ?? w.properties.markdown}`)).toEqual(
      stack.pipelines.flatMap((p) => {
        const name = p.integration.name;
        return [
          `text ## \`${name}\``,
          ...['records', '% of records rejected or unparsed', 'bytes in and out', 're-ingested into Firehose', 'duration', 'errors and throttles', 'dead-letter queue', 'Firehose delivery'].map(
            (title) => `metric ${name}: ${title}`,
          ),
          `alarm ${name}: alarms`,
        ];
      }),
    );
    for (const pipeline of stack.pipelines) {
      const alarms = widgets.find((w) => w.properties.title === `${pipeline.integration.name}: alarms`)!;
      expect(alarms.properties.alarms).toEqual(pipeline.allAlarms.map((alarm) => `<${JSON.stringify(arnOf(logicalId(stack, alarm))).replace(/"/g, "'")}>`));
    }
  });

  it('graphs the function duration p50 and p99 against the timeout, and the rejected share against the alarm threshold', () => {
    for (const pipeline of stack.pipelines) {
      const name = pipeline.integration.name;
      const duration = widgets.find((w) => w.properties.title === `${name}: duration`)!.properties;
      expect(duration.metrics.map((m: unknown[]) => [m[1], (m.at(-1) as { stat: string }).stat])).toEqual([
        ['Duration', 'p50'],
        ['Duration', 'p99'],
      ]);
      expect(duration.annotations).toEqual({ horizontal: [{ value: 900_000, label: 'timeout', yAxis: 'left' }] });
      const rejected = widgets.find((w) => w.properties.title === `${name}: % of records rejected or unparsed`)!.properties;
      expect(rejected.annotations).toEqual({ horizontal: [{ value: 5, label: 'alarm', yAxis: 'left' }] });
      expect(rejected.metrics[0][0].expression).toMatch(/^IF\(/);
    }
  });
});
