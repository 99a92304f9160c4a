// What the clock's tools compute, as plain functions of their arguments (and of "now", passed
// in so tests can fix it).
import { ToolInputError } from "../tool-definition.js";
import {
  addDateParts,
  addToWallTime,
  formatDate,
  formatOffset,
  formatWallTime,
  isWritableYear,
  MAX_YEAR,
  MIN_YEAR,
  wallToUtcMs,
  weekday,
  type Duration,
  type WallTime,
} from "./calendar.js";
import { parseDateTime, parseDuration, parseTimeOfDay } from "./iso.js";
import { instantOf, offsetAt, resolveTimeZone, wallTimeIn, zonedTime, type ZonedTime } from "./time-zone.js";

/** What `now` answers. */
export interface NowResult extends ZonedTime {
  unix_ms: number;
}

/** The time now in `timezone`. */
export function now(args: { timezone: string }, at: number = Date.now()): NowResult {
  return { ...zonedTime(resolveTimeZone(args.timezone), at), unix_ms: at };
}

/** What `convert_time` answers. */
export interface ConvertTimeResult {
  source: ZonedTime;
  target: ZonedTime;
  /** The target zone's offset minus the source zone's, e.g. `+9h`, `-5.5h`. */
  time_difference: string;
  /** Set when the time fell in a daylight-saving gap or overlap. */
  note?: string;
}

/** `time`, read in `from_timezone`, as the clocks in `to_timezone` show it. */
export function convertTime(
  args: { time: string; from_timezone: string; to_timezone: string },
  at: number = Date.now(),
): ConvertTimeResult {
  const from = resolveTimeZone(args.from_timezone);
  const to = resolveTimeZone(args.to_timezone);
  let epochMs: number;
  let note: string | undefined;
  const timeOfDay = parseTimeOfDay(args.time);
  const parsed = timeOfDay ? undefined : parseDateTime(args.time);
  if (parsed?.kind === "date") {
    throw new ToolInputError(`"${args.time}" is a date without a time; give a time such as "14:30" or "${args.time}T14:30"`);
  }
  if (parsed?.kind === "offset") {
    epochMs = wallToUtcMs(parsed.wall) - parsed.offsetMs;
  } else {
    // A bare time of day is on today's date in the source zone.
    const wall: WallTime = parsed ? parsed.wall : { ...wallTimeIn(from, at), ...timeOfDay };
    const resolved = instantOf(from, wall);
    epochMs = resolved.epochMs;
    note = resolutionNote(wall, from, resolved.resolution, epochMs);
  }
  const result: ConvertTimeResult = {
    source: zonedTime(from, epochMs),
    target: zonedTime(to, epochMs),
    time_difference: formatHours(offsetAt(to, epochMs) - offsetAt(from, epochMs)),
  };
  if (note) result.note = note;
  return result;
}

/** What `add_duration` answers. */
export interface AddDurationResult {
  start: string;
  duration: string;
  /** ISO 8601, in the form of the start: a date, a local date-time, or a date-time with offset. */
  result: string;
  weekday: string;
  timezone?: string;
  note?: string;
}

/** `start` plus `duration`; see the `add_duration` tool's description for the rules. */
export function addDuration(args: { start: string; duration: string; timezone?: string | undefined }): AddDurationResult {
  const start = parseDateTime(args.start);
  const duration = parseDuration(args.duration);
  const zone = args.timezone === undefined ? undefined : resolveTimeZone(args.timezone);
  const base = { start: args.start.trim(), duration: args.duration.trim() };

  if (start.kind === "date" && duration.timeMs === 0) {
    const wall = checkedResult(addDateParts(start.wall, duration));
    return { ...base, result: formatDate(wall), weekday: weekday(wall), ...(zone && { timezone: zone }) };
  }
  if (zone === undefined) {
    const wall = checkedResult(addToWallTime(start.wall, duration));
    const offset = start.kind === "offset" ? formatOffsetOrZ(start.offsetMs) : "";
    return { ...base, result: `${formatWallTime(wall)}${offset}`, weekday: weekday(wall) };
  }
  return { ...base, ...addInZone(start.kind === "offset" ? start : { kind: "local", wall: start.wall }, duration, zone), timezone: zone };
}

/**
 * Zoned arithmetic, as Temporal's ZonedDateTime.add does it: the start becomes an instant, the
 * date part moves the wall-clock date (so P1D keeps 09:00 across a DST change), the result is
 * resolved back to an instant, and hours, minutes and seconds are then added as exact time.
 */
function addInZone(
  start: { kind: "local"; wall: WallTime } | { kind: "offset"; wall: WallTime; offsetMs: number },
  duration: Duration,
  zone: string,
): { result: string; weekday: string; note?: string } {
  const notes: string[] = [];
  let startMs: number;
  if (start.kind === "offset") {
    startMs = wallToUtcMs(start.wall) - start.offsetMs;
  } else {
    const resolved = instantOf(zone, start.wall);
    startMs = resolved.epochMs;
    const note = resolutionNote(start.wall, zone, resolved.resolution, startMs);
    if (note) notes.push(note);
  }
  const shifted = checkedResult(addDateParts(wallTimeIn(zone, startMs), duration));
  const resolved = instantOf(zone, shifted);
  const note = resolutionNote(shifted, zone, resolved.resolution, resolved.epochMs);
  if (note) notes.push(note);
  const endMs = resolved.epochMs + duration.sign * duration.timeMs;
  const wall = checkedResult(wallTimeIn(zone, endMs));
  const result = { result: `${formatWallTime(wall)}${formatOffset(offsetAt(zone, endMs))}`, weekday: weekday(wall) };
  return notes.length === 0 ? result : { ...result, note: notes.join(" ") };
}

function resolutionNote(wall: WallTime, zone: string, resolution: string, epochMs: number): string | undefined {
  const shown = formatWallTime(wall);
  if (resolution === "skipped") {
    return `${shown} does not exist in ${zone} (the clocks moved forward past it); it was read as ${zonedTime(zone, epochMs).iso}.`;
  }
  if (resolution === "repeated") {
    return `${shown} happens twice in ${zone} (the clocks moved back); the earlier one, ${zonedTime(zone, epochMs).iso}, was used.`;
  }
  return undefined;
}

function checkedResult(wall: WallTime): WallTime {
  if (!isWritableYear(wall)) throw new ToolInputError(`The result falls outside the years ${MIN_YEAR} to ${MAX_YEAR}`);
  return wall;
}

function formatOffsetOrZ(offsetMs: number): string {
  return offsetMs === 0 ? "Z" : formatOffset(offsetMs);
}

/** An offset difference in hours: `+9h`, `-5.5h`, `+5.75h`, `+0h`. */
export function formatHours(ms: number): string {
  const hours = ms / 3_600_000;
  return `${hours < 0 ? "-" : "+"}${Number(Math.abs(hours).toFixed(2))}h`;
}
