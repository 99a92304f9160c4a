import { describe, expect, it } from "vitest";
import { formatIsJson, listFlag, normalizeBooleanFlags } from "./docker-flags.js";

describe("Docker's flag spellings", () => {
  it("reads --format json in both spellings, before any --", () => {
    expect(formatIsJson(["ls", "--format", "json"])).toBe(true);
    expect(formatIsJson(["--format=json"])).toBe(true);
    expect(formatIsJson(["--format", "list"])).toBe(false);
    expect(formatIsJson(["--", "--format=json"])).toBe(false);
    expect(formatIsJson([])).toBe(false);
  });

  it("rewrites --flag=true|false for the named booleans only", () => {
    expect(normalizeBooleanFlags(["--watch=false", "--debug=true", "--other=false"], ["watch", "debug"])).toEqual(["--no-watch", "--debug", "--other=false"]);
  });

  it("splits repeated and comma-separated values", () => {
    expect(listFlag(["a,b", " c "])).toEqual(["a", "b", "c"]);
    expect(listFlag([])).toBeUndefined();
  });
});
