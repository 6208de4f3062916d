import { gzipSync } from 'node:zlib';

/** What a CloudWatch Logs subscription filter puts into a delivery stream: gzip of this envelope (`gzip` false: as Firehose's own decompression passes it on). */
export function cloudWatchLogsRecord(messages: readonly string[], messageType = 'DATA_MESSAGE', gzip = true): Buffer {
  const envelope = Buffer.from(
    JSON.stringify({
      messageType,
      owner: '123456789012',
      logGroup: '/example/aix-audit',
      logStream: 'host-a.example.com',
      subscriptionFilters: ['to-normalizer'],
      logEvents: messages.map((message, i) => ({ id: `3719528761264127873625482716253489172635498172635498${i}`, timestamp: 1715673600000 + i, message })),
    }),
  );
  return gzip ? gzipSync(envelope) : envelope;
}
