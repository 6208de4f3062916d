import { UnknownIntegrationError } from './errors.ts';
import type { Integration } from './types.ts';

/** The integration called `name` among `integrations`. @throws UnknownIntegrationError naming the valid ones. */
export function findIntegration(integrations: readonly Integration[], name: string): Integration {
  const found = integrations.find((i) => i.name === name);
  if (!found) throw new UnknownIntegrationError(name, integrations.map((i) => i.name));
  return found;
}
