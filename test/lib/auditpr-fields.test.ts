import { describe, expect, it } from 'vitest';
import { auditprFieldLetters, auditprFieldsProblem } from '../../lib/auditpr-fields.ts';

describe('AIX_AUDITPR_FIELDS: the auditpr -h letters', () => {
  it.each([
    ['elRtc', 'elRtc'],
    ['e,l,R,t,c,p', 'elRtcp'],
    ['elRtcrpPThW', 'elRtcrpPThW'],
    ['eclrRt', 'eclrRt'],
    ['e', 'e'],
  ])('accepts %s as %s', (value, letters) => {
    expect(auditprFieldsProblem(value)).toBeUndefined();
    expect(auditprFieldLetters(value)).toBe(letters);
  });

  it.each([
    ['', 'empty'],
    ['lRtc', 'no event'],
    ['eelRtc', 'a letter twice'],
    ['elRtcx', 'a letter auditpr has not'],
    ['elRtci', 'the roles column (i), which is not read'],
    ['e l R', 'spaces between letters'],
  ])('rejects %s (%s) with one message', (value) => {
    expect(auditprFieldsProblem(value)).toBe(
      `"${value}" is not a list of auditpr -h letters: each of e l R t c r p P T h W at most once, e (the event) required, for example elRtcp or e,l,R,t,c,p`,
    );
  });
});
