import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_CLOUDWATCH_LOGS_BYTES, readCloudWatchLogs } from '../../../lib/firehose/cloudwatch-logs.ts';
import { cloudWatchLogsRecord } from '../../helpers/cloudwatch-logs.ts';

describe('readCloudWatchLogs', () => {
  it('reads a data message as its log events, one per line', () => {
    expect(readCloudWatchLogs(cloudWatchLogsRecord(['first record', 'second record'])))
      .toEqual({ kind: 'data', text: Buffer.from('first record\nsecond record') });
  });

  it('reads an envelope Firehose\'s own decompression passed on as JSON, and its control message', () => {
    expect(readCloudWatchLogs(cloudWatchLogsRecord(['first record'], 'DATA_MESSAGE', false))).toEqual({ kind: 'data', text: Buffer.from('first record') });
    expect(readCloudWatchLogs(cloudWatchLogsRecord(['CWL CONTROL MESSAGE'], 'CONTROL_MESSAGE', false))).toEqual({ kind: 'control' });
  });

  it('reads a control message as such', () => {
    expect(readCloudWatchLogs(cloudWatchLogsRecord(['CWL CONTROL MESSAGE: Checking health of destination Firehose.'], 'CONTROL_MESSAGE'))).toEqual({ kind: 'control' });
  });

  it.each([
    ['plain text', Buffer.from('FILE_Open root OK')],
    ['a JSON record that is no envelope', Buffer.from('{"event":"dns_event","messageType":"DATA_MESSAGE","logEvents":[]}')],
    ['JSON that starts like an envelope but is cut', Buffer.from('{"messageType":"DATA_MESSAGE","logEv')],
    ['gzip of something else', gzipSync('not json')],
    ['gzip of JSON of another shape', gzipSync(JSON.stringify({ messageType: 'DATA_MESSAGE', logEvents: [{ message: 1 }] }))],
    ['gzip of another message type', cloudWatchLogsRecord(['x'], 'OTHER')],
    ['gzip cut short', cloudWatchLogsRecord(['x']).subarray(0, 20)],
    ['gzip that inflates past the limit', gzipSync(JSON.stringify({ messageType: 'DATA_MESSAGE', logEvents: [{ message: 'a'.repeat(MAX_CLOUDWATCH_LOGS_BYTES) }] }))],
  ])('leaves %s to be read as raw records', (_, bytes) => {
    expect(readCloudWatchLogs(bytes)).toBeUndefined();
  });
});
