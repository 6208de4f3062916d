import { toInteger } from '../../lib/ecs/coerce.ts';
import { basename } from '../../lib/ecs/paths.ts';
import { field, keyword, processBlock } from './mappers.ts';
import type { TaniumFields, TaniumMapper } from './types.ts';

/**
 * Fields beyond the reference normalization, per Tanium event type. They run after the
 * reference's mapper and use `setDefault`, so a value the reference sets is never replaced.
 */

function baseName(fields: TaniumFields, name: string): string | undefined {
  const path = keyword(fields, name);
  return path === undefined ? undefined : basename(path);
}

/** `process.user.name` ← `process__user__name` (the user the process runs as). */
export const processUser: TaniumMapper = (fields, event) => {
  event.setDefault('process.user.name', keyword(fields, 'process__user__name'));
};

/** registry_*: the process block's group, and a process name that matches process.executable when the record has no process__file__full_path. */
export const registry: TaniumMapper = (fields, event) => {
  processUser(fields, event);
  event.setDefault('group.name', keyword(fields, 'process__user__group'));
  event.setDefault('process.name', baseName(fields, 'file__full_path'));
};

/**
 * file_move: `file.path` ← `src_full_path` when the record has no `full_path` (the file that
 * was moved, as the reference's AIX FILE_Rename puts its `frompath` in file.path), and
 * `file.target_path` ← `dst_full_path` (the new path, as the reference's FILE_Link puts the
 * link it creates there). ECS has no "previous path" field; see docs/fields.md.
 */
export const fileMove: TaniumMapper = (fields, event) => {
  processUser(fields, event);
  event.setDefault('file.path', keyword(fields, 'src_full_path'));
  event.setDefault('file.target_path', keyword(fields, 'dst_full_path'));
};

/**
 * process_start: the started process's name and pid from `file__full_path` and `pid` when
 * the record has no process__ block (the usual case), its user and group from `user__name`
 * and `user__group`.
 */
export const processStart: TaniumMapper = (fields, event) => {
  event.setDefault('process.name', baseName(fields, 'file__full_path'));
  event.setDefault('process.pid', toInteger(field(fields, 'pid')));
  event.setDefault('user.name', keyword(fields, 'user__name'));
  event.setDefault('group.name', keyword(fields, 'user__group'));
  processUser(fields, event);
};

const NETWORK = ['network'];
const PROTOCOL = ['protocol'];
const INFO = ['info'];

/** dns_event: ECS categorization of a DNS event, and the process block of the process that asked. */
export const dns: TaniumMapper = (fields, event) => {
  event.setDefault('event.category', NETWORK.slice());
  event.setDefault('event.type', PROTOCOL.slice());
  event.setDefault('network.protocol', 'dns');
  processBlock(fields, event);
  processUser(fields, event);
};

/** Types the reference does not map: an informational event. */
export const unknown: TaniumMapper = (_fields, event) => {
  event.setDefault('event.type', INFO.slice());
};
