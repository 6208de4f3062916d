import { describe, expect, it } from 'vitest';
import { ecsTimestamp, epochMsToEcs, epochToEcs, isoToEcs, zonedToEcs } from '../../../lib/ecs/time.ts';

describe('Time: isoToEcs', () => {
  it.each([
    ['2021-07-15T13:47:13.084000+00:00', '2021-07-15T13:47:13.084000Z'],
    ['2021-07-15T13:47:13.084000Z', '2021-07-15T13:47:13.084000Z'],
    ['2021-07-15T13:47:13.084000z', '2021-07-15T13:47:13.084000Z'],
    ['2021-07-15T13:47:13+02:00', '2021-07-15T11:47:13.000000Z'],
    ['2021-07-15T13:47:13.5-05:30', '2021-07-15T19:17:13.500000Z'],
    ['2021-07-15T13:47:13.123456789Z', '2021-07-15T13:47:13.123456Z'],
    ['2021-07-15T13:47:13.123456789+02:00', '2021-07-15T11:47:13.123456Z'],
    ['2021-07-15T13:47:13+0200', '2021-07-15T11:47:13.000000Z'],
    ['2021-07-15T13:47:13+02', '2021-07-15T11:47:13.000000Z'],
    ['2021-07-15T13:47:13', '2021-07-15T13:47:13.000000Z'],
    ['2021-07-15 13:47:13,25', '2021-07-15T13:47:13.250000Z'],
    ['2021-01-01T00:30:00+01:00', '2020-12-31T23:30:00.000000Z'],
    ['2024-02-29T23:59:59.999999-00:00', '2024-02-29T23:59:59.999999Z'],
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:59.000000Z'],
  ])('normalizes %s to %s', (value, expected) => {
    expect(isoToEcs(value)).toBe(expected);
  });

  it.each([
    ['an empty string', ''],
    ['a date without time', '2021-07-15'],
    ['31 February', '2023-02-31T10:00:00Z'],
    ['29 February of a common year', '2023-02-29T10:00:00Z'],
    ['month 13', '2021-13-01T10:00:00Z'],
    ['hour 24', '2021-07-15T24:00:00Z'],
    ['minute 60', '2021-07-15T13:60:00Z'],
    ['an offset of 24 hours', '2021-07-15T13:47:13+24:00'],
    ['an offset of 60 minutes', '2021-07-15T13:47:13+01:60'],
    ['more than 9 fraction digits', '2021-07-15T13:47:13.1234567890Z'],
    ['trailing text', '2021-07-15T13:47:13Z trailing'],
    ['a year before 1000', '0999-12-31T23:59:59Z'],
    ['epoch seconds as text', '1626356833'],
    ['an RFC 2822 date', 'Thu, 15 Jul 2021 13:47:13 +0000'],
  ])('returns undefined for %s', (_name, value) => {
    expect(isoToEcs(value)).toBeUndefined();
  });
});

