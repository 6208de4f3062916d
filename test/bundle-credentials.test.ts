import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CredentialsProviderError } from '@smithy/core/config';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { functionBuildOptions } from '../scripts/build.ts';
import { defaultProvider } from '../scripts/bundle-shims/credential-provider-node.ts';
import { integrationNames } from '../functions/registry.ts';

/**
 * The functions' credentials (scripts/bundle-shims/credential-provider-node.ts): the
 * environment's, else a container credentials endpoint's, and nothing else in the bundle.
 */
const ROLE = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'role-session' };
const CONTAINER = { AccessKeyId: 'ASIAIOSFODNN7EXAMPLE', SecretAccessKey: 'container/secret/EXAMPLEKEY', Token: 'container-session', Expiration: '2099-01-01T00:00:00Z' };

/** Every variable the SDK reads credentials or their endpoint from, unset for each test. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_PROFILE',
];

let endpoint: Server;
let endpointUrl: string;
const requests: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  endpoint = createServer((request, response) => {
    requests.push(request.headers);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(CONTAINER));
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/credentials`;
});
afterAll(() => new Promise<void>((resolve) => endpoint.close(() => resolve())));

describe('defaultProvider', () => {
  beforeAll(() => {
    for (const name of CREDENTIAL_VARIABLES) vi.stubEnv(name, undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const name of CREDENTIAL_VARIABLES) vi.stubEnv(name, undefined);
    requests.length = 0;
  });
  afterAll(() => vi.unstubAllEnvs());

  it('gives the execution role credentials Lambda puts in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', ROLE.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', ROLE.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', ROLE.sessionToken);
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', endpointUrl);

    await expect(defaultProvider()()).resolves.toMatchObject(ROLE);
    expect(requests).toEqual([]);
  });

  it('fetches them from the container endpoint when the environment has no keys, once while they are valid, with its token', async () => {
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', endpointUrl);
    vi.stubEnv('AWS_CONTAINER_AUTHORIZATION_TOKEN', 'example-token');
    const provider = defaultProvider();

    const expected = { accessKeyId: CONTAINER.AccessKeyId, secretAccessKey: CONTAINER.SecretAccessKey, sessionToken: CONTAINER.Token, expiration: new Date(CONTAINER.Expiration) };
    await expect(provider()).resolves.toMatchObject(expected);
    await expect(provider()).resolves.toMatchObject(expected);
    expect(requests.map((headers) => headers.authorization)).toEqual(['example-token']);
  });

  it('fails with the SDK provider error when there are neither keys nor an endpoint', async () => {
    await expect(defaultProvider()()).rejects.toBeInstanceOf(CredentialsProviderError);
    expect(requests).toEqual([]);
  });
});

describe('the function bundles', () => {
  it.each(integrationNames)('%s holds no profile, SSO, process, web identity or instance metadata provider', async (name) => {
    const { metafile } = await build({ ...functionBuildOptions(name, '/nonexistent'), write: false, metafile: true });
    const packages = new Set(Object.keys(metafile.inputs).map((path) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1]).filter(Boolean));

    expect([...packages].filter((p) => p!.startsWith('@aws-sdk/credential-provider-') || p === '@aws-sdk/nested-clients' || p === '@smithy/credential-provider-imds').sort()).toEqual([
      '@aws-sdk/credential-provider-env',
      '@aws-sdk/credential-provider-http',
    ]);
  });
});
