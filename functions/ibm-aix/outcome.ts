/**
 * `event.outcome` from an audit status: `OK` → success, `FAIL` and `FAIL_*` (FAIL_PRIV,
 * FAIL_AUTH, FAIL_ACCESS, FAIL_DAC ...) → failure; anything else → undefined (left out:
 * ECS's `unknown` would say no more than the field's absence).
 */
export function outcomeOf(status: string | undefined): 'success' | 'failure' | undefined {
  if (status === 'OK') return 'success';
  return status !== undefined && status.startsWith('FAIL') ? 'failure' : undefined;
}
