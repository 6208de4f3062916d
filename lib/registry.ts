import { UnknownIntegrationError } from './errors.ts';
import type { Integration } from './types.ts';
import { ibmAix } from '../functions/ibm-aix/integration.ts';
import { tanium } from '../functions/tanium/integration.ts';

/**
 * Every integration the product ships. The CLI, the handlers, the CDK stack and the
 * fixture runner iterate over this list: adding an integration is one line here.
 */
export const integrations: readonly Integration[] = [ibmAix, tanium];

export const integrationNames: readonly string[] = integrations.map((i) => i.name);

export function getIntegration(name: string): Integration {
  const found = integrations.find((i) => i.name === name);
  if (!found) throw new UnknownIntegrationError(name, integrationNames);
  return found;
}
