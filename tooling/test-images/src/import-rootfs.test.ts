import { describe, expect, it } from "vitest";
import { parseImportResponse, splitReference } from "./import-rootfs.js";

describe("splitReference", () => {
  it("splits at the tag's colon, not a registry port's", () => {
    expect(splitReference("mcpgw-test/node:abc")).toEqual({ repository: "mcpgw-test/node", tag: "abc" });
    expect(splitReference("localhost:5000/x")).toEqual({ repository: "localhost:5000/x", tag: "latest" });
  });
});

describe("parseImportResponse", () => {
  it("returns the id the engine reports last", () => {
    expect(parseImportResponse('{"status":"Importing"}\r\n{"status":"sha256:abc"}\r\n')).toBe("sha256:abc");
  });

  it("throws the engine's error message", () => {
    expect(() => parseImportResponse('{"errorDetail":{"message":"unexpected EOF"},"error":"unexpected EOF"}\n')).toThrow("unexpected EOF");
  });

  it("throws when no id came back", () => {
    expect(() => parseImportResponse("")).toThrow(/no image id/);
  });
});
