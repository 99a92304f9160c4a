import type { ProcessServerSpec } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { spec as processSpec } from "../testing/harness.js";
import { createMemoryListCache, listCacheKey } from "./list-cache.js";
import { Offerings } from "./offerings.js";

const spec = (name: string, over: Partial<ProcessServerSpec> = {}) => processSpec(name, "shared", over);
const tool = (name: string) => ({ name, inputSchema: { type: "object" } });

function offerings(allow: (server: string, tool: string) => boolean = () => true) {
  const cache = createMemoryListCache();
  return { cache, offerings: new Offerings({ prefix: "auto", cache, allowTool: (s, t) => allow(s.name, t) }) };
}

describe("Offerings", () => {
  it("knows catalog tools without asking, and what is still unknown", () => {
    const { offerings: o } = offerings();
    o.setSpecs([spec("a", { tools: [tool("x")] }), spec("b")], new Set());
    expect([...o.view().tools.keys()]).toEqual(["x"]);
    expect(o.unknown("tools").map((s) => s.name)).toEqual(["b"]);
    expect(o.unknown("prompts").map((s) => s.name)).toEqual(["a", "b"]);
  });

  it("offers every capability while any server is unknown, then only what servers said", () => {
    const { offerings: o } = offerings();
    o.setSpecs([spec("a"), spec("b")], new Set());
    expect(Object.keys(o.capabilityUnion()).sort()).toEqual(["completions", "logging", "prompts", "resources", "tools"]);
    o.update(spec("a"), { capabilities: { tools: {} }, tools: [] });
    o.update(spec("b"), { capabilities: { prompts: {} }, prompts: [] });
    expect(Object.keys(o.capabilityUnion()).sort()).toEqual(["prompts", "tools"]);
    // A server known not to offer a kind has nothing to list for it.
    expect(o.knows("a", "resources")).toBe(true);
  });

  it("says which kinds changed, and writes the cache", () => {
    const { offerings: o, cache } = offerings();
    const a = spec("a");
    o.setSpecs([a], new Set());
    expect(o.update(a, { tools: [tool("x")] })).toEqual(["tools"]);
    expect(o.update(a, { tools: [tool("x")] })).toEqual([]);
    expect(o.update(a, { tools: [tool("x"), tool("y")], prompts: [] })).toEqual(["tools", "prompts"]);
    expect(cache.get(listCacheKey(a))?.tools).toHaveLength(2);
  });

  it("seeds a server from the cache, and forgets a changed server's lists", () => {
    const { offerings: o, cache } = offerings();
    cache.set(listCacheKey(spec("a")), { tools: [tool("cached")] });
    o.setSpecs([spec("a")], new Set());
    expect([...o.view().tools.keys()]).toEqual(["cached"]);
    o.update(spec("a"), { tools: [tool("live")] });
    o.setSpecs([spec("a")], new Set(["a"]));
    // Changed: seeded again from the cache, which holds the latest list.
    expect([...o.view().tools.keys()]).toEqual(["live"]);
  });

  it("prefixes colliding names and filters tools the selection leaves out", () => {
    const { offerings: o } = offerings((server, t) => !(server === "b" && t === "hidden"));
    o.setSpecs([spec("a", { tools: [tool("t")] }), spec("b", { tools: [tool("t"), tool("hidden")] })], new Set());
    const view = o.view();
    expect([...view.tools.keys()]).toEqual(["a__t", "b__t"]);
    expect(view.tools.get("b__t")).toMatchObject({ server: "b", original: "t", item: { name: "b__t" } });
  });
});
