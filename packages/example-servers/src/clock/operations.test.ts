import { describe, expect, it } from "vitest";
import { ToolInputError } from "../tool-definition.js";
import { addDuration, convertTime, formatHours, now } from "./operations.js";
import { instantOf, resolveTimeZone } from "./time-zone.js";

const at = Date.UTC(2026, 6, 1, 12, 0, 0); // 2026-07-01T12:00:00Z

describe("now", () => {
  it("tells the given instant in a zone, in every form", () => {
    expect(now({ timezone: "Europe/Berlin" }, at)).toEqual({
      timezone: "Europe/Berlin",
      iso: "2026-07-01T14:00:00+02:00",
      utc: "2026-07-01T12:00:00Z",
      human: expect.stringMatching(/^Wednesday, July 1, 2026 at 2:00:00\sPM GMT\+2$/),
      utc_offset: "+02:00",
      is_dst: true,
      unix_ms: at,
    });
    expect(now({ timezone: "UTC" }, at)).toMatchObject({ iso: "2026-07-01T12:00:00+00:00", is_dst: false });
    expect(now({ timezone: "Australia/Sydney" }, at)).toMatchObject({ iso: "2026-07-01T22:00:00+10:00", is_dst: false });
  });

  it("rejects an unknown zone as bad input", () => {
    expect(() => now({ timezone: "Mars/Olympus_Mons" }, at)).toThrow(ToolInputError);
  });
});

