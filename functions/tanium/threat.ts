import { isJsonObject } from '../../lib/ecs/coerce.ts';
import type { EventBuilder } from '../../lib/ecs/event.ts';
import { field, jsonValue } from './mappers.ts';

/**
 * `MITRE Techniques` of a Threat Response alert: a JSON array (Tanium Connect writes it as
 * JSON text, `"[]"` when the intel names none) of technique ids, or of objects with an `id`.
 */

/** A MITRE ATT&CK technique (`T1059`) or sub-technique (`T1059.001`) id. */
const TECHNIQUE = /^T\d{4}(?:\.\d{3})?$/;
const FRAMEWORK = 'MITRE ATT&CK';

function techniqueList(value: unknown): unknown[] | undefined {
  const parsed = jsonValue(value, '[');
  return Array.isArray(parsed) ? parsed : undefined;
}

function techniqueId(item: unknown): string | undefined {
  const id = isJsonObject(item) ? field(item, 'id') : item;
  return typeof id === 'string' && TECHNIQUE.test(id) ? id : undefined;
}

/**
 * `threat.framework`, `threat.technique.id` (the techniques, also those of the
 * sub-techniques) and `threat.technique.subtechnique.id`; anything that is not a technique
 * id is left out.
 */
export function setTechniques(value: unknown, event: EventBuilder): void {
  const list = techniqueList(value);
  if (list === undefined || list.length === 0) return;
  // Sets keep the first-seen order and stay linear on a record of many techniques.
  const techniques = new Set<string>();
  const subtechniques = new Set<string>();
  for (const item of list) {
    const id = techniqueId(item);
    if (id === undefined) continue;
    techniques.add(id.slice(0, 5));
    if (id.length > 5) subtechniques.add(id);
  }
  if (techniques.size === 0) return;
  event.set('threat.framework', FRAMEWORK);
  event.set('threat.technique.id', [...techniques]);
  event.set('threat.technique.subtechnique.id', [...subtechniques]);
}
