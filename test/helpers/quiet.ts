import { beforeEach, vi, type MockInstance } from 'vitest';
import { logger, metrics } from '../../lib/lambda/observability.ts';

/** Restores every mock, then mutes each level of the structured logger. */
function muteLogger(): void {
  vi.restoreAllMocks();
  for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(logger, level).mockImplementation(() => {});
}

/** Mutes the structured logs and metrics of the code under test before each test of the suite. */
export function quietObservability(): void {
  beforeEach(() => {
    muteLogger();
    vi.spyOn(metrics, 'addMetric').mockImplementation(() => metrics);
  });
}

/** An EMF document as Powertools prints it: metric values, dimensions and `_aws` (the metric directives). */
export type EmfDocument = Record<string, unknown>;

/** What the code under test logged and printed during the test that runs. */
export interface RecordedObservability {
  readonly info: MockInstance<typeof logger.info>;
  readonly warn: MockInstance<typeof logger.warn>;
  readonly error: MockInstance<typeof logger.error>;
  /** The EMF documents printed. */
  emf(): EmfDocument[];
  /** The same without their `_aws` metadata: the metric values and dimensions alone. */
  emfValues(): EmfDocument[];
}

/**
 * Before each test of the suite: restores every mock and mutes the structured logger and
 * stdout, where Powertools prints the metrics in embedded metric format; the returned
 * object reads what they got in the test that runs.
 */
export function recordObservability(): RecordedObservability {
  let write: MockInstance<typeof process.stdout.write> | undefined;
  beforeEach(() => {
    muteLogger();
    write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  const emf = (): EmfDocument[] =>
    write!.mock.calls
      .map(([chunk]) => String(chunk))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as EmfDocument);
  return {
    get info() {
      return vi.mocked(logger.info);
    },
    get warn() {
      return vi.mocked(logger.warn);
    },
    get error() {
      return vi.mocked(logger.error);
    },
    emf,
    emfValues: () => emf().map(({ _aws, ...values }) => values),
  };
}
