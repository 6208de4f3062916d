import { FirehoseClient } from '@aws-sdk/client-firehose';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FUNCTION_METRICS } from '../../infra/function-metrics.ts';
import { startTestS3, type TestS3 } from '../helpers/s3-server.ts';
import { dashboardWidgets, logicalId, synth } from './synth.ts';

/**
 * The metrics the alarms (and the dashboard) watch are the ones the functions publish: the
 * real handler of each integration runs with the environment the stack gives its function,
 * on an S3 object and on a Firehose batch, and the embedded-metric-format documents it prints
 * are compared with the template. CloudWatch matches a metric by namespace, name and its
 * exact set of dimensions, so all three must agree.
 */

interface PublishedMetric {
  readonly namespace: string;
  readonly name: string;
  /** Dimension name → value, exactly the dimension set of the document. */
  readonly dimensions: Readonly<Record<string, string>>;
}

/** The metrics of the EMF documents among the lines a handler printed. */
function emfMetrics(lines: readonly string[]): PublishedMetric[] {
  return lines
    .filter((line) => line.includes('"_aws"'))
    .flatMap((line) => {
      const document = JSON.parse(line) as Record<string, unknown> & {
        _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
      };
      return document._aws.CloudWatchMetrics.flatMap((directive) =>
        directive.Dimensions.flatMap((set) =>
          directive.Metrics.map((metric) => ({
            namespace: directive.Namespace,
            name: metric.Name,
            dimensions: Object.fromEntries(set.map((name) => [name, String(document[name])])),
          })),
        ),
      );
    });
}

const firstLine: Record<string, string> = {
  'ibm-aix': readFileSync(new URL('../../samples/ibm-aix/audit.log', import.meta.url), 'utf8').split('\n')[0]!,
  tanium: gunzipSync(readFileSync(new URL('../../samples/tanium/events.json.gz', import.meta.url))).toString('utf8').split('\n')[0]!,
};
// Not valid UTF-8: rejected by every integration, on both paths.
const INVALID_UTF8 = Buffer.from([0xc3, 0x28, 0xff]);

describe('function metrics', () => {
  const { stack, template } = synth();
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
  let s3: TestS3;
  const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const published = new Map<string, PublishedMetric[]>();

  beforeAll(async () => {
    s3 = await startTestS3(['raw', 'example-normalized-events']);
    for (const pipeline of stack.pipelines) {
      const { name } = pipeline.integration;
      const deployed = resources[logicalId(stack, pipeline.function)]!.Properties.Environment.Variables as Record<string, unknown>;
      // The deployed environment, with the output bucket (a reference in the template) named.
      for (const [key, value] of Object.entries(deployed)) vi.stubEnv(key, typeof value === 'string' ? value : 'example-normalized-events');
      // Fresh modules: Powertools reads the service and namespace when the module loads, as at a cold start.
      vi.resetModules();
      const { createHandler } = await import('../../lib/lambda/handler.ts');
      const { getIntegration } = await import('../../functions/registry.ts');
      const printed: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        printed.push(...String(chunk).split('\n'));
        return true;
      });
      try {
        const handler = createHandler(getIntegration(name), { s3: s3.client, firehose });
        const key = `${name}/metrics.log`;
        const object = await s3.put('raw', key, Buffer.concat([Buffer.from(`${firstLine[name]}\n`), INVALID_UTF8, Buffer.from('\n')]));
        const { s3Notification } = await import('../../dev/s3-notifications.ts');
        await handler(s3Notification([{ bucket: 'raw', key, ...object }]));
        await handler({
          invocationId: 'metrics-1',
          deliveryStreamArn: `arn:aws:firehose:us-east-1:123456789012:deliverystream/${name}`,
          region: 'us-east-1',
          records: [
            { recordId: '1', approximateArrivalTimestamp: Date.now(), data: Buffer.from(firstLine[name]!).toString('base64') },
            { recordId: '2', approximateArrivalTimestamp: Date.now(), data: INVALID_UTF8.toString('base64') },
          ],
        });
      } finally {
        vi.restoreAllMocks();
        vi.unstubAllEnvs();
      }
      published.set(name, emfMetrics(printed));
    }
  });

  afterAll(async () => {
    firehose.destroy();
    await s3?.close();
  });

  it('are published by the handlers of both paths, in the stack namespace, with the service and integration dimensions', () => {
    for (const pipeline of stack.pipelines) {
      const { name } = pipeline.integration;
      const metrics = published.get(name)!;
      const names = new Set(metrics.map((m) => m.name));
      for (const metric of Object.values(FUNCTION_METRICS)) expect(names, `${name} ${metric}`).toContain(metric);
      for (const metric of metrics) {
        expect(metric.namespace).toBe('EcsLogNormalizers');
        expect(metric.dimensions).toEqual({ service: name, integration: name });
      }
    }
  });

  /** Every metric of the function namespace an alarm or the dashboard reads, as CloudWatch will look it up. */
  function watchedFunctionMetrics(): { where: string; metric: PublishedMetric }[] {
    const watched: { where: string; metric: PublishedMetric }[] = [];
    for (const [id, resource] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')) {
      const properties = resource.Properties;
      const metrics = [...(properties.Metrics ?? []).flatMap((m: any) => (m.MetricStat ? [m.MetricStat.Metric] : [])), ...(properties.MetricName ? [properties] : [])];
      for (const m of metrics) {
        const dimensions = Object.fromEntries((m.Dimensions ?? []).map((d: { Name: string; Value: string }) => [d.Name, d.Value]));
        watched.push({ where: id, metric: { namespace: m.Namespace, name: m.MetricName, dimensions } });
      }
    }
    for (const widget of dashboardWidgets(template)) {
      for (const row of (widget.properties.metrics ?? []) as unknown[][]) {
        if (typeof row[0] !== 'string') continue; // a math expression: its inputs are rows of their own
        const [namespace, name, ...rest] = row as string[];
        const pairs = rest.filter((item) => typeof item === 'string');
        const dimensions = Object.fromEntries(pairs.flatMap((item, index) => (index % 2 === 0 ? [[item, pairs[index + 1]!]] : [])));
        watched.push({ where: `dashboard: ${widget.properties.title}`, metric: { namespace: namespace!, name: name!, dimensions } });
      }
    }
    return watched.filter(({ metric }) => metric.namespace === 'EcsLogNormalizers');
  }

  it('are exactly what every alarm and every dashboard widget on a function metric reads: namespace, name and dimension set', () => {
    const watched = watchedFunctionMetrics();
    for (const { where, metric } of watched) {
      const integration = metric.dimensions.integration!;
      expect(published.get(integration), `${where}: ${JSON.stringify(metric)}`).toContainEqual(metric);
    }
    const names = (where: RegExp) => [...new Set(watched.filter((w) => where.test(w.where)).map((w) => `${w.metric.dimensions.integration} ${w.metric.name}`))].sort();
    // The rejection alarm reads four of them; the dashboard shows every one, for every integration.
    expect(names(/^dashboard/)).toEqual(stack.pipelines.flatMap((p) => Object.values(FUNCTION_METRICS).map((m) => `${p.integration.name} ${m}`)).sort());
    expect(names(/Alarms/)).toEqual(
      stack.pipelines.flatMap((p) => ['EventsNormalized', 'LinesRejected', 'RecordsRejected', 'RecordsUnparsed'].map((m) => `${p.integration.name} ${m}`)).sort(),
    );
  });
});
