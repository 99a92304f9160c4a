import { describe, expect, expectTypeOf, it } from "vitest";
import { definedOnly } from "./defined.js";

describe("definedOnly", () => {
  it("drops the keys whose value is undefined and keeps every other value", () => {
    const copy = definedOnly({ name: "notes", prefix: undefined, cpus: 0, readOnly: false, title: "", data: null });
    expect(copy).toStrictEqual({ name: "notes", cpus: 0, readOnly: false, title: "", data: null });
    expect("prefix" in copy).toBe(false);
  });

  it("leaves a default in place when spread over it", () => {
    const defaults = { idleTimeoutMs: 1000, maxRestarts: 3 };
    const given: { idleTimeoutMs?: number; maxRestarts?: number } = { idleTimeoutMs: undefined, maxRestarts: 5 };
    expect({ ...defaults, ...definedOnly(given) }).toStrictEqual({ idleTimeoutMs: 1000, maxRestarts: 5 });
  });

  it("returns a new object and leaves its argument alone", () => {
    const value = { a: 1, b: undefined };
    expect(definedOnly(value)).not.toBe(value);
    expect(value).toStrictEqual({ a: 1, b: undefined });
  });

  it("types keys that may be undefined as optional, and the others as they were", () => {
    const copy = definedOnly({ name: "notes", prefix: undefined as string | undefined });
    expectTypeOf(copy).toEqualTypeOf<{ name: string } & { prefix?: string }>();
  });
});
