import { describe, expect, it } from "vitest";
import { DEFAULT_SESSION_CAPS, resolveSessionCaps } from "./session-caps.js";

describe("resolveSessionCaps", () => {
  it("takes each given cap and the defaults for the rest", () => {
    expect(resolveSessionCaps({})).toEqual(DEFAULT_SESSION_CAPS);
    expect(resolveSessionCaps({ maxSessions: 50 })).toEqual({ maxSessions: 50, maxSessionsPerCaller: DEFAULT_SESSION_CAPS.maxSessionsPerCaller });
    expect(resolveSessionCaps({ maxSessions: 50, maxSessionsPerCaller: 5 })).toEqual({ maxSessions: 50, maxSessionsPerCaller: 5 });
  });

  it("defaults to 1,000 sessions, 100 of them for one caller", () => {
    expect(DEFAULT_SESSION_CAPS).toEqual({ maxSessions: 1_000, maxSessionsPerCaller: 100 });
  });
});