describe("resolveTimeZone", () => {
  it("fixes the case of listed names and keeps current names ICU would replace with old ones", () => {
    expect(resolveTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(resolveTimeZone("utc")).toBe("UTC");
    expect(resolveTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(resolveTimeZone(" Europe/Kyiv ")).toBe("Europe/Kyiv");
  });
});

describe("convertTime", () => {
  it("converts a wall-clock time between zones", () => {
    const result = convertTime({ time: "2026-07-01T09:00", from_timezone: "America/New_York", to_timezone: "Asia/Tokyo" });
    expect(result.source.iso).toBe("2026-07-01T09:00:00-04:00");
    expect(result.target.iso).toBe("2026-07-01T22:00:00+09:00");
    expect(result.time_difference).toBe("+13h");
    expect(result.note).toBeUndefined();
  });

  it("reads HH:mm as today in the source zone", () => {
    const result = convertTime({ time: "23:30", from_timezone: "Pacific/Auckland", to_timezone: "UTC" }, at);
    // At 2026-07-01T12:00Z it is already 2 July in Auckland (UTC+12 in winter).
    expect(result.source.iso).toBe("2026-07-02T23:30:00+12:00");
    expect(result.target.iso).toBe("2026-07-02T11:30:00+00:00");
  });

  it("takes a time with an offset as an exact instant", () => {
    const result = convertTime({ time: "2026-01-15T12:00:00Z", from_timezone: "Europe/London", to_timezone: "Asia/Kathmandu" });
    expect(result.source.iso).toBe("2026-01-15T12:00:00+00:00");
    expect(result.target.iso).toBe("2026-01-15T17:45:00+05:45");
    expect(result.time_difference).toBe("+5.75h");
  });

  it("moves a time the clocks skip forward past the gap, and says so", () => {
    const result = convertTime({ time: "2026-03-29T02:30", from_timezone: "Europe/Berlin", to_timezone: "UTC" });
    expect(result.source.iso).toBe("2026-03-29T03:30:00+02:00");
    expect(result.target.iso).toBe("2026-03-29T01:30:00+00:00");
    expect(result.note).toMatch(/does not exist in Europe\/Berlin/);
  });

  it("takes the earlier of a time the clocks show twice, and says so", () => {
    const result = convertTime({ time: "2026-10-25T02:30", from_timezone: "Europe/Berlin", to_timezone: "UTC" });
    expect(result.source.iso).toBe("2026-10-25T02:30:00+02:00");
    expect(result.target.iso).toBe("2026-10-25T00:30:00+00:00");
    expect(result.note).toMatch(/happens twice/);
  });

  it("wants a time, not just a date", () => {
    expect(() => convertTime({ time: "2026-10-25", from_timezone: "UTC", to_timezone: "UTC" })).toThrow("date without a time");
  });
});

describe("instantOf", () => {
  it("round-trips ordinary wall times in zones with odd offsets", () => {
    const wall = { year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0, millisecond: 0 };
    // 01:30 on 2026-11-01 happens twice in New York: EDT first.
    expect(instantOf("America/New_York", wall)).toEqual({ epochMs: Date.UTC(2026, 10, 1, 5, 30), resolution: "repeated" });
    expect(instantOf("Asia/Kathmandu", wall)).toEqual({ epochMs: Date.UTC(2026, 9, 31, 19, 45), resolution: "exact" });
  });
});

describe("addDuration", () => {
  it("adds months like a calendar, clamping to the end of the month", () => {
    expect(addDuration({ start: "2026-01-31", duration: "P1M" })).toEqual({
      start: "2026-01-31",
      duration: "P1M",
      result: "2026-02-28",
      weekday: "Saturday",
    });
    expect(addDuration({ start: "2028-01-31", duration: "P1M" }).result).toBe("2028-02-29");
    expect(addDuration({ start: "2026-03-31", duration: "-P1M" }).result).toBe("2026-02-28");
    expect(addDuration({ start: "2026-12-25", duration: "P2W" }).result).toBe("2027-01-08");
  });

  it("keeps the form of the start", () => {
    expect(addDuration({ start: "2026-01-01", duration: "PT36H" }).result).toBe("2026-01-02T12:00:00");
    expect(addDuration({ start: "2026-01-01T22:00", duration: "PT3H" }).result).toBe("2026-01-02T01:00:00");
    expect(addDuration({ start: "2026-01-01T22:00:00Z", duration: "PT3H" }).result).toBe("2026-01-02T01:00:00Z");
    expect(addDuration({ start: "2026-01-01T22:00:00-05:00", duration: "P1DT0.5S" }).result).toBe("2026-01-02T22:00:00.500-05:00");
  });

  it("keeps the wall-clock time for days and exact time for hours across a DST change", () => {
    const days = addDuration({ start: "2026-03-28T09:00", duration: "P1D", timezone: "Europe/Berlin" });
    expect(days).toMatchObject({ result: "2026-03-29T09:00:00+02:00", timezone: "Europe/Berlin", weekday: "Sunday" });
    expect(addDuration({ start: "2026-03-28T09:00", duration: "PT24H", timezone: "Europe/Berlin" }).result).toBe(
      "2026-03-29T10:00:00+02:00",
    );
    // An instant is first seen in the zone: 08:00Z is 09:00 in Berlin in winter.
    expect(addDuration({ start: "2026-03-28T08:00:00Z", duration: "P1D", timezone: "Europe/Berlin" }).result).toBe(
      "2026-03-29T09:00:00+02:00",
    );
  });

  it("notes when day arithmetic lands in a gap", () => {
    const result = addDuration({ start: "2026-03-28T02:30", duration: "P1D", timezone: "Europe/Berlin" });
    expect(result.result).toBe("2026-03-29T03:30:00+02:00");
    expect(result.note).toMatch(/does not exist/);
  });

  it("rejects bad input as ToolInputError", () => {
    expect(() => addDuration({ start: "2026-01-31", duration: "one month" })).toThrow(ToolInputError);
    expect(() => addDuration({ start: "31/01/2026", duration: "P1M" })).toThrow(ToolInputError);
    expect(() => addDuration({ start: "2026-01-31", duration: "P1M", timezone: "Nowhere" })).toThrow(ToolInputError);
    expect(() => addDuration({ start: "9999-12-31", duration: "P1D" })).toThrow("outside the years 1 to 9999");
  });
});

describe("formatHours", () => {
  it("writes offset differences in hours", () => {
    expect(formatHours(9 * 3_600_000)).toBe("+9h");
    expect(formatHours(-5.5 * 3_600_000)).toBe("-5.5h");
    expect(formatHours(0)).toBe("+0h");
  });
});
