import type { EcsEvent, EcsValue, EventBuilder } from './event.ts';
import { isJsonObject } from './coerce.ts';
import { basename, dirname } from './paths.ts';

/** The algorithms of each hash object gathered in `related.hash`, in this order. */
const HASH_ALGORITHMS = ['md5', 'sha1', 'sha256'] as const;

/** `parent[key]` when `parent` is an object. */
function child(parent: EcsValue | undefined, key: string): EcsValue | undefined {
  return isJsonObject(parent) ? (parent as EcsEvent)[key] : undefined;
}

/** Adds the strings of `value` (a string, or an array holding some) to `out` once each; allocates `out` at the first. */
function addDistinct(out: string[] | undefined, value: EcsValue | undefined): string[] | undefined {
  if (typeof value === 'string') {
    if (out === undefined) return [value];
    if (!out.includes(value)) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) out = addDistinct(out, typeof item === 'string' ? item : undefined);
  }
  return out;
}

/** The hashes of one hash object (md5, sha1, sha256, in this order) added to `out`. */
function addHashes(out: string[] | undefined, hash: EcsValue | undefined): string[] | undefined {
  if (!isJsonObject(hash)) return out;
  for (const algorithm of HASH_ALGORITHMS) out = addDistinct(out, hash[algorithm]);
  return out;
}

/** Every hash of the event: process.hash, process.parent.hash, file.hash, dll.hash; most events have none. */
function hashes(root: EcsEvent): string[] | undefined {
  const process = root.process;
  let out = addHashes(undefined, child(process, 'hash'));
  out = addHashes(out, child(child(process, 'parent'), 'hash'));
  out = addHashes(out, child(root.file, 'hash'));
  return addHashes(out, child(root.dll, 'hash'));
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

  // Built without intermediate arrays: this runs for every event, and most have few of these.
  event.set('related.ip', addDistinct(addDistinct(addDistinct(undefined, child(host, 'ip')), sourceIp), destinationIp));
  event.set('related.user', addDistinct(undefined, child(root.user, 'name')));
  event.set('related.hosts', addDistinct(undefined, hostname));
  event.set('related.hash', hashes(root));
}
