/**
 * Hive column types (as Glue stores them) parsed, checked against JSON values the way a
 * strict reader would read them, and written as DuckDB types for the embedded-engine test.
 */

export type HiveType =
  | { readonly kind: 'string' | 'bigint' | 'double' | 'boolean' }
  | { readonly kind: 'array'; readonly of: HiveType }
  | { readonly kind: 'map'; readonly value: HiveType }
  | { readonly kind: 'struct'; readonly fields: ReadonlyMap<string, HiveType> };

/** Parses `struct<a:string,b:array<bigint>>` and the like (the types infra/table-columns.ts writes). */
export function parseHiveType(text: string): HiveType {
  let at = 0;
  const expect = (token: string) => {
    if (!text.startsWith(token, at)) throw new SyntaxError(`expected "${token}" at ${at} in ${text.slice(at, at + 40)}`);
    at += token.length;
  };
  const name = (): string => {
    const match = /^[a-z0-9_]+/.exec(text.slice(at));
    if (!match) throw new SyntaxError(`expected a name at ${at} in ${text.slice(at, at + 40)}`);
    at += match[0].length;
    return match[0];
  };
  const type = (): HiveType => {
    const word = name();
    switch (word) {
      case 'string':
      case 'bigint':
      case 'double':
      case 'boolean':
        return { kind: word };
      case 'array': {
        expect('<');
        const of = type();
        expect('>');
        return { kind: 'array', of };
      }
      case 'map': {
        expect('<');
        if (type().kind !== 'string') throw new SyntaxError('map keys must be strings');
        expect(',');
        const value = type();
        expect('>');
        return { kind: 'map', value };
      }
      case 'struct': {
        expect('<');
        const fields = new Map<string, HiveType>();
        for (;;) {
          const field = name();
          expect(':');
          fields.set(field, type());
          if (text[at] !== ',') break;
          at += 1;
        }
        expect('>');
        return { kind: 'struct', fields };
      }
      default:
        throw new SyntaxError(`unknown type ${word}`);
    }
  };
  const parsed = type();
  if (at !== text.length) throw new SyntaxError(`unexpected text after the type: ${text.slice(at, at + 40)}`);
  return parsed;
}

/** Why `value` (at `path`) cannot be read as `type`, or undefined when it can. */
export function incompatibility(value: unknown, type: HiveType, path: string): string | undefined {
  const describe = () => `${path} = ${JSON.stringify(value)} is not ${hiveText(type)}`;
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? undefined : describe();
    case 'bigint':
      return Number.isSafeInteger(value) ? undefined : describe();
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : describe();
    case 'boolean':
      return typeof value === 'boolean' ? undefined : describe();
    case 'array':
      if (!Array.isArray(value)) return describe();
      for (const [index, item] of value.entries()) {
        const problem = incompatibility(item, type.of, `${path}[${index}]`);
        if (problem) return problem;
      }
      return undefined;
    case 'map':
    case 'struct': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return describe();
      for (const [key, child] of Object.entries(value)) {
        const childType = type.kind === 'map' ? type.value : type.fields.get(key);
        if (childType === undefined) return `${path}.${key} has no column`;
        const problem = incompatibility(child, childType, `${path}.${key}`);
        if (problem) return problem;
      }
      return undefined;
    }
  }
}

/** Back to Hive text, for messages. */
export function hiveText(type: HiveType): string {
  switch (type.kind) {
    case 'array':
      return `array<${hiveText(type.of)}>`;
    case 'map':
      return `map<string,${hiveText(type.value)}>`;
    case 'struct':
      return `struct<${[...type.fields].map(([name, field]) => `${name}:${hiveText(field)}`).join(',')}>`;
    default:
      return type.kind;
  }
}

/** The DuckDB type that reads what the Hive type reads. */
export function duckdbType(type: HiveType): string {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR';
    case 'bigint':
      return 'BIGINT';
    case 'double':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'array':
      return `${duckdbType(type.of)}[]`;
    case 'map':
      return `MAP(VARCHAR, ${duckdbType(type.value)})`;
    case 'struct':
      return `STRUCT(${[...type.fields].map(([name, field]) => `"${name}" ${duckdbType(field)}`).join(', ')})`;
  }
}
