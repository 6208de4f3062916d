import type { Integration } from '../../lib/integration.ts';
import { normalizeTanium } from './normalize.ts';

export const tanium: Integration = {
  name: 'tanium',
  title: 'Tanium Threat Response',
  normalize: normalizeTanium,
};
