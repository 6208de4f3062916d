import { findIntegration } from '../lib/integration.ts';
import type { Integration } from '../lib/integration.ts';
import { ibmAix } from './ibm-aix/integration.ts';
import { tanium } from './tanium/integration.ts';

/**
 * Every integration the product ships. The entry points (the CLI in `bin/`, the CDK app,
 * `scripts/`, the benchmarks) and the fixture runner iterate over this list: adding an
 * integration is one line here. The shared layer (`lib/`) never imports it.
 */
export const integrations: readonly Integration[] = [ibmAix, tanium];

export const integrationNames: readonly string[] = integrations.map((i) => i.name);

/** @throws UnknownIntegrationError naming the valid integrations. */
export function getIntegration(name: string): Integration {
  return findIntegration(integrations, name);
}
