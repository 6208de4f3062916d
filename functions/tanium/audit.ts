import { isJsonObject, toId } from '../../lib/ecs/coerce.ts';
import { EventBuilder } from '../../lib/ecs/event.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';
import { field, jsonValue, keyword, objectField } from './mappers.ts';
import { finishEvent, recordTime, setObserver, type TaniumContext } from './shape.ts';

/**
 * Threat Response audit records: one row change in the Threat Response database
 * (`{"id", "table", "rowId", "state", "userId", "userName", "action", "createdAt", ...}`).
 */

/** ECS categorization of an audited table: its category and the event.type of each action. */
interface TableSpec {
  readonly category: string;
  readonly types: Readonly<Record<string, string>>;
}

/** A change to Threat Response's own data (intel, alerts, labels, settings ...). */
const CONFIGURATION: TableSpec = { category: 'configuration', types: { create: 'creation', update: 'change', delete: 'deletion' } };

/** Tables whose rows are something other than configuration. */
const TABLES: ReadonlyMap<string, TableSpec> = new Map([
  // A live connection from the console to an endpoint: a remote session.
  ['LiveConnection', { category: 'session', types: { create: 'start', delete: 'end' } }],
]);

/** ECS allows `info` for both categories: the type of an action the table spec does not name. */
const INFO = 'info';

/**
 * The endpoint an audited row is about: `state` (an object, or JSON text of one, as Threat
 * Response writes it) names it as `target.hostname` for live connections.
 */
function targetHostname(state: unknown): string | undefined {
  const value = jsonValue(state, '{');
  const target = isJsonObject(value) ? objectField(value, 'target') : undefined;
  return target === undefined ? undefined : keyword(target, 'hostname');
}

export function normalizeAudit(parsed: Record<string, unknown>, record: string, context: TaniumContext): EcsEvent {
  const table = keyword(parsed, 'table');
  const action = keyword(parsed, 'action');
  const spec = (table !== undefined ? TABLES.get(table) : undefined) ?? CONFIGURATION;
  const type = action !== undefined && Object.hasOwn(spec.types, action) ? spec.types[action]! : INFO;

  const event = new EventBuilder()
    .set('message', record)
    .set('event.kind', 'event')
    .set('event.category', [spec.category])
    .set('event.type', [type])
    .set('event.action', action)
    .set('event.id', toId(field(parsed, 'id')))
    .set('user.name', keyword(parsed, 'userName'))
    .set('user.id', toId(field(parsed, 'userId')))
    .set('host.hostname', targetHostname(field(parsed, 'state')));
  setObserver(event, undefined);
  return finishEvent(event, recordTime(field(parsed, 'createdAt')), context);
}
