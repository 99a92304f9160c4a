// IANA time zones through Intl (the tz data ICU ships with Node): offsets, wall times, and the
// way back from a wall time to an instant, with daylight-saving gaps and overlaps resolved as
// Temporal's default "compatible" disambiguation does.
import { ToolInputError } from "../tool-definition.js";
import { MS_PER_DAY, formatOffset, formatWallTime, utcMsToWall, wallToUtcMs, type WallTime } from "./calendar.js";

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const humanFormatters = new Map<string, Intl.DateTimeFormat>();

let knownSpellings: Map<string, string> | undefined;

/**
 * Checks that `name` is a time zone the runtime knows and returns it as the caller wrote it,
 * with its case fixed where the runtime lists it (`europe/paris` → `Europe/Paris`). ICU's own
 * canonical names are not used: they are the old ones (`Asia/Kolkata` → `Asia/Calcutta`).
 * An unknown name is a ToolInputError.
 */
export function resolveTimeZone(name: string): string {
  const trimmed = name.trim();
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    throw new ToolInputError(`"${name}" is not an IANA time zone; use a name such as "UTC", "Europe/Berlin" or "America/New_York"`);
  }
  knownSpellings ??= new Map(Intl.supportedValuesOf("timeZone").map((zone) => [zone.toLowerCase(), zone]));
  const lower = trimmed.toLowerCase();
  return resolved.toLowerCase() === lower ? resolved : (knownSpellings.get(lower) ?? trimmed);
}

/** The wall time in `zone` at the instant `epochMs`. */
export function wallTimeIn(zone: string, epochMs: number): WallTime {
  let formatter = partsFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partsFormatters.set(zone, formatter);
  }
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter.formatToParts(epochMs)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? Number.NaN,
    month: fields.month ?? Number.NaN,
    day: fields.day ?? Number.NaN,
    hour: fields.hour ?? Number.NaN,
    minute: fields.minute ?? Number.NaN,
    second: fields.second ?? Number.NaN,
    millisecond: ((epochMs % 1000) + 1000) % 1000,
  };
}

/** The UTC offset of `zone` at the instant `epochMs`, in milliseconds (east is positive). */
export function offsetAt(zone: string, epochMs: number): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return wallToUtcMs(wallTimeIn(zone, wholeSecond)) - wholeSecond;
}

/**
 * How a wall time maps to an instant: `exact` (one instant), `skipped` (the clocks jumped over
 * it, so it is read with the offset from before the jump, which lands after the gap), or
 * `repeated` (the clocks went back and showed it twice; the earlier instant is taken).
 */
export type WallTimeResolution = "exact" | "skipped" | "repeated";

/** The instant at which the clocks in `zone` show `wall`. */
export function instantOf(zone: string, wall: WallTime): { epochMs: number; resolution: WallTimeResolution } {
  const local = wallToUtcMs(wall);
  // Zones change their offset at most once within a day either side of any wall time, so the
  // offsets a day before and a day after are the only ones that can apply.
  const before = offsetAt(zone, local - MS_PER_DAY);
  const after = offsetAt(zone, local + MS_PER_DAY);
  const candidates = [...new Set([before, after])]
    .map((offset) => local - offset)
    .filter((epochMs) => offsetAt(zone, epochMs) === local - epochMs)
    .sort((a, b) => a - b);
  const [earliest] = candidates;
  if (earliest === undefined) return { epochMs: local - before, resolution: "skipped" };
  return { epochMs: earliest, resolution: candidates.length > 1 ? "repeated" : "exact" };
}

/** Whether `zone` observes daylight-saving (summer) time at `epochMs`. */
export function isDaylightSaving(zone: string, epochMs: number): boolean {
  const { year } = utcMsToWall(epochMs);
  const january = offsetAt(zone, Date.UTC(year, 0, 1));
  const july = offsetAt(zone, Date.UTC(year, 6, 1));
  return january !== july && offsetAt(zone, epochMs) === Math.max(january, july);
}

/** An instant as seen in one time zone. */
export interface ZonedTime {
  timezone: string;
  /** ISO 8601 with the zone's UTC offset, e.g. `2026-07-01T14:00:00+02:00`. */
  iso: string;
  /** The same instant in UTC, e.g. `2026-07-01T12:00:00Z`. */
  utc: string;
  /** In words, e.g. `Wednesday, July 1, 2026 at 2:00:00 PM GMT+2`. */
  human: string;
  utc_offset: string;
  is_dst: boolean;
}

/** Describes the instant `epochMs` in `zone`. */
export function zonedTime(zone: string, epochMs: number): ZonedTime {
  const offset = offsetAt(zone, epochMs);
  return {
    timezone: zone,
    iso: `${formatWallTime(wallTimeIn(zone, epochMs))}${formatOffset(offset)}`,
    utc: `${formatWallTime(utcMsToWall(epochMs))}Z`,
    human: humanFormatter(zone).format(epochMs),
    utc_offset: formatOffset(offset),
    is_dst: isDaylightSaving(zone, epochMs),
  };
}

function humanFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = humanFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone: zone, dateStyle: "full", timeStyle: "long" });
    humanFormatters.set(zone, formatter);
  }
  return formatter;
}
