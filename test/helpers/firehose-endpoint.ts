import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/**
 * A local HTTP endpoint speaking the Firehose JSON API (`PutRecordBatch` only), so tests
 * exercise the SDK's real serialization. Each call is recorded with its decoded records;
 * `reply` decides the answer of each call.
 */

/** One PutRecordBatch call as the endpoint received it. */
export interface PutRecordBatchCall {
  readonly streamName: string;
  readonly records: Buffer[];
}

/** How the endpoint answers a call. */
export type Reply =
  /** 200; the entries at `failed` positions get an ErrorCode. */
  | { readonly kind: 'ok'; readonly failed?: readonly number[]; readonly errorCode?: string }
  /** An error response: `status` with body `{"__type": type}`. */
  | { readonly kind: 'error'; readonly status: number; readonly type: string }
  /** The connection is closed without an answer. */
  | { readonly kind: 'hang-up' };

export interface FirehoseEndpoint {
  readonly url: string;
  readonly calls: PutRecordBatchCall[];
  /** Decides each call's reply; `callNumber` counts from 1. Defaults to every entry succeeding. */
  reply: (call: PutRecordBatchCall, callNumber: number) => Reply;
  /** A client for this endpoint: fake credentials, and no SDK retries so tests see ours. */
  client(): FirehoseClient;
  close(): Promise<void>;
}

const TARGET = 'Firehose_20150804.PutRecordBatch';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': 'test-request' };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers).end(JSON.stringify(body));
}

/** Starts the endpoint on 127.0.0.1 with a free port. */
export async function startFirehoseEndpoint(): Promise<FirehoseEndpoint> {
  const clients: FirehoseClient[] = [];
  const endpoint: Omit<FirehoseEndpoint, 'url'> & { url: string } = {
    url: '',
    calls: [],
    reply: () => ({ kind: 'ok' }),
    client() {
      const client = new FirehoseClient({
        endpoint: this.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'test-secret' },
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.headers['x-amz-target'] !== TARGET || req.headers['content-type'] !== CONTENT_TYPE) {
      send(res, 400, { __type: 'UnknownOperationException', message: `unexpected ${String(req.headers['x-amz-target'])}` });
      return;
    }
    const input = JSON.parse(body) as { DeliveryStreamName: string; Records: { Data: string }[] };
    const call: PutRecordBatchCall = {
      streamName: input.DeliveryStreamName,
      records: input.Records.map((r) => Buffer.from(r.Data, 'base64')),
    };
    endpoint.calls.push(call);
    const reply = endpoint.reply(call, endpoint.calls.length);
    if (reply.kind === 'hang-up') {
      req.socket.destroy();
      return;
    }
    if (reply.kind === 'error') {
      send(res, reply.status, { __type: reply.type, message: `${reply.type} from the test endpoint` }, reply.type);
      return;
    }
    const failed = new Set(reply.failed ?? []);
    const errorCode = reply.errorCode ?? 'ServiceUnavailableException';
    send(res, 200, {
      FailedPutCount: failed.size,
      Encrypted: false,
      RequestResponses: call.records.map((_, i) =>
        failed.has(i) ? { ErrorCode: errorCode, ErrorMessage: 'Slow down.' } : { RecordId: `record-${endpoint.calls.length}-${i}` },
      ),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return endpoint;
}

/**
 * A local endpoint for the enclosing suite: started once, closed after it, its calls cleared
 * and its reply reset to success before each test. Returns a getter (it starts in beforeAll).
 */
export function useFirehoseEndpoint(): () => FirehoseEndpoint {
  let endpoint: FirehoseEndpoint | undefined;
  beforeAll(async () => {
    endpoint = await startFirehoseEndpoint();
  });
  afterAll(async () => {
    await endpoint?.close();
  });
  beforeEach(() => {
    endpoint!.calls.length = 0;
    endpoint!.reply = () => ({ kind: 'ok' });
  });
  return () => endpoint!;
}
