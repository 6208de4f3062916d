import { beforeEach, vi } from 'vitest';
import { logger, metrics } from '../../lib/lambda/observability.ts';

/** Mutes the structured logs and metrics of the code under test before each test of the suite. */
export function quietObservability(): void {
  beforeEach(() => {
    vi.restoreAllMocks();
    for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(logger, level).mockImplementation(() => {});
    vi.spyOn(metrics, 'addMetric').mockImplementation(() => metrics);
  });
}
