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
const DATE = /^\d{4}-\d{2}-\d{2}/;

/** Midnight UTC (epoch ms) of a `YYYY-MM-DD…` timestamp; NaN when it is not a real date. */
function dayOf(timestamp: string): number {
  const date = DATE.exec(timestamp)?.[0];
  if (date === undefined) return Number.NaN;
  const ms = Date.parse(`${date}T00:00:00Z`);
  // Date.parse rolls some impossible dates over (2023-02-30): those are not dates.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date ? Number.NaN : ms;
}

/**
 * `YYYY-MM-DD`: the date of `eventTimestamp` when it is within the window around the
 * arrival date, else the arrival date (`receivedAt`, the ECS timestamp of the arrival).
 */
export function partitionDate(eventTimestamp: string | undefined, receivedAt: string): string {
  const arrival = receivedAt.slice(0, 10);
  if (eventTimestamp === undefined) return arrival;
  const distance = Math.abs(dayOf(eventTimestamp) - dayOf(arrival));
  return distance <= PARTITION_WINDOW_DAYS * DAY_MS ? eventTimestamp.slice(0, 10) : arrival;
}
