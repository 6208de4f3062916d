import { daysInMonth, digitsValue } from '../ecs/time.ts';

/**
 * The `dt` partition key of the Firehose path. The first event's `@timestamp` comes from
 * the log record, which a sender controls: taken as is, one batch of records dated over
 * 600 years made 600 partitions, and past Firehose's 500 active partitions per stream
 * every record of the stream goes to the error output. So the event's date is used only
 * when it lies within {@link PARTITION_WINDOW_DAYS} of the day the record arrived (a late
 * record from just before midnight, a sender's clock a little ahead); any other record is
 * filed under its arrival date. A batch, whose records arrive within minutes, spans at
 * most a few `dt` values whatever its records say.
 */

/** Days before or after the arrival date (UTC) an event's own date may be. */
export const PARTITION_WINDOW_DAYS = 1;

const DAY_MS = 86_400_000;
const DASH = 45;

/**
 * Midnight UTC (epoch ms) of a `YYYY-MM-DD…` timestamp; NaN when it is not a real date
 * (2023-02-30). Plain arithmetic on the proleptic Gregorian calendar, as Date.parse reads
 * it: this runs twice per Firehose record, where parsing and printing Dates cost a sixth of
 * the transformation (and a regex and three slices, 6%).
 */
function dayOf(timestamp: string): number {
  if (timestamp.charCodeAt(4) !== DASH || timestamp.charCodeAt(7) !== DASH) return Number.NaN;
  const year = digitsValue(timestamp, 0, 4);
  const month = digitsValue(timestamp, 5, 7);
  const day = digitsValue(timestamp, 8, 10);
  // A part that is not digits is NaN, which fails every comparison.
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return Number.NaN;
  // Days since 1970-01-01 (H. Hinnant's days_from_civil): years start in March, so the leap day ends one.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return (era * 146_097 + dayOfEra - 719_468) * DAY_MS;
}

let lastDay = Number.NaN;
let lastDayText = '';

/**
 * `YYYY-MM-DD` of an epoch time in ms, UTC. The records of a batch arrive within minutes, so
 * the last date made is kept: slicing it from each record's reception time (a concatenated
 * string, copied whole before a slice) took about 4% of the transformation's own work on
 * one-line records.
 */
export function utcDate(epochMs: number): string {
  const day = Math.floor(epochMs / DAY_MS);
  if (day !== lastDay) {
    lastDay = day;
    lastDayText = new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
  return lastDayText;
}

/**
 * `YYYY-MM-DD`: the date of `eventTimestamp` when it is within the window around the
 * arrival date (UTC, of `arrivalMs`, the record's arrival time), else the arrival date.
 * Always ten ASCII characters (digits and dashes): the response size counts on it.
 */
export function partitionDate(eventTimestamp: string | undefined, arrivalMs: number): string {
  const arrival = utcDate(arrivalMs);
  // Most records are dated the day they arrive.
  if (eventTimestamp === undefined || eventTimestamp.startsWith(arrival)) return arrival;
  const distance = Math.abs(dayOf(eventTimestamp) - dayOf(arrival));
  return distance <= PARTITION_WINDOW_DAYS * DAY_MS ? eventTimestamp.slice(0, 10) : arrival;
}
