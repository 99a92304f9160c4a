// The clock's tools, as one definition each: what tools/list answers and what `exampleServers`
// publishes both come from here.
import { z } from "zod";
import { defineTool } from "../tool-definition.js";

const timeZone = (what: string) =>
  z.string().min(1).describe(`${what}: an IANA time zone name such as "UTC", "Europe/Berlin" or "America/New_York"`);

/** `now`: the current time in a time zone. */
export const nowTool = defineTool({
  name: "now",
  description:
    "Current date and time in an IANA time zone (default UTC): ISO 8601 with the UTC offset, the same instant in UTC, in words, the offset, and whether daylight-saving time is in effect.",
  input: z.strictObject({
    timezone: timeZone("Time zone to tell the time in").default("UTC"),
  }),
});

/** `convert_time`: a time in one zone, as the clocks of another zone show it. */
export const convertTimeTool = defineTool({
  name: "convert_time",
  description:
    "Convert a time from one IANA time zone to another. The time is a wall-clock time in the source zone: HH:MM (today there), or a date-time such as 2026-03-29T14:30. A date-time with an offset or Z (2026-03-29T12:30:00Z) is an exact instant; it is then shown in both zones. Daylight-saving gaps and overlaps are resolved like Temporal's default and reported in `note`.",
  input: z.strictObject({
    time: z.string().min(1).describe('Time to convert: "14:30", "2026-03-29T14:30", or "2026-03-29T12:30:00Z"'),
    from_timezone: timeZone("Zone the time is given in"),
    to_timezone: timeZone("Zone to convert to"),
  }),
});

/** `add_duration`: calendar arithmetic with an ISO 8601 duration. */
export const addDurationTool = defineTool({
  name: "add_duration",
  description:
    'Add an ISO 8601 duration (P1Y2M10DT2H30M, P2W, PT90M, -P1D to go back) to an ISO 8601 date or date-time, as a calendar does: months keep the day of the month where it exists (Jan 31 + P1M = Feb 28 or 29), and with a time zone, days keep the wall-clock time across daylight-saving changes while hours are exact. A date plus a duration without hours, minutes or seconds gives a date.',
  input: z.strictObject({
    start: z.string().min(1).describe('Date or date-time to start from: "2026-01-31", "2026-03-28T09:00", "2026-03-28T09:00:00+01:00"'),
    duration: z.string().min(1).describe('ISO 8601 duration: "P1D", "PT36H", "P1Y2M", "P2W", "-P1M"'),
    timezone: timeZone("Zone whose calendar and daylight-saving rules apply (optional)").optional(),
  }),
});

/** The clock's tools, in the order tools/list gives them. */
export const clockTools = [nowTool, convertTimeTool, addDurationTool] as const;
