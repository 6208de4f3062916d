import type { EventBuilder } from './event.ts';
import { basename, dirname } from './paths.ts';
import type { EcsValue } from './event.ts';

/** Hash fields whose values are gathered in `related.hash`. */
const HASH_FIELDS = [
  'process.hash.md5', 'process.hash.sha1', 'process.hash.sha256',
  'process.parent.hash.md5', 'process.parent.hash.sha1', 'process.parent.hash.sha256',
  'file.hash.md5', 'file.hash.sha1', 'file.hash.sha256',
  'dll.hash.md5', 'dll.hash.sha1', 'dll.hash.sha256',
] as const;

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
  event.set('related.hash', distinct(HASH_FIELDS.map((field) => event.get(field))));
}
