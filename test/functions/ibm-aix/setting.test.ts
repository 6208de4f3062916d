import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { Match } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../infra/create-app.ts';
import { ibmAix } from '../../../functions/ibm-aix/integration.ts';
import { parseCliArgs } from '../../../lib/cli/args.ts';
import { loadConfig } from '../../../lib/lambda/config.ts';
import { ConfigurationError, UsageError } from '../../../lib/errors.ts';
import { createHandler } from '../../../lib/lambda/handler.ts';
import { logger, metrics } from '../../../lib/lambda/observability.ts';
import { ecsTimestamp } from '../../../lib/ecs/time.ts';
import type { EcsEvent } from '../../../lib/ecs/event.ts';
import { runCliInProcess } from '../../helpers/cli.ts';
import { CONTEXT } from '../../helpers/expected.ts';
import { SKIP_BUNDLING, synth } from '../../infra/synth.ts';

/**
 * AIX_AUDITPR_FIELDS reaches the normalizer from every entry point (Lambda environment,
 * CLI option, CDK context), checked at start-up with the one message of
 * lib/auditpr-fields.ts.
 */

const BAD = 'elRtcx';
const PROBLEM = `"${BAD}" is not a list of auditpr -h letters: each of e l R t c r p P T h W at most once, e (the event) required, for example elRtcp or e,l,R,t,c,p`;
/** A ppid alone after the command: detection reads a pid, `elRtcP` a parent pid. */
const RECORD = 'USER_SU alice OK Wed Oct 31 23:01:44 2018 su 1 Global';
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

function withParentPid(context = CONTEXT): EcsEvent {
  return ibmAix.normalize(RECORD, { ...context, auditprFields: 'elRtcP' });
}

describe('AIX_AUDITPR_FIELDS: Lambda environment', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('is read as plain letters', () => {
    expect(loadConfig({ AIX_AUDITPR_FIELDS: ' e,l,R,t,c,P ' }).auditprFields).toBe('elRtcP');
    expect(loadConfig({}).auditprFields).toBeUndefined();
    expect(loadConfig({ AIX_AUDITPR_FIELDS: ' ' }).auditprFields).toBeUndefined();
  });

  it('stops the function at start-up when it is not a layout', () => {
    expect(() => loadConfig({ AIX_AUDITPR_FIELDS: BAD })).toThrow(new ConfigurationError('AIX_AUDITPR_FIELDS', PROBLEM));
  });

  it('reaches the normalizer on the Firehose path', async () => {
    vi.spyOn(logger, 'info').mockImplementation(() => {});
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    vi.stubEnv('AIX_AUDITPR_FIELDS', 'e,l,R,t,c,P');
    const unused = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
    const handler = createHandler(ibmAix, { s3: new S3Client(unused), firehose: new FirehoseClient(unused) });
    const arrival = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const result = await handler({
      invocationId: 'invocation-1',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/ibm-aix',
      region: 'us-east-1',
      records: [{ recordId: 'r1', approximateArrivalTimestamp: arrival, data: Buffer.from(RECORD).toString('base64') }],
    });
    const [record] = (result as { records: { result: string; data: string }[] }).records;
    expect(record!.result).toBe('Ok');
    const expected = withParentPid({ ...CONTEXT, receivedAt: ecsTimestamp(arrival) });
    expect(Buffer.from(record!.data, 'base64').toString()).toBe(`${JSON.stringify(expected)}\n`);
    expect(expected).toMatchObject({ process: { parent: { pid: 1 } } });
  });
});

describe('AIX_AUDITPR_FIELDS: CLI --auditpr-fields', () => {
  it('is read as plain letters', () => {
    expect(parseCliArgs(['ibm-aix', '--auditpr-fields', 'e,l,R,t,c,P'], [ibmAix])?.auditprFields).toBe('elRtcP');
    expect(parseCliArgs(['ibm-aix'], [ibmAix])?.auditprFields).toBeUndefined();
  });

  it('is a usage error when it is not a layout', () => {
    expect(() => parseCliArgs(['ibm-aix', '--auditpr-fields', BAD], [ibmAix])).toThrow(new UsageError(`--auditpr-fields: ${PROBLEM}`));
  });

  it('reaches the normalizer', async () => {
    const result = await runCliInProcess(['ibm-aix', '--auditpr-fields', 'elRtcP'], `${RECORD}\n`, NOW);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${JSON.stringify(withParentPid({ ...CONTEXT, receivedAt: ecsTimestamp(NOW) }))}\n`);
  });
});

describe('AIX_AUDITPR_FIELDS: CDK context auditprFields', () => {
  it('sets the functions\' AIX_AUDITPR_FIELDS, as plain letters', () => {
    synth({ auditprFields: 'e,l,R,t,c,P' }).template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ AIX_AUDITPR_FIELDS: 'elRtcP' }) },
    });
  });

  it('leaves it unset by default', () => {
    const functions = synth().template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { TIMEZONE: 'UTC' } } } });
    expect(Object.keys(functions).length).toBeGreaterThan(0);
    for (const resource of Object.values(functions)) expect(resource.Properties.Environment.Variables.AIX_AUDITPR_FIELDS).toBeUndefined();
  });

  it('stops the synth when it is not a layout', () => {
    expect(() => createApp({ context: { ...SKIP_BUNDLING, auditprFields: BAD } })).toThrow(new ConfigurationError('auditprFields', PROBLEM));
  });
});
