import type { Integration } from '../../lib/integration.ts';
import { aixFraming } from './framing.ts';
import { normalizeAix } from './normalize.ts';

export const ibmAix: Integration = {
  name: 'ibm-aix',
  title: 'IBM AIX audit',
  normalize: normalizeAix,
  framing: aixFraming,
};
