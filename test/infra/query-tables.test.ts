import { FirehoseClient } from '@aws-sdk/client-firehose';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FirehoseTransformationResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/lambda/config.ts';
import { createHandler } from '../../lib/lambda/handler.ts';
import { integrations } from '../../functions/registry.ts';
import { s3Notification } from '../../dev/s3-notifications.ts';
import type { S3NotificationResult } from '../../lib/s3/process-notification.ts';
import { fixtureContext, loadFixtures } from '../helpers/fixtures.ts';
import { duckdbType, incompatibility, parseHiveType } from '../helpers/hive-types.ts';
import { quietObservability } from '../helpers/quiet.ts';
import { startTestS3, type TestS3 } from '../helpers/s3-server.ts';
import { logicalId, synth } from './synth.ts';

/**
 * The tables the stack creates read what the pipeline writes. The samples go through the
 * real handlers: S3 drops to the local S3 server (events and errors objects), and Firehose
 * batches whose answers are laid out as Firehose delivers them (gzip, under the `dt` the
 * function returns). Every output is copied to a directory tree with the bucket's layout.
 * Then (1) every field of every event, and of every fixture's output, must have a column of
 * a compatible type in the synthesized table, and (2) DuckDB, reading the tree with the
 * tables' own columns, must find the events per `dt` and the field values the handlers wrote.
 */

const OUTPUT_BUCKET = 'example-normalized-events';
const SAMPLES = new URL('../../samples/', import.meta.url);
// Not valid UTF-8: rejected by every integration.
const INVALID_UTF8 = Buffer.from([0xc3, 0x28, 0xff]);
/** Rejected lines stored per object: the three of broken.log make the summary record of the third. */
const MAX_REJECTED_LINES = 2;
/**
 * Records the samples lack, for the saved queries to find: a failed login and two `su`,
 * written as `auditpr` prints them (columns: event, command, login user, real user, status,
 * time, roles, tail); a Tanium connection as a syslog relay writes Connect's JSON to a file.
 */
const MORE_RECORDS: Readonly<Record<string, string>> = {
  tanium: `<134>1 2024-05-14T08:42:00.000Z relay-a.example.com tanium - - - ${JSON.stringify({
    event: 'network_connect',
    hostname: 'host-c.example.com',
    host: '192.0.2.30',
    timestamp: '2024-05-14T08:41:59.500Z',
    fields: { remote_ip: '203.0.113.80', remote_port: 443, local_ip: '192.0.2.30', local_port: 50432, process__pid: 4242, process__file__full_path: '/usr/bin/curl' },
  })}`,
  'ibm-aix': [
    'USER_Login      sshd                            root     system FAIL_AUTH   14 May 2024 08:40:02.310551  No associated roles                      user: mallory tty: #012',
    'USER_SU         su                              jdoe     staff  FAIL        14 May 2024 08:41:10.120004  No associated roles                      root',
    'USER_SU         su                              jdoe     staff  OK          14 May 2024 08:41:31.774210  No associated roles                      root',
  ].join('\n'),
};
/** Two Firehose batches of the whole sample, arriving on different days. */
const ARRIVALS = [Date.UTC(2024, 4, 14, 9), Date.UTC(2024, 5, 20, 9)];

type Json = Record<string, unknown>;
interface GlueTable {
  Name: string;
  PartitionKeys: { Name: string }[];
  StorageDescriptor: { Columns: { Name: string; Type: string }[]; SerdeInfo: { Parameters: Record<string, string> } };
}

/** The lines of every sample of an integration (samples/<integration>/*, gzip or not), one text. */
async function sampleText(integration: string): Promise<string> {
  const dir = new URL(`${integration}/`, SAMPLES);
  const texts = await Promise.all(
    (await readdir(dir)).sort().map(async (file) => {
      const bytes = await readFile(new URL(file, dir));
      const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
      return text.endsWith('\n') ? text : `${text}\n`;
    }),
  );
  return texts.join('');
}

