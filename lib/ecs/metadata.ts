import type { EventBuilder } from './event.ts';

/**
 * Metadata every integration's events carry: fields beyond the reference normalization,
 * always added as extras (never replacing a value the reference sets).
 */

/** The ECS version the events are written for (`ecs.version`). */
export const ECS_VERSION = '9.0.0';

/** `ecs.version`, `event.dataset` and `event.module` of every event of an integration. */
export function setEcsMetadata(event: EventBuilder, module: string, dataset: string): void {
  event.set('ecs.version', ECS_VERSION).set('event.module', module).set('event.dataset', dataset);
}
