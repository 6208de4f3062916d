import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of the local S3 server that fails chosen requests the way S3
 * does, for faults s3rver cannot produce on demand: an S3 error response (403
 * AccessDenied, 503 SlowDown ...) or a response body cut after some bytes (a connection
 * dropped mid-object). Requests pass through unchanged otherwise, Host header included,
 * so s3rver's signature check still holds.
 */

/** What the proxy sees of a request. */
export interface ProxiedRequest {
  readonly method: string;
  /** Path, decoded: `/bucket/key`. */
  readonly path: string;
  readonly query: URLSearchParams;
}

export type Fault =
  /** An S3 error response. */
  | { readonly kind: 'error'; readonly status: number; readonly code: string; readonly message: string }
  /** The response's headers and first `after` body bytes, then the connection is destroyed. */
  | { readonly kind: 'cut'; readonly after: number };

export interface S3Proxy {
  /** `http://127.0.0.1:<port>`: point an S3 client here. */
  readonly endpoint: string;
  /** Decides each request's fault; undefined passes it through. */
  fault: (request: ProxiedRequest) => Fault | undefined;
  /** Every request, in order of arrival (`METHOD /path?query`). */
  readonly requests: string[];
  /** Requests answered with a fault, in order. */
  readonly faulted: string[];
  close(): Promise<void>;
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req) {
    // Read the body to its end so that the client sees the answer, not a reset.
  }
}

/** Starts a proxy to `target` (the local S3 server's endpoint) on a free port. */
export async function startS3Proxy(target: string): Promise<S3Proxy> {
  const upstream = new URL(target);
  const proxy: Omit<S3Proxy, 'endpoint'> & { endpoint: string } = {
    endpoint: '',
    fault: () => undefined,
    requests: [],
    faulted: [],
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const fault = proxy.fault({ method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams });
    proxy.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (fault) proxy.faulted.push(`${req.method} ${url.pathname}${url.search}`);
    if (fault?.kind === 'error') {
      void drain(req).then(() => {
        const body =
          '<?xml version="1.0" encoding="UTF-8"?>\n' +
          `<Error><Code>${xmlEscape(fault.code)}</Code><Message>${xmlEscape(fault.message)}</Message><RequestId>proxy</RequestId></Error>`;
        res.writeHead(fault.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), 'x-amz-request-id': 'proxy' });
        res.end(body);
      });
      return;
    }
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (fault?.kind !== 'cut') {
          answer.pipe(res);
          return;
        }
        let sent = 0;
        answer.on('data', (chunk: Buffer) => {
          if (sent >= fault.after) return;
          const part = chunk.subarray(0, fault.after - sent);
          sent += part.length;
          res.write(part, () => {
            if (sent >= fault.after) {
              answer.destroy();
              res.socket?.destroy();
            }
          });
        });
      },
    );
    forwarded.on('error', () => res.socket?.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
