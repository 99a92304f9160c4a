// Wall-clock readings and calendar arithmetic with no time zone attached. Node 20 has no
// Temporal, so this is the small part of it the clock needs, done on UTC `Date` math.

/** A calendar date and time of day as a clock on the wall shows it; `month` is 1–12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The parts of an ISO 8601 duration; `timeMs` holds the hours, minutes and seconds. */
export interface Duration {
  sign: 1 | -1;
  years: number;
  months: number;
  weeks: number;
  days: number;
  timeMs: number;
}

export const MS_PER_DAY = 86_400_000;

/** The years a result may have: four digits, as ISO 8601 writes them without extensions. */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

/** Milliseconds since the epoch of `wall` read as UTC (years 0–99 are taken literally). */
export function wallToUtcMs(wall: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
  return date.getTime();
}

/** The UTC wall time at `ms` milliseconds since the epoch. */
export function utcMsToWall(ms: number): WallTime {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
  };
}

/** How many days `month` (1–12) of `year` has. */
export function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/** Whether `wall` lies in the years this module can write (0001–9999). */
export function isWritableYear(wall: WallTime): boolean {
  return Number.isFinite(wall.year) && wall.year >= MIN_YEAR && wall.year <= MAX_YEAR;
}

/**
 * Adds the date part of `duration` (years, months, weeks, days) to `wall`, the way a calendar
 * does: years and months first, with the day clamped to the end of a shorter month (Jan 31 +
 * P1M = Feb 28 or 29), then weeks and days. The time of day is kept.
 */
export function addDateParts(wall: WallTime, duration: Duration): WallTime {
  const { sign } = duration;
  const monthIndex = wall.year * 12 + (wall.month - 1) + sign * (duration.years * 12 + duration.months);
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const day = Math.min(wall.day, daysInMonth(year, month));
  const shifted = wallToUtcMs({ ...wall, year, month, day }) + sign * (duration.weeks * 7 + duration.days) * MS_PER_DAY;
  return utcMsToWall(shifted);
}

/** Adds a whole duration to a wall time that belongs to no zone (or to a fixed offset). */
export function addToWallTime(wall: WallTime, duration: Duration): WallTime {
  const date = addDateParts(wall, duration);
  return utcMsToWall(wallToUtcMs(date) + duration.sign * duration.timeMs);
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** `YYYY-MM-DD`. */
export function formatDate(wall: WallTime): string {
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** `YYYY-MM-DDTHH:mm:ss`, with `.sss` only when there are milliseconds. */
export function formatWallTime(wall: WallTime): string {
  const fraction = wall.millisecond === 0 ? "" : `.${pad(wall.millisecond, 3)}`;
  return `${formatDate(wall)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${fraction}`;
}

/** A UTC offset as ISO 8601 writes it: `+05:30`, `-08:00`, `+00:00` (seconds only when any). */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? "-" : "+";
  const total = Math.round(Math.abs(offsetMs) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${sign}${pad(hours)}:${pad(minutes)}${seconds === 0 ? "" : `:${pad(seconds)}`}`;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** The English name of the weekday of `wall`'s date. */
export function weekday(wall: WallTime): string {
  return WEEKDAYS[new Date(wallToUtcMs(wall)).getUTCDay()] ?? "";
}
