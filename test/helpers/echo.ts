import { RecordRejectedError } from '../../lib/errors.ts';
import type { Integration } from '../../lib/integration.ts';

/**
 * A stand-in integration whose output is obvious, for tests of the adapters: a record
 * becomes `{message, @timestamp}` (the time it was received); one starting with `reject`
 * is rejected, and `boom` makes the normalizer fail as a bug would.
 */
export const echo: Integration = {
  name: 'echo',
  title: 'Echo',
  normalize(record, context) {
    if (record.startsWith('reject')) throw new RecordRejectedError('echo', 'starts with "reject"');
    if (record === 'boom') throw new Error('normalizer bug');
    return { message: record, '@timestamp': context.receivedAt };
  },
};
