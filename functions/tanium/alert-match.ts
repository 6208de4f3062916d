import { toInteger, toIp, toPort } from '../../lib/ecs/coerce.ts';
import type { EventBuilder } from '../../lib/ecs/event.ts';
import { basename } from '../../lib/ecs/paths.ts';
import { isoToEcs } from '../../lib/ecs/time.ts';
import { field, keyword, objectField } from './mappers.ts';
import type { JsonObject } from './types.ts';

/**
 * `Match Details` of a Threat Response alert: `match` is the artifact the intel matched
 * (`type`, `source`, `properties`), `finding` what the endpoint reported around it
 * (`first_seen`, `last_seen`, `system_info` ...).
 */

function date(object: JsonObject, name: string): string | undefined {
  const value = field(object, name);
  return typeof value === 'string' ? isoToEcs(value) : undefined;
}

/** The ECS names of one process level: the matched process, or its parent. */
interface ProcessNames {
  readonly pid: string;
  readonly commandLine: string;
  readonly executable: string;
  readonly name: string;
  readonly start: string;
  readonly entityId: string;
  readonly md5: string;
  readonly sha1: string;
  readonly sha256: string;
}

function processNames(prefix: string): ProcessNames {
  return {
    pid: `${prefix}.pid`,
    commandLine: `${prefix}.command_line`,
    executable: `${prefix}.executable`,
    name: `${prefix}.name`,
    start: `${prefix}.start`,
    entityId: `${prefix}.entity_id`,
    md5: `${prefix}.hash.md5`,
    sha1: `${prefix}.hash.sha1`,
    sha256: `${prefix}.hash.sha256`,
  };
}

const PROCESS = processNames('process');
const PARENT = processNames('process.parent');

/**
 * A `DOMAIN\user` (or bare `user`) account as `user.name` and `user.domain`, unless the alert
 * names its user: the name with its domain, but the alert's own `User Domain` is kept.
 */
function setUser(account: string | undefined, event: EventBuilder): void {
  if (account === undefined || event.has('user.name')) return;
  const at = account.lastIndexOf('\\');
  event.set('user.name', account.slice(at + 1));
  if (at > 0) event.setDefault('user.domain', account.slice(0, at));
}

/**
 * One process of the match (`pid`, `args`, `name`, `file.fullpath`/hashes, `start_time`,
 * `recorder_unique_id`): `name` may be a path, so process.name is its basename.
 */
function setProcess(process: JsonObject, names: ProcessNames, event: EventBuilder): void {
  const file = objectField(process, 'file');
  const name = keyword(process, 'name');
  event.set(names.pid, toInteger(field(process, 'pid')));
  event.set(names.commandLine, keyword(process, 'args'));
  event.set(names.name, name === undefined ? undefined : basename(name));
  event.set(names.start, date(process, 'start_time'));
  event.set(names.entityId, keyword(process, 'recorder_unique_id'));
  if (file !== undefined) {
    event.set(names.executable, keyword(file, 'fullpath'));
    event.set(names.md5, keyword(file, 'md5'));
    event.set(names.sha1, keyword(file, 'sha1'));
    event.set(names.sha256, keyword(file, 'sha256'));
  }
}

/** A matched process, its user and its parent (ECS has no level above the parent). */
function processMatch(process: JsonObject, event: EventBuilder): void {
  setProcess(process, PROCESS, event);
  setUser(keyword(process, 'user'), event);
  const parent = objectField(process, 'parent');
  if (parent !== undefined) setProcess(parent, PARENT, event);
  else event.set(PARENT.pid, toInteger(field(process, 'ppid')));
}

/** A matched file: its path (name and directory are inferred), hashes and size. */
function fileMatch(properties: JsonObject, event: EventBuilder): void {
  event.set('file.path', keyword(properties, 'fullpath'));
  event.set('file.hash.md5', keyword(properties, 'md5'));
  event.set('file.hash.sha1', keyword(properties, 'sha1'));
  event.set('file.hash.sha256', keyword(properties, 'sha256'));
  event.set('file.size', toInteger(field(properties, 'size')));
}

/** A matched connection (`port`): local end → source, remote end → destination, and its process. */
function networkMatch(properties: JsonObject, event: EventBuilder): void {
  event.set('source.ip', toIp(field(properties, 'local_ip')));
  event.set('source.port', toPort(field(properties, 'local_port')));
  event.set('destination.ip', toIp(field(properties, 'remote_ip')));
  event.set('destination.port', toPort(field(properties, 'remote_port')));
  const process = objectField(properties, 'process');
  if (process !== undefined) processMatch(process, event);
}

/** How one type of matched artifact is mapped: its ECS category beside `intrusion_detection`, and its fields. */
export interface ArtifactSpec {
  readonly category: string;
  readonly map: (properties: JsonObject, event: EventBuilder) => void;
}

/** The matched artifact types (`Match Details.match.type`) as data. */
export const ARTIFACTS: ReadonlyMap<string, ArtifactSpec> = new Map<string, ArtifactSpec>([
  ['file', { category: 'file', map: fileMatch }],
  ['process', { category: 'process', map: processMatch }],
  ['port', { category: 'network', map: networkMatch }],
  ['network', { category: 'network', map: networkMatch }],
]);

/** `finding.system_info.platform` → ECS `host.os.type`. */
const OS_TYPES: ReadonlyMap<string, string> = new Map([
  ['windows', 'windows'],
  ['linux', 'linux'],
  ['mac', 'macos'],
  ['macos', 'macos'],
]);

/** The finding: when the endpoint first and last saw the match, and its operating system. */
export function setFinding(finding: JsonObject, event: EventBuilder): void {
  event.set('event.start', date(finding, 'first_seen'));
  event.set('event.end', date(finding, 'last_seen'));
  const system = objectField(finding, 'system_info');
  if (system === undefined) return;
  event.set('host.os.full', keyword(system, 'os'));
  const platform = keyword(system, 'platform');
  event.set('host.os.type', platform === undefined ? undefined : OS_TYPES.get(platform.toLowerCase()));
}