/** Every file under `dir`, relative, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

const ndjson = (text: string): Json[] => text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Json);

describe('Glue tables over the pipeline outputs', () => {
  quietObservability();
  const { stack, template } = synth();
  const resources = template.toJSON().Resources as Record<string, { Properties: { TableInput: GlueTable } }>;
  const tableOf = (construct: unknown): GlueTable => resources[logicalId(stack, construct)]!.Properties.TableInput;
  const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  let s3: TestS3;
  let tree: string;
  let db: DuckDBConnection;
  /** What the handlers said they wrote: events per integration and dt, rejected lines per integration. */
  const written = new Map<string, Map<string, number>>();
  const rejected = new Map<string, number>();
  /** Lines of the sample itself that the S3 path rejected. */
  const sampleRejected = new Map<string, number>();

  beforeAll(async () => {
    s3 = await startTestS3(['raw-logs', OUTPUT_BUCKET]);
    tree = await mkdtemp(join(tmpdir(), 'ecs-normalizers-tables-'));
    for (const integration of integrations) {
      const { name } = integration;
      const handler = createHandler(integration, { config: loadConfig({ OUTPUT_BUCKET, MAX_REJECTED_LINES: String(MAX_REJECTED_LINES) }), s3: s3.client, firehose });
      const perDt = new Map<string, number>();
      written.set(name, perDt);
      const count = (dt: string, events: number) => perDt.set(dt, (perDt.get(dt) ?? 0) + events);
      const text = await sampleText(name);

      // S3 drops: the sample, and an object with two lines no integration can read.
      const drops = [
        { key: `${name}/sample.log`, body: Buffer.from(text) },
        { key: `${name}/broken.log`, body: Buffer.concat([1, 2, 3].flatMap(() => [INVALID_UTF8, Buffer.from('\n')])) },
        ...(MORE_RECORDS[name] ? [{ key: `${name}/more.log`, body: Buffer.from(`${MORE_RECORDS[name]}\n`) }] : []),
      ];
      for (const drop of drops) {
        const object = await s3.put('raw-logs', drop.key, drop.body);
        const result = (await handler(s3Notification([{ bucket: 'raw-logs', key: drop.key, ...object }]))) as S3NotificationResult;
        for (const summary of result.objects) {
          count(await s3.dt('raw-logs', drop.key), summary.events);
          if (drop.key.endsWith('sample.log')) sampleRejected.set(name, summary.rejected);
          else rejected.set(name, (rejected.get(name) ?? 0) + summary.rejected);
        }
      }

      // Firehose, one record per line as a log agent sends them: the answers' events under their
      // dt, gzip, as Firehose delivers a partition's buffer. Blank lines are Dropped; the lines
      // the S3 path rejected are ProcessingFailed (Firehose keeps them under its error prefix).
      for (const [batch, arrival] of ARRIVALS.entries()) {
        const answer = (await handler({
          invocationId: `tables-${batch}`,
          deliveryStreamArn: `arn:aws:firehose:us-east-1:123456789012:deliverystream/${name}`,
          region: 'us-east-1',
          records: text.split('\n').map((line, index) => ({
            recordId: String(index),
            approximateArrivalTimestamp: arrival,
            data: Buffer.from(line).toString('base64'),
          })),
        })) as FirehoseTransformationResult;
        expect(answer.records.filter((r) => r.result === 'ProcessingFailed')).toHaveLength(sampleRejected.get(name)!);
        const partitions = new Map<string, string>();
        for (const record of answer.records.filter((r) => r.result === 'Ok')) {
          const dt = record.metadata!.partitionKeys.dt!;
          const events = Buffer.from(record.data!, 'base64').toString('utf8');
          partitions.set(dt, (partitions.get(dt) ?? '') + events);
          count(dt, ndjson(events).length);
        }
        for (const [dt, events] of partitions) {
          const path = join(tree, 'normalized', name, `dt=${dt}`, `${name}-1-${batch}.ndjson.gz`);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, gzipSync(events));
        }
      }
    }
    // The S3 path's objects, copied key for key.
    for (const key of await s3.keys(OUTPUT_BUCKET)) {
      const path = join(tree, key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, await s3.get(OUTPUT_BUCKET, key));
    }
    db = await (await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' })).connect();
  }, 60_000);

  afterAll(async () => {
    db?.closeSync();
    firehose.destroy();
    await s3?.close();
    if (tree) await rm(tree, { recursive: true, force: true });
  });

  /** Every event under `normalized/<integration>/` of the tree, with the dt of its path. */
  async function eventsInTree(integration: string): Promise<{ dt: string; event: Json }[]> {
    const dir = join(tree, 'normalized', integration);
    const found: { dt: string; event: Json }[] = [];
    for (const file of await filesUnder(dir)) {
      const dt = /^dt=(\d{4}-\d{2}-\d{2})\//.exec(file)![1]!;
      for (const event of ndjson(gunzipSync(await readFile(join(dir, file))).toString('utf8'))) found.push({ dt, event });
    }
    return found;
  }

  /** The columns of a synthesized table, by the JSON key each reads (the SerDe's `mapping.` properties). */
  function columnsByJsonKey(table: GlueTable): Map<string, string> {
    const mapping = table.StorageDescriptor.SerdeInfo.Parameters;
    return new Map(table.StorageDescriptor.Columns.map((c) => [mapping[`mapping.${c.Name}`] ?? c.Name, c.Type]));
  }

  /** A DuckDB view named as the Glue table, reading the tree with the table's columns and mapping. */
  async function createEventView(integration: string): Promise<GlueTable> {
    const table = tableOf(stack.queryCatalog.eventTables.get(integration));
    const columns = [...columnsByJsonKey(table)].map(([key, type]) => `'${key}': '${duckdbType(parseHiveType(type))}'`).join(', ');
    const renamed = Object.entries(table.StorageDescriptor.SerdeInfo.Parameters).map(([column, key]) => [`"${key}"`, column.replace(/^mapping\./, '')]);
    await db.run(
      `CREATE OR REPLACE VIEW ${table.Name} AS
       SELECT * EXCLUDE (${renamed.map(([key]) => key).join(', ')}), ${renamed.map(([key, column]) => `${key} AS ${column}`).join(', ')}
       FROM read_json('${join(tree, 'normalized', integration)}/dt=*/**/*.ndjson.gz', format = 'newline_delimited', compression = 'gzip',
         hive_partitioning = true, hive_types = {'dt': 'VARCHAR'}, columns = {${columns}})`,
    );
    return table;
  }

  /** Why records do not fit a table's columns: one message per field that has no column of a compatible type. */
  function schemaProblems(table: GlueTable, records: readonly Json[]): string[] {
    const columns = new Map([...columnsByJsonKey(table)].map(([key, type]) => [key, parseHiveType(type)]));
    const problems = new Set<string>();
    for (const record of records) {
      for (const [key, value] of Object.entries(record)) {
        const type = columns.get(key);
        const problem = type === undefined ? `${key} has no column` : incompatibility(value, type, key);
        if (problem) problems.add(`${table.Name}: ${problem}`);
      }
    }
    return [...problems];
  }

  it('wrote events on at least two days, and rejected lines, for every integration', () => {
    for (const { name } of integrations) {
      expect(written.get(name)!.size, name).toBeGreaterThanOrEqual(2);
      expect(rejected.get(name), name).toBe(3);
    }
  });

  describe.each(integrations.map((i) => [i.name, i] as const))('%s', (name, integration) => {
    it('has a column of a compatible type for every field of every fixture output and every event written', async () => {
      const table = tableOf(stack.queryCatalog.eventTables.get(name));
      const fixtures = loadFixtures(name).map(([, , fixture]) => integration.normalize(fixture.input.message, fixtureContext(fixture)) as Json);
      const events = (await eventsInTree(name)).map((e) => e.event);
      expect(fixtures.length).toBeGreaterThan(0);
      expect(events.length).toBeGreaterThan(0);
      expect(schemaProblems(table, [...fixtures, ...events])).toEqual([]);
    });

    it('DuckDB reads the events with the table\'s columns: counts per dt and field values as written', async () => {
      const table = await createEventView(name);
      const perDt = (await db.runAndReadAll(`SELECT dt, count(*) AS events FROM ${table.Name} GROUP BY dt ORDER BY dt`)).getRowObjectsJson();
      expect(perDt).toEqual([...written.get(name)!].sort(([a], [b]) => a.localeCompare(b)).map(([dt, events]) => ({ dt, events: String(events) })));

      // The same values as the NDJSON, field by field, for the fields the named queries read.
      const fields = `ts, message, event.kind, event.action, event.outcome, "user".name, host.name, process.name, error.message`;
      const rows = (await db.runAndReadAll(`SELECT dt, ${fields} FROM ${table.Name}`)).getRowsJson();
      const expected = (await eventsInTree(name)).map(({ dt, event }) => {
        const get = (path: string) => path.split('.').reduce<unknown>((value, key) => (value as Json | undefined)?.[key], event) ?? null;
        return [dt, ...['@timestamp', 'message', 'event.kind', 'event.action', 'event.outcome', 'user.name', 'host.name', 'process.name', 'error.message'].map(get)];
      });
      const sort = (list: unknown[][]) => list.map((row) => JSON.stringify(row)).sort();
      expect(sort(rows)).toEqual(sort(expected));
      expect(rows.length).toBe([...written.get(name)!.values()].reduce((a, b) => a + b, 0));
    });
  });

  it('DuckDB reads the rejected lines with the rejected_lines columns, per integration', async () => {
    const table = tableOf(stack.queryCatalog.rejectedLinesTable);
    const columns = [...columnsByJsonKey(table)].map(([key, type]) => `'${key}': '${duckdbType(parseHiveType(type))}'`).join(', ');
    const mapped = Object.entries(table.StorageDescriptor.SerdeInfo.Parameters).map(([column, key]) => `"${key}" AS ${column.replace(/^mapping\./, '')}`);
    const records = (
      await Promise.all(
        integrations.map(async ({ name }) => {
          const dir = join(tree, 'errors', name);
          const files = await Promise.all((await filesUnder(dir)).map(async (file) => ndjson(gunzipSync(await readFile(join(dir, file))).toString('utf8'))));
          return files.flat().map((record) => ({ integration: name, record }));
        }),
      )
    ).flat();
    expect(schemaProblems(table, records.map((r) => r.record))).toEqual([]);
    await db.run(
      `CREATE OR REPLACE VIEW ${table.Name} AS
       SELECT * EXCLUDE (filename, ${mapped.map((m) => m.split(' AS ')[0]).join(', ')}), ${mapped.join(', ')}, regexp_extract(filename, '/errors/([^/]+)/dt=', 1) AS integration, regexp_extract(filename, '/dt=([0-9-]+)/', 1) AS dt
       FROM read_json('${tree}/errors/*/dt=*/**/*.ndjson.gz', format = 'newline_delimited', compression = 'gzip', filename = true, columns = {${columns}})`,
    );
    const rows = (
      await db.runAndReadAll(
        `SELECT integration, key, line, reason, raw, encoding, not_stored, first_line, last_line FROM ${table.Name} ORDER BY integration, key, coalesce(line, first_line)`,
      )
    ).getRowObjectsJson();
    const text = (value: unknown) => (value === undefined ? null : String(value));
    const fields = ({ integration, record }: { integration: string; record: Json }) => ({
      integration,
      key: record.key,
      line: text(record.line),
      reason: record.reason,
      raw: text(record.raw),
      encoding: text(record.encoding),
      not_stored: text(record.notStored),
      first_line: text(record.firstLine),
      last_line: text(record.lastLine),
    });
    const order = (row: ReturnType<typeof fields>) => `${row.integration} ${row.key} ${(row.line ?? row.first_line)!.padStart(9)}`;
    expect(rows).toEqual(records.map(fields).sort((a, b) => order(a).localeCompare(order(b))));
    // The object of unreadable lines: two stored, base64 of their bytes, and the summary of the third.
    const stored = { reason: 'record is not valid UTF-8', raw: INVALID_UTF8.toString('base64'), encoding: 'base64', not_stored: null, first_line: null, last_line: null };
    for (const { name } of integrations) {
      expect(rows.filter((row) => row.key === `${name}/broken.log`)).toEqual([
        { integration: name, key: `${name}/broken.log`, line: '1', ...stored },
        { integration: name, key: `${name}/broken.log`, line: '2', ...stored },
        {
          integration: name,
          key: `${name}/broken.log`,
          line: null,
          reason: expect.stringContaining('not stored'),
          raw: null,
          encoding: null,
          not_stored: '1',
          first_line: '3',
          last_line: '3',
        },
      ]);
    }
  });

  it('runs every saved query on DuckDB over the same tables, with the answers the outputs hold', async () => {
    for (const { name } of integrations) await createEventView(name);
    const failed = tableOf(stack.queryCatalog.processingFailedTable);
    // Firehose's error prefix gets nothing in this test: an empty table with the same columns.
    await db.run(
      `CREATE OR REPLACE TABLE ${failed.Name} (integration VARCHAR, dt VARCHAR, ${failed.StorageDescriptor.Columns.map((c) => `${c.Name} ${duckdbType(parseHiveType(c.Type))}`).join(', ')})`,
    );
    const answers = new Map<string, Record<string, unknown>[]>();
    for (const query of stack.queryCatalog.namedQueries) {
      // Trino to DuckDB, in the two places they differ: the date of the first partition read
      // (every day here, the samples are from 2024) and the name of the array type.
      const sql = query.queryString
        .replace(/date_format\(current_date - interval '\d+' day, '%Y-%m-%d'\)/g, "'2000-01-01'")
        .replace(/array\(varchar\)/g, 'VARCHAR[]');
      answers.set(query.name!, (await db.runAndReadAll(sql)).getRowObjectsJson());
    }
    const events = new Map(await Promise.all(integrations.map(async ({ name }) => [name, (await eventsInTree(name)).map((e) => e.event)] as const)));
    const total = (rows: Record<string, unknown>[] | undefined, column: string) => (rows ?? []).reduce((sum, row) => sum + Number(row[column]), 0);
    const where = (integration: string, test: (event: any) => boolean) => events.get(integration)!.filter(test).length;

    expect(total(answers.get('ibm-aix: failed logins by user and host (7 days)'), 'failures')).toBe(
      where('ibm-aix', (e) => e.event?.action === 'USER_Login' && e.event?.outcome === 'failure'),
    );
    expect(total(answers.get('ibm-aix: su by user (7 days)'), 'attempts')).toBe(where('ibm-aix', (e) => e.event?.action === 'USER_SU'));
    expect(total(answers.get('tanium: alerts by rule and host (7 days)'), 'alerts')).toBe(where('tanium', (e) => e.event?.kind === 'alert'));
    expect(total(answers.get('tanium: processes started by hash (7 days)'), 'starts')).toBe(
      where('tanium', (e) => e.event?.category?.includes('process') && e.event?.type?.includes('start')),
    );
    for (const { name } of integrations) {
      const byKind = (kind: string) => total(answers.get(`${name}: rejected and unparsed records by day (30 days)`)?.filter((row) => row.kind === kind), 'records');
      expect(byKind('rejected line (S3)'), name).toBe(rejected.get(name)! + sampleRejected.get(name)!);
      expect(byKind('unparsed event'), name).toBe(where(name, (e) => e.error?.message !== undefined));
    }
    // What the records written for them say.
    expect(answers.get('ibm-aix: failed logins by user and host (7 days)')).toContainEqual(expect.objectContaining({ user_name: 'mallory', failures: '1' }));
    const su = (outcome: string) => where('ibm-aix', (e) => e.event?.action === 'USER_SU' && e.event?.outcome === outcome && e.user?.name === 'jdoe');
    expect(answers.get('ibm-aix: su by user (7 days)')).toEqual(
      expect.arrayContaining([
        { from_user: 'jdoe', to_user: 'root', outcome: 'success', attempts: String(su('success')), last_seen: '2024-05-14T08:41:31.774210Z' },
        { from_user: 'jdoe', to_user: 'root', outcome: 'failure', attempts: '1', last_seen: '2024-05-14T08:41:10.120004Z' },
      ]),
    );
    expect(total(answers.get('tanium: processes started by hash (7 days)'), 'starts')).toBeGreaterThan(0);
    expect(total(answers.get('tanium: network connections by destination (7 days)'), 'connections')).toBe(
      where('tanium', (e) => e.event?.category?.includes('network') && e.event?.type?.includes('start')),
    );
    expect(answers.get('tanium: network connections by destination (7 days)')).toContainEqual(
      expect.objectContaining({ destination_ip: '203.0.113.80', destination_port: '443', processes: expect.arrayContaining(['curl']) }),
    );
  });
});
