import { describe, expect, it } from "vitest";
import { formatBytes, parseSize } from "./size.js";

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

describe("formatBytes", () => {
  it("writes a byte count in decimal units, as Docker does", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1000)).toBe("1.0 kB");
    expect(formatBytes(4_195_736)).toBe("4.2 MB");
    expect(formatBytes(41_234_567)).toBe("41.2 MB");
    expect(formatBytes(999_999)).toBe("1.0 MB");
    expect(formatBytes(1.5e9)).toBe("1.5 GB");
  });
});
