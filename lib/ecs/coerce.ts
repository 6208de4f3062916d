import { isIP } from 'node:net';

/**
 * ECS type rules. Each function returns the value in its field's type, or `undefined`
 * when the value cannot take that type: the caller then leaves that one field out.
 */

const INTEGER = /^[+-]?\d{1,16}$/;

/** A JSON object (not null, not an array): the shape checks of records and Lambda events. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An integer from a number or a string of digits (`"1022"` → 1022); anything else → undefined. */
export function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && INTEGER.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/** A TCP/UDP port: an integer from 0 to 65535. */
export function toPort(value: unknown): number | undefined {
  const n = toInteger(value);
  return n !== undefined && n >= 0 && n <= 65535 ? n : undefined;
}

/**
 * A number's text, when it is the source's: an integer past 2^53 has lost digits in
 * JSON.parse (`18446744073709551616` reads as 18446744073709552000), so it has none.
 */
function numberText(value: number): string | undefined {
  return Number.isFinite(value) && (Number.isSafeInteger(value) || !Number.isInteger(value)) ? String(value) : undefined;
}

/** An identifier (`user.id`, `group.id`) is a string even when the source has a number. */
export function toId(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'bigint') return String(value);
  return undefined;
}

/** A keyword: strings as they are, numbers and booleans as their text, objects and arrays → undefined. */
export function toKeyword(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * An IPv4 or IPv6 address; a host name or anything else → undefined. So is an IPv6
 * address with a zone (`fe80::1%eth0`): Elasticsearch's `ip` type rejects it, and with it
 * the whole event.
 */
export function toIp(value: unknown): string | undefined {
  return typeof value === 'string' && isIP(value) !== 0 && !value.includes('%') ? value : undefined;
}
