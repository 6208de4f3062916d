import { readFileSync } from 'node:fs';

/**
 * The Glue table columns of each integration, generated from the field list that the
 * conformance checker and docs/normalization.md use (test/ecs-fields.json: every ECS and
 * custom field with its type). Each top-level ECS object an integration emits becomes one
 * column holding the whole ECS object as a nested `struct`, so any field the conformance
 * checker accepts under that object has a column of its type. test/infra/query-tables.test.ts
 * fails when a fixture's or a sample's output has a field with no column of a compatible type.
 */

/** Field path → declared type (`keyword`, `long`, `ip[]` ...), as test/helpers/conformance.ts reads it. */
const FIELD_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries(
    (JSON.parse(readFileSync(new URL('../test/ecs-fields.json', import.meta.url), 'utf8')) as { fields: Record<string, string> }).fields,
  ),
);

/** What one integration's table holds. */
export interface TableFields {
  /** The top-level ECS objects (and top-level fields) its events carry. */
  readonly fieldSets: readonly string[];
  /** Field types that differ from ECS's declaration in this integration's events, each for a stated reason. */
  readonly typeOverrides?: Readonly<Record<string, string>>;
}

/** Both integrations: the common fields, `error` + `tags` of the events they could not parse, and `log` of records behind a syslog header. */
const COMMON = ['@timestamp', 'message', 'ecs', 'event', 'error', 'tags', 'related', 'host', 'observer', 'process', 'user', 'group', 'file', 'source', 'destination', 'log'];

/** Per integration (by name): docs/fields.md says which fields each one sets. */
export const TABLE_FIELDS: Readonly<Record<string, TableFields>> = {
  'ibm-aix': {
    fieldSets: [...COMMON, 'action', 'service', 'container'],
    // The reference (Sekoia.io's intake) sets AUD_It's arguments as one string, where ECS declares an array.
    typeOverrides: { 'process.args': 'keyword' },
  },
  tanium: { fieldSets: [...COMMON, 'dns', 'network', 'registry', 'rule', 'threat', 'dll'] },
};

/** A Glue column: name, Hive type, and the JSON key it reads when that is not its name. */
export interface TableColumn {
  readonly name: string;
  readonly type: string;
  readonly jsonKey?: string;
}

/** JSON keys that are not legal column names, and the column that reads them (a SerDe `mapping.` property). */
export const COLUMN_NAMES: Readonly<Record<string, string>> = { '@timestamp': 'ts' };

const SCALAR_TYPES: Readonly<Record<string, string>> = {
  keyword: 'string',
  wildcard: 'string',
  constant_keyword: 'string',
  match_only_text: 'string',
  text: 'string',
  string: 'string',
  ip: 'string',
  // ECS dates are ISO 8601 text with an offset and up to nanoseconds: kept as text, read with from_iso8601_timestamp().
  date: 'string',
  non_searchable_field_type: 'string',
  long: 'bigint',
  integer: 'bigint',
  float: 'double',
  double: 'double',
  scaled_float: 'double',
  number: 'double',
  boolean: 'boolean',
  // A geo_point without its lat/lon listed: they are ECS's own sub-fields.
  geo_point: 'struct<lat:double,lon:double>',
  // Objects of arbitrary keys.
  object: 'map<string,string>',
  flattened: 'map<string,string>',
  nested: 'map<string,string>',
  dict: 'map<string,string>',
  array: 'array<string>',
};

/** The Hive type of a declared field type without children. */
function scalarType(declared: string, path: string): string {
  const isArray = declared.endsWith('[]');
  const base = SCALAR_TYPES[isArray ? declared.slice(0, -2) : declared];
  if (base === undefined) throw new TypeError(`${path}: no Hive type for the field type "${declared}"`);
  return isArray ? `array<${base}>` : base;
}

interface Node {
  declared?: string;
  readonly children: Map<string, Node>;
}

/** The field tree under `root` (a top-level name), with the integration's overrides applied. */
function fieldTree(root: string, overrides: Readonly<Record<string, string>>): Node {
  const tree: Node = { children: new Map() };
  for (const [path, declared] of FIELD_TYPES) {
    if (path !== root && !path.startsWith(`${root}.`)) continue;
    let node = tree;
    for (const segment of path.split('.').slice(1)) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map() }));
      node = child;
    }
    node.declared = overrides[path] ?? declared;
  }
  return tree;
}

/** A node's Hive type: a struct of its children when it has any (an array of them when declared `x[]`). */
function hiveType(node: Node, path: string): string {
  if (node.children.size === 0) return scalarType(node.declared!, path);
  const fields = [...node.children.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, child]) => `${name}:${hiveType(child, `${path}.${name}`)}`);
  const struct = `struct<${fields.join(',')}>`;
  return node.declared?.endsWith('[]') ? `array<${struct}>` : struct;
}

/** The columns of a table over events that carry `fields`. */
export function tableColumns(fields: TableFields): TableColumn[] {
  return fields.fieldSets.map((root) => {
    const tree = fieldTree(root, fields.typeOverrides ?? {});
    if (tree.declared === undefined && tree.children.size === 0) throw new TypeError(`${root} is not in test/ecs-fields.json`);
    const name = COLUMN_NAMES[root];
    return { name: name ?? root, type: hiveType(tree, root), ...(name ? { jsonKey: root } : {}) };
  });
}
