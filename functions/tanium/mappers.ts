import { isJsonObject, toId, toInteger, toIp, toKeyword, toPort } from '../../lib/ecs/coerce.ts';
import { basename } from '../../lib/ecs/paths.ts';
import { isoToEcs } from '../../lib/ecs/time.ts';
import type { JsonObject, TaniumFields, TaniumMapper } from './types.ts';

/** A field of the record by its own key: `__proto__` or `constructor` keys never reach a prototype. */
export function field(fields: JsonObject, name: string): unknown {
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

/** A field as a keyword (see `toKeyword`). */
export function keyword(fields: JsonObject, name: string): string | undefined {
  return toKeyword(field(fields, name));
}

/** A nested object by its own key, or undefined. */
export function objectField(object: JsonObject, name: string): JsonObject | undefined {
  const value = field(object, name);
  return isJsonObject(value) ? value : undefined;
}

/**
 * A value given as itself or as JSON text of it (Connect and Threat Response write nested
 * objects and arrays as JSON text); text that opens with `opening` but is not JSON → undefined.
 */
export function jsonValue(value: unknown, opening: '{' | '['): unknown {
  if (typeof value !== 'string' || !value.startsWith(opening)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** A path-like keyword field and its basename. */
function pathAndName(fields: TaniumFields, name: string): [string | undefined, string | undefined] {
  const path = toKeyword(field(fields, name));
  return [path, path === undefined ? undefined : basename(path)];
}

/** The process block shared by file, network and (partly) registry events. */
export const processBlock: TaniumMapper = (fields, event) => {
  const [executable, name] = pathAndName(fields, 'process__file__full_path');
  event.set('process.pid', toInteger(field(fields, 'process__pid')));
  event.set('process.executable', executable);
  event.set('process.name', name);
  event.set('user.id', toId(field(fields, 'process__login__user_id')));
  event.set('user.name', toKeyword(field(fields, 'process__login__user_name')));
  event.set('group.name', toKeyword(field(fields, 'process__user__group')));
};

/** network_accept / connect / disconnect: remote → destination, local → source. */
export const network: TaniumMapper = (fields, event) => {
  event.set('destination.ip', toIp(field(fields, 'remote_ip')));
  event.set('destination.port', toPort(field(fields, 'remote_port')));
  event.set('source.ip', toIp(field(fields, 'local_ip')));
  event.set('source.port', toPort(field(fields, 'local_port')));
  processBlock(fields, event);
};

/** file_*: file.path (name and directory are inferred from it), and the process block. */
export const file: TaniumMapper = (fields, event) => {
  event.set('file.path', toKeyword(field(fields, 'full_path')));
  processBlock(fields, event);
};

/** process_start. */
export const processStart: TaniumMapper = (fields, event) => {
  const [executable] = pathAndName(fields, 'file__full_path');
  const [parentExecutable, parentName] = pathAndName(fields, 'parent__file__full_path');
  const [, name] = pathAndName(fields, 'process__file__full_path');
  event.set('process.hash.md5', toKeyword(field(fields, 'file__md5')));
  const start = field(fields, 'create_time');
  event.set('process.start', typeof start === 'string' ? isoToEcs(start) : undefined);
  event.set('process.parent.executable', parentExecutable);
  event.set('process.parent.name', parentName);
  event.set('process.parent.command_line', toKeyword(field(fields, 'parent__command_line')));
  event.set('process.parent.pid', toInteger(field(fields, 'parent_pid')));
  event.set('process.executable', executable);
  event.set('file.path', executable);
  event.set('process.command_line', toKeyword(field(fields, 'command_line')));
  event.set('user.name', toKeyword(field(fields, 'process__login__user_name')));
  event.set('process.name', name);
  event.set('process.pid', toInteger(field(fields, 'process__pid')));
};

/** registry_create / registry_set. */
export const registry: TaniumMapper = (fields, event) => {
  const [, name] = pathAndName(fields, 'process__file__full_path');
  event.set('registry.path', toKeyword(field(fields, 'key')));
  event.set('registry.value', toKeyword(field(fields, 'value_name')));
  event.set('process.pid', toInteger(field(fields, 'process__pid')));
  event.set('process.executable', toKeyword(field(fields, 'file__full_path')));
  event.set('process.name', name);
  event.set('user.id', toId(field(fields, 'process__login__user_id')));
  event.set('user.name', toKeyword(field(fields, 'process__login__user_name')));
};

/**
 * dns_event: the query and its response. The reference puts the response in
 * `dns.answers.name`; an address is also `dns.resolved_ip`, where ECS and detection rules
 * look for it.
 */
export const dns: TaniumMapper = (fields, event) => {
  event.set('dns.question.name', toKeyword(field(fields, 'query')));
  const response = toKeyword(field(fields, 'response'));
  if (response !== undefined) event.set('dns.answers', [{ name: response }]);
  const address = toIp(response);
  if (address !== undefined) event.set('dns.resolved_ip', [address]);
};

/** Types the reference does not map: the common fields only. */
export const none: TaniumMapper = () => {};
