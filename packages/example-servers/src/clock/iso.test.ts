import { describe, expect, it } from "vitest";
import { ToolInputError } from "../tool-definition.js";
import { parseDateTime, parseDuration, parseTimeOfDay } from "./iso.js";

const wall = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
  millisecond,
});

describe("parseDateTime", () => {
  it("reads a date, a local date-time and a date-time with an offset", () => {
    expect(parseDateTime("2026-03-29")).toEqual({ kind: "date", wall: wall(2026, 3, 29) });
    expect(parseDateTime("2026-03-29T14:30")).toEqual({ kind: "local", wall: wall(2026, 3, 29, 14, 30) });
    expect(parseDateTime(" 2026-03-29 14:30:15.25 ")).toEqual({ kind: "local", wall: wall(2026, 3, 29, 14, 30, 15, 250) });
    expect(parseDateTime("2026-03-29T14:30:00Z")).toEqual({ kind: "offset", wall: wall(2026, 3, 29, 14, 30), offsetMs: 0 });
    expect(parseDateTime("2026-03-29T14:30:00+05:30")).toMatchObject({ offsetMs: 5.5 * 3_600_000 });
    expect(parseDateTime("2026-03-29T14:30-0800")).toMatchObject({ offsetMs: -8 * 3_600_000 });
    expect(parseDateTime("2026-03-29T14:30+02")).toMatchObject({ offsetMs: 2 * 3_600_000 });
  });

  it("rejects impossible dates and times with a message that says why", () => {
    expect(() => parseDateTime("2026-02-29")).toThrow('"2026-02-29" has day 29; that month has days 01 to 28');
    expect(parseDateTime("2028-02-29").wall.day).toBe(29);
    expect(() => parseDateTime("2026-13-01")).toThrow("months go from 01 to 12");
    expect(() => parseDateTime("2026-01-01T24:00")).toThrow("hours go to 23");
    expect(() => parseDateTime("0000-01-01")).toThrow("years from 1 to 9999");
    expect(() => parseDateTime("2026-01-01T10:00+24:00")).toThrow("impossible UTC offset");
    expect(() => parseDateTime("next tuesday")).toThrow(ToolInputError);
    expect(() => parseDateTime("2026-01-01Z")).toThrow("is not a date or date-time");
  });
});

describe("parseTimeOfDay", () => {
  it("reads HH:mm and HH:mm:ss, and leaves other forms alone", () => {
    expect(parseTimeOfDay("09:05")).toEqual({ hour: 9, minute: 5, second: 0, millisecond: 0 });
    expect(parseTimeOfDay("23:59:59.5")).toEqual({ hour: 23, minute: 59, second: 59, millisecond: 500 });
    expect(parseTimeOfDay("2026-01-01T09:05")).toBeUndefined();
    expect(() => parseTimeOfDay("25:00")).toThrow(ToolInputError);
  });
});

describe("parseDuration", () => {
  it("reads every unit, a sign, and a fraction on the smallest unit", () => {
    expect(parseDuration("P1Y2M3W4DT5H6M7S")).toEqual({
      sign: 1,
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      timeMs: ((5 * 60 + 6) * 60 + 7) * 1000,
    });
    expect(parseDuration("-P1D")).toMatchObject({ sign: -1, days: 1, timeMs: 0 });
    expect(parseDuration("PT1.5H").timeMs).toBe(90 * 60_000);
    expect(parseDuration("PT0,5S").timeMs).toBe(500);
    expect(parseDuration("PT36H").timeMs).toBe(36 * 3_600_000);
  });

  it("rejects what ISO 8601 does not allow or what has no fixed length", () => {
    expect(() => parseDuration("P")).toThrow("has no years, months, weeks, days or time");
    expect(() => parseDuration("P1DT")).toThrow("has a T with no hours");
    expect(() => parseDuration("P1.5D")).toThrow("fraction of a year, month, week or day");
    expect(() => parseDuration("PT1.5H30M")).toThrow("only the smallest unit");
    expect(() => parseDuration("1 day")).toThrow("is not an ISO 8601 duration");
    expect(() => parseDuration("P1H")).toThrow(ToolInputError);
    expect(() => parseDuration("P99999999999999999999Y")).toThrow("too long a duration");
  });
});
