import { describe, expect, it } from "vitest";
import type { ExposedItem, ExposedView } from "../lists/offerings.js";
import { GATEWAY_TOOL_ITEMS, GATEWAY_TOOLS, searchLimit, sessionTools, ToolSelection } from "./dynamic-tools.js";

/** A view of these servers' tools, in order. */
function viewOf(servers: Record<string, string[]>): ExposedView {
  const tools = new Map<string, ExposedItem>();
  for (const [server, names] of Object.entries(servers)) for (const name of names) tools.set(name, { server, original: name, item: { name } });
  return { tools, prompts: new Map(), resources: new Map(), templates: [], dropped: [] };
}

const names = (shown: ReturnType<typeof sessionTools>) => [...shown.tools.keys()];

describe("sessionTools", () => {
  const view = viewOf({ a: ["a1", "a2", "a3"], b: ["b1", "b2", "b3", "b4"], c: ["c1"] });

  it("is the view itself when no budget binds and the gateway's tools are off", () => {
    const shown = sessionTools(view, { enabled: false, budget: 8 }, new ToolSelection());
    expect(shown.tools).toBe(view.tools);
    expect(shown.gatewayTools).toBe(false);
  });

  it("takes whole servers in order while they fit beside the gateway's four tools, skipping one that does not", () => {
    // 7 − 4 = 3: a fits; b (4) does not; c (1) would, but a took the room.
    expect(names(sessionTools(view, { enabled: false, budget: 7 }, new ToolSelection()))).toEqual(["a1", "a2", "a3"]);
    // 8 − 4 = 4: a (3), then b does not fit, then c (1), then d does not.
    const wider = viewOf({ a: ["a1", "a2", "a3"], b: ["b1", "b2", "b3", "b4"], c: ["c1"], d: ["d1", "d2", "d3", "d4"] });
    expect(names(sessionTools(wider, { enabled: false, budget: 8 }, new ToolSelection()))).toEqual(["a1", "a2", "a3", "c1"]);
    expect(GATEWAY_TOOL_ITEMS).toHaveLength(4);
  });

  it("shows what the session added first, the latest first, leaves out what it removed, and never exceeds the budget", () => {
    const selection = new ToolSelection();
    selection.add("b");
    selection.remove("a");
    // 9 − 4 = 5: b (4), then c (1); a was removed.
    expect(names(sessionTools(view, { enabled: false, budget: 9 }, selection))).toEqual(["b1", "b2", "b3", "b4", "c1"]);
    // a added after b: a (3) first, then b does not fit, c does.
    selection.add("a");
    expect(names(sessionTools(view, { enabled: false, budget: 9 }, selection))).toEqual(["a1", "a2", "a3", "c1"]);
    // Without a budget, everything not removed.
    selection.remove("c");
    expect(names(sessionTools(view, { enabled: true }, selection))).toEqual(["a1", "a2", "a3", "b1", "b2", "b3", "b4"]);
  });

  it("shows everything with the gateway's tools on and no budget", () => {
    const shown = sessionTools(view, { enabled: true }, new ToolSelection());
    expect(names(shown)).toHaveLength(8);
    expect(shown.gatewayTools).toBe(true);
  });

  it("gives a server's tool named like a gateway tool its server's prefix, so the two never collide", () => {
    const shown = sessionTools(viewOf({ x: [GATEWAY_TOOLS.find, "other"] }), { enabled: true }, new ToolSelection());
    expect(names(shown)).toEqual(["x__mcp-find", "other"]);
    expect(shown.tools.get("x__mcp-find")).toMatchObject({ server: "x", original: "mcp-find", item: { name: "x__mcp-find" } });
  });

  it("names the gateway's tools within [A-Za-z0-9_-] and 64 characters", () => {
    for (const item of GATEWAY_TOOL_ITEMS) expect(String(item.name)).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});

describe("searchLimit", () => {
  it("defaults to 10, caps at 50, and refuses what is not a positive integer", () => {
    expect(searchLimit(undefined)).toBe(10);
    expect(searchLimit(500)).toBe(50);
    for (const bad of [0, -1, 1.5, "3"]) expect(() => searchLimit(bad)).toThrow(/limit must be a positive integer/);
  });
});
