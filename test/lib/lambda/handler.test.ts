import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createFirehoseClient, createS3Client, endpointFor } from '../../../lib/lambda/aws-clients.ts';
import { loadConfig } from '../../../lib/lambda/config.ts';
import { ConfigurationError, UnsupportedEventError } from '../../../lib/errors.ts';
import { createHandler } from '../../../lib/lambda/handler.ts';
import { logger, metrics } from '../../../lib/lambda/observability.ts';
import { s3Notification } from '../../../dev/s3-notifications.ts';
import { recordObservability } from '../../helpers/quiet.ts';
import { echo } from '../../helpers/echo.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Clients that must not be used: every test here is answered before any AWS call.
const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

const TEST_EVENT = {
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2024-05-14T08:00:00.000Z',
  Bucket: 'raw-logs',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
};

const FIREHOSE_EVENT = {
  invocationId: 'invocation-1',
  deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/echo-stream',
  region: 'us-east-1',
  records: [
    { recordId: 'r1', approximateArrivalTimestamp: Date.UTC(2024, 4, 14, 8), data: Buffer.from('a\nb').toString('base64') },
    { recordId: 'r2', approximateArrivalTimestamp: Date.UTC(2024, 4, 14, 8), data: Buffer.from(' \r\n').toString('base64') },
  ],
};

recordObservability();
afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(() => {
  s3.destroy();
  firehose.destroy();
});

describe('Handler: dispatch', () => {
  const handler = createHandler(echo, { config: loadConfig({ OUTPUT_BUCKET: 'normalized-logs' }), s3, firehose });

  it('answers a Firehose transformation event with one result per record', async () => {
    const send = vi.spyOn(s3, 'send');

    expect(await handler(FIREHOSE_EVENT)).toEqual({
      records: [
        {
          recordId: 'r1',
          result: 'Ok',
          data: Buffer.from(
            '{"message":"a","@timestamp":"2024-05-14T08:00:00.000000Z"}\n{"message":"b","@timestamp":"2024-05-14T08:00:00.000000Z"}\n',
          ).toString('base64'),
          metadata: { partitionKeys: { integration: 'echo', dt: '2024-05-14' } },
        },
        { recordId: 'r2', result: 'Dropped', data: '' },
      ],
    });
    expect(send).not.toHaveBeenCalled();
  });

  it('acknowledges an s3:TestEvent and does nothing else', async () => {
    const send = vi.spyOn(s3, 'send');

    expect(await handler(TEST_EVENT)).toBeUndefined();
    expect(send).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith('s3:TestEvent acknowledged; nothing to process');
  });

  it.each([
    ['null', null, 'null'],
    ['a string', 'hello', 'string'],
    ['an empty object', {}, 'an empty object'],
    ['an SQS event without message ids', { Records: [{ eventSource: 'aws:sqs', body: '{}' }] }, 'an object with keys Records'],
    ['an EventBridge event from another service', { source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: {} }, 'an object with keys source, detail-type, detail'],
    ['an S3 event with no records', { Records: [] }, 'an object with keys Records'],
    ['a Firehose event without its stream', { invocationId: 'i', records: [] }, 'an object with keys invocationId, records'],
  ])('rejects %s with an UnsupportedEventError', async (_, event, shape) => {
    const error = await handler(event).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnsupportedEventError);
    expect((error as Error).message).toBe(
      `echo: unsupported event (${shape}): expected an Amazon Data Firehose transformation event (records[]), ` +
        'an S3 event notification (Records[] of aws:s3 records), an SQS event of S3 notifications (Records[] of aws:sqs ' +
        'records), an EventBridge event from S3 (source aws.s3) or an S3 Batch Operations invocation (invocationSchemaVersion, tasks[])',
    );
  });
});

describe('Handler: configuration', () => {
  const notification = s3Notification([{ bucket: 'raw-logs', key: 'echo/a.log', size: 1, eTag: 'abc' }]);

  it('requires OUTPUT_BUCKET only when an S3 event arrives', async () => {
    const handler = createHandler(echo, { config: loadConfig({}), s3, firehose });
    const send = vi.spyOn(s3, 'send');

    const error = await handler(notification).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ variable: 'OUTPUT_BUCKET', message: 'OUTPUT_BUCKET: is required to process S3 events but is not set' });
    expect(send).not.toHaveBeenCalled();
    expect(await handler(TEST_EVENT)).toBeUndefined();
    expect(await handler(FIREHOSE_EVENT)).toMatchObject({ records: [{ result: 'Ok' }, { result: 'Dropped' }] });
  });

  it('reads the environment when it is created, failing on a malformed value with its name', () => {
    vi.stubEnv('TIMEZONE', 'Mars/Olympus_Mons');

    expect(() => createHandler(echo)).toThrow(
      new ConfigurationError('TIMEZONE', '"Mars/Olympus_Mons" is not an IANA timezone name (for example UTC or Europe/Paris)'),
    );
  });

  it('takes the configuration from the environment by default', async () => {
    vi.stubEnv('OUTPUT_BUCKET', 'Not_A_Bucket');

    expect(() => createHandler(echo, { s3, firehose })).toThrow(/^OUTPUT_BUCKET: "Not_A_Bucket" is not a valid S3 bucket name$/);
  });

  it('publishes no empty metrics document for an invocation that measured nothing', async () => {
    const handler = createHandler(echo, { config: loadConfig({}), s3, firehose });
    const publish = vi.spyOn(metrics, 'publishStoredMetrics');

    await handler(TEST_EVENT);

    expect(publish).not.toHaveBeenCalled();
  });
});

describe('AWS clients', () => {
  it('uses AWS_ENDPOINT_URL_S3 with path-style addressing and checksums only when required', async () => {
    const client = createS3Client({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568', AWS_ENDPOINT_URL: 'http://127.0.0.1:1' });

    expect(await client.config.endpoint!()).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 4568, path: '/' });
    expect(client.config.forcePathStyle).toBe(true);
    expect(await client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await client.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
    client.destroy();
  });

  it('falls back to AWS_ENDPOINT_URL, and to the regional endpoint when neither is set', async () => {
    expect(endpointFor('S3', { AWS_ENDPOINT_URL: 'http://localhost:9000' })).toBe('http://localhost:9000');
    expect(endpointFor('FIREHOSE', { AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:4573' })).toBe('http://127.0.0.1:4573');
    expect(endpointFor('S3', { AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:4573' })).toBeUndefined();

    const client = createS3Client({});
    expect(client.config.forcePathStyle).toBe(false);
    expect(await client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    client.destroy();
  });

  it('points the Firehose client at AWS_ENDPOINT_URL_FIREHOSE', async () => {
    const client = createFirehoseClient({ AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:4573' });

    expect(await client.config.endpoint!()).toMatchObject({ hostname: '127.0.0.1', port: 4573 });
    client.destroy();
  });

  it.each([
    ['AWS_ENDPOINT_URL_S3', 'not a url', '"not a url" is not a URL (for example http://127.0.0.1:4568)'],
    ['AWS_ENDPOINT_URL', 'ftp://127.0.0.1', '"ftp://127.0.0.1" is not an http or https URL'],
  ])('rejects a malformed %s, naming it', (variable, value, reason) => {
    expect(() => createS3Client({ [variable]: value })).toThrow(new ConfigurationError(variable, reason));
  });
});
