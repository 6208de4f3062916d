import type { EventBuilder } from './event.ts';
import { basename, dirname } from './paths.ts';
import type { EcsValue } from './event.ts';

/** Objects whose `hash.md5`/`sha1`/`sha256` are gathered in `related.hash`, in this order. */
const HASH_OWNERS = ['process.hash', 'process.parent.hash', 'file.hash', 'dll.hash'] as const;
const HASH_ALGORITHMS = ['md5', 'sha1', 'sha256'] as const;

/** Every hash of the event: one lookup per owner, most events having none. */
function hashes(event: EventBuilder): (EcsValue | undefined)[] {
  const out: (EcsValue | undefined)[] = [];
  for (const owner of HASH_OWNERS) {
    const hash = event.get(owner);
    if (typeof hash === 'object' && !Array.isArray(hash)) for (const algorithm of HASH_ALGORITHMS) out.push(hash[algorithm]);
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
 * mapping: host.name, source/destination.address, file name/directory, related.*.
 */
export function inferFields(event: EventBuilder): void {
  event.setDefault('host.name', event.get('host.hostname'));
  event.setDefault('source.address', event.get('source.ip'));
  event.setDefault('destination.address', event.get('destination.ip'));

  const path = event.get('file.path');
  if (typeof path === 'string' && !event.has('file.name')) {
    event.set('file.name', basename(path));
    event.setDefault('file.directory', dirname(path));
  }

  event.set('related.ip', distinct([event.get('host.ip'), event.get('source.ip'), event.get('destination.ip')]));
  event.set('related.user', distinct([event.get('user.name')]));
  event.set('related.hosts', distinct([event.get('host.hostname')]));
  event.set('related.hash', distinct(hashes(event)));
}
