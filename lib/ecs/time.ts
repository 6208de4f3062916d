/**
 * Timestamps in the one format every output uses: UTC ISO 8601 with microseconds and `Z`
 * (`2021-07-15T13:47:13.084000Z`). Invalid or out-of-range inputs give `undefined`, so
 * the field is left out instead of holding a wrong value.
 */

const MIN_MS = Date.UTC(1000, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

// Consecutive records mostly share their second: remember the last one formatted.
let lastSecondMs = NaN;
let lastSecondText = '';

/** Fraction digits (any count) as exactly six: microseconds. */
function toMicros(fraction: string): string {
  return fraction.length === 6 ? fraction : fraction.length > 6 ? fraction.slice(0, 6) : fraction.padEnd(6, '0');
}

/** `fraction` is the digits after the decimal point, any count; kept to microseconds. */
function format(epochMsWholeSeconds: number, fraction: string): string | undefined {
  if (!(epochMsWholeSeconds >= MIN_MS && epochMsWholeSeconds <= MAX_MS)) return undefined;
  const micros = toMicros(fraction);
  if (epochMsWholeSeconds !== lastSecondMs) {
    lastSecondMs = epochMsWholeSeconds;
    lastSecondText = new Date(epochMsWholeSeconds).toISOString().slice(0, 19);
  }
  return `${lastSecondText}.${micros}Z`;
}

/** An epoch time in milliseconds as an ECS timestamp, or undefined when out of range. */
export function epochMsToEcs(epochMs: number): string | undefined {
  if (!Number.isFinite(epochMs)) return undefined;
  // Below a millisecond is dropped first: `String(0.5)` would put a second dot in the
  // fraction, and -5e-324 / 1000 rounds to -0, which would leave a millisecond of -1.
  const ms = Math.floor(epochMs);
  const whole = Math.floor(ms / 1000) * 1000;
  const millis = String(ms - whole).padStart(3, '0');
  return format(whole, millis);
}

/**
 * Epoch numbers below this in size are seconds, from it on milliseconds (before 1970 too): 1e11
 * seconds is the year 5138 and 1e11 milliseconds March 1973, so no plausible time of either
 * unit is misread.
 */
const EPOCH_SECONDS_BELOW = 1e11;

/** An epoch time in seconds or milliseconds (told apart by size: EPOCH_SECONDS_BELOW) as an ECS timestamp. */
export function epochToEcs(epoch: number): string | undefined {
  return epochMsToEcs(Math.abs(epoch) < EPOCH_SECONDS_BELOW ? Math.round(epoch * 1000) : epoch);
}

/**
 * A reception time: `epochMs` when it is a time ECS timestamps are written for (years
 * 1000-9999), else `now()`. An arrival or event time that is no such date (NaN, 1e20, a year
 * past 9999) would fail the invocation or write a timestamp in another format.
 */
export function receptionMs(epochMs: number, now: () => number): number {
  return epochMs >= MIN_MS && epochMs < MAX_MS + 1000 ? epochMs : now();
}

/** An epoch time in milliseconds (a `Date`'s value) as an ECS timestamp. */
export function ecsTimestamp(epochMs: number): string {
  return epochMsToEcs(epochMs) ?? new Date(epochMs).toISOString();
}

/** Days in a month (1-12) of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * The number the decimal digits `text[start, end)` write, or NaN when there are none or one
 * is not a digit (read per character: this runs for every record, and `+text.slice()` costs
 * a string each).
 */
export function digitsValue(text: string, start: number, end: number): number {
  if (end <= start) return NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Milliseconds of a calendar time read as UTC, or NaN when a part is out of range. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  // Years 0-99 too: Date.UTC would read them as 1900-1999 (`0050` as 1950).
  if (year < 1000 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return NaN;
  // Date.UTC would roll 31 Feb over into March: reject instead (checked without a Date: once per record).
  if (!(day >= 1 && day <= daysInMonth(year, month))) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An ISO 8601 date-time with an optional offset (none means UTC) as an ECS timestamp:
 * `2021-07-15T13:47:13.084000+00:00` → `2021-07-15T13:47:13.084000Z`.
 */
export function isoToEcs(value: string): string | undefined {
  const m = ISO.exec(value);
  if (!m) return undefined;
  let ms = utcMs(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  const offset = m[8];
  if (offset && offset !== 'Z' && offset !== 'z') {
    const sign = offset[0] === '-' ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const hours = +digits.slice(0, 2);
    const minutes = digits.length > 2 ? +digits.slice(2, 4) : 0;
    if (hours > 23 || minutes > 59) return undefined;
    ms -= sign * (hours * 60 + minutes) * 60_000;
  }
  return Number.isNaN(ms) ? undefined : format(ms, m[7] ?? '');
}

/** The zones that are UTC itself, read without Intl (whose first use loads ICU's zone data). */
export function isUtcZone(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC';
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/**
 * The zone's offset from UTC in ms at the given instant (cached per zone and minute: per
 * hour is too coarse, America/St_Johns or Australia/Adelaide change on the half hour UTC).
 */
function zoneOffsetMs(zone: string, epochMs: number): number {
  const minute = Math.floor(epochMs / 60_000);
  const key = `${zone}|${minute}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  const at = minute * 60_000;
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(at)) parts[part.type] = Number(part.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = local - at;
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/**
 * A wall-clock time in an IANA zone as an ECS timestamp, from its printed parts: year
 * (4 digits), month (1-12), day (1-2 digits), clock (`HH:MM:SS`) and fraction digits. For
 * a time that a DST change makes ambiguous or skips, the offset in force before the change
 * is used.
 */
export function zonedToEcs(zone: string, year: string, month: number, day: string, clock: string, fraction: string): string | undefined {
  const second = digitsValue(clock, 6, 8);
  const local = utcMs(digitsValue(year, 0, year.length), month, digitsValue(day, 0, day.length), digitsValue(clock, 0, 2), digitsValue(clock, 3, 5), second);
  if (Number.isNaN(local)) return undefined;
  if (isUtcZone(zone)) {
    // Already UTC and validated: print the parts as they are (cheaper than a Date).
    if (!(local >= MIN_MS && local <= MAX_MS) || second > 59) return format(local, fraction);
    return `${year}-${month < 10 ? '0' : ''}${month}-${day.length === 1 ? '0' : ''}${day}T${clock}.${toMicros(fraction)}Z`;
  }
  // The offsets a day before and a day after bracket any change. The one before is used
  // when the time is valid with it (an ambiguous time: the earlier instant) or is skipped.
  const before = zoneOffsetMs(zone, local - 86_400_000);
  const utc = local - before;
  const after = zoneOffsetMs(zone, local + 86_400_000);
  if (after === before || zoneOffsetMs(zone, utc) === before) return format(utc, fraction);
  const later = local - after;
  return format(zoneOffsetMs(zone, later) === after ? later : utc, fraction);
}
