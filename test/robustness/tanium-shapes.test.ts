import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { getIntegration } from '../../functions/registry.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';
import { hostileText, ipText, jsonScalarText, jsonText } from '../helpers/arbitraries.ts';
import { CONTEXT } from '../helpers/expected.ts';
import { robustnessRuns, robustnessTimeout } from '../helpers/runs.ts';
import { assertNoPollution, assertValidEvent } from './properties.ts';

/**
 * Property-based tests of the Tanium shapes beyond the recorder event: Connect alerts and
 * audit records with every value hostile (any JSON, wrong types, nested JSON text, base64
 * that is not JSON, IPv6 zones, numbers past 2^53) and objects of no known shape.
 */

const RUNS = robustnessRuns(300);
vi.setConfig({ testTimeout: robustnessTimeout(300) });
const tanium = getIntegration('tanium');

/** A leaf value as JSON text: anything, or a value of the right kind for some field. */
const leaf: fc.Arbitrary<string> = fc.oneof(
  jsonText,
  jsonScalarText,
  ipText.map((s) => JSON.stringify(s)),
  hostileText.map((s) => JSON.stringify(s)),
  fc.constantFrom(
    '"2026-03-04T10:20:30.456Z"',
    '"2026-02-31T10:20:30Z"',
    '"0050-01-01T00:00:00Z"',
    '"T1059.001"',
    '"[\\"T1059.001\\",\\"T1105\\",{\\"id\\":\\"T1027\\"},{\\"id\\":7}]"',
    '"[1,"',
    '"C:\\\\Windows\\\\System32\\\\cmd.exe"',
    '"EXAMPLE\\\\alice"',
    '"\\\\"',
    '"alice\\\\"',
    '"Windows"',
    '"critical"',
    '" 4.5 "',
    '"Infinity"',
  ),
);

/** A JSON object as text with some of `members` (each key at most once, JSON.parse keeps own keys). */
function objectText(members: Readonly<Record<string, fc.Arbitrary<string>>>): fc.Arbitrary<string> {
  const keys = Object.keys(members);
  return fc
    .tuple(...keys.map((key) => fc.option(members[key]!, { nil: undefined })))
    .map((values) => `{${keys.flatMap((key, i) => (values[i] === undefined ? [] : [`${JSON.stringify(key)}:${values[i]}`])).join(',')}}`);
}

/** Either the object itself or JSON text of it (as Connect may write nested columns). */
const objectOrText = (object: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ weight: 3, arbitrary: object }, { weight: 1, arbitrary: object.map((text) => JSON.stringify(text)) }, { weight: 1, arbitrary: leaf });

const fileProperties = objectText({ fullpath: leaf, md5: leaf, sha1: leaf, sha256: leaf, size: leaf });
const processProperties = fc.letrec<{ process: string }>((tie) => ({
  process: objectText({
    pid: leaf,
    args: leaf,
    name: leaf,
    ppid: leaf,
    user: leaf,
    start_time: leaf,
    recorder_unique_id: leaf,
    file: fc.oneof(fileProperties, leaf),
    parent: fc.oneof({ depthSize: 'small' }, leaf, tie('process')),
  }),
})).process;
const portProperties = objectText({ process: fc.oneof(processProperties, leaf), local_ip: leaf, remote_ip: leaf, local_port: leaf, remote_port: leaf });

/** A match whose type and properties go together (most of the time), so that each artifact mapping is reached. */
const match = fc
  .oneof(
    fc.tuple(fc.constant('"file"'), fileProperties),
    fc.tuple(fc.constant('"process"'), processProperties),
    fc.tuple(fc.constantFrom('"port"', '"network"'), portProperties),
    fc.tuple(fc.oneof(fc.constantFrom('"registry"', '"__proto__"', '"constructor"'), leaf), fc.oneof(fileProperties, processProperties, portProperties, leaf)),
  )
  .map(([type, properties]) => `{"type":${type},"source":"recorder","properties":${properties}}`);
const finding = objectText({ first_seen: leaf, last_seen: leaf, system_info: fc.oneof(objectText({ os: leaf, platform: leaf, bits: leaf }), leaf) });
const matchDetails = objectText({ match: fc.oneof({ weight: 4, arbitrary: match }, { weight: 1, arbitrary: leaf }), finding: fc.oneof(finding, leaf), ['__proto__']: leaf });

/** `Other Parameters` of older Connect alerts: `key=value` pairs, the payload base64 of a match or of anything. */
const otherParameters = fc
  .tuple(hostileText, hostileText, fc.oneof(matchDetails, leaf, hostileText), fc.boolean())
  .map(([name, type, payload, encode]) => JSON.stringify(`name=${name}|type=${type}|payload=${encode ? Buffer.from(payload).toString('base64') : payload}|x`));

