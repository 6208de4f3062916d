import type { EcsEvent, EcsValue, EventBuilder } from './event.ts';
import { isJsonObject } from './coerce.ts';
import { basename, dirname } from './paths.ts';

/** The algorithms of each hash object gathered in `related.hash`, in this order. */
const HASH_ALGORITHMS = ['md5', 'sha1', 'sha256'] as const;

/** `parent[key]` when `parent` is an object. */
function child(parent: EcsValue | undefined, key: string): EcsValue | undefined {
  return isJsonObject(parent) ? (parent as EcsEvent)[key] : undefined;
}

/** Every hash of the event: process.hash, process.parent.hash, file.hash, dll.hash; most events have none. */
function hashes(root: EcsEvent): (EcsValue | undefined)[] {
  const out: (EcsValue | undefined)[] = [];
  const process = root.process;
  for (const hash of [child(process, 'hash'), child(child(process, 'parent'), 'hash'), child(root.file, 'hash'), child(root.dll, 'hash')]) {
    if (isJsonObject(hash)) for (const algorithm of HASH_ALGORITHMS) out.push(hash[algorithm]);
  }
  return out;
}

function distinct(values: (EcsValue | undefined)[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string' && !out.includes(item)) out.push(item);
    } else if (typeof value === 'string' && !out.includes(value)) {
      out.push(value);
    }
  }
  return out;
}

/**
 * The inference rules of the normalization contract, applied after an integration's
 * mapping: host.name, source/destination.address, file name/directory, related.*. The
 * event's objects are read once from `root` (the event `event` builds), not looked up by
 * path per field: this runs for every event.
 */
export function inferFields(event: EventBuilder, root: EcsEvent): void {
  const { host, source, destination, file } = root;
  const hostname = child(host, 'hostname');
  const sourceIp = child(source, 'ip');
  const destinationIp = child(destination, 'ip');
  if (child(host, 'name') === undefined) event.set('host.name', hostname);
  if (child(source, 'address') === undefined) event.set('source.address', sourceIp);
  if (child(destination, 'address') === undefined) event.set('destination.address', destinationIp);

  const path = child(file, 'path');
  if (typeof path === 'string' && child(file, 'name') === undefined) {
    event.set('file.name', basename(path));
    if (child(file, 'directory') === undefined) event.set('file.directory', dirname(path));
  }

  event.set('related.ip', distinct([child(host, 'ip'), sourceIp, destinationIp]));
  event.set('related.user', distinct([child(root.user, 'name')]));
  event.set('related.hosts', distinct([hostname]));
  event.set('related.hash', distinct(hashes(root)));
}
