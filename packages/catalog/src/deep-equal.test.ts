import { describe, expect, it } from "vitest";
import { deepEqual } from "./deep-equal.js";

describe("deepEqual", () => {
  it("ignores key order and undefined-valued keys, not array order", () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1, e: undefined })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(deepEqual({ a: [] }, { a: {} })).toBe(false);
    expect(deepEqual("1", 1)).toBe(false);
  });
});
