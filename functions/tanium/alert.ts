import { isJsonObject, toId, toIp, toKeyword } from '../../lib/ecs/coerce.ts';
import { EventBuilder } from '../../lib/ecs/event.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';
import { ARTIFACTS, setFinding } from './alert-match.ts';
import { field, jsonValue, keyword, objectField } from './mappers.ts';
import { finishEvent, recordTime, setObserver, type TaniumContext } from './shape.ts';
import { setTechniques } from './threat.ts';
import type { JsonObject } from './types.ts';

/**
 * Threat Response alerts as Tanium Connect writes them (one JSON object per alert, keyed by
 * the source's column names: `Alert Id`, `Timestamp`, `Computer Name`, `Computer IP`,
 * `Intel Id`/`Name`/`Type`/`Labels`, `Priority`, `Severity`, `Match Details` ...). Older
 * Connect sources name the alert `Event Id` and carry the match base64-encoded in the
 * `payload` of `Other Parameters` (`name=...|source=...|type=...|payload=...`).
 */

/** `Severity` (else `Priority`) → `event.severity`, from least to most severe. */
const SEVERITIES: ReadonlyMap<string, number> = new Map([
  ['info', 1],
  ['informational', 1],
  ['low', 2],
  ['medium', 3],
  ['high', 4],
  ['critical', 5],
]);

function severity(value: unknown): number | undefined {
  return typeof value === 'string' ? SEVERITIES.get(value.toLowerCase()) : undefined;
}

/** `Impact Score` → `event.risk_score`: a number, or the text of one. */
function riskScore(value: unknown): number | undefined {
  const score = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof score === 'number' && Number.isFinite(score) ? score : undefined;
}

/**
 * `Intel Labels` → `tags`: comma-separated text, or an array of labels (itself or JSON text
 * of it, as Connect writes arrays); text that opens with `[` but is not JSON is read as
 * comma-separated.
 */
function labels(value: unknown): string[] | undefined {
  const list = jsonValue(value, '[') ?? value;
  const items = typeof list === 'string' ? list.split(',') : Array.isArray(list) ? list : undefined;
  if (items === undefined) return undefined;
  // A Set keeps the first-seen order and stays linear on a record of many labels.
  const out = new Set<string>();
  for (const item of items) {
    const label = typeof item === 'string' ? item.trim() : undefined;
    if (label) out.add(label);
  }
  return [...out];
}

/** A JSON object given as an object or as JSON text of one. */
function jsonObject(value: unknown): JsonObject | undefined {
  const parsed = jsonValue(value, '{');
  return isJsonObject(parsed) ? parsed : undefined;
}

/** `Other Parameters` (`key=value|key=value`) of older Connect alerts: `name`, `type`, and the decoded `payload`. */
interface OtherParameters {
  name?: string;
  type?: string;
  payload?: JsonObject;
}

/**
 * Where `Other Parameters` splits into pairs: a `|` before a key and its `=` (Connect writes
 * `name`, `source`, `type`, `payload`; a key not read still ends the value before it), so
 * that a `|` inside a value, as in an intel name, stays in it.
 */
const OTHER_PARAMETERS_SEPARATOR = /\|(?=[A-Za-z_][A-Za-z0-9_]*=)/;

function otherParameters(value: unknown): OtherParameters {
  const out: OtherParameters = {};
  if (typeof value !== 'string') return out;
  for (const pair of value.split(OTHER_PARAMETERS_SEPARATOR)) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const key = pair.slice(0, at);
    const text = pair.slice(at + 1);
    if (key === 'name') out.name = text;
    else if (key === 'type') out.type = text;
    else if (key === 'payload') out.payload = jsonObject(Buffer.from(text, 'base64').toString('utf8'));
  }
  return out;
}

/** The matched artifact (by its type's row in ARTIFACTS) and the finding. */
function setMatchDetails(details: JsonObject, event: EventBuilder): void {
  const match = objectField(details, 'match');
  const type = match === undefined ? undefined : keyword(match, 'type');
  const artifact = type === undefined ? undefined : ARTIFACTS.get(type);
  const properties = match === undefined ? undefined : objectField(match, 'properties');
  event.set('event.category', artifact === undefined ? ['intrusion_detection'] : ['intrusion_detection', artifact.category]);
  if (artifact !== undefined && properties !== undefined) artifact.map(properties, event);
  const finding = objectField(details, 'finding');
  if (finding !== undefined) setFinding(finding, event);
}

export function normalizeAlert(parsed: Record<string, unknown>, record: string, context: TaniumContext): EcsEvent {
  const hostname = keyword(parsed, 'Computer Name');
  const ip = toIp(field(parsed, 'Computer IP'));
  const other = otherParameters(field(parsed, 'Other Parameters'));

  const event = new EventBuilder()
    .set('message', record)
    .set('event.kind', 'alert')
    .set('event.category', ['intrusion_detection'])
    .set('event.type', ['info'])
    .set('event.id', keyword(parsed, 'Alert Id') ?? keyword(parsed, 'Event Id'))
    .set('event.action', keyword(parsed, 'Event Name'))
    .set('event.severity', severity(field(parsed, 'Severity')) ?? severity(field(parsed, 'Priority')))
    .set('event.risk_score', riskScore(field(parsed, 'Impact Score')))
    .set('event.url', keyword(parsed, 'Link'))
    .set('rule.id', keyword(parsed, 'Intel Id'))
    .set('rule.name', keyword(parsed, 'Intel Name') ?? toKeyword(other.name))
    .set('rule.ruleset', keyword(parsed, 'Intel Type') ?? toKeyword(other.type))
    .set('tags', labels(field(parsed, 'Intel Labels')))
    .set('host.hostname', hostname)
    .set('host.ip', ip === undefined ? undefined : [ip])
    .set('user.name', keyword(parsed, 'User Name'))
    .set('user.domain', keyword(parsed, 'User Domain'))
    .set('user.id', toId(field(parsed, 'User Id')));
  setObserver(event, hostname);
  const details = jsonObject(field(parsed, 'Match Details')) ?? other.payload;
  if (details !== undefined) setMatchDetails(details, event);
  setTechniques(field(parsed, 'MITRE Techniques'), event);
  return finishEvent(event, recordTime(field(parsed, 'Timestamp')), context);
}
