import { createHandler } from '../../lib/lambda/handler.ts';
import { ibmAix } from './integration.ts';

/** Lambda entry point: accepts Firehose transformation events and S3 notifications. */
export const handler = createHandler(ibmAix);
