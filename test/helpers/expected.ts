import type { NormalizeContext } from '../../lib/integration.ts';
import type { EcsEvent, EcsValue } from '../../lib/ecs/event.ts';

/** The time the tests pretend the pipeline received each record. */
export const RECEIVED_AT = '2026-01-02T03:04:05.678000Z';

/** The context every test pins unless it is testing time. */
export const CONTEXT: NormalizeContext = { timezone: 'UTC', receivedAt: RECEIVED_AT };

/**
 * The message `JSON.parse` gives for a text that is not JSON: V8's wording, which varies across
 * Node.js versions ("... at position 39" became "... at position 39 (line 1 column 40)"), so
 * tests take it from the running engine instead of spelling it.
 */
export function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

/** Flat ECS fields of an expected event: `{'process.user.name': 'root'}`. */
export type Flat = Readonly<Record<string, EcsValue>>;

/**
 * Nests flat dotted paths into an event. Written independently of lib/ecs/event.ts so that an
 * expected event is not built by the code under test.
 */
export function nested(fields: Flat): EcsEvent {
  const event: EcsEvent = {};
  for (const [path, value] of Object.entries(fields)) {
    const parts = path.split('.');
    let node = event;
    for (const part of parts.slice(0, -1)) {
      const child = node[part];
      if (child === undefined) node[part] = {};
      else if (typeof child !== 'object' || Array.isArray(child)) throw new Error(`${path}: ${part} is already a value`);
      node = node[part] as EcsEvent;
    }
    const leaf = parts[parts.length - 1]!;
    if (leaf in node) throw new Error(`${path} is given twice`);
    node[leaf] = value;
  }
  return event;
}

/** The ECS version every event declares. */
export const ECS_VERSION = '9.0.0';

/** The fields every IBM AIX event has, whatever the record. */
export const AIX_COMMON: Flat = {
  'event.kind': 'event',
  'event.category': ['process'],
  'action.target': 'process',
  'observer.vendor': 'IBM',
  'event.module': 'ibm_aix',
  'event.dataset': 'ibm_aix.audit',
  'ecs.version': ECS_VERSION,
};

/** The fields every Tanium event has, whatever the record. */
export const TANIUM_COMMON: Flat = {
  'event.kind': 'event',
  'observer.vendor': 'Tanium',
  'observer.product': 'XEM',
  'observer.type': 'sensor',
  'event.module': 'tanium',
  'event.dataset': 'tanium.threat_response',
  'ecs.version': ECS_VERSION,
};

/** A whole expected IBM AIX event: the common fields plus `fields` (message and @timestamp included). */
export function aixEvent(fields: Flat): EcsEvent {
  return nested({ ...AIX_COMMON, ...fields });
}

/** A whole expected Tanium event: the common fields plus `fields` (message and @timestamp included). */
export function taniumEvent(fields: Flat): EcsEvent {
  return nested({ ...TANIUM_COMMON, ...fields });
}
