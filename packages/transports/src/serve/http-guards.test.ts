import { describe, expect, it } from "vitest";
import { allowedHostnames, allowedOriginHostnames, toHostname } from "./http-guards.js";

describe("toHostname", () => {
  it("reduces hosts and origins to the hostnames the SDK validators compare", () => {
    expect(toHostname("Example.com:8811")).toBe("example.com");
    expect(toHostname("https://app.example.com")).toBe("app.example.com");
    expect(toHostname("http://[::1]:3000")).toBe("[::1]");
    expect(toHostname("moz-extension://*")).toBe("moz-extension://*");
  });
});

describe("allowed lists", () => {
  it("checks Host against loopback names when bound to loopback, extended by allowedHosts", () => {
    expect(allowedHostnames({ host: "127.0.0.1" })).toEqual(["localhost", "127.0.0.1", "[::1]"]);
    expect(allowedHostnames({ host: "127.0.0.1", allowedHosts: ["gw.local:8811"] })).toContain("gw.local");
    expect(allowedHostnames({ host: "127.0.0.2" })).toContain("127.0.0.2");
    expect(allowedHostnames({ host: "::1" })).toEqual(["localhost", "127.0.0.1", "[::1]"]);
  });

  it("does not check Host on a public bind unless told which hosts", () => {
    expect(allowedHostnames({ host: "0.0.0.0" })).toBeUndefined();
    expect(allowedHostnames({ host: "0.0.0.0", allowedHosts: ["gw.example.com"] })).toContain("gw.example.com");
  });

  it("always allows loopback origins, plus allowedOrigins", () => {
    expect(allowedOriginHostnames({ host: "0.0.0.0", allowedOrigins: ["https://app.example.com"] })).toEqual(["localhost", "127.0.0.1", "[::1]", "app.example.com"]);
  });
});
