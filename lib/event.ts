import type { EcsEvent, EcsValue } from './types.ts';
import { inferFields } from './infer.ts';

/** A field value before it is placed in the event; empty ones are left out. */
export type FieldValue = EcsValue | null | undefined;

const pathCache = new Map<string, string[]>();

function segments(path: string): string[] {
  let parts = pathCache.get(path);
  if (!parts) {
    parts = path.split('.');
    if (pathCache.size < 4096) pathCache.set(path, parts);
  }
  return parts;
}

function isEmpty(value: FieldValue): value is null | undefined | '' {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Collects an event as flat ECS field paths (`process.user.name`), leaving out empty values,
 * then applies the inference rules and nests it.
 */
export class EventBuilder {
  readonly fields = new Map<string, EcsValue>();

  /** Sets a field unless the value is empty (`""`, null, undefined, `[]`); a later set wins. */
  set(path: string, value: FieldValue): this {
    if (!isEmpty(value)) this.fields.set(path, value);
    return this;
  }

  /** Sets a field only when it has no value yet (enrichment that must not override). */
  setDefault(path: string, value: FieldValue): this {
    if (!this.fields.has(path)) this.set(path, value);
    return this;
  }

  get(path: string): EcsValue | undefined {
    return this.fields.get(path);
  }

  has(path: string): boolean {
    return this.fields.has(path);
  }

  /** Applies the inference rules (host.name, *.address, file name/directory, related.*) and nests. */
  build(): EcsEvent {
    inferFields(this);
    return nest(this.fields);
  }
}

/**
 * Turns flat dotted paths into nested objects. Paths are the code's own field names, never
 * record content, so plain assignment cannot reach a prototype.
 */
export function nest(fields: ReadonlyMap<string, EcsValue>): EcsEvent {
  const event: EcsEvent = {};
  for (const [path, value] of fields) {
    const parts = segments(path);
    let node: EcsEvent = event;
    for (let i = 0; i < parts.length - 1; i++) {
      const key = parts[i]!;
      let child = node[key];
      if (child === undefined || typeof child !== 'object' || Array.isArray(child)) {
        child = {};
        node[key] = child;
      }
      node = child as EcsEvent;
    }
    node[parts[parts.length - 1]!] = value;
  }
  return event;
}
