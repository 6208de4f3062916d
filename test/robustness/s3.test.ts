import fc from 'fast-check';
import { describe, it, vi } from 'vitest';
import { loadConfig } from '../../lib/lambda/config.ts';
import { createHandler } from '../../lib/lambda/handler.ts';
import { getIntegration } from '../../functions/registry.ts';
import { INTEGRATIONS, objectContent } from '../helpers/arbitraries.ts';
import { recordObservability } from '../helpers/quiet.ts';
import { useTestS3 } from '../helpers/use-s3.ts';
import { checkS3Case } from './properties.ts';
import { robustnessRuns, robustnessTimeout } from '../helpers/runs.ts';

/**
 * Property-based test of the S3 trigger path against a local S3 server, with the real
 * handler and normalizers: for any object content (plain or gzip; LF or CRLF; BOM; blank
 * lines; invalid UTF-8), normalized lines + rejected lines = non-blank input lines,
 * exactly, and every rejected line is stored byte for byte with its number and reason.
 */

const RUNS = robustnessRuns(150);
vi.setConfig({ testTimeout: robustnessTimeout(150) });
const RAW = 'raw-logs';
const OUT = 'normalized-logs';

const { s3: server, firehose } = useTestS3([RAW, OUT]);
recordObservability();

describe.each(INTEGRATIONS)('Robustness: S3 log drops with %s', (name) => {
  it('puts every non-blank line in exactly one output, rejected lines byte for byte', async () => {
    const s3 = server();
    const handler = createHandler(getIntegration(name), { config: loadConfig({ OUTPUT_BUCKET: OUT }), s3: s3.client, firehose });
    const rig = { s3, handler, rawBucket: RAW, outputBucket: OUT };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(objectContent(name, 30), async ({ content, gzip }) => {
        await checkS3Case(rig, name, `${name}/property/${n++}.log`, content, gzip);
      }),
      { numRuns: RUNS },
    );
  });
});
