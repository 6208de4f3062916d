import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../infra/create-app.ts';
import type { NormalizerStack } from '../../infra/normalizer-stack.ts';

/** Context that skips esbuild: only test/infra/cdk-synth.test.ts bundles for real. */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] } as const;

export interface Synthesized {
  readonly app: App;
  readonly stack: NormalizerStack;
  readonly template: Template;
  readonly outdir: string;
}

/** Builds the app with `context` (as `-c` would) and synthesizes it in memory, without bundling. */
export function synth(context: Readonly<Record<string, unknown>> = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'ecs-normalizers-cdk-'));
  const { app, stack } = createApp({ context: { ...SKIP_BUNDLING, ...context }, outdir });
  return { app, stack, template: Template.fromStack(stack), outdir };
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } } | unknown): string {
  const resource = (construct as { node: { defaultChild?: unknown } }).node.defaultChild ?? construct;
  return stack.getLogicalId(resource as Parameters<Stack['getLogicalId']>[0]);
}

/** `{ Fn::GetAtt: [id, 'Arn'] }` */
export const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

/** The object ARN `<bucket ARN>/<key pattern>` of a bucket created by the stack. */
export const objectsOf = (bucketId: string, pattern: string) => ({ 'Fn::Join': ['', [arnOf(bucketId), `/${pattern}`]] });

/** A dashboard widget as CloudWatch reads it from the body. */
export interface DashboardWidget {
  readonly type: string;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, any>;
}

/**
 * The widgets of the stack's dashboard. Its body is a `Fn::Join` of JSON text and references
 * (a function name, the region, an alarm ARN): each reference becomes the text
 * `<{"Ref":...}>` so that the JSON parses and still says what it refers to.
 */
export function dashboardWidgets(template: Template): DashboardWidget[] {
  const [dashboard, ...others] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  if (!dashboard || others.length > 0) throw new Error('expected one dashboard');
  const [, parts] = dashboard.Properties.DashboardBody['Fn::Join'] as [string, unknown[]];
  const text = parts.map((part) => (typeof part === 'string' ? part : `<${JSON.stringify(part).replace(/"/g, "'")}>`)).join('');
  return (JSON.parse(text) as { widgets: DashboardWidget[] }).widgets;
}
