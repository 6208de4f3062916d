import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp, type FromHttpOptions } from '@aws-sdk/credential-provider-http';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';

/**
 * The functions' AWS credentials, in place of `@aws-sdk/credential-provider-node` (the build's
 * `alias`, CREDENTIALS in scripts/build.ts). A Lambda function gets its
 * execution role's credentials in the environment (`AWS_ACCESS_KEY_ID`, …); where a runtime
 * serves them from a container credentials endpoint instead
 * (`AWS_CONTAINER_CREDENTIALS_FULL_URI` or `_RELATIVE_URI`, no keys in the environment), they
 * are fetched from it. The SDK's full Node.js chain also reads profiles, SSO, `credential_process`,
 * web identity token files and EC2 instance metadata, none of which a function has: bundled,
 * they cost about 115 KiB and 12 ms of every cold start (docs/bundle.md).
 */

/** The environment variables that point at a container credentials endpoint. */
const CONTAINER_ENDPOINT_VARIABLES = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'] as const;

type Provider = ReturnType<typeof fromEnv>;

/** Same signature as the SDK's: the client calls it once with its config, then memoizes nothing itself. */
export function defaultProvider(init: FromHttpOptions = {}): Provider {
  const environment = fromEnv(init);
  // Made on first use: fromHttp throws when neither endpoint variable is set.
  let container: Provider | undefined;
  const resolve: Provider = (properties) => {
    const fromContainer = !process.env.AWS_ACCESS_KEY_ID && CONTAINER_ENDPOINT_VARIABLES.some((name) => process.env[name]);
    return fromContainer ? (container ??= fromHttp(init))(properties) : environment(properties);
  };
  // Fetched once, and again only near the expiry the endpoint gives.
  return memoizeIdentityProvider(resolve, isIdentityExpired, doesIdentityRequireRefresh) as Provider;
}
