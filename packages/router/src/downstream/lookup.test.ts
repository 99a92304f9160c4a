import { FULL_ACCESS } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import type { ExposedView } from "../lists/offerings.js";
import { templatePattern } from "../lists/offerings.js";
import { findItem, findResourceOwner, page } from "./lookup.js";

const view = (over: Partial<ExposedView> = {}): ExposedView => ({ tools: new Map(), prompts: new Map(), resources: new Map(), templates: [], dropped: [], ...over });

describe("page", () => {
  it("pages with opaque cursors that lead through the whole list", () => {
    const items = Array.from({ length: 5001 }, (_, i) => i);
    const first = page(items, undefined, "tools");
    expect((first.tools as unknown[]).length).toBe(5000);
    const second = page(items, first.nextCursor, "tools");
    expect(second).toEqual({ tools: [5000] });
    expect(page([1, 2], "not a cursor", "tools")).toEqual({ tools: [1, 2] });
  });
});

describe("lookups", () => {
  it("asks for the full list only when the known view does not have the name", async () => {
    let ensured = 0;
    const known = view({ tools: new Map([["a", { server: "s", original: "a", item: {} }]]) });
    const listed = view({ tools: new Map([["b", { server: "s", original: "orig-b", item: {} }]]) });
    const lookup = { view: () => known, ensure: async () => (ensured++, listed) };
    expect(await findItem(lookup, "tools", "a", FULL_ACCESS)).toMatchObject({ server: "s", original: "a" });
    expect(ensured).toBe(0);
    expect(await findItem(lookup, "tools", "b", FULL_ACCESS)).toMatchObject({ original: "orig-b" });
    await expect(findItem(lookup, "prompts", "c", FULL_ACCESS)).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: "unknown prompt: c" });
  });

  it("finds a resource's server by URI or by template, and says RESOURCE_NOT_FOUND otherwise", async () => {
    const templated = view({ templates: [{ server: "t", pattern: templatePattern("doc://{id}"), item: {} }] });
    const lookup = { view: () => view(), ensure: async () => templated };
    expect(await findResourceOwner(lookup, "doc://7", FULL_ACCESS)).toBe("t");
    await expect(findResourceOwner(lookup, "other://7", FULL_ACCESS)).rejects.toMatchObject({ code: "RESOURCE_NOT_FOUND", data: { uri: "other://7" } });
  });
});
