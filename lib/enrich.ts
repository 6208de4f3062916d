import type { EventBuilder } from './event.ts';
import type { SyslogHeader } from './syslog.ts';

/**
 * Enrichment shared by the integrations: fields beyond the reference normalization,
 * always added as extras (never replacing a value the reference sets).
 */

/** The ECS version the events are written for (`ecs.version`). */
export const ECS_VERSION = '9.0.0';

/** `ecs.version`, `event.dataset` and `event.module` of every event of an integration. */
export function setEcsMetadata(event: EventBuilder, module: string, dataset: string): void {
  event.set('ecs.version', ECS_VERSION).set('event.module', module).set('event.dataset', dataset);
}

/**
 * `event.outcome` from an audit status: `OK` → success, `FAIL` and `FAIL_*` (FAIL_PRIV,
 * FAIL_AUTH, FAIL_ACCESS, FAIL_DAC ...) → failure; anything else → undefined (left out:
 * ECS's `unknown` would say no more than the field's absence).
 */
export function outcomeOf(status: string | undefined): 'success' | 'failure' | undefined {
  if (status === 'OK') return 'success';
  return status !== undefined && status.startsWith('FAIL') ? 'failure' : undefined;
}

/**
 * `log.syslog.*` and `host.hostname` from a syslog header. `event.original` keeps the whole
 * line, header included, since `message` then holds the record without it.
 */
export function setSyslogFields(event: EventBuilder, header: SyslogHeader, line: string): void {
  const priority = header.priority;
  if (priority !== undefined) {
    event.set('log.syslog.priority', priority);
    event.set('log.syslog.facility.code', priority >> 3);
    event.set('log.syslog.severity.code', priority & 7);
  }
  event.set('log.syslog.version', header.version === undefined ? undefined : String(header.version));
  event.set('log.syslog.hostname', header.hostname);
  event.set('log.syslog.appname', header.appname);
  event.set('log.syslog.procid', header.procid);
  event.set('log.syslog.msgid', header.msgid);
  event.set('host.hostname', header.hostname);
  event.set('event.original', line);
}