describe('Time: zonedToEcs', () => {
  it.each([
    // zone, year, month, day, clock, fraction, expected
    ['UTC', '2022', 9, '16', '15:42:41', '885007', '2022-09-16T15:42:41.885007Z'],
    ['Etc/UTC', '2022', 9, '6', '05:42:41', '', '2022-09-06T05:42:41.000000Z'],
    ['UTC', '2022', 9, '16', '15:42:41', '1664135', '2022-09-16T15:42:41.166413Z'],
    ['UTC', '2022', 9, '16', '15:42:41', '5', '2022-09-16T15:42:41.500000Z'],
    ['UTC', '2016', 12, '31', '23:59:60', '', '2016-12-31T23:59:59.000000Z'],
    ['Europe/Paris', '2022', 7, '31', '14:02:33', '696402', '2022-07-31T12:02:33.696402Z'],
    ['Europe/Paris', '2022', 11, '22', '10:20:32', '056053', '2022-11-22T09:20:32.056053Z'],
    ['America/New_York', '2022', 7, '31', '14:02:33', '696402', '2022-07-31T18:02:33.696402Z'],
    ['America/New_York', '2022', 11, '22', '10:20:32', '056053', '2022-11-22T15:20:32.056053Z'],
    ['Asia/Kolkata', '2022', 10, '2', '03:15:00', '', '2022-10-01T21:45:00.000000Z'],
    ['Pacific/Kiritimati', '2022', 1, '1', '00:00:00', '', '2021-12-31T10:00:00.000000Z'],
  ])('reads %s %s-%s-%s %s.%s as %s', (zone, year, month, day, clock, fraction, expected) => {
    expect(zonedToEcs(zone, year, month, day, clock, fraction)).toBe(expected);
  });

  // Daylight saving time: a skipped (gap) or repeated (overlap) wall-clock time is read with
  // the offset in force before the change; times next to the change are exact.
  it.each([
    ['Europe/Paris', 'the last second before the spring gap', '2022', 3, '27', '01:59:59', '2022-03-27T00:59:59.000000Z'],
    ['Europe/Paris', 'a time in the spring gap (CET, before)', '2022', 3, '27', '02:30:00', '2022-03-27T01:30:00.000000Z'],
    ['Europe/Paris', 'the first time after the spring gap', '2022', 3, '27', '03:00:00', '2022-03-27T01:00:00.000000Z'],
    ['Europe/Paris', 'the last time before the autumn overlap', '2022', 10, '30', '01:59:59', '2022-10-29T23:59:59.000000Z'],
    ['Europe/Paris', 'a time in the autumn overlap (CEST, before)', '2022', 10, '30', '02:30:00', '2022-10-30T00:30:00.000000Z'],
    ['Europe/Paris', 'the first time after the autumn overlap', '2022', 10, '30', '03:00:00', '2022-10-30T02:00:00.000000Z'],
    ['America/New_York', 'a time in the spring gap (EST, before)', '2022', 3, '13', '02:30:00', '2022-03-13T07:30:00.000000Z'],
    ['America/New_York', 'the first time after the spring gap', '2022', 3, '13', '03:00:00', '2022-03-13T07:00:00.000000Z'],
    ['America/New_York', 'a time in the autumn overlap (EDT, before)', '2022', 11, '6', '01:30:00', '2022-11-06T05:30:00.000000Z'],
    ['America/New_York', 'the first time after the autumn overlap', '2022', 11, '6', '02:00:00', '2022-11-06T07:00:00.000000Z'],
    ['America/St_Johns', 'a time just after a half-hour-UTC change', '2022', 3, '13', '03:15:00', '2022-03-13T05:45:00.000000Z'],
    ['America/St_Johns', 'a time just before a half-hour-UTC change', '2022', 3, '13', '01:45:00', '2022-03-13T05:15:00.000000Z'],
    ['Australia/Adelaide', 'a time just after a half-hour-UTC change', '2022', 10, '2', '03:15:00', '2022-10-01T16:45:00.000000Z'],
    ['Australia/Adelaide', 'a time in the autumn overlap (ACDT, before)', '2022', 4, '3', '02:30:00', '2022-04-02T16:00:00.000000Z'],
  ])('reads in %s %s', (zone, _name, year, month, day, clock, expected) => {
    expect(zonedToEcs(zone, year, month, day, clock, '')).toBe(expected);
  });

  it.each([
    ['31 February', '2023', 2, '31', '10:00:00'],
    ['29 February of a common year', '2023', 2, '29', '10:00:00'],
    ['day 0', '2023', 1, '0', '10:00:00'],
    ['hour 24', '2023', 1, '1', '24:00:00'],
    ['minute 60', '2023', 1, '1', '10:60:00'],
    ['month 0', '2023', 0, '1', '10:00:00'],
    ['a year before 1000', '0999', 1, '1', '10:00:00'],
  ])('returns undefined for %s', (_name, year, month, day, clock) => {
    expect(zonedToEcs('UTC', year, month, day, clock, '')).toBeUndefined();
    expect(zonedToEcs('Europe/Paris', year, month, day, clock, '')).toBeUndefined();
  });
});

describe('Time: ecsTimestamp', () => {
  it.each([
    [Date.UTC(2026, 0, 2, 3, 4, 5, 678), '2026-01-02T03:04:05.678000Z'],
    [Date.UTC(2026, 0, 2, 3, 4, 5, 6), '2026-01-02T03:04:05.006000Z'],
    [Date.UTC(2026, 0, 2, 3, 4, 5), '2026-01-02T03:04:05.000000Z'],
    [0, '1970-01-01T00:00:00.000000Z'],
    [-1, '1969-12-31T23:59:59.999000Z'],
    [1000.5, '1970-01-01T00:00:01.000000Z'],
    [Date.UTC(2026, 0, 2, 3, 4, 5, 678) + 0.999, '2026-01-02T03:04:05.678000Z'],
  ])('formats %d ms as %s', (epochMs, expected) => {
    expect(ecsTimestamp(epochMs)).toBe(expected);
  });

  it('falls back to toISOString for a date outside years 1000-9999', () => {
    expect(ecsTimestamp(Date.UTC(10000, 0, 1))).toBe('+010000-01-01T00:00:00.000Z');
  });
});

describe('Time: epochToEcs', () => {
  it.each([
    ['seconds', 1_715_673_673, '2024-05-14T08:01:13.000000Z'],
    ['seconds with milliseconds', 1_715_673_673.084, '2024-05-14T08:01:13.084000Z'],
    ['milliseconds', 1_715_673_673_084, '2024-05-14T08:01:13.084000Z'],
    ['seconds up to 1e11 (the year 5138)', 99_999_999_999, '5138-11-16T09:46:39.000000Z'],
    ['milliseconds from 1e11 (March 1973)', 1e11, '1973-03-03T09:46:40.000000Z'],
    ['seconds before 1970', -86_400, '1969-12-31T00:00:00.000000Z'],
    ['milliseconds before 1970, by their size', -1e12, '1938-04-24T22:13:20.000000Z'],
  ])('reads %s', (_name, epoch, expected) => {
    expect(epochToEcs(epoch)).toBe(expected);
  });

  it('returns undefined for a time out of range', () => {
    expect(epochToEcs(1e20)).toBeUndefined();
  });
});

describe('Time: epochMsToEcs', () => {
  it('formats an epoch in milliseconds', () => {
    expect(epochMsToEcs(1_700_000_000_123)).toBe('2023-11-14T22:13:20.123000Z');
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [8.64e15 + 1], [Date.UTC(999, 11, 31)], [Date.UTC(10000, 0, 1)]])('returns undefined for %d', (epochMs) => {
    expect(epochMsToEcs(epochMs)).toBeUndefined();
  });
});
