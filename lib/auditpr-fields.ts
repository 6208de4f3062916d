/**
 * The explicit AIX auditpr layout (`AIX_AUDITPR_FIELDS`, CLI `--auditpr-fields`, CDK context
 * `auditprFields`): the letters the records were printed with by `auditpr -h`, written as
 * auditpr takes them (`elRtcp` or `e,l,R,t,c,p`). Checked here once for every entry point.
 */

/**
 * The letters read: auditpr's e event, l login user, R status, t time, c command, r real
 * user, p pid, P parent pid, T thread id, h host, and W the WPAR name (which AIX prints
 * after the columns without being asked; give W only to place it elsewhere).
 */
export const AUDITPR_FIELD_LETTERS = 'elRtcrpPThW';

/** The reference layout's letters (`-h e,c,l,r,R,t` with its roles column and the tail on the same line). */
export const REFERENCE_AUDITPR_FIELDS = 'eclrRt';

/** The setting as plain letters: `e,l,R,t,c,p` → `elRtcp`. */
export function auditprFieldLetters(value: string): string {
  return value.includes(',') ? value.replaceAll(',', '') : value;
}

/** Why a value is not a layout this product reads, or undefined when it is one. */
export function auditprFieldsProblem(value: string): string | undefined {
  const letters = auditprFieldLetters(value.trim());
  const valid =
    letters.includes('e') &&
    [...letters].every((letter, at) => AUDITPR_FIELD_LETTERS.includes(letter) && letters.indexOf(letter) === at);
  return valid
    ? undefined
    : `"${value}" is not a list of auditpr -h letters: each of ${[...AUDITPR_FIELD_LETTERS].join(' ')} at most once, e (the event) required, for example elRtcp or e,l,R,t,c,p`;
}
