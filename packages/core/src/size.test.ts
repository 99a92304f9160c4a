import { describe, expect, it } from "vitest";
import { parseSize } from "./size.js";

describe("parseSize", () => {
  it("reads Docker's sizes, in binary units", () => {
    expect(parseSize("2Gb")).toBe(2 * 1024 ** 3);
    expect(parseSize("512m")).toBe(512 * 1024 ** 2);
    expect(parseSize("1.5GiB")).toBe(1.5 * 1024 ** 3);
    expect(parseSize("1048576")).toBe(1048576);
    expect(parseSize(42)).toBe(42);
  });

  it("names what it cannot read", () => {
    expect(() => parseSize("lots")).toThrow(/"lots" is not a size/);
  });
});
