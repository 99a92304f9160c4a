// End to end: the BUILT clock server as a child process, behind the v1 SDK client.
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtServer, connect, type ConnectedServer } from "./testing/run-server.js";

let server: ConnectedServer;
const structured = (result: unknown) => (result as { structuredContent: Record<string, unknown> }).structuredContent;
const call = (name: string, args: Record<string, unknown>) => server.client.callTool({ name, arguments: args });

beforeAll(async () => {
  server = await connect("clock");
});
afterAll(async () => {
  await server?.client.close();
});

describe("clock over stdio (v1 client)", () => {
  it("introduces itself", () => {
    expect(server.client.getServerVersion()).toMatchObject({ name: "mcpgw-example-clock", title: "Clock" });
    expect(server.client.getServerCapabilities()?.tools).toBeDefined();
  });

  it("lists exactly the tools exampleServers publishes", async () => {
    const { tools } = await server.client.listTools();
    expect(tools).toStrictEqual(structuredClone(builtServer("clock").tools));
  });

  it("now: tells the current time in a zone, consistently in every form", async () => {
    const before = Date.now();
    const result = await call("now", { timezone: "Asia/Tokyo" });
    const now = structured(result);
    expect(result.isError).toBeFalsy();
    expect(now).toMatchObject({ timezone: "Asia/Tokyo", utc_offset: "+09:00", is_dst: false });
    expect(now.unix_ms).toBeGreaterThanOrEqual(before);
    expect(now.unix_ms).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(now.iso as string)).toBe(now.unix_ms);
    expect(Date.parse(now.utc as string)).toBe(now.unix_ms);
    expect(now.human).toMatch(/ at .*GMT\+9$/);
    // The text content carries the same, for models that read text.
    expect(JSON.parse((result.content as [{ text: string }])[0].text)).toEqual(now);
  });

  it("now: defaults to UTC", async () => {
    expect(structured(await call("now", {}))).toMatchObject({ timezone: "UTC", utc_offset: "+00:00" });
  });

  it("convert_time: converts fixed times correctly, DST included", async () => {
    const summer = structured(await call("convert_time", { time: "2026-07-01T09:00", from_timezone: "Europe/London", to_timezone: "America/Los_Angeles" }));
    expect(summer).toMatchObject({
      source: { iso: "2026-07-01T09:00:00+01:00", is_dst: true },
      target: { iso: "2026-07-01T01:00:00-07:00", utc: "2026-07-01T08:00:00Z", is_dst: true },
      time_difference: "-8h",
    });
    const winter = structured(await call("convert_time", { time: "2026-12-01T09:00", from_timezone: "Europe/London", to_timezone: "Asia/Kolkata" }));
    expect(winter).toMatchObject({ target: { timezone: "Asia/Kolkata", iso: "2026-12-01T14:30:00+05:30" }, time_difference: "+5.5h" });
    const instant = structured(await call("convert_time", { time: "2026-03-08T10:30:00Z", from_timezone: "UTC", to_timezone: "America/New_York" }));
    expect(instant).toMatchObject({ target: { iso: "2026-03-08T06:30:00-04:00" } }); // hours after the US switch
  });

  it("add_duration: calendar arithmetic", async () => {
    expect(structured(await call("add_duration", { start: "2026-01-31", duration: "P1M" }))).toMatchObject({ result: "2026-02-28" });
    expect(structured(await call("add_duration", { start: "2026-10-24T18:00", duration: "P1D", timezone: "Europe/Paris" }))).toMatchObject({
      result: "2026-10-25T18:00:00+01:00",
      weekday: "Sunday",
    });
    expect(structured(await call("add_duration", { start: "2026-01-01T00:00:00Z", duration: "-PT90M" }))).toMatchObject({
      result: "2025-12-31T22:30:00Z",
    });
  });

  it("answers bad arguments with a tool error, and keeps serving", async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["now", { timezone: "Mars/Olympus_Mons" }, /not an IANA time zone/],
      ["now", { timezone: 7 }, /expected string/],
      ["now", { tz: "UTC" }, /Unrecognized key/],
      ["convert_time", { time: "14:30", from_timezone: "UTC" }, /to_timezone/],
      ["add_duration", { start: "2026-01-31", duration: "a month" }, /not an ISO 8601 duration/],
      ["add_duration", { start: "2026-02-30", duration: "P1D" }, /has day 30/],
    ];
    for (const [name, args, message] of cases) {
      const result = await call(name, args);
      expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect((result.content as [{ text: string }])[0].text).toMatch(message);
    }
    expect(structured(await call("now", {}))).toMatchObject({ timezone: "UTC" });
  });

  it("answers an unknown tool with a JSON-RPC error", async () => {
    const error = await call("sundial", {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32602);
  });

});
