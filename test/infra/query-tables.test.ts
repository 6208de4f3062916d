import { FirehoseClient } from '@aws-sdk/client-firehose';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FirehoseTransformationResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { createHandler } from '../../lib/handler.ts';
import { integrations } from '../../lib/registry.ts';
import { s3Notification } from '../../lib/s3-event.ts';
import type { S3NotificationResult } from '../../lib/s3-notification.ts';
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
/** Two Firehose batches of the whole sample, arriving on different days. */
const ARRIVALS = [Date.UTC(2024, 4, 14, 9), Date.UTC(2024, 5, 20, 9)];

type Json = Record<string, unknown>;
interface GlueTable {
  Name: string;
  PartitionKeys: { Name: string }[];
  StorageDescriptor: { Columns: { Name: string; Type: string }[]; SerdeInfo: { Parameters: Record<string, string> } };
}

/** Each sample's lines, as the raw bytes the S3 path and Firehose receive. */
async function sampleText(integration: string): Promise<string> {
  const dir = new URL(`${integration}/`, SAMPLES);
  const [file] = await readdir(dir);
  const bytes = await readFile(new URL(file!, dir));
  return (file!.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
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

  beforeAll(async () => {
    s3 = await startTestS3(['raw-logs', OUTPUT_BUCKET]);
    tree = await mkdtemp(join(tmpdir(), 'ecs-normalizers-tables-'));
    for (const integration of integrations) {
      const { name } = integration;
      const handler = createHandler(integration, { config: loadConfig({ OUTPUT_BUCKET }), s3: s3.client, firehose });
      const perDt = new Map<string, number>();
      written.set(name, perDt);
      const count = (dt: string, events: number) => perDt.set(dt, (perDt.get(dt) ?? 0) + events);
      const text = await sampleText(name);

      // S3 drops: the sample, and an object with two lines no integration can read.
      let sampleRejected = 0;
      const drops = [
        { key: `${name}/sample.log`, body: Buffer.from(text) },
        { key: `${name}/broken.log`, body: Buffer.concat([INVALID_UTF8, Buffer.from('\n'), INVALID_UTF8, Buffer.from('\n')]) },
      ];
      for (const drop of drops) {
        const object = await s3.put('raw-logs', drop.key, drop.body);
        const result = (await handler(s3Notification([{ bucket: 'raw-logs', key: drop.key, ...object }]))) as S3NotificationResult;
        for (const summary of result.objects) {
          count(await s3.dt('raw-logs', drop.key), summary.events);
          if (drop.key.endsWith('sample.log')) sampleRejected = summary.rejected;
          else rejected.set(name, summary.rejected);
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
        expect(answer.records.filter((r) => r.result === 'ProcessingFailed')).toHaveLength(sampleRejected);
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
      expect(rejected.get(name), name).toBe(2);
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
      const table = tableOf(stack.queryCatalog.eventTables.get(name));
      const columns = [...columnsByJsonKey(table)].map(([key, type]) => `'${key}': '${duckdbType(parseHiveType(type))}'`).join(', ');
      const renamed = Object.entries(table.StorageDescriptor.SerdeInfo.Parameters).map(([column, key]) => `"${key}" AS ${column.replace(/^mapping\./, '')}`);
      await db.run(
        `CREATE OR REPLACE VIEW ${table.Name} AS SELECT * EXCLUDE (${renamed.map((r) => r.split(' AS ')[0]).join(', ')}), ${renamed.join(', ')}
         FROM read_json('${join(tree, 'normalized', name)}/dt=*/**/*.ndjson.gz', format = 'newline_delimited', compression = 'gzip',
           hive_partitioning = true, hive_types = {'dt': 'VARCHAR'}, columns = {${columns}})`,
      );
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
    const columns = table.StorageDescriptor.Columns.map((c) => `'${c.Name}': '${duckdbType(parseHiveType(c.Type))}'`).join(', ');
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
    const rows = (
      await db.runAndReadAll(
        `SELECT regexp_extract(filename, '/errors/([^/]+)/dt=', 1) AS integration, key, line, reason, raw, encoding
         FROM read_json('${tree}/errors/*/dt=*/**/*.ndjson.gz', format = 'newline_delimited', compression = 'gzip', filename = true, columns = {${columns}})
         ORDER BY integration, key, line`,
      )
    ).getRowObjectsJson();
    const fields = ({ integration, record }: { integration: string; record: Json }) => ({
      integration,
      key: record.key,
      line: String(record.line),
      reason: record.reason,
      raw: record.raw,
      encoding: record.encoding ?? null,
    });
    expect(rows).toEqual(records.map(fields).sort((a, b) => `${a.integration} ${a.key} ${a.line.padStart(9)}`.localeCompare(`${b.integration} ${b.key} ${b.line.padStart(9)}`)));
    // The object of unreadable lines: both lines, base64 of their bytes, for every integration.
    for (const { name } of integrations) {
      expect(rows.filter((row) => row.key === `${name}/broken.log`)).toEqual(
        [1, 2].map((line) => ({ integration: name, key: `${name}/broken.log`, line: String(line), reason: 'record is not valid UTF-8', raw: INVALID_UTF8.toString('base64'), encoding: 'base64' })),
      );
    }
  });
});
