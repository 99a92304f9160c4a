import { FULL_ACCESS } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import type { ExposedView } from "../lists/offerings.js";
import { templatePattern } from "../lists/offerings.js";
import { SerializedResult } from "@mcpgw/core";
import { findItem, findResourceOwner, page, sharedPage } from "./lookup.js";

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

describe("sharedPage", () => {
  const tool = (name: string, over: Record<string, unknown> = {}) => [name, { server: "s", original: name, item: { name, inputSchema: { type: "object" }, ...over } }] as const;

  it("serializes a view's page once for everyone who asks, per cursor", () => {
    const shared = view({ tools: new Map([tool("a"), tool("b", { outputSchema: { type: "object" } })]) });
    const first = sharedPage(shared, "tools", undefined);
    expect(first).toBeInstanceOf(SerializedResult);
    expect(JSON.parse(new TextDecoder().decode(first!.bytes))).toEqual({ tools: [shared.tools.get("a")!.item, shared.tools.get("b")!.item] });
    expect(sharedPage(shared, "tools", undefined)).toBe(first);
    expect(sharedPage(shared, "tools", "bm90IGEgY3Vyc29y")).not.toBe(first);
    // Another view (the lists changed) has pages of its own.
    expect(sharedPage(view({ tools: new Map([tool("a")]) }), "tools", undefined)?.value).toEqual({ tools: [shared.tools.get("a")!.item] });
  });

  it("leaves a page to the SDK when it would wrap an output schema for older clients", () => {
    const wrapped = view({ tools: new Map([tool("a"), tool("list", { outputSchema: { type: "array", items: {} } })]) });
    expect(sharedPage(wrapped, "tools", undefined)).toBeUndefined();
    expect(sharedPage(wrapped, "tools", undefined)).toBeUndefined();
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
