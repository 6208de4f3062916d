import { isIP } from 'node:net';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

/**
 * The conformance rule of the normalization contract: the output holds every field of the
 * reference event with the same value (arrays compared as multisets), and any other field
 * is a known ECS or custom field whose value has the field's declared type.
 */

const table = JSON.parse(readFileSync(new URL('../ecs-fields.json', import.meta.url), 'utf8')) as {
  fields: Record<string, string>;
};
/** Field path → declared type (`keyword`, `long`, `ip[]` for array fields ...). */
export const FIELD_TYPES: ReadonlyMap<string, string> = new Map(Object.entries(table.fields));

type Json = unknown;

/** Leaf paths of an event: objects are descended into, arrays and scalars are leaves. */
export function flatten(value: Json, prefix = '', out = new Map<string, Json>()): Map<string, Json> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

function multisetEqual(a: Json[], b: Json[]): boolean {
  if (a.length !== b.length) return false;
  const rest = [...b];
  for (const item of a) {
    const at = rest.findIndex((other) => isDeepStrictEqual(item, other));
    if (at < 0) return false;
    rest.splice(at, 1);
  }
  return true;
}

function sameValue(expected: Json, actual: Json): boolean {
  if (Array.isArray(expected) && Array.isArray(actual)) return multisetEqual(expected, actual);
  return isDeepStrictEqual(expected, actual);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Date.parse rolls 31 Feb over into March: check the calendar day survives the round trip. */
function isRealDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return !Number.isNaN(Date.parse(value)) && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day;
}

/** Whether a scalar fits an ECS (or custom) type. */
function fitsScalar(type: string, value: Json): boolean {
  switch (type) {
    case 'keyword':
    case 'wildcard':
    case 'constant_keyword':
    case 'match_only_text':
    case 'text':
    case 'string':
      return typeof value === 'string';
    case 'long':
    case 'integer':
      return Number.isSafeInteger(value);
    case 'float':
    case 'double':
    case 'scaled_float':
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && isRealDate(value);
    case 'ip':
      // Elasticsearch's ip type rejects a zone (`fe80::1%eth0`), and the whole document with it.
      return typeof value === 'string' && isIP(value) !== 0 && !value.includes('%');
    default:
      return false;
  }
}

/** Why a field that the reference does not have is not acceptable, or undefined when it is. */
export function checkExtraField(path: string, value: Json): string | undefined {
  const declared = FIELD_TYPES.get(path);
  if (declared === undefined) return `${path} is not an ECS or custom field`;
  const isArray = declared.endsWith('[]');
  const type = isArray ? declared.slice(0, -2) : declared;
  if (type === 'object' || type === 'nested' || type === 'flattened') {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) return `${path} must hold objects`;
      for (const [key, child] of flatten(item)) {
        const problem = checkExtraField(`${path}.${key}`, child);
        if (problem) return problem;
      }
    }
    return undefined;
  }
  const items = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && value.length === 0) return `${path} is an empty array`;
  for (const item of items) {
    if (!fitsScalar(type, item)) return `${path} = ${JSON.stringify(item)} is not of type ${declared}`;
  }
  return undefined;
}

/** Every violation of the conformance rule; empty when the output conforms. */
export function conformanceProblems(expected: Json, actual: Json): string[] {
  const want = flatten(expected);
  const got = flatten(actual);
  const problems: string[] = [];
  for (const [path, value] of want) {
    if (!got.has(path)) problems.push(`missing ${path} = ${JSON.stringify(value)}`);
    else if (!sameValue(value, got.get(path))) {
      problems.push(`${path}: expected ${JSON.stringify(value)}, got ${JSON.stringify(got.get(path))}`);
    }
  }
  for (const [path, value] of got) {
    if (want.has(path)) continue;
    const problem = checkExtraField(path, value);
    if (problem) problems.push(`extra field ${problem}`);
  }
  return problems;
}