/** A Threat Response alert as a Connect destination writes it, every value hostile. */
const alertRecord = objectText({
  'Alert Id': leaf,
  'Event Id': leaf,
  'Event Name': leaf,
  Timestamp: leaf,
  'Computer Name': leaf,
  'Computer IP': leaf,
  'Intel Id': leaf,
  'Intel Type': leaf,
  'Intel Name': leaf,
  'Intel Labels': leaf,
  Priority: leaf,
  Severity: leaf,
  'Match Details': objectOrText(matchDetails),
  'Other Parameters': fc.oneof(otherParameters, leaf),
  'MITRE Techniques': leaf,
  'Impact Score': leaf,
  Link: leaf,
  'User Name': leaf,
  'User Domain': leaf,
  'User Id': leaf,
  constructor: leaf,
}).map((text) => (text === '{}' ? '{"Alert Id":"x"}' : text.replace(/^\{/, '{"Alert Id":null,')));

/** A Threat Response audit record, every value hostile; `table` and `action` always there. */
const auditRecord = fc
  .tuple(
    fc.oneof(fc.constantFrom('"LiveConnection"', '"Intel"', '"hasOwnProperty"'), leaf),
    fc.oneof(fc.constantFrom('"create"', '"update"', '"delete"', '"toString"'), leaf),
    objectText({
      id: leaf,
      rowId: leaf,
      state: objectOrText(objectText({ target: fc.oneof(objectText({ hostname: leaf }), leaf) })),
      userId: leaf,
      userName: leaf,
      createdAt: leaf,
      ['__proto__']: leaf,
    }),
  )
  .map(([table, action, rest]) => `{"table":${table},"action":${action}${rest === '{}' ? '' : `,${rest.slice(1, -1)}`}}`);

function normalized(record: string): EcsEvent {
  const event = tanium.normalize(record, CONTEXT);
  assertNoPollution();
  expect(JSON.stringify(tanium.normalize(record, CONTEXT))).toBe(JSON.stringify(event));
  return event;
}

describe('Robustness: Tanium Connect alerts and audit records with hostile values', () => {
  it('an alert is always a valid alert event, never unparsed', () => {
    fc.assert(
      fc.property(alertRecord, (record) => {
        const event = normalized(record);
        // The label is not an integration: the common fields of 'tanium' name kind `event`, an alert's is checked here.
        assertValidEvent('tanium alert', record, event);
        expect(event.event).toMatchObject({ kind: 'alert', category: expect.arrayContaining(['intrusion_detection']) });
        expect(event.observer).toMatchObject({ vendor: 'Tanium', product: 'XEM', type: 'sensor' });
        expect(event.error).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('an audit record is always a valid event, never unparsed', () => {
    fc.assert(
      fc.property(auditRecord, (record) => {
        const event = normalized(record);
        assertValidEvent('tanium', record, event);
        expect(event.error).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});

/** The keys that make a record one of the known shapes (docs/normalization.md), written here independently. */
const SHAPE_KEYS = ['event', 'fields', 'Alert Id', 'Match Details', 'Intel Id', 'Intel Name', 'Computer Name', 'Computer IP'];

/** A recorder's `fields` that cannot be read: there, not null, and neither an object nor JSON text of one. */
function unreadableFields(record: Record<string, unknown>): boolean {
  if (!Object.hasOwn(record, 'fields') || record.fields === null) return false;
  let value: unknown = record.fields;
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return true;
    }
  }
  return typeof value !== 'object' || value === null || Array.isArray(value);
}

describe('Robustness: Tanium objects of no known shape', () => {
  it('any JSON object is unparsed exactly when it has keys but none of a shape, or fields that cannot be read', () => {
    const object = jsonText.filter((text) => text.startsWith('{'));
    fc.assert(
      fc.property(object, (record) => {
        const event = normalized(record);
        assertValidEvent('tanium', record, event);
        const parsed = JSON.parse(record) as Record<string, unknown>;
        const keys = Object.keys(parsed);
        const audit = keys.includes('table') && keys.includes('action');
        const unknown = keys.length > 0 && !audit && !keys.some((key) => SHAPE_KEYS.includes(key));
        const badFields = unreadableFields(parsed);
        const tags = (event.tags ?? []) as string[];
        expect(event.error !== undefined).toBe(unknown || badFields);
        expect(tags.includes('tanium_unknown_shape')).toBe(unknown);
        expect(tags.includes('tanium_fields_unparsed')).toBe(badFields);
      }),
      { numRuns: RUNS },
    );
  });
});
