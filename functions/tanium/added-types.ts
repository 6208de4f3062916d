import { toId, toInteger, toIp, toPort } from '../../lib/ecs/coerce.ts';
import { basename } from '../../lib/ecs/paths.ts';
import { isoToEcs } from '../../lib/ecs/time.ts';
import { processUser } from './enrich.ts';
import { field, keyword, processBlock } from './mappers.ts';
import type { TaniumFields, TaniumMapper } from './types.ts';

/**
 * Mappers of the recorder types beyond the reference's 12 (their rows are in events.ts).
 * Unlike the reference types, whose output is pinned, these also carry the Tanium ids:
 * `host.id`, `process.entity_id`, `process.parent.entity_id`, and every hash the record has.
 */

/** The first of two keys that has a value (a type's own key, then the process block's). */
function either(fields: TaniumFields, first: string, second: string): string | undefined {
  return keyword(fields, first) ?? keyword(fields, second);
}

/** Hash fields of one ECS object (`file`, `dll`, `process`) and the record keys they come from. */
function hashes(target: string, source: string): TaniumMapper {
  const md5 = `${target}.hash.md5`;
  const sha1 = `${target}.hash.sha1`;
  const sha256 = `${target}.hash.sha256`;
  const [srcMd5, srcSha1, srcSha256] = [`${source}md5`, `${source}sha1`, `${source}sha256`];
  return (fields, event) => {
    event.setDefault(md5, keyword(fields, srcMd5));
    event.setDefault(sha1, keyword(fields, srcSha1));
    event.setDefault(sha256, keyword(fields, srcSha256));
  };
}

/** The acting process's file hashes (`process__file__md5` ...). */
const processHashes = hashes('process', 'process__file__');

/** What every added type carries: the Tanium ids, the acting process's user and hashes. */
export const ids: TaniumMapper = (fields, event) => {
  event.set('host.id', toId(field(fields, 'tanium_computer_id')));
  event.set('process.entity_id', toId(field(fields, 'tanium_process_id')));
  event.set('process.parent.entity_id', toId(field(fields, 'tanium_parent_process_id')));
  processUser(fields, event);
  processHashes(fields, event);
};

/** An added type's enrichment: the given mappers, then the ids. */
export function added(...mappers: TaniumMapper[]): TaniumMapper {
  return (fields, event) => {
    for (const map of mappers) map(fields, event);
    ids(fields, event);
  };
}

/** file_write, file_read: file.path ← full_path and the file's hashes (`file__md5` ...). */
export const fileHashes = hashes('file', 'file__');

const startedFileHashes = hashes('process', 'file__');

/**
 * process_end / process_stop: the process that ended, read like process_start's
 * (`file__full_path`, `pid`, `parent_pid`, `command_line`, `create_time`, `file__md5` ...),
 * falling back on the process block, and `exit_code`.
 */
export const processEnd: TaniumMapper = (fields, event) => {
  const executable = either(fields, 'file__full_path', 'process__file__full_path');
  event.set('process.executable', executable);
  event.set('process.name', executable === undefined ? undefined : basename(executable));
  event.set('process.pid', toInteger(field(fields, 'pid')) ?? toInteger(field(fields, 'process__pid')));
  event.set('process.parent.pid', toInteger(field(fields, 'parent_pid')));
  event.set('process.command_line', keyword(fields, 'command_line'));
  const start = field(fields, 'create_time');
  event.set('process.start', typeof start === 'string' ? isoToEcs(start) : undefined);
  event.set('process.exit_code', toInteger(field(fields, 'exit_code')));
  event.set('user.name', either(fields, 'user__name', 'process__login__user_name'));
  event.set('user.id', toId(field(fields, 'process__login__user_id')));
  event.set('group.name', either(fields, 'user__group', 'process__user__group'));
  startedFileHashes(fields, event);
};

/** image_load: the loaded library (`full_path`, else `file__full_path`) as dll.*, its hashes, the loading process. */
const dllHashes = hashes('dll', 'file__');
export const imageLoad: TaniumMapper = (fields, event) => {
  const path = either(fields, 'full_path', 'file__full_path');
  event.set('dll.path', path);
  event.set('dll.name', path === undefined ? undefined : basename(path));
  dllHashes(fields, event);
  processBlock(fields, event);
};

/** registry key and value types: registry.path ← key, registry.value ← value_name (as the reference's registry types), the process block. */
export const registryChange: TaniumMapper = (fields, event) => {
  event.set('registry.path', keyword(fields, 'key'));
  event.set('registry.value', keyword(fields, 'value_name'));
  processBlock(fields, event);
};

/** logon / logoff: the account (`user__name`, `user__domain`), the remote end when there is one, the process block. */
export const session: TaniumMapper = (fields, event) => {
  processBlock(fields, event);
  event.set('user.name', keyword(fields, 'user__name'));
  event.set('user.domain', keyword(fields, 'user__domain'));
  event.set('source.ip', toIp(field(fields, 'remote_ip')));
  event.set('source.port', toPort(field(fields, 'remote_port')));
};
