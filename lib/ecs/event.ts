import { inferFields } from './infer.ts';

/** A normalized ECS event: nested JSON objects, as written to the outputs. */
export type EcsEvent = { [key: string]: EcsValue };
export type EcsValue = string | number | boolean | EcsValue[] | EcsEvent;

/** A field value before it is placed in the event; empty ones are left out. */
export type FieldValue = EcsValue | null | undefined;

const pathCache = new Map<string, string[]>();

/** A field path's segments; paths are the code's own field names, so the cache stays small. */
function segments(path: string): string[] {
  let parts = pathCache.get(path);
  if (parts === undefined) {
    parts = path.split('.');
    if (pathCache.size < 4096) pathCache.set(path, parts);
  }
  return parts;
}

function isEmpty(value: FieldValue): value is null | undefined | '' {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function isObject(value: EcsValue | undefined): value is EcsEvent {
  return typeof value === 'object' && !Array.isArray(value);
}

/**
 * Builds an event from flat ECS field paths (`process.user.name`), leaving out empty
 * values, then applies the inference rules. The event is nested as it is built (no
 * second pass). Paths are the code's own field names, never record content, so plain
 * property assignment cannot reach a prototype.
 */
export class EventBuilder {
  private readonly root: EcsEvent = {};

  /** Sets a field unless the value is empty (`""`, null, undefined, `[]`); a later set wins. */
  set(path: string, value: FieldValue): this {
    if (isEmpty(value)) return this;
    const parts = segments(path);
    let node = this.root;
    const last = parts.length - 1;
    for (let i = 0; i < last; i++) {
      const key = parts[i]!;
      const child = node[key];
      if (isObject(child)) {
        node = child;
      } else {
        const created: EcsEvent = {};
        node[key] = created;
        node = created;
      }
    }
    node[parts[last]!] = value;
    return this;
  }

  /** Sets a field only when it has no value yet (enrichment that must not override). */
  setDefault(path: string, value: FieldValue): this {
    return this.has(path) ? this : this.set(path, value);
  }

  get(path: string): EcsValue | undefined {
    const parts = segments(path);
    let node: EcsValue | undefined = this.root;
    for (let i = 0; i < parts.length; i++) {
      if (!isObject(node)) return undefined;
      node = node[parts[i]!];
    }
    return node;
  }

  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  /** Applies the inference rules (host.name, *.address, file name/directory, related.*) and returns the event. */
  build(): EcsEvent {
    inferFields(this);
    return this.root;
  }
}
