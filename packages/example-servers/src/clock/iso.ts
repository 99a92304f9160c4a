// Parsing the ISO 8601 forms the clock tools accept. Every failure is a ToolInputError whose
// message says what was expected, so a model calling the tool can correct itself.
import { ToolInputError } from "../tool-definition.js";
import { daysInMonth, MAX_YEAR, MIN_YEAR, type Duration, type WallTime } from "./calendar.js";

/**
 * A date or date-time as written:
 * - `date`: `2026-03-29` (the wall time is midnight);
 * - `local`: `2026-03-29T14:30` with no offset, a wall-clock time in some zone still to be named;
 * - `offset`: `2026-03-29T14:30:00+02:00` or `…Z`, one exact instant; `wall` is the time at that offset.
 */
export type ParsedDateTime =
  | { kind: "date"; wall: WallTime }
  | { kind: "local"; wall: WallTime }
  | { kind: "offset"; wall: WallTime; offsetMs: number };

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

const TIME_OF_DAY = /^(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;

const DURATION =
  /^([+-])?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:(T)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

const DATE_TIME_HELP =
  "expected an ISO 8601 date (2026-03-29) or date-time (2026-03-29T14:30, 2026-03-29T14:30:00+02:00, 2026-03-29T12:30:00Z)";

/** Parses an ISO 8601 date or date-time; see {@link ParsedDateTime}. */
export function parseDateTime(text: string): ParsedDateTime {
  const match = DATE_TIME.exec(text.trim());
  if (!match) throw new ToolInputError(`"${text}" is not a date or date-time: ${DATE_TIME_HELP}`);
  const [, year, month, day, hour, minute, second, fraction, zulu, offsetSign, offsetHours, offsetMinutes] = match;
  const wall = checkedWallTime(text, {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond: milliseconds(fraction),
  });
  if (hour === undefined) return { kind: "date", wall };
  if (zulu !== undefined) return { kind: "offset", wall, offsetMs: 0 };
  if (offsetSign === undefined) return { kind: "local", wall };
  const hours = Number(offsetHours);
  const minutes = Number(offsetMinutes ?? 0);
  if (hours > 23 || minutes > 59) throw new ToolInputError(`"${text}" has an impossible UTC offset`);
  const offsetMs = (offsetSign === "-" ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  return { kind: "offset", wall, offsetMs };
}

/** A time of day, `HH:mm` or `HH:mm:ss[.sss]`, as the wall-clock fields it sets. */
export interface TimeOfDay {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Parses `HH:mm[:ss[.sss]]`, or returns `undefined` when `text` is not written that way. */
export function parseTimeOfDay(text: string): TimeOfDay | undefined {
  const match = TIME_OF_DAY.exec(text.trim());
  if (!match) return undefined;
  const [, hour, minute, second, fraction] = match;
  const time = { hour: Number(hour), minute: Number(minute), second: Number(second ?? 0), millisecond: milliseconds(fraction) };
  if (time.hour > 23 || time.minute > 59 || time.second > 59) {
    throw new ToolInputError(`"${text}" is not a time of day: hours go to 23, minutes and seconds to 59`);
  }
  return time;
}

/**
 * Parses an ISO 8601 duration such as `P1Y2M10DT2H30M`, `P2W`, `PT90M`, `PT1.5H` or `-P1D`.
 * Only the smallest time unit may have a fraction: fractions of years, months, weeks or days
 * have no fixed length.
 */
export function parseDuration(text: string): Duration {
  const trimmed = text.trim();
  const match = DURATION.exec(trimmed);
  const help = 'expected an ISO 8601 duration such as "P1Y2M10DT2H30M", "P2W", "PT90M", "PT1.5H" or "-P1D"';
  if (!match) throw new ToolInputError(`"${text}" is not an ISO 8601 duration: ${help}`);
  const [, sign, years, months, weeks, days, timeMarker, hours, minutes, seconds] = match;
  const parts = [years, months, weeks, days, hours, minutes, seconds];
  const present = parts.filter((part) => part !== undefined);
  if (present.length === 0) throw new ToolInputError(`"${text}" has no years, months, weeks, days or time: ${help}`);
  if (timeMarker !== undefined && hours === undefined && minutes === undefined && seconds === undefined) {
    throw new ToolInputError(`"${text}" has a T with no hours, minutes or seconds after it: ${help}`);
  }
  const fractional = (part: string | undefined): boolean => part !== undefined && /[.,]/.test(part);
  if ([years, months, weeks, days].some(fractional)) {
    throw new ToolInputError(`"${text}" has a fraction of a year, month, week or day; write it in a smaller unit (P1DT12H, not P1.5D)`);
  }
  if (present.slice(0, -1).some(fractional)) {
    throw new ToolInputError(`"${text}" has a fraction before its last part; only the smallest unit may have one`);
  }
  const duration: Duration = {
    sign: sign === "-" ? -1 : 1,
    years: integer(years),
    months: integer(months),
    weeks: integer(weeks),
    days: integer(days),
    timeMs: Math.round((decimal(hours) * 3600 + decimal(minutes) * 60 + decimal(seconds)) * 1000),
  };
  const values = [duration.years, duration.months, duration.weeks, duration.days, duration.timeMs];
  if (!values.every(Number.isSafeInteger)) throw new ToolInputError(`"${text}" is too long a duration`);
  return duration;
}

function checkedWallTime(text: string, wall: WallTime): WallTime {
  if (wall.year < MIN_YEAR || wall.year > MAX_YEAR) {
    throw new ToolInputError(`"${text}" has year ${wall.year}; years from ${MIN_YEAR} to ${MAX_YEAR} are supported`);
  }
  if (wall.month < 1 || wall.month > 12) throw new ToolInputError(`"${text}" has month ${wall.month}; months go from 01 to 12`);
  const lastDay = daysInMonth(wall.year, wall.month);
  if (wall.day < 1 || wall.day > lastDay) {
    throw new ToolInputError(`"${text}" has day ${wall.day}; that month has days 01 to ${lastDay}`);
  }
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
    throw new ToolInputError(`"${text}" is not a time of day: hours go to 23, minutes and seconds to 59`);
  }
  return wall;
}

/** Milliseconds from the digits after the decimal mark; finer digits are dropped. */
function milliseconds(fraction: string | undefined): number {
  return fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
}

function integer(part: string | undefined): number {
  return part === undefined ? 0 : Number(part);
}

function decimal(part: string | undefined): number {
  return part === undefined ? 0 : Number(part.replace(",", "."));
}
