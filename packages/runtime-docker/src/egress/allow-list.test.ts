import { describe, expect, it } from "vitest";
import { parseAllowList } from "./allow-list.js";

describe("parseAllowList", () => {
  const list = parseAllowList("gh", ["api.github.com:443", "example.org", "*.corp.example:8443", "127.0.0.1:9000", "[::1]:9001", "10.1.2.3"]);

  it.each([
    ["api.github.com", 443, true],
    ["API.GitHub.com.", 443, true],
    ["api.github.com", 80, false],
    ["github.com", 443, false],
    ["evil-api.github.com", 443, false],
    ["example.org", 443, true],
    ["example.org", 80, true],
    ["example.org", 8080, false],
    ["www.example.org", 443, false],
    ["a.corp.example", 8443, true],
    ["a.b.corp.example", 8443, true],
    ["corp.example", 8443, false],
    ["xcorp.example", 8443, false],
    ["a.corp.example", 443, false],
    ["127.0.0.1", 9000, true],
    ["127.0.0.1", 9001, false],
    ["[::1]", 9001, true],
    ["::1", 9001, true],
    ["10.1.2.3", 443, true],
  ] as const)("%s:%d allowed: %s", (host, port, expected) => {
    expect(list.allows(host, port)).toBe(expected);
  });

  it("names literal addresses only when an entry is that address", () => {
    expect(list.namesAddress("127.0.0.1")).toBe(true);
    expect(list.namesAddress("::1")).toBe(true);
    expect(list.namesAddress("10.1.2.3")).toBe(true);
    expect(list.namesAddress("10.1.2.4")).toBe(false);
    expect(parseAllowList("x", ["*.corp.example"]).namesAddress("corp.example")).toBe(false);
  });

  it("allows nothing when empty", () => {
    expect(parseAllowList("x", []).allows("example.org", 443)).toBe(false);
  });

  it.each(["", "host:", "host:port", "host:70000", "*.10.0.0.1", "[example.org]:443", "a b", "http://example.org"])("refuses %j naming the server", (entry) => {
    expect(() => parseAllowList("gh", [entry])).toThrow(expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringContaining('server "gh"') }));
  });
});
